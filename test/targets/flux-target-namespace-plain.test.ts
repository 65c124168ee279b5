/**
 * A Flux Kustomization's `targetNamespace` over a folder without a kustomization.yaml: Flux generates one
 * listing the folder's files and writes the target namespace into it as `namespace:`, which replaces the
 * namespace each object writes (Kustomize's namespace transformer), as it does for a folder with its own
 * kustomization (new-user trial 45: a Deployment writing `namespace: legacy` stayed in legacy).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';

type Files = Record<string, string>;
const URL = 'https://github.com/acme/fleet';
const sync = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: fleet, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  path: ./apps/shop\n  prune: true\n  targetNamespace: shop\n  sourceRef: {kind: GitRepository, name: fleet}\n`;
const deploy = (name: string, ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

it('every object of the folder goes to the target namespace, whatever namespace it writes', async () => {
  const files: Files = { 'clusters/prod/sync.yaml': sync, 'apps/shop/cart.yaml': deploy('cart', 'legacy'), 'apps/shop/ads.yaml': deploy('ads', '') };
  const r = await analyzeTargets(asList({ 'clusters/prod/sync.yaml': sync }), asList(files), { discover: { repoUrls: [URL], branch: 'main' } });
  const json = targetsJsonObject(r) as { workloads?: { added?: string[] } };
  expect(JSON.stringify(json)).toContain('shop/cart[Deployment]');
  expect(JSON.stringify(json)).not.toContain('legacy/cart');
  expect(r.notices.map((n) => n.code)).not.toContain('DEFAULT_NAMESPACE');
});
