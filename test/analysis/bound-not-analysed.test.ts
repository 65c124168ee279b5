/**
 * A changed rule whose pods' analysis the region bound cut short, and that no reported path shows, is "not
 * analysed in full": the verdict says so first, naming the rule's file:line, and the run fails as for a build
 * not analysed (report/verdict.ts `fails`). New-user trial 41 (Tsuguya/home 73827ab) read "No change in allowed
 * connectivity." and exit 0 over a new egress rule that opens a path.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { DEFAULT_FAIL_ON, fails, verdict } from '../../src/report/verdict.js';
import { optInRepository } from '../helpers/opt-in-repository.js';

describe('a changed rule past the region bound that no path shows', () => {
  // Two boxes per partition: argo is cut by the aqua subject alone, its workflow pods merged with the rest.
  const report = analyzeDiff(optInRepository(9999, 4), optInRepository(8333, 4), { maxBoxes: 2 });

  it('is not analysed in full: the verdict names the rule, never "No change"', () => {
    expect(report.counts.opened + report.counts.closed).toBe(0);
    expect(report.counts.notAnalysedChanges).toBe(1);
    expect(verdict(report)).toMatch(/^The change of CiliumNetworkPolicy argo\/aqua \(aqua\.yaml:7\) not analysed in full for pods the manifests do not hold; no change in what could be analysed[.;]/);
    expect(report.abstractPeers?.unshownChanges?.map((u) => u.rules.map((r) => `${r.side}:${r.ref.file}:${r.ref.line}`))).toEqual([['head:aqua.yaml:7']]);
  });

  it('fails the run (exit code 1, check run failure), as a change not analysed does', () => {
    expect(fails(report.counts, DEFAULT_FAIL_ON)).toBe(true);
    expect(fails(report.counts, 'never')).toBe(false);
    expect(checkRunResult(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' }).conclusion).toBe('failure');
  });

  it('(within the bound, the path is reported and nothing is said not analysed)', () => {
    const whole = analyzeDiff(optInRepository(9999, 4), optInRepository(8333, 4));
    expect(whole.abstractPeers?.incomplete).toBe(false);
    expect(whole.counts.opened).toBeGreaterThan(0);
    expect(whole.counts.notAnalysedChanges).toBeUndefined();
  });
});
