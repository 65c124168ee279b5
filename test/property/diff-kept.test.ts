/**
 * What a diff keeps between diffs of the same sides (engine/diff-universe.ts: entries, class members,
 * blocks; pair-table.ts: row transpositions) changes no answer: a run of diffs in one process, over base,
 * head, a reverted head and sides that share their very objects (a reverted head whose workloads are
 * head's, the same workloads in another order, a copy of a side over the same lists, head's workloads
 * under base's policies or none), with and without scopes (`within`), unsorted, and under small region
 * pair bounds, each equals the same diff made after everything kept was forgotten: the same pairs in the
 * same order, the same added and removed workloads, the same bound and cut.
 */
import fc from 'fast-check';
import type { Cluster, Connectivity, ConnectivityDiff, PairDiff, RegionSet } from '../../src/engine/index.js';
import type { DiffOptions } from '../../src/engine/diff.js';
import { buildRegions, computeConnectivity, diffConnectivity, forgetKeptDiffs, peerId, touchedWorkloads } from '../../src/engine/index.js';
import { params } from './harness.js';
import { revertClusters, revertSequence } from './object-files.js';
import { tieredScenarioArb } from './tier-arbitraries.js';

const runArb = fc.record({
  sequence: revertSequence(tieredScenarioArb),
  // Small bounds make diffs cut their region pairs, where which pairs are kept depends on the order met.
  maxRegionPairs: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
});

const shape = (p: PairDiff) =>
  [peerId(p.src), peerId(p.dst), p.base?.key, p.head?.key, p.opened?.key, p.closed?.key, p.peerChanges.src, p.peerChanges.dst, JSON.stringify(p.namedPorts ?? null)].join(' | ');

const outcome = (d: ConnectivityDiff) => ({
  pairs: d.pairs.map(shape),
  added: d.added.map((w) => w.id),
  removed: d.removed.map((w) => w.id),
  cut: d.regionPairsCut,
  bound: d.regionPairBound,
});

describe('a diff with what earlier diffs kept', () => {
  it('equals the same diff made from scratch', () => {
    fc.assert(
      fc.property(runArb, ({ sequence, maxRegionPairs }) => {
        forgetKeptDiffs();
        const { base, head, after } = revertClusters(sequence);
        const regions: RegionSet | undefined = sequence.abstract ? buildRegions([base, head]) : undefined;
        // Sides sharing lists with others: head's and base's very lists again, the reverted head's workloads
        // reversed, and head's workloads under other policies (the same entries, other rows and defaults).
        const sides: Cluster[] = [
          base,
          head,
          after,
          { ...head },
          { ...base },
          { ...after, workloads: [...after.workloads].reverse() },
          { ...head, policies: base.policies, clusterPolicies: base.clusterPolicies },
          { ...head, policies: [] },
          { ...base, policies: head.policies },
        ];
        const conns: Connectivity[] = sides.map((c) => computeConnectivity(c, regions));
        const [bc, hc, ac] = conns;
        const runs: { from: Connectivity; to: Connectivity; options: DiffOptions }[] = [];
        for (const to of conns.slice(1)) {
          const within = touchedWorkloads(hc, to) ?? new Set<string>();
          runs.push({ from: bc, to, options: { regions, maxRegionPairs } });
          runs.push({ from: bc, to, options: { regions, maxRegionPairs, within, sorted: false } });
        }
        runs.push({ from: hc, to: ac, options: { regions, sorted: false } });
        runs.push({ from: ac, to: bc, options: { regions, scoped: false, sorted: false } });
        const kept = runs.map((r) => outcome(diffConnectivity(r.from, r.to, r.options)));
        runs.forEach((r, i) => {
          forgetKeptDiffs();
          expect(kept[i]).toEqual(outcome(diffConnectivity(r.from, r.to, r.options)));
        });
      }),
      params(40),
    );
  });
});
