/**
 * DNS reached past address rules that take it away only together (dns-address-deny reads each rule alone): a Deny of
 * nets on UDP 53 and another on UDP 5353 when the DNS listens on both, a Pass of nets handing the lookups on to a Deny
 * of nets in a later tier, a Deny of UDP 53 and another of TCP 53. Read as matching the DNS pods, the rules together
 * lose the lookups, so the check says "may" at the first and cites each (file:line); a diff that adds the second cites
 * the new finding there. A port one of them leaves open, or an Allow of DNS before them, says nothing.
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { COREDNS, KUBE_SYSTEM, diffFindingsOf, findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const WEB = [namespace('shop'), deployment('shop', 'web', { app: 'web' })];
const HELD = [KUBE_SYSTEM, COREDNS];
const TWO_PORTS = { dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, cidrs: [], ports: [53, 5353] } };
const toDns = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
const dnsPorts = [53, 5353].flatMap((port) => [{ protocol: 'UDP', port }, { protocol: 'TCP', port }]);
const allowDns = policy('shop', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [toDns], ports: dnsPorts }] });
const tier = (name: string, order: number): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name }, spec: { order } });
const denyNets = (protocol: string, ports: number[]): Obj => ({ action: 'Deny', protocol, destination: { nets: ['10.0.0.0/8'], ports } });
const pass = { action: 'Pass' };
const calico = (t: string, name: string, egress: Obj[]): Obj => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkPolicy',
  metadata: { name: `${t}.${name}` },
  spec: { tier: t, order: 10, selector: "app == 'web'", types: ['Egress'], egress },
});
const SECURITY = tier('security', 100);

const dns = (objects: Obj[], config = {}) =>
  findingsOf(objects, config)
    .filter((f) => f.code.startsWith('DNS_'))
    .map((f) => ({ code: f.code, severity: f.severity, message: f.message, fix: f.fix, line: f.ref.line, parts: f.parts?.map((p) => p.line) }));
/** The `k8s.yaml:N` lines a message cites, in order. */
const cited = (message: string) => [...message.matchAll(/\(k8s\.yaml:(\d+)\)/g)].map((m) => Number(m[1]));

describe('DNS reached past address rules that take it away only together', () => {
  it('a Deny of nets on UDP 53 and another on UDP 5353, the DNS on both ports: a warning at the first, citing each (DNS pods held or not)', () => {
    for (const held of [HELD, []]) {
      const found = dns([...held, ...WEB, allowDns, SECURITY, calico('security', 'web-out', [denyNets('UDP', [53]), denyNets('UDP', [5353]), pass])], TWO_PORTS);
      expect(found).toHaveLength(1);
      const [f] = found;
      expect([f.code, f.severity]).toEqual(['DNS_EGRESS_MISSING', 'warning']);
      expect(f.message).toMatch(
        /^shop\/web\[Deployment\] may not reach cluster DNS \(kube-system\/\{k8s-app=kube-dns\}\) on UDP 53\/5353: nets 10\.0\.0\.0\/8 of Calico GlobalNetworkPolicy security\.web-out \(k8s\.yaml:\d+\) and nets 10\.0\.0\.0\/8 of Calico GlobalNetworkPolicy security\.web-out \(k8s\.yaml:\d+\) together come before what allows it, and if they hold the DNS pods' addresses, a network plugin that matches pods by address \(such as Calico\) does not let it through there, so name lookups fail\.$/,
      );
      const [first, second] = cited(f.message);
      expect(second).toBeGreaterThan(first);
      expect([f.line, f.parts]).toEqual([first, [second]]);
      expect(f.fix).toMatch(/^If the DNS pods' addresses are in all of them .*in a rule evaluated before them, or narrow one of them so the DNS pods' addresses are left out\.$/);
    }
  });

  it('a Pass of nets before the Allow of DNS, and a Deny of nets in a later tier: together they lose the lookups', () => {
    const allowKubeSystem = { action: 'Allow', destination: { namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'" } };
    const passNets = { action: 'Pass', destination: { nets: ['10.0.0.0/8'] } };
    const denyAll = { action: 'Deny', destination: { nets: ['10.0.0.0/8'] } };
    const objects = [...HELD, ...WEB, allowDns, SECURITY, tier('later', 200), calico('security', 'web-out', [passNets, allowKubeSystem]), calico('later', 'web-deny', [denyAll, pass])];
    const [f, ...rest] = dns(objects);
    expect(rest).toEqual([]);
    expect([f.code, f.severity]).toEqual(['DNS_EGRESS_MISSING', 'warning']);
    expect(f.message).toContain(': nets 10.0.0.0/8 of Calico GlobalNetworkPolicy security.web-out (k8s.yaml:');
    expect(f.message).toContain(') and nets 10.0.0.0/8 of Calico GlobalNetworkPolicy later.web-deny (k8s.yaml:');
    expect(f.message).toContain(' together come before what allows it');
    expect(f.parts).toHaveLength(1);
  });

  it('a Deny of nets on UDP 53 and another on TCP 53: the UDP finding names the TCP rule too', () => {
    const [f, ...rest] = dns([...HELD, ...WEB, allowDns, SECURITY, calico('security', 'web-out', [denyNets('UDP', [53]), denyNets('TCP', [53]), pass])]);
    expect(rest).toEqual([]);
    expect([f.code, f.severity]).toEqual(['DNS_EGRESS_MISSING', 'warning']);
    expect(f.message).toMatch(/ on UDP 53: nets 10\.0\.0\.0\/8 of .* \(k8s\.yaml:\d+\) comes before what allows it, .*, so name lookups fail\. The same holds on TCP 53 for nets 10\.0\.0\.0\/8 of Calico GlobalNetworkPolicy security\.web-out \(k8s\.yaml:\d+\), so answers too large for UDP fail too\.$/);
    const [udp, tcp] = cited(f.message);
    expect([f.line, f.parts]).toEqual([udp, [tcp]]);
    expect(f.fix).toContain('in a rule evaluated before them, or narrow them');
  });

  it('a diff adding the second Deny makes the finding new, cited at the rule it adds', () => {
    const first = denyNets('UDP', [53]);
    const base = [...HELD, ...WEB, allowDns, SECURITY, calico('security', 'web-out', [first, pass])];
    const head = [...HELD, ...WEB, allowDns, SECURITY, calico('security', 'web-out', [first, denyNets('UDP', [5353]), pass])];
    const found = diffFindingsOf(base, head, TWO_PORTS).filter((f) => f.code.startsWith('DNS_'));
    expect(found.map((f) => [f.code, f.new])).toEqual([['DNS_EGRESS_MISSING', true]]);
    const [, second] = cited(found[0].message);
    expect(found[0].ref.line).toBe(second);
  });

  it('a port one Deny leaves open, or an Allow of DNS before them: no DNS finding', () => {
    expect(dns([...HELD, ...WEB, allowDns, SECURITY, calico('security', 'web-out', [denyNets('UDP', [53]), pass])], TWO_PORTS)).toEqual([]);
    const allowKubeSystem = { action: 'Allow', destination: { namespaceSelector: "kubernetes.io/metadata.name == 'kube-system'" } };
    expect(dns([...HELD, ...WEB, allowDns, SECURITY, calico('security', 'web-out', [allowKubeSystem, denyNets('UDP', [53]), denyNets('UDP', [5353]), pass])], TWO_PORTS)).toEqual([]);
  });
});
