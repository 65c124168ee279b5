/**
 * The Markdown budget's search (report/diff-markdown.ts `mostThatFits`) finds the most rows that fit, not the
 * row step below them: the steps, then halving between the step that fits and the one above it. Before, a
 * text held the step's rows alone (test/github/volume: 100 of the check run's room for 190).
 */
import { ROW_LIMITS, mostThatFits } from '../../src/report/diff-markdown.js';

/** The most `n` from `held` down to 1 that `fits`, trying each (no limit first): what the search must give. */
function linear(held: number, fits: (n: number) => boolean): number | undefined {
  if (fits(Infinity)) return Infinity;
  for (let n = held; n >= 1; n--) if (fits(n)) return n;
  return undefined;
}

describe('the most rows that fit', () => {
  it('is every count a linear search finds, between and past the steps, in few tries', () => {
    for (const held of [1, 7, 150, 499, 500, 1763, 12_000]) {
      for (const most of [0, 1, 2, 6, 19, 21, 99, 100, 101, 137, 190, 499, 500, 501, 1762, 1763, 5000]) {
        // A text of `n` rows fits while `n` (as rendered: past `held`, as `held`) is at most `most`.
        const fits = (n: number) => Math.min(n, held) <= most;
        const expected = linear(held, fits);
        let tries = 0;
        const found = mostThatFits(ROW_LIMITS, held, (n) => (tries++, fits(n) ? `${n}` : undefined));
        // Past `held` every limit renders alike: the search may name the first that does (no limit when it fits).
        const shown = (n: number | undefined) => (n === undefined ? undefined : Math.min(n, held));
        expect([held, most, shown(found?.n)]).toEqual([held, most, shown(expected)]);
        if (found) expect(found.body).toBe(`${found.n}`);
        expect(tries).toBeLessThanOrEqual(ROW_LIMITS.length + 1 + Math.ceil(Math.log2(held + 2)));
      }
    }
  });

  it('within a step that fits at once, no count is tried above it: no limit is the most', () => {
    const tried: number[] = [];
    expect(mostThatFits(ROW_LIMITS, 40, (n) => (tried.push(n), 'all'))).toEqual({ n: Infinity, body: 'all' });
    expect(tried).toEqual([Infinity]);
  });

  it('steps that start below the held count (lines, at most the rows) are filled up to it', () => {
    // Rows 137: line steps 100, 50, …; room for 120 lines.
    expect(mostThatFits(ROW_LIMITS.filter((n) => n <= 137), 137, (n) => (n <= 120 ? 'ok' : undefined))?.n).toBe(120);
    expect(mostThatFits(ROW_LIMITS.filter((n) => n <= 137), 137, (n) => (n <= 200 ? 'ok' : undefined))?.n).toBe(137);
  });
});
