/**
 * DNS_EGRESS_MISSING / DNS_TCP_MISSING beside an egress address rule that may hold the DNS pods' addresses is a
 * warning only where that rule can still decide the lookups: an Admin-tier rule evaluated before it (an
 * AdminNetworkPolicy Deny, a Deny of a Calico tier at a lower order) that takes the DNS traffic first leaves the
 * rule nothing, so lookups fail whatever its addresses hold and the error stays. The order is the evaluator's
 * (engine/tier-verdict.ts): a Deny after the address rule leaves the warning. DNS_TCP_MISSING gets the same test:
 * UDP reached, TCP 53 only through such a rule.
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { COREDNS, KUBE_SYSTEM, findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const WEB = [namespace('shop'), deployment('shop', 'web', { app: 'web' })];
const toBlock = policy('shop', 'egress-internal', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
const anpDenyDns: Obj = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name: 'no-dns' },
  spec: {
    priority: 10,
    subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
    egress: [{ name: 'no-kube-system', action: 'Deny', to: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }],
  },
};
const tier: Obj = { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100 } };
const denyKubeSystem = { action: 'Deny', destination: { namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'" } };
const allowNets = { action: 'Allow', destination: { nets: ['10.0.0.0/8'] } };
const calico = (egress: Obj[]): Obj => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkPolicy',
  metadata: { name: 'security.web-out' },
  spec: { tier: 'security', order: 10, selector: "app == 'web'", types: ['Egress'], egress },
});

const severities = (objects: Obj[], code = 'DNS_EGRESS_MISSING') => findingsOf(objects).filter((f) => f.code === code).map((f) => [f.severity, f.message.includes(', unless ')]);

describe("an address rule that may hold the DNS pods' addresses, after a Deny that takes the DNS traffic first", () => {
  it('an AdminNetworkPolicy Deny toward kube-system before the ipBlock: still an error (DNS pods held or not)', () => {
    for (const dns of [[KUBE_SYSTEM, COREDNS], []]) expect(severities([...dns, ...WEB, toBlock, anpDenyDns])).toEqual([['error', false]]);
  });

  it('a Calico tier Deny before its own Allow of nets: an error; the Allow first: a warning', () => {
    for (const dns of [[KUBE_SYSTEM, COREDNS], []]) {
      expect(severities([...dns, ...WEB, tier, calico([denyKubeSystem, allowNets])])).toEqual([['error', false]]);
      expect(severities([...dns, ...WEB, tier, calico([allowNets, denyKubeSystem])])).toEqual([['warning', true]]);
    }
  });

  it('a Calico Pass of nets before the Deny hands the traffic on to the ipBlock: a warning naming the ipBlock', () => {
    const passNets = { action: 'Pass', destination: { nets: ['10.0.0.0/8'] } };
    const [f] = findingsOf([...WEB, toBlock, tier, calico([passNets, denyKubeSystem])]).filter((x) => x.code === 'DNS_EGRESS_MISSING');
    expect([f.severity, f.message.match(/unless (.*) holds/)?.[1]]).toEqual(['warning', expect.stringMatching(/^ipBlock 10\.0\.0\.0\/8 of NetworkPolicy shop\/egress-internal \(k8s\.yaml:\d+\)$/)]);
  });

  it('a Deny of another port first leaves the ipBlock its DNS traffic: a warning', () => {
    const denyOther = { ...anpDenyDns, spec: { ...(anpDenyDns.spec as Obj), egress: [{ action: 'Deny', to: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] }] } };
    expect(severities([...WEB, toBlock, denyOther])).toEqual([['warning', true]]);
  });
});

describe('DNS_TCP_MISSING beside an address rule that may hold the DNS pods on TCP 53', () => {
  const toDns = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
  const udpOnly = policy('shop', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [toDns], ports: [{ protocol: 'UDP', port: 53 }] }] });
  const anpDenyTcp = { ...anpDenyDns, spec: { ...(anpDenyDns.spec as Obj), egress: [{ name: 'no-tcp', action: 'Deny', to: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 53 } }] }] } };

  it('UDP through a pod rule, TCP only through ipBlock 10.0.0.0/8: says so, naming the rule (DNS pods held or not)', () => {
    for (const dns of [[KUBE_SYSTEM, COREDNS], []]) {
      const [f] = findingsOf([...dns, ...WEB, udpOnly, toBlock]).filter((x) => x.code === 'DNS_TCP_MISSING');
      expect(f.severity).toBe('warning');
      expect(f.message).toMatch(/on UDP 53 but not on TCP 53, so answers too large for UDP fail, unless ipBlock 10\.0\.0\.0\/8 of NetworkPolicy shop\/egress-internal \(k8s\.yaml:\d+\) holds the DNS pods' addresses/);
      expect(f.fix).toMatch(/^If the DNS pods' addresses are not in it .*: add TCP port 53 beside UDP 53 in the egress rule/);
    }
  });

  it('an AdminNetworkPolicy Deny of TCP 53 before it, or DNS pods whose ingress admits UDP only: unchanged', () => {
    expect(severities([...WEB, udpOnly, toBlock, anpDenyTcp], 'DNS_TCP_MISSING')).toEqual([['warning', false]]);
    const dnsIn = policy('kube-system', 'dns-in', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] });
    expect(severities([KUBE_SYSTEM, COREDNS, dnsIn, ...WEB, udpOnly, toBlock], 'DNS_TCP_MISSING')).toEqual([['warning', false]]);
  });
});
