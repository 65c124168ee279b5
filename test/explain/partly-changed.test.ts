/**
 * `diff --explain` toward an abstract end whose parts of label space do not all change alike says the
 * change is for some of its pods: an egress policy that keeps `component=service` pods reachable and
 * closes the rest closes any port to part of `shop/[all pods]`, not to all of it.
 */
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffJson } from '../../src/report/explain-json.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const deploy = (name: string, ns: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const app = { path: 'app.yaml', text: [deploy('ui', 'client', '{app: ui}'), deploy('web', 'shop', '{app: web, component: service}')].join('---\n') };
const egress = {
  path: 'egress.yaml',
  text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ui-egress, namespace: client}\nspec:\n  podSelector: {matchLabels: {app: ui}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {component: service}}}]\n',
};

function explained(to: string) {
  const r = explainDiffFiles([app], [app, egress], { from: 'client/ui', to, ports: [] });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

test('parts that change differently: "for some of these pods", JSON partly', () => {
  const report = explained('shop/[all pods]');
  const first = explainDiffText(report, peerLabels(report.workloads)).split('\n')[0];
  expect(first).toBe('client/ui => shop/[all pods]: the change closes any port for some of these pods (see the parts below)');
  const json = JSON.parse(explainDiffJson(report, peerLabels(report.workloads))) as { explain: { partly?: boolean; closed: unknown } };
  expect(json.explain.partly).toBe(true);
});

test('every part changed alike (or a workload end): no such words', () => {
  const report = explained('shop/[pod with {component NotIn (service)}]');
  expect(explainDiffText(report, peerLabels(report.workloads)).split('\n')[0]).toBe('client/ui => shop/[pod with {component NotIn (service)}]: the change closes any port');
  const web = explained('shop/web');
  expect(explainDiffText(web, peerLabels(web.workloads)).split('\n')[0]).toBe('client/ui => shop/web: no change');
});
