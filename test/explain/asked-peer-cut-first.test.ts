/**
 * `diff --explain` toward pods of a namespace whose selectors make more parts of label space than the
 * bound (DEFAULT_MAX_BOXES per namespace): the asked peer cuts its namespace first, so it is found on
 * both sides and agrees with `diff`, instead of reading "does not exist on this side" because the bound
 * left its selector out (kubeflow/manifests 3b45a3be3, `--target example`:
 * `kubeflow/[pod with {app In (model-registry-ui)}]` among ~30 policies of other keys).
 */
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const policy = (name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: apps}\nspec: ${JSON.stringify(spec)}\n`;
const gateway = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gateway, namespace: mesh}\nspec:\n  template:\n    metadata: {labels: {app: gateway}}\n    spec: {containers: [{name: c, image: x}]}\n';
// 13 selectors on keys of their own (2^13 parts > 4096), none of them about registry pods.
const others = Array.from({ length: 13 }, (_, i) =>
  policy(`p${i + 1}`, { podSelector: { matchLabels: { [`k${i + 1}`]: 'a' }, matchExpressions: [{ key: 'component', operator: 'NotIn', values: ['registry'] }] }, ingress: [{ from: [{ podSelector: {} }] }] }),
);
const world = { path: 'world.yaml', text: [ns('mesh'), ns('apps'), gateway, policy('same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }), ...others].join('---\n') };
const registry = { path: 'new.yaml', text: policy('registry', { podSelector: { matchLabels: { component: 'registry' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mesh' } } }], ports: [{ port: 8080 }] }] }) };

test('an asked peer among more selectors than the bound cuts is present on both sides, and the change opens what diff reports', () => {
  const r = explainDiffFiles([world], [world, registry], { from: 'mesh/[all pods]', to: 'apps/[pod with {component=registry}]', ports: [] });
  if (!r.ok) throw new Error(r.message);
  const text = explainDiffText(r.value, peerLabels(r.value.workloads));
  expect(text).not.toContain('does not exist on this side');
  expect(text.split('\n')[0]).toBe('mesh/[all pods] => apps/[pod with {component=registry}]: the change opens TCP 8080');
  expect(r.value.base.kind).toBe('explained');
  expect(r.value.head.kind).toBe('explained');
});
