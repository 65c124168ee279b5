/**
 * Past the region pair bound in a diff too large to value every candidate (more than MAX_VALUED_PAIRS entry
 * pairs), the pairs a changed rule reaches are met first (engine/changed-rule-pairs.ts), so the change's own
 * paths are reported. Tsuguya/home-cluster 73827ab: 3,231 regions; the first pass kept 129,520 pairs as met
 * and the path the commit opened (argo aqua-checksum workflow pods → the SeaweedFS filer on TCP 8333) was
 * not among them: "not analysed in full". Here twelve opt-in labels take `argo` to 4,096 regions (about 4,100
 * entries: 16.8 million entry pairs), and a bound of 5,000 pairs cuts the candidates.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { MAX_VALUED_PAIRS } from '../../src/engine/region-pair-budget.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { peerId } from '../../src/engine/index.js';
import { optInRepository } from '../helpers/opt-in-repository.js';

const opened = (report: DiffReport) =>
  report.pairs
    .filter((p) => p.opened)
    .map((p) => `${peerId(p.src)} => ${peerId(p.dst)} ${p.opened?.toText()}`)
    .sort();

describe('the region pair bound meets a changed rule first', () => {
  const base = optInRepository(9999, 12);
  const head = optInRepository(8333, 12);
  const whole = analyzeDiff(base, head, { maxRegionPairs: Infinity });

  it('keeps every path the changed egress rule opens, past a bound the candidates cross', () => {
    const regions = whole.abstractPeers?.regions ?? 0;
    expect(regions * regions).toBeGreaterThan(MAX_VALUED_PAIRS);
    expect(whole.counts.opened).toBeGreaterThan(0);
    const bounded = analyzeDiff(base, head, { maxRegionPairs: 5000 });
    expect(bounded.abstractPeers?.regionPairsCut).toBe(5000);
    expect(opened(bounded)).toEqual(opened(whole));
    expect(bounded.abstractPeers?.unshownChanges).toBeUndefined();
  });
});
