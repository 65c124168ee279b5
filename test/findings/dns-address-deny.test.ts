/**
 * The mirror of dns-address-rule-order: a workload whose egress reaches cluster DNS past a Deny of addresses that may
 * hold the DNS pods' addresses (a Calico rule's `nets` in any tier, an AdminNetworkPolicy's `networks`). The model
 * reads those addresses as outside the cluster, so it says DNS is reached; Calico matches pod IPs by address and then
 * denies the lookups. The check says "may": a warning naming the rule (DNS_EGRESS_MISSING for UDP, DNS_TCP_MISSING for
 * TCP alone), as it says "unless" for an Allow of such addresses. An Allow of DNS evaluated first, addresses that hold
 * no pod, or a kind that does not match pods by address (Cilium) say nothing.
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { COREDNS, KUBE_SYSTEM, findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const WEB = [namespace('shop'), deployment('shop', 'web', { app: 'web' })];
const HELD = [KUBE_SYSTEM, COREDNS];
const toDns = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
const allowDns = policy('shop', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [toDns], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] });
const tier: Obj = { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100 } };
const denyNets = (nets: string, more: Obj = {}) => ({ action: 'Deny', ...more, destination: { nets: [nets], ...(more.destination as Obj | undefined) } });
const pass = { action: 'Pass' };
const calico = (egress: Obj[]): Obj => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkPolicy',
  metadata: { name: 'security.web-out' },
  spec: { tier: 'security', order: 10, selector: "app == 'web'", types: ['Egress'], egress },
});

const dns = (objects: Obj[]) => findingsOf(objects).filter((f) => f.code.startsWith('DNS_')).map((f) => ({ code: f.code, severity: f.severity, message: f.message, fix: f.fix, line: f.ref?.line }));

describe('DNS reached past a Deny of addresses that may hold the DNS pods', () => {
  it("a Calico tier's Deny of nets 10.0.0.0/8 before the Pass to the NetworkPolicies: a warning that lookups may fail (DNS pods held or not)", () => {
    for (const held of [HELD, []]) {
      const [f, ...rest] = dns([...held, ...WEB, allowDns, tier, calico([denyNets('10.0.0.0/8'), pass])]);
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ code: 'DNS_EGRESS_MISSING', severity: 'warning' });
      expect(f.message).toMatch(
        /^shop\/web\[Deployment\] may not reach cluster DNS \(kube-system\/\{k8s-app=kube-dns\}\) on UDP 53: nets 10\.0\.0\.0\/8 of Calico GlobalNetworkPolicy security\.web-out \(k8s\.yaml:\d+\) comes before what allows it, and if it holds the DNS pods' addresses, a network plugin that matches pods by address \(such as Calico\) does not let it through there, so name lookups fail\.$/,
      );
      expect(f.fix).toMatch(/^If the DNS pods' addresses are in it .*: allow egress from shop\/web\[Deployment\] to kube-system\/\{k8s-app=kube-dns\} on UDP 53 and TCP 53 in a rule evaluated before it, or narrow it/);
    }
  });

  it('an AdminNetworkPolicy Deny of networks 10.0.0.0/8: the same warning, at the rule', () => {
    const anp: Obj = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'no-internal' },
      spec: { priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }, egress: [{ name: 'internal', action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] },
    };
    for (const held of [HELD, []]) {
      const [f] = dns([...held, ...WEB, allowDns, anp]);
      expect([f.code, f.severity]).toEqual(['DNS_EGRESS_MISSING', 'warning']);
      expect(f.message).toContain(': networks 10.0.0.0/8 of AdminNetworkPolicy no-internal (k8s.yaml:');
    }
  });

  it('a Deny of nets on TCP 53 only: DNS_TCP_MISSING, a warning', () => {
    const tcpOnly = denyNets('10.0.0.0/8', { protocol: 'TCP', destination: { ports: [53] } });
    const [f, ...rest] = dns([...HELD, ...WEB, allowDns, tier, calico([tcpOnly, pass])]);
    expect(rest).toEqual([]);
    expect([f.code, f.severity]).toEqual(['DNS_TCP_MISSING', 'warning']);
    expect(f.message).toMatch(/^shop\/web\[Deployment\] may not reach cluster DNS \(.*\) on TCP 53: nets 10\.0\.0\.0\/8 of .* so answers too large for UDP fail\.$/);
  });

  it('an Allow of DNS before the Deny, addresses no pod has, or a Cilium deny (not matched by address): no DNS finding', () => {
    const allowKubeSystem = { action: 'Allow', destination: { namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'" } };
    expect(dns([...HELD, ...WEB, allowDns, tier, calico([allowKubeSystem, denyNets('10.0.0.0/8'), pass])])).toEqual([]);
    expect(dns([...HELD, ...WEB, allowDns, tier, calico([denyNets('192.0.2.0/24'), pass])])).toEqual([]);
    const cilium: Obj = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'no-internal', namespace: 'shop' }, spec: { endpointSelector: {}, egressDeny: [{ toCIDR: ['10.0.0.0/8'] }] } };
    expect(dns([...HELD, ...WEB, allowDns, cilium])).toEqual([]);
  });
});
