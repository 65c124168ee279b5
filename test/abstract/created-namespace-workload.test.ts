/**
 * A workload the change adds in a namespace it creates ran nowhere before, and the new namespace's own pods, whose
 * paths only close, are set apart (created-namespace.test.ts): what the workload's policies admit from or toward pods
 * the manifests do not hold is opened and counted, as its paths with held peers are. Before, a Deployment whose policy
 * admitted only pods of a namespace the manifests do not hold read "No change", exit 0. A direction no policy selects
 * is counted as for a workload added to a namespace that exists: its paths with workloads and addresses and the
 * UNPROTECTED_WORKLOAD finding tell it, not one path per group of pods (namespace-lifecycle.ts createdNamespaceOpenings).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const SHOP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop, namespace: shop}
spec:
  selector: {matchLabels: {app: shop}}
  template: {metadata: {labels: {app: shop}}, spec: {containers: [{name: c, image: x}]}}
`;
const REPORTS = `apiVersion: v1
kind: Namespace
metadata: {name: reports}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: viewer, namespace: reports}
spec:
  selector: {matchLabels: {app: viewer}}
  template: {metadata: {labels: {app: viewer}}, spec: {containers: [{name: c, image: x}]}}
`;
const VIEWER_POLICY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: viewer, namespace: reports}
spec:
  podSelector: {matchLabels: {app: viewer}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
    ports: [{protocol: TCP, port: 9000}]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: warehouse}}
    ports: [{protocol: TCP, port: 5432}]
`;
const DENY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: reports}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
const INGRESS_ONLY = VIEWER_POLICY.replace('policyTypes: [Ingress, Egress]', 'policyTypes: [Ingress]').replace(/  egress:[\s\S]*$/, '');
const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: reports}
`;
const run = async (head: string, format = 'json', base: Record<string, string> = {}) =>
  main(['diff', await tempFolder({ 'shop.yaml': SHOP, ...base }), await tempFolder({ 'shop.yaml': SHOP, ...base, 'reports.yaml': head }), '--format', format]);
const pairIds = (stdout: string) => (JSON.parse(stdout) as { pairs: { src: { id: string }; dst: { id: string } }[] }).pairs.map((p) => `${p.src.id} => ${p.dst.id}`);

it('a workload added in a created namespace: its paths with peers the manifests do not hold are opened (text and JSON)', async () => {
  const out = await run(REPORTS + VIEWER_POLICY);
  const j = JSON.parse(out.stdout);
  expect(j.summary.opened).toBe(2);
  expect(pairIds(out.stdout)).toEqual(['reports/viewer[Deployment] => warehouse/[all pods]', 'monitoring/[all pods] => reports/viewer[Deployment]']);
  expect(j.createdNamespaces.namespaces).toEqual(['reports']);
  expect(out.exitCode).toBe(1);
  const text = await run(REPORTS + VIEWER_POLICY, 'text');
  expect(text.stdout.split('\n')[0]).toMatch(/^2 paths opened; namespace reports is new /);
  expect(text.stdout).toContain('reports/viewer[Deployment] now admits monitoring/[all pods] on TCP 9000');
  expect(text.stdout).toContain('delete Deployment/reports/viewer');
});

it('a direction no policy selects counts no path with pods the manifests do not hold; the direction its policy decides does', async () => {
  const out = await run(REPORTS + INGRESS_ONLY);
  expect(JSON.parse(out.stdout).summary.opened).toBe(3);
  expect(pairIds(out.stdout)).toEqual(['reports/viewer[Deployment] => shop/shop[Deployment]', 'reports/viewer[Deployment] => 0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'monitoring/[all pods] => reports/viewer[Deployment]']);
});

it('default-deny only in a created namespace opens nothing', async () => {
  const j = JSON.parse((await run(REPORTS + DENY)).stdout);
  expect(j.summary.opened).toBe(0);
});

it('with no policy, it opens what the same workload added to a namespace that exists opens', async () => {
  const created = await run(REPORTS);
  const existing = await run(REPORTS, 'json', { 'namespace.yaml': NAMESPACE });
  expect(JSON.parse(existing.stdout).createdNamespaces).toBeUndefined();
  expect(JSON.parse(created.stdout).summary.opened).toBe(5);
  expect(pairIds(created.stdout)).toEqual(pairIds(existing.stdout));
});
