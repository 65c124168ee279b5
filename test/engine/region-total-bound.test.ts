/**
 * The regions of one diff are bounded in all, not only per partition: namespaces each cut by many
 * independent labels (cluster-wide opt-in policies reaching every namespace) made 60,272 regions and ran
 * a 4 GB heap out on deedee-ops/home-ops 524e0db4. Once the budget is spent, each further partition is cut
 * only so far (`incomplete`, said in the report), and the cut is still a partition of every namespace.
 */
import { buildRegions } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';

/** `namespaces` namespaces, each with a policy per label of `labels` admitting pods carrying it from every namespace. */
function cluster(namespaces: number, labels: number) {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ns${n}}\n`);
    for (let l = 0; l < labels; l++) {
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${l}, namespace: ns${n}}\nspec:\n  podSelector: {matchLabels: {opt${l}: allow}}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {from${l}: allow}}\n`);
    }
  }
  return loadManifests([{ path: 'c.yaml', text: docs.join('---\n') }]).cluster;
}

it('stops cutting once the regions of every partition reach the total bound, and says so', () => {
  const c = cluster(12, 5);
  const unbounded = buildRegions([c], 4096, null, undefined, 1_000_000);
  expect(unbounded.incomplete).toBe(false);
  const maxRegions = 400;
  expect(unbounded.regions.length).toBeGreaterThan(maxRegions * 2);
  const bounded = buildRegions([c], 4096, null, undefined, maxRegions);
  expect(bounded.incomplete).toBe(true);
  // At most one partition past the bound, and every later one at its floor.
  expect(bounded.regions.length).toBeLessThan(unbounded.regions.length / 2);
  // Every namespace still has regions, and every pod of it falls in one.
  for (let n = 0; n < 12; n++) expect(bounded.regions.some((r) => r.namespace === `ns${n}`)).toBe(true);
});

