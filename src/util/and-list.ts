/** Items as prose: `a`, `a and b`, `a, b and c`; `` for none. */
export function andList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The first `shown` items, comma-separated, and a count of the rest: `a, b, c and 2 more`; all of them when they fit. */
export function firstAndMore(items: readonly string[], shown: number): string {
  return items.length > shown ? `${items.slice(0, shown).join(', ')} and ${items.length - shown} more` : items.join(', ');
}
