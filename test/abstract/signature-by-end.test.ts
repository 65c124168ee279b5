/**
 * Which selectors of a change can tell regions apart depends on the end: an ingress rule's peers pick
 * sources, so they never tell destinations apart. Longhorn 494c137e adds "TCP 3260 from anyone" to the
 * `instance-manager` policy, whose other rule admits `app=longhorn-manager` pods; pods that are both
 * instance-manager and longhorn-manager were admitted on every port by another policy already. Before,
 * those pods' label combination (`{app=manager,component=im}`) counted as told apart by the change, so the
 * subject split into combinations ("Opens 64 peers in longhorn-system to everything", sixth real-commit
 * evaluation, class C). Now the subject is one line naming the policy's own selector.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ls}\n';
const ui = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ui, namespace: ls}\nspec:\n  template:\n    metadata: {labels: {app: ui}}\n    spec: {containers: [{name: c, image: x}]}\n';
const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ls}\nspec:\n${spec}`;
const manager = np('manager', '  podSelector: {matchLabels: {app: manager}}\n  policyTypes: [Ingress]\n  ingress:\n  - {}\n');
const im = (extra: string) => np('im', `  podSelector: {matchLabels: {component: im}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: manager}}}]\n${extra}`);
const files = (extra: string) => [
  { path: 'ns.yaml', text: ns },
  { path: 'ui.yaml', text: ui },
  { path: 'manager.yaml', text: manager },
  { path: 'im.yaml', text: im(extra) },
];

it('a subject is not split by the ingress peers of its own changed policy', () => {
  const text = diffText(analyzeDiff(files(''), files('  - ports: [{protocol: TCP, port: 3260}]\n')));
  const headline = text.split('\n').find((l) => l.startsWith('Opens'))!;
  expect(headline).toMatch(/^Opens ls\/\[pod with \{component=im\}\] to everything on TCP 3260/);
  const line = text.split('\n').find((l) => l.includes('now admits'))!;
  // Every pod may now reach them on TCP 3260; the sources rule 1 admitted already (app=manager) are no exception, they have it.
  expect(line).toMatch(/^ {2}ls\/\[pod with \{component=im\}\] now admits entire-cluster \(ls\/ui\[Deployment\] today\) and 0\.0\.0\.0\/0, ::\/0 on TCP 3260/);
  expect(line).not.toMatch(/app NotIn \(manager\)|component NotIn/);
  expect(text).toContain('(some of these pods may have had TCP 3260 already)');
});
