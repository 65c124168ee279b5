/**
 * The region pair bound (engine/region-pair-budget.ts): a 19-object repository whose three cluster-wide
 * policies (sameLabels / notSameLabels peers, port names) cut 3,674 regions and 13.5 million region pairs
 * carrying port names ran the diff out of a 4 GB heap (a no-silent-pass case). It now finishes with
 * `abstractPeers.incomplete`, the bound in `regionPairsCut`, a note that says why, and every path between
 * workloads of the manifests, as the diff without abstract peers reports them.
 */
import { readFileSync } from 'node:fs';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { peerId, pairConns } from '../../src/engine/index.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { diffText } from '../../src/report/diff-text.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { MAX_REGION_PAIRS, defaultRegionPairs } from '../../src/engine/region-pair-budget.js';

const side = (name: string) => [{ path: 'c.yaml', text: readFileSync(new URL(`../fixtures/region-pair-budget/${name}.yaml`, import.meta.url), 'utf8') }];
const concrete = (r: DiffReport) =>
  r.pairs.filter((p) => p.src.type !== 'pods' && p.dst.type !== 'pods').map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${pairConns(p, 'opened')?.toText() ?? '-'} / ${pairConns(p, 'closed')?.toText() ?? '-'}`);

describe('region pair bound', () => {
  it('a repository whose regions make millions of pairs finishes incomplete, with every path between workloads', () => {
    const r = analyzeDiff(side('base'), side('head'), { rollbackMaxEvaluations: 8 });
    expect(r.abstractPeers).toMatchObject({ regions: 3674, incomplete: true });
    expect(r.abstractPeers?.regionPairsCut).toBeGreaterThan(0);
    expect(heapMb()).toBeLessThan(2_500);
    expect(diffText(r)).toContain('make more pairs to compare than the bound allows');
    expect(diffJsonObject(r)).toMatchObject({ abstractPeers: { incomplete: true, regionPairsCut: r.abstractPeers?.regionPairsCut } });
    const without = analyzeDiff(side('base'), side('head'), { abstractPeers: false, rollbackMaxEvaluations: 8 });
    expect(concrete(r).sort()).toEqual(concrete(without).sort());
  }, 600_000);

  it('grows with the entries between 100,000 and 150,000 pairs: each kept pair is explained and named (bjw-s a71f3ddae: 9,080 regions, 340,000 pairs ran a 4 GB heap out)', () => {
    expect(defaultRegionPairs(1_000)).toBe(100_000);
    expect(defaultRegionPairs(3_000)).toBe(120_000);
    expect(defaultRegionPairs(9_080)).toBe(MAX_REGION_PAIRS);
    expect(MAX_REGION_PAIRS).toBe(150_000);
  });
});

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1e6;
}
