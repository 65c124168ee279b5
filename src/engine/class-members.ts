/**
 * The diff's entries (diff.ts: workloads and regions, each with its class on base and on head, -1 where
 * it does not exist) grouped by their class on one side. Two typed arrays, not a Map of arrays: the diff
 * walks a class's members per class pair, for candidate pairs and again for region pairs with port names,
 * and at 10k workloads and 6.7k regions the Maps and their iterators were a visible part of the garbage.
 */

/** Class `c`'s members are `list[start[c]]` .. `list[start[c + 1] - 1]`, ascending entry indices. */
export interface ClassMembers {
  readonly start: Int32Array;
  readonly list: Int32Array;
}

/** The entries of each of `classes` classes on `side`. */
export function classMembers(entries: readonly { readonly base: number; readonly head: number }[], side: 'base' | 'head', classes: number): ClassMembers {
  const start = new Int32Array(classes + 1);
  for (let i = 0; i < entries.length; i++) {
    const c = entries[i][side];
    if (c >= 0) start[c + 1]++;
  }
  for (let c = 0; c < classes; c++) start[c + 1] += start[c];
  const list = new Int32Array(start[classes]);
  const next = start.slice(0, classes);
  for (let i = 0; i < entries.length; i++) {
    const c = entries[i][side];
    if (c >= 0) list[next[c]++] = i;
  }
  return { start, list };
}
