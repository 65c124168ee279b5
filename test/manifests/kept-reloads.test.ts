/**
 * A side's reload (the rollback search's head with some documents reverted, manifests/rendered-reload.ts)
 * answers each distinct set of texts once (kept-reloads.ts): different reverts often hand one build the
 * same texts (a set adding a document of another build to one already tried, a build's file deleted beside
 * different other documents), and each ask re-read every file of the build and rendered again
 * (re20-monosense 9f15e0b: 1,268 reloads, 692 distinct). A reload that breaks a build is kept as well.
 */
import { loadManifests } from '../../src/manifests/load.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
const OPEN = POLICY.replace('policyTypes: [Ingress]', 'ingress: [{}]');

/** A kustomize build of namespace shop; `reads` counts how often the Deployment's file text is read. */
function shop(): { files: ManifestFile[]; reads: () => number } {
  let reads = 0;
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n';
  const files: ManifestFile[] = [
    { path: 'shop/kustomization.yaml', text: 'resources: [ns.yaml, web.yaml, policy.yaml]\n' },
    { path: 'shop/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' },
    { path: 'shop/policy.yaml', text: POLICY },
    {
      path: 'shop/web.yaml',
      get text() {
        reads++;
        return deployment;
      },
    },
  ];
  return { files, reads: () => reads };
}

it('the same texts asked again give the same cluster, without reading the build again', () => {
  const { files, reads } = shop();
  const reload = loadManifests(files).reload!;
  const start = reads();
  const first = reload(new Map([['shop/policy.yaml', OPEN], ['shop/extra.yaml', null]]));
  const once = reads() - start;
  expect(once).toBeGreaterThan(0);
  expect(first?.policies.map((p) => p.ingress.length)).toEqual([1]);
  // The same texts in another order are the same question.
  expect(reload(new Map([['shop/extra.yaml', null], ['shop/policy.yaml', OPEN]]))).toBe(first);
  expect(reads() - start).toBe(once);
  // Other texts are another question.
  expect(reload(new Map([['shop/policy.yaml', POLICY.replace('deny', 'deny-all')]]))).not.toBe(first);
  expect(reads() - start).toBeGreaterThan(once);
});

it('a revert that breaks the build is answered once', () => {
  const { files, reads } = shop();
  const reload = loadManifests(files).reload!;
  const start = reads();
  expect(reload(new Map([['shop/policy.yaml', null]]))).toBeUndefined();
  const once = reads() - start;
  expect(once).toBeGreaterThan(0);
  expect(reload(new Map([['shop/policy.yaml', null]]))).toBeUndefined();
  expect(reads() - start).toBe(once);
});
