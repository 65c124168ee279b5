/**
 * When the rollback search stops at a bound, its note says which one: the evaluation count (the same on
 * every run) or the clock (a busy machine reaches it sooner, so another run may find a smaller set).
 * Before, a time-out read as "stopped at its bound (N evaluations)" (sixth real-commit evaluation: one
 * commit gave 4 documents, greedy, under load and 3, proven minimal, when run again).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';

const dir = join('test', 'fixtures', 'rollback-vacated');
const file = (side: string) => [{ path: 'k8s/all.yaml', text: readFileSync(join(dir, `${side}.yaml`), 'utf8') }];

it('names the time bound when the clock stopped the search', () => {
  const report = analyzeDiff(file('base'), file('head'), { rollbackMaxMillis: -1 });
  expect(report.rollback.minimality).toBe('greedy');
  expect(report.rollback.notes.join(' ')).toMatch(/stopped at its time bound \(/);
  expect(report.rollback.notes.join(' ')).toMatch(/a run on a less busy machine may find a smaller set/);
});

it('names the evaluation bound when the count stopped it', () => {
  const report = analyzeDiff(file('base'), file('head'), { rollbackMaxEvaluations: 0, rollbackMaxMillis: 3_600_000 });
  expect(report.rollback.minimality).toBe('greedy');
  expect(report.rollback.notes.join(' ')).toMatch(/stopped at its bound \(\d+ evaluations\)/);
  expect(report.rollback.notes.join(' ')).not.toMatch(/time bound/);
});

it('Markdown says the set is not proven smallest in one clause, no parentheses within parentheses', async () => {
  const { renderDiffMarkdown } = await import('../../src/report/diff-markdown.js');
  const md = renderDiffMarkdown(analyzeDiff(file('base'), file('head'), { rollbackMaxEvaluations: 0, rollbackMaxMillis: 3_600_000 }));
  // Was "(a set with nothing superfluous (search bounded)):" (new-user trial 33).
  expect(md).toContain('closes every opened path (a set with nothing superfluous; the search was bounded):');
});
