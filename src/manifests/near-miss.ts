/** "Did you mean …?": the known name closest to a misspelt one. */

/**
 * The known name equal to `name` ignoring case, else the nearest within 2 edits (insertions, deletions,
 * substitutions, and swaps of two neighbours: `form` is one edit from `from`); ties go to the first
 * listed. Undefined when none is that close, or when the edits would rewrite most of a short name.
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    const d = editDistance(name, k, bestDistance);
    if (d < bestDistance && d < Math.min(name.length, k.length)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance, or `limit` when it is at least `limit` (names are short). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return Math.min(rows[a.length][b.length], limit);
}
