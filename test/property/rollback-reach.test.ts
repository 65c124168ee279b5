/**
 * The rollback search skips sets of documents that cannot reach some opened pair (analysis/rollback-reach.ts),
 * abstract ends (regions of label space) included. Skipping is sound only if no skipped set closes every
 * opened path: checked here against a diff of every pair from scratch, for every set of up to six changed
 * documents, on random base / head pairs with NetworkPolicies, cluster-wide tier policies and regions.
 */
import fc from 'fast-check';
import { documentChanges, documentKeys } from '../../src/analysis/document-changes.js';
import { revertedClusters } from '../../src/analysis/rollback-clusters.js';
import { viableRevert } from '../../src/analysis/rollback-reach.js';
import type { PairDiff, RegionSet } from '../../src/engine/index.js';
import { buildRegions, computeConnectivity, diffConnectivity } from '../../src/engine/index.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { params } from './harness.js';
import { mix, objectFiles } from './object-files.js';
import { smallTieredScenarioArb } from './tier-arbitraries.js';

const pair = fc.record({
  base: smallTieredScenarioArb,
  other: smallTieredScenarioArb,
  change: fc.array(fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }), { minLength: 7, maxLength: 7 }),
  abstract: fc.boolean(),
});

function subsets<T>(items: readonly T[]): T[][] {
  return Array.from({ length: 2 ** items.length }, (_, m) => items.filter((_, i) => (m >> i) & 1));
}

describe('rollback reach', () => {
  it('skips only sets of documents that leave some opened path open', () => {
    let skipped = 0;
    fc.assert(
      fc.property(pair, ({ base, other, change, abstract }) => {
        const baseFiles = objectFiles(base);
        const headFiles = mix(baseFiles, objectFiles(other), change);
        const loads: FileLoads = new Map();
        const b = loadManifests(baseFiles, loads);
        const h = loadManifests(headFiles, new Map(loads));
        const regions: RegionSet | undefined = abstract ? buildRegions([b.cluster, h.cluster]) : undefined;
        const [bc, hc] = [b.cluster, h.cluster].map((c) => computeConnectivity(c, regions));
        const opened = (p: PairDiff) => p.opened !== null;
        const headOpened = diffConnectivity(bc, hc, { regions }).pairs.filter(opened);
        const keys = documentChanges(b.documents, h.documents)
          .filter((c) => c.objects.length > 0)
          .map((c) => c.key)
          .slice(0, 6);
        if (headOpened.length === 0 || keys.length === 0) return;
        const baseDocs = documentKeys(b.documents);
        const headDocs = documentKeys(h.documents);
        const viable = viableRevert(keys, (key) => [baseDocs.get(key), headDocs.get(key)], [bc, hc], headOpened);
        const after = revertedClusters(headDocs, baseDocs, h.cluster.podNetwork);
        for (const set of subsets(keys)) {
          if (viable(set)) continue;
          skipped++;
          const ac = computeConnectivity(after.after(set), regions);
          expect(diffConnectivity(bc, ac, { regions, scoped: false }).pairs.filter(opened).length).toBeGreaterThan(0);
        }
      }),
      params(100),
    );
    expect(skipped).toBeGreaterThan(0);
  });
});
