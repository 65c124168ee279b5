/**
 * Per-class lists (the rules or policies that select each pod class) kept as one array per distinct
 * list: classes selected by the same policies (a namespace's classes, usually) hold the very same array.
 * Memory grows with the distinct lists, not with the classes, and later stages may key on the list itself.
 * The arrays are never mutated once handed out: appending gives classes a new (shared) array.
 */

/** `n` classes, all holding one empty list. */
export function sharedEmptyLists<T>(n: number): T[][] {
  return new Array<T[]>(n).fill([]);
}

/**
 * Appends `added` to the list of every class in `members`: classes that held the same list before hold
 * the same list after.
 */
export function appendShared<T>(perClass: T[][], members: readonly number[], added: readonly T[]): void {
  if (added.length === 0) return;
  const extended = new Map<T[], T[]>();
  for (const s of members) {
    const before = perClass[s];
    let after = extended.get(before);
    if (!after) extended.set(before, (after = [...before, ...added]));
    perClass[s] = after;
  }
}
