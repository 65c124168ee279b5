/**
 * The rollback's confirmation limited to touched pairs (analysis/rollback-confirm.ts) equals a diff of
 * every pair from scratch, on random base / head / reverted-head triples with NetworkPolicies, cluster-wide
 * tier policies and abstract peers (regions of label space): head mixes base's objects with another
 * cluster's (objects added, removed, edited), the reverted head takes a random part of head's changes back.
 * Each object is its own file, so unchanged files give every side the very same objects.
 */
import fc from 'fast-check';
import { revertedOpened } from '../../src/analysis/rollback-confirm.js';
import type { PairDiff, RegionSet } from '../../src/engine/index.js';
import { buildRegions, computeConnectivity, diffConnectivity, peerId } from '../../src/engine/index.js';
import { params } from './harness.js';
import { revertClusters, revertSequence } from './object-files.js';
import { tieredScenarioArb } from './tier-arbitraries.js';

// Which opened pairs count (the rollback leaves out ignored namespaces and abstract pairs of added workloads).
const triple = fc.tuple(revertSequence(tieredScenarioArb), fc.boolean()).map(([s, dropChanged]) => ({ ...s, dropChanged }));

const shape = (p: PairDiff) => `${peerId(p.src)} → ${peerId(p.dst)}: ${p.opened?.key ?? '-'} (${p.base?.key ?? '-'} → ${p.head?.key ?? '-'})`;

describe('rollback confirmation limited to touched pairs', () => {
  it('finds the opened pairs a diff of every pair from scratch finds', () => {
    fc.assert(
      fc.property(triple, (t) => {
        const { abstract, dropChanged } = t;
        const { base: b, head: h, after: a } = revertClusters(t);
        const regions: RegionSet | undefined = abstract ? buildRegions([b, h]) : undefined;
        const [bc, hc, ac] = [b, h, a].map((c) => computeConnectivity(c, regions));
        const counts = (p: PairDiff) => !dropChanged || (p.peerChanges.src === undefined && p.peerChanges.dst === undefined);
        const head = diffConnectivity(bc, hc, { regions });
        const every = diffConnectivity(bc, ac, { regions, scoped: false });
        // Past the region pair bound a diff leaves region pairs uncompared (and says so): which ones depends
        // on the pairs it was asked about, so only complete diffs are compared.
        fc.pre(head.regionPairsCut === undefined && every.regionPairsCut === undefined);
        const limited = revertedOpened(bc, hc, head.pairs, regions, counts)(ac);
        const full = every.pairs.filter((p) => p.opened !== null && counts(p));
        expect(limited.map(shape).sort()).toEqual(full.map(shape).sort());
      }),
      params(200),
    );
  });
});
