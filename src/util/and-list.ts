/** Items as prose: `a`, `a and b`, `a, b and c`; `` for none. */
export function andList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * `andList`, but when an item has an "and" of its own (`y and z on any port`, `TCP 80 and 9090`), the last is set
 * apart by a comma too, so no "and" reads as the list's: `x on TCP 80, and y on TCP 80 and 9090`.
 */
export function andListOfPhrases(items: readonly string[]): string {
  if (items.length < 2) return items[0] ?? '';
  const last = items[items.length - 1];
  return `${items.slice(0, -1).join(', ')}${items.some((i) => i.includes(' and ')) ? ', and ' : ' and '}${last}`;
}

/**
 * How many of `count` items a list names when it names at most `limit` and counts the rest: all of them
 * when that would leave one out, since "and 1 more" takes the room of the name it hides and says less
 * (`[namespace other than api, db, kube-system and 1 more]` hid the one name a reader needed). Every
 * list that names some items and counts the others takes its cut from here.
 */
export function namedCount(count: number, limit: number): number {
  return count > limit + 1 ? limit : count;
}

/** The first items a list names under `limit` (see `namedCount`) and how many it leaves to a count. */
export function namedItems<T>(items: readonly T[], limit: number): { readonly named: readonly T[]; readonly more: number } {
  const n = namedCount(items.length, limit);
  return { named: items.slice(0, n), more: items.length - n };
}

/** The first `shown` items, comma-separated, and a count of the rest: `a, b, c and 2 more`; all of them when they fit or one would be left (see `namedCount`). */
export function firstAndMore(items: readonly string[], shown: number): string {
  const { named, more } = namedItems(items, shown);
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}
