/**
 * A policy over every pod of a namespace (`podSelector: {}`) speaks of pods the manifests do not hold too
 * (operator-made ones, a CronJob's), not only of the workloads there: when its change reaches a workload
 * whose region is the whole namespace, the text names the subject with the workload in brackets
 * (`tools/[all pods] (tools/rotator today)`), as it does for a rule peer wider than its workloads. Before,
 * it read "Opens egress from tools/rotator", while `diff --explain 'tools/[all pods]'` said every pod of
 * the namespace gains the path (sixth real-commit evaluation, class B). A narrower subject names the app
 * its workload is (`podSelector: {app: rotator}` stays `tools/rotator`).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: rotator, namespace: tools}\nspec:\n  template:\n    metadata: {labels: {app: rotator}}\n    spec: {containers: [{name: c, image: x}]}\n';
const policy = (podSelector: string, cidrs: string[]) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress, namespace: tools}\nspec:\n  podSelector: ${podSelector}\n  policyTypes: [Egress]\n  egress:\n  - to: [${cidrs.map((c) => `{ipBlock: {cidr: ${c}}}`).join(', ')}]\n`;
const files = (podSelector: string, cidrs: string[]) => [
  { path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: tools}\n' },
  { path: 'app.yaml', text: deployment },
  { path: 'np.yaml', text: policy(podSelector, cidrs) },
];

it('podSelector {}: the headline and the abstract section name tools/[all pods] with tools/rotator today', () => {
  const report = analyzeDiff(files('{}', ['10.1.1.1/32']), files('{}', ['10.1.1.1/32', '10.2.2.2/32']));
  const text = diffText(report);
  expect(text).toMatch(/^Opens egress from tools\/\[all pods\] \(tools\/rotator today\) to 10\.2\.2\.2\/32 on any port/m);
  expect(text).toContain('tools/[all pods] (tools/rotator[Deployment] today) may now send to 10.2.2.2/32 on all ports, np.yaml:8');
  // The JSON keeps the workload's pair only.
  expect(report.pairs.map((p) => [p.src.type, p.dst.type])).toEqual([['workload', 'external']]);
});

it('a subject that names the app (podSelector {app: rotator}) keeps the workload’s name', () => {
  const text = diffText(analyzeDiff(files('{matchLabels: {app: rotator}}', ['10.1.1.1/32']), files('{matchLabels: {app: rotator}}', ['10.1.1.1/32', '10.2.2.2/32'])));
  expect(text).toMatch(/^Opens egress from tools\/rotator to 10\.2\.2\.2\/32 on any port/m);
  expect(text).not.toContain('[all pods]');
});
