/**
 * The headline reads as sentences: "on" before every port set, peers beyond the namespaces named (not
 * "and beyond"), the complement of a port set as "any port but …", and a change told once — changes
 * that read the same but for their ports are one, and one change made by the same lines on the same
 * ports in several namespaces names them together.
 */
import type { Highlight } from '../../src/analysis/highlights.js';
import type { PeerRef, Workload } from '../../src/engine/index.js';
import { AddressSet, ConnectionSet, ENTIRE_CLUSTER, NamedConns, PortSet } from '../../src/engine/index.js';
import { headline } from '../../src/report/headline.js';
import { displayPeer } from '../../src/report/peer-label.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const workload = (namespace: string, name: string): PeerRef => ({
  type: 'workload',
  workload: { id: `${namespace}/${name}[Deployment]`, namespace, name, kind: 'Deployment', podLabels: { app: name } } as unknown as Workload,
});
const label = (p: PeerRef) => (p.type === 'workload' ? `${p.workload.namespace}/${p.workload.name}` : displayPeer(p));
const tcp = (port: number) => ConnectionSet.of('TCP', PortSet.range(port));
/** The sources of a change a rule opens to everything: every pod the manifests do not hold and every address. */
const everything: PeerRef[] = [{ type: 'pods', peer: ENTIRE_CLUSTER }, { type: 'external', addresses: AddressSet.ALL }];
const ref = (line: number) => ({ file: 'np.yaml', line });
const opened = (dst: PeerRef, conn: ConnectionSet, refs: { file: string; line: number }[], srcs: PeerRef[] = everything): Highlight => ({
  change: 'opened',
  direction: 'ingress',
  srcs,
  dsts: [dst],
  conn: NamedConns.of(conn),
  reach: 'everything',
  refs,
  tags: [],
});

describe('headline sentences', () => {
  it('one subject opened to the same reach on several port sets is one change, ports and lines united', () => {
    const api = workload('prod', 'api');
    const text = headline([opened(api, ConnectionSet.ALL, []), opened(api, ConnectionSet.ALL.subtract(tcp(5432)), [ref(20)]), opened(api, tcp(9000), [ref(20), ref(28)])], label);
    expect(text).toBe('Opens prod/api to everything on any port (2 rules, np.yaml:20, np.yaml:28).');
  });

  it('a change from a few peers on more ports is not merged into "everything" (repro headline-merges-rules-everything)', () => {
    const am = workload('mon', 'am');
    const peer = workload('mon', 'peer');
    const text = headline([opened(am, tcp(9093), [ref(10)]), opened(am, tcp(9093).union(tcp(9094)), [ref(10), ref(22)], [peer])], label);
    expect(text).toBe('Opens mon/am to everything on TCP 9093 (1 rule, np.yaml:10); opens mon/am to mon/peer on TCP 9093-9094 (2 rules, np.yaml:10, np.yaml:22).');
    // Ports among the wide change's: "everything" covers those peers, one change.
    expect(headline([opened(am, tcp(9093).union(tcp(9094)), [ref(10)]), opened(am, tcp(9094), [ref(22)], [peer])], label)).toBe('Opens mon/am to everything on TCP 9093-9094 (2 rules, np.yaml:10, np.yaml:22).');
  });

  it('a rule that admits everything, met by the one source whose egress reaches it: that source is named, not "everything"', () => {
    const db = workload('shop', 'db');
    expect(headline([opened(db, tcp(5433), [ref(9)], [workload('shop', 'api')])], label)).toBe('Opens shop/db to shop/api on TCP 5433 (1 rule, np.yaml:9).');
    // Addresses alone are not everything either.
    expect(headline([opened(db, tcp(5433), [ref(9)], [everything[1]])], label)).toBe('Opens shop/db to every address on TCP 5433 (1 rule, np.yaml:9).');
  });

  it('"any port" only where every pair of the change has every port (Highlight.least)', () => {
    const api = workload('prod', 'api');
    const some = { ...opened(api, ConnectionSet.ALL, [ref(3)]), least: NamedConns.of(ConnectionSet.ALL.subtract(tcp(8080))) };
    expect(headline([some], label)).toBe('Opens prod/api to everything on any port for some, any port but TCP 8080 for all (1 rule, np.yaml:3).');
    // Another change opening the same peers on every port makes it every port for each.
    expect(headline([some, opened(api, ConnectionSet.ALL, [ref(3)])], label)).toBe('Opens prod/api to everything on any port (1 rule, np.yaml:3).');
    // Ports that no pair shares: not "any port" alone.
    const apart = { ...opened(api, ConnectionSet.ALL, [ref(3)]), least: NamedConns.of(ConnectionSet.NONE) };
    expect(headline([apart], label)).toBe('Opens prod/api to everything on any port for some, ports that differ by peer for the others (1 rule, np.yaml:3).');
  });

  it('the same change in several namespaces, by the same lines, names the namespaces once', () => {
    const items = ['dev', 'uat', 'prod'].map((ns) => opened(workload(ns, 'keycloak'), tcp(8080), [ref(20)]));
    expect(headline(items, label)).toBe('Opens keycloak in dev, uat and prod to everything on TCP 8080 (1 rule, np.yaml:20).');
  });
});

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 9090}]}]}\n`;
const apps = [deployment('cart'), deployment('payments')].join('---\n');
const ingress = (rules: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: payments-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: payments}}\n  policyTypes: [Ingress]\n${rules}`;
const headlineOf = (base: string[], head: string[]) => {
  const files = (p: string[]) => [{ path: 'app.yaml', text: apps }, ...p.map((text, i) => ({ path: `p${i}.yaml`, text }))];
  return diffText(analyzeDiff(files(base), files(head))).split('\n')[2];
};

describe('headline sentences from a diff', () => {
  it('closing: "on" before the ports, the peers beyond the namespaces named, the complement said as "any port but"', () => {
    const text = headlineOf([], [ingress('  ingress:\n  - from: [{podSelector: {matchLabels: {app: cart}}}]\n    ports: [{port: 9090}]\n')]);
    expect(text).toMatch(/=> shop\/payments on any port( |;|\.)/);
    expect(text).toContain('shop/cart => shop/payments on any port but TCP 9090');
    expect(text).toContain('every address');
    expect(text).not.toContain('beyond');
  });

  it('removing a policy that admitted one source on one port opens the destination once, saying the port that source had (re31 szinn f65454e7e)', () => {
    // cart had TCP 9090 already: it gains any port but TCP 9090, the rest any port; "everything on any port" would claim more than the lines.
    const text = headlineOf([ingress('  ingress:\n  - from: [{podSelector: {matchLabels: {app: cart}}}]\n    ports: [{port: 9090}]\n')], []);
    expect(text).toBe('Opens shop/payments to everything on any port for some, any port but TCP 9090 for all.');
  });

  it('a line some of whose region pairs got less ("but only TCP metrics for …") is not "any port" for all (re40 soerenschneider 812d293)', () => {
    // The server's ingress opens to every source; the client pods may send only to ports named metrics.
    const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: app}\nspec: ${spec}\n`;
    const client = np('client', '{podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], egress: [{ports: [{protocol: TCP, port: metrics}]}]}');
    const server = (ingress: string) => np('server', `{podSelector: {matchLabels: {app: server}}, policyTypes: [Ingress]${ingress}}`);
    const report = diffText(analyzeDiff([{ path: 'np.yaml', text: `${client}---\n${server('')}` }], [{ path: 'np.yaml', text: `${client}---\n${server(', ingress: [{}]')}` }]));
    expect(report).toContain('on all ports (but only TCP metrics for app/[pod with {app=client}])');
    expect(report.split('\n')[2]).toBe('Opens app/[pod with {app=server}] to everything on any port for some, TCP metrics for all (1 rule, np.yaml:9).');
  });
});
