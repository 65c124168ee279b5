/**
 * DNS_TCP_MISSING says what drops TCP to cluster DNS and gives the fix for that cause, at its line: an egress
 * rule without TCP (add it beside UDP), a Cilium egressDeny or an AdminNetworkPolicy Deny (narrow that rule: an
 * allow rule cannot bring it back), the DNS pods' own ingress. Before, every case said "Add TCP port 53 beside
 * UDP 53 in the egress rule", which the rule often already did.
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { COREDNS, KUBE_SYSTEM, findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const WEB = [namespace('shop'), deployment('shop', 'web', { app: 'web' })];
const toDns = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
const allowDns = (ports: Obj[]) => policy('shop', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [toDns], ports }] });
const UDP_TCP = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];
const ciliumDenyTcp: Obj = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'no-tcp-dns', namespace: 'shop' },
  spec: {
    endpointSelector: {},
    enableDefaultDeny: { egress: false },
    egressDeny: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system' } }], toPorts: [{ ports: [{ port: '53', protocol: 'TCP' }] }] }],
  },
};
const anpDenyTcp: Obj = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name: 'no-tcp-dns' },
  spec: {
    priority: 10,
    subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
    egress: [{ name: 'no-tcp', action: 'Deny', to: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ portNumber: { protocol: 'TCP', port: 53 } }] }],
  },
};

const tcpMissing = (objects: Obj[]) => findingsOf(objects).filter((f) => f.code === 'DNS_TCP_MISSING');

describe('DNS_TCP_MISSING names its cause and the fix for it', () => {
  it('an egress rule with UDP only: add TCP beside UDP in it (as before)', () => {
    const [f] = tcpMissing([KUBE_SYSTEM, COREDNS, ...WEB, allowDns([{ protocol: 'UDP', port: 53 }])]);
    expect(f.message).toBe('shop/web[Deployment] reaches cluster DNS (kube-system/{k8s-app=kube-dns}) on UDP 53 but not on TCP 53, so answers too large for UDP fail.');
    expect(f.fix).toBe('Add TCP port 53 beside UDP 53 in the egress rule toward kube-system/{k8s-app=kube-dns}.');
  });

  it('a Cilium egressDeny drops TCP the NetworkPolicy allows: narrow that deny, at its line', () => {
    const [f] = tcpMissing([KUBE_SYSTEM, COREDNS, ...WEB, allowDns(UDP_TCP), ciliumDenyTcp]);
    expect(f.message).toContain('but not on TCP 53: CiliumNetworkPolicy shop/no-tcp-dns egressDeny rule 1 denies it');
    expect(f.fix).toMatch(/^Narrow CiliumNetworkPolicy shop\/no-tcp-dns egressDeny rule 1 so it leaves out TCP 53 toward kube-system\/\{k8s-app=kube-dns\}.*a Cilium deny wins over every allow/);
    expect(f.fix).not.toContain('beside UDP');
    expect(f.ref.line).toBeGreaterThan(1);
  });

  it('the same toward DNS pods the manifests do not hold: the deny is seen there too', () => {
    const [f] = tcpMissing([...WEB, allowDns(UDP_TCP), ciliumDenyTcp]);
    expect(f.message).toContain('CiliumNetworkPolicy shop/no-tcp-dns egressDeny rule 1 denies it');
  });

  it('an AdminNetworkPolicy Deny: narrow it, or allow TCP 53 in an Admin-tier rule before it', () => {
    for (const dns of [[KUBE_SYSTEM, COREDNS], []]) {
      const [f] = tcpMissing([...dns, ...WEB, allowDns(UDP_TCP), anpDenyTcp]);
      expect(f.message).toContain('AdminNetworkPolicy no-tcp-dns egress rule 1 "no-tcp" denies it');
      expect(f.fix).toMatch(/^Narrow AdminNetworkPolicy no-tcp-dns egress rule 1 "no-tcp" so it leaves out TCP 53 .* or allow it in an Admin-tier rule evaluated before it/);
    }
  });

  it('a Deny of a Calico tier ahead of the NetworkPolicies: the fix names that tier as written, not the Admin tier', () => {
    const tier: Obj = { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100 } };
    const deny: Obj = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: 'security.no-tcp-dns' },
      spec: { tier: 'security', order: 10, selector: "app == 'web'", types: ['Egress'], egress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [53] } }, { action: 'Pass' }] },
    };
    for (const dns of [[KUBE_SYSTEM, COREDNS], []]) {
      const [f] = tcpMissing([...dns, ...WEB, allowDns(UDP_TCP), tier, deny]);
      expect(f.message).toContain('Calico GlobalNetworkPolicy security.no-tcp-dns egress rule 1 denies it');
      expect(f.fix).toContain('or add an `action: Allow` rule for it ahead of that Deny in Calico tier security (order 100).');
      expect(f.fix).not.toContain('Admin-tier');
    }
  });

  it("the DNS pods' own ingress admits UDP only: add TCP to that policy", () => {
    const dnsIn = policy('kube-system', 'dns-in', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] });
    const [f] = tcpMissing([KUBE_SYSTEM, COREDNS, ...WEB, allowDns(UDP_TCP), dnsIn]);
    expect(f.message).toContain("but not on TCP 53: the DNS pods' ingress (NetworkPolicy kube-system/dns-in) does not admit it");
    expect(f.fix).toBe('Add TCP port 53 beside UDP 53 in the ingress rule of NetworkPolicy kube-system/dns-in that admits shop/web[Deployment].');
  });
});
