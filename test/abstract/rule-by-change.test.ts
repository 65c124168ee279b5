/**
 * A region two rules admit is named after the rule whose ports hold its change. `allow-ntp-ingress`
 * admits anyone on UDP 12345 (rule 1, no `from`) and namespaces labelled `policy-group=ingress` on every
 * port (rule 2). The pods of such a namespace gain every port: they read as rule 2's peer, not as rule 1's
 * `entire-cluster`. Before, they were named after the first rule, so the `entire-cluster` line mixed
 * "every port" with "UDP 12345", and every region kept its own name: label combinations of unrelated
 * selectors (`[namespace with {name=openshift-monitoring,…policy-group=ingress}]/[pod with {…NotIn
 * (prometheus)}]`), and a headline saying ntp was opened to everything on any port (sixth real-commit
 * evaluation, class C: HomeLab e44b919e).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ntp}\n';
const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ntp, namespace: ntp}\nspec:\n  template:\n    metadata: {labels: {app: ntp}}\n    spec: {containers: [{name: c, image: x}]}\n';
const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ntp}\nspec:\n${spec}`;
const scrape = (name: string, nsName: string) =>
  np(name, `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {name: ${nsName}}}\n      podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n    ports: [{protocol: TCP, port: 9433}]\n`);
const base = [
  { path: 'ns.yaml', text: ns },
  { path: 'app.yaml', text: app },
  { path: 'deny.yaml', text: np('deny-all', '  podSelector: {}\n  policyTypes: [Ingress]\n') },
  { path: 'dns.yaml', text: np('dns', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}\n    ports: [{protocol: UDP, port: 5353}]\n') },
  { path: 'mon.yaml', text: scrape('monitoring', 'openshift-monitoring') },
  { path: 'uwm.yaml', text: scrape('uwm', 'openshift-user-workload-monitoring') },
];
const allow = np(
  'allow-ntp-ingress',
  '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{protocol: UDP, port: 12345}]\n  - from:\n    - namespaceSelector: {matchLabels: {network.openshift.io/policy-group: ingress}}\n',
);
const head = [...base, { path: 'allow.yaml', text: allow }];

it('names each region after the rule that gives its whole change: one line per rule, no label combinations', () => {
  const text = diffText(analyzeDiff(base, head));
  const section = text.slice(text.indexOf('Opened with pods the manifests do not hold'));
  expect(section).toContain('now admits [namespace with {network.openshift.io/policy-group=ingress}]/[all pods] on all ports (some of these pods may have had TCP 9433 already), allow.yaml:8, allow.yaml:9');
  expect(section).toContain('now admits entire-cluster (except ntp/[all pods]) and 0.0.0.0/0, ::/0 on UDP 12345, allow.yaml:8');
  // No region named by labels of several selectors.
  expect(text).not.toMatch(/name=openshift-monitoring,network\.openshift\.io/);
  expect(text).not.toContain('NotIn (prometheus)');
  // The headline says every port only toward the policy-group=ingress namespaces.
  const headline = text.split('\n').find((l) => l.startsWith('Opens'))!;
  expect(headline).toContain('to everything on UDP 12345');
  expect(headline).toContain('to [namespace with {network.openshift.io/policy-group=ingress}]/[all pods] on any port');
  expect(headline).not.toMatch(/everything on any port/);
});
