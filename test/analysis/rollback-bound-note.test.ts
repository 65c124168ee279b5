/**
 * When the rollback search stops at a bound, its note says which one: the evaluation count (the same on
 * every run) or the time bound, which counts this process's processor time: a busy machine, whose wall clock
 * runs on while other processes hold the processor, stops it no sooner (GizmoTickler/home-ops 0e65bef7 read
 * "greedy" under load 13 with a wall-clock bound, "proven minimal" on a quiet machine).
 * Before, a time-out read as "stopped at its bound (N evaluations)" (sixth real-commit evaluation: one
 * commit gave 4 documents, greedy, under load and 3, proven minimal, when run again).
 */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';

const dir = join('test', 'fixtures', 'rollback-vacated');
const file = (side: string) => [{ path: 'k8s/all.yaml', text: readFileSync(join(dir, `${side}.yaml`), 'utf8') }];

it('names the time bound when the clock stopped the search', () => {
  const report = analyzeDiff(file('base'), file('head'), { rollbackMaxMillis: -1 });
  expect(report.rollback.minimality).toBe('greedy');
  expect(report.rollback.notes.join(' ')).toMatch(/stopped at its time bound \(/);
  expect(report.rollback.notes.join(' ')).toMatch(/ s of processor time, after \d+ of 512 evaluations; a faster processor may find a smaller set/);
});

it('a busy machine, whose wall clock runs on between evaluations, does not stop the search sooner', () => {
  const quiet = analyzeDiff(file('base'), file('head'));
  // Every reading of the wall clock a minute later than the last: the clock of a machine other processes keep busy.
  let now = Date.now();
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 60_000));
  try {
    const busy = analyzeDiff(file('base'), file('head'));
    expect(busy.rollback.minimality).toBe(quiet.rollback.minimality);
    expect(busy.rollback.documents.map((d) => d.key)).toEqual(quiet.rollback.documents.map((d) => d.key));
    expect(busy.rollback.notes).toEqual(quiet.rollback.notes);
  } finally {
    clock.mockRestore();
  }
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
