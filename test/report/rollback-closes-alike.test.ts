/**
 * What a rollback closes is said alike in the text, Markdown, the check run and the review: every opened path
 * "but those only for label combinations" when the diff has some (no rollback target), and "what reverting can
 * close" when some opened paths stay open whatever is reverted (left46: the review said "every path this PR
 * opens" either way, and the check run said "every opened path" with paths left open).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { rollbackReview } from '../../src/report/suggestions.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'combined-labels');
const files = (side: string): ManifestFile[] => readdirSync(join(FIX, side)).sort().map((f) => ({ path: f, text: readFileSync(join(FIX, side, f), 'utf8') }));

/** Every output that says what the rollback closes, the review's suggestions anchored on the whole head file. */
function said(report: DiffReport, head: readonly ManifestFile[]) {
  const pull = [...new Set(report.rollback.hunks.map((h) => h.file))].map((file) => {
    const lines = head.find((f) => f.path === file)!.text.replace(/\n$/, '').split('\n');
    return { filename: file, patch: `@@ -1,${lines.length} +1,${lines.length} @@\n${lines.map((l) => ` ${l}`).join('\n')}` };
  });
  return {
    text: diffText(report),
    md: renderDiffMarkdown(report),
    check: checkRunResult(report, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: false, text: '' }).summary,
    review: rollbackReview(report.rollback, pull, 'the patch', report.counts.combinedLabels).body,
  };
}

describe('what a rollback closes, said alike everywhere', () => {
  const head = files('head-real');
  const report = analyzeDiff(files('base'), head);

  it('openings only for label combinations beside a real one: every output leaves them out of what it closes', () => {
    expect(report.counts.combinedLabels).toBe(2);
    expect(report.rollback.remainingOpened).toBe(0);
    const out = said(report, head);
    expect(out.text).toContain('revert 1 document to close every opened path but those only for label combinations:');
    expect(out.md).toContain('closes every opened path but those only for label combinations');
    expect(out.check).toContain('Reverting 1 document closes every opened path but those only for label combinations.');
    expect(out.review).toContain('It closes every path this PR opens but those only for label combinations.');
  });

  it('paths that stay open whatever is reverted: every output says it closes what reverting can close', () => {
    const left: DiffReport = { ...report, rollback: { ...report.rollback, remainingOpened: 1, minimality: 'greedy' } };
    const out = said(left, head);
    expect(out.text).toContain('to close what reverting can close:');
    expect(out.md).toContain('closes what reverting can close');
    expect(out.check).toContain('Reverting 1 document closes what reverting can close.');
    expect(out.review).toContain('It closes what reverting can close.');
    for (const text of Object.values(out)) expect(text).not.toMatch(/close(s)? every (opened path|path this PR opens)/);
  });

  it('no label combinations, nothing left open: every path', () => {
    const plain: DiffReport = { ...report, counts: { ...report.counts, combinedLabels: undefined } };
    const out = said(plain, head);
    expect(out.check).toContain('Reverting 1 document closes every opened path.');
    expect(out.review).toContain('It closes every path this PR opens.');
    for (const text of Object.values(out)) expect(text).not.toContain('but those only for label combinations');
  });
});
