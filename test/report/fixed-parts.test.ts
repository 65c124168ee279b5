/**
 * The comment's row-limit search (report/diff-markdown.ts) does not render an attempt that cannot fit:
 * its table rows and the parts every attempt writes alike (report/fixed-parts.ts: verdict, notes, summary,
 * cause and namespace sentences, workload and rollback lists) already pass the budget. bjw-s/home-ops
 * a71f3ddae: those parts alone passed the comment's 60,000 characters, and each text was rendered 25 times
 * to learn that no row limit fits. The search gives what trying every attempt in turn gives, rendering fewer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { SourceRef } from '../../src/engine/index.js';
import type { MarkdownOptions } from '../../src/report/diff-markdown.js';
import { ROW_LIMITS, fewestChars, mostThatFits, renderAttempt, renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-cluster-scope');
const files = (dir: string) => readdirSync(join(FIX, dir)).filter((f) => f.endsWith('.yaml')).map((f) => ({ path: f, text: readFileSync(join(FIX, dir, f), 'utf8') }));

/**
 * Every attempt in turn, skipping only limits whose rows alone pass `max` (the search before fixed parts): the
 * whole report; else the most table rows with no other line (`mostThatFits`: the row steps, then halving up to
 * more than the report lists), then the most other lines at those rows, then the picture, then the patch with it.
 */
function everyAttempt(report: DiffReport, options: MarkdownOptions, max: number): string {
  const fits = (rows: number, lines: number, patch: boolean, picture: boolean) => {
    if (fewestChars(report, rows, undefined, lines) > max) return undefined;
    const body = renderAttempt(report, options, rows, patch, picture, lines);
    return body.length <= max ? body : undefined;
  };
  const whole = fits(Infinity, Infinity, true, true);
  if (whole !== undefined) return whole;
  // More than any list of the report holds: its pairs, errors, findings, warnings, and room for policies.
  const more = report.pairs.length + report.errors.introduced.length + report.findings.length + report.warnings.base.length + report.warnings.head.length + 200;
  const rows = mostThatFits(ROW_LIMITS, more, (n) => fits(n, 0, false, false))?.n;
  if (rows === undefined) {
    const hint = `\n\n> ⚠️ Truncated: this report exceeds the size limit. See ${options.fullReportHint ?? 'the full report'}.\n`;
    return renderAttempt(report, options, 0, false, false).slice(0, Math.max(0, max - hint.length)) + hint;
  }
  const lines = mostThatFits(ROW_LIMITS.filter((n) => n <= rows), Math.min(rows, more), (n) => fits(rows, n, false, false))?.n ?? 0;
  return fits(rows, lines, true, true) ?? fits(rows, lines, false, true) ?? fits(rows, lines, false, false)!;
}

describe('the row-limit search skips attempts whose fixed parts and rows pass the budget', () => {
  const reports = ['head-overlap', 'head-world', 'head-cut', 'head-calico'].map((head) => analyzeDiff(files('base'), files(head)));

  it('gives the text every attempt in turn gives, at budgets from the whole text down to nothing, and links fewer rows', () => {
    let fewer = 0;
    for (const report of reports) {
      const whole = renderDiffMarkdown(report).length;
      const budgets = [whole, whole - 1, ...[0.9, 0.7, 0.5, 0.35, 0.2, 0.1, 0.05].map((f) => Math.floor(whole * f)), 300];
      for (const max of budgets) {
        let linked = 0;
        const options: MarkdownOptions = { link: (ref: SourceRef, side) => (linked++, `https://example.test/${side}/${ref.file}#L${ref.line}`), fullReportHint: 'the check run' };
        const expected = everyAttempt(report, options, max);
        const every = linked;
        linked = 0;
        expect(renderDiffMarkdown(report, { ...options, maxChars: max })).toBe(expected);
        expect(linked).toBeLessThanOrEqual(every);
        if (linked < every) fewer++;
      }
    }
    // Attempts were skipped somewhere (each skipped attempt links the rules of its verdict, notes and sections).
    expect(fewer).toBeGreaterThan(3);
  });

  it('fixed parts longer than the budget: no attempt at any row limit, only the text at no rows, cut', () => {
    const report = reports[0];
    let linked = 0;
    const options: MarkdownOptions = { link: (ref: SourceRef, side) => (linked++, `https://example.test/${side}/${ref.file}#L${ref.line}`) };
    const noRows = renderAttempt(report, options, 0, false, false);
    const bare = linked;
    expect(bare).toBeGreaterThan(0);
    linked = 0;
    const max = Math.floor(noRows.length / 2);
    expect(fewestChars(report, 1)).toBeLessThan(max);
    const text = renderDiffMarkdown(report, { ...options, maxChars: max });
    // Before: every row limit from the whole report down to 1 was tried (the first with every row), each linking its rows and parts again.
    expect(linked).toBe(bare);
    expect(text).toContain('Truncated: this report exceeds the size limit');
    expect(text).toBe(everyAttempt(report, options, max));
  });
});
