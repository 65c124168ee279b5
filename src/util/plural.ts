/**
 * A count and its noun, as the reports write every count: `1 path`, `2 paths`, `1 more policy`, `3 more
 * policies` (`many`: the plural when it is not `word` + `s`). The one helper for counts in words: a count
 * written beside a fixed plural noun reads "1 more pairs" when it is 1 (fresh-user trial 27).
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
