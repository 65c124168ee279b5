/**
 * Which keys of two lists hold different objects: for each key, the last object of `before` under it
 * against the last of `after` (absent: undefined). A warm process's next push compares base's lists with
 * head's, whose objects are mostly base's very objects in the same order (head files equal to base's share
 * base's documents): the two lists are aligned on identical objects first, and only the keys of the
 * objects left out of that alignment are looked at, instead of grouping every object of head by key
 * (100k workloads: a Map of each list, every push).
 */

/** How far past a mismatch an identical object is looked for before the two are taken as replaced. */
const LOOKAHEAD = 32;

/**
 * `changed(x, y)` for each key whose last objects differ (`equal` false, or absent on one side): first
 * those of `before`'s keys, in the order of their first occurrence in `before`, then keys only `after` has,
 * in the order of their first occurrence there — exactly as comparing `Map`s of both lists by key would.
 * `key` must give an object the same key every call; `equal(x, x)` must be true.
 */
export function keyedChanges<T>(
  before: readonly T[],
  after: readonly T[],
  key: (x: T) => string,
  equal: (x: T, y: T) => boolean,
  changed: (x: T | undefined, y: T | undefined) => void,
): void {
  if (before === after) return;
  const grouping = groupingOf(before, key);
  if (!alignedChanges(before, after, grouping, key, equal, changed)) wholeChanges(grouping.byKey, groupedBy(after, key), equal, changed);
}

/** Objects' `id` as their key: one function, so that every caller shares each list's grouping (`groupingOf`). */
export const byId = (x: { readonly id: string }): string => x.id;

/**
 * Whether `xs` holds some key more than once (its grouping is made and kept, as `keyedChanges` makes it
 * for a `before` list): callers whose own comparison looks at every object, not each key's last, ask first.
 */
export function repeatsKeys<T>(xs: readonly T[], key: (x: T) => string): boolean {
  return groupingOf(xs, key).byKey.size !== xs.length;
}

/** Every key of both Maps (by key: the last object). */
function wholeChanges<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>, equal: (x: T, y: T) => boolean, changed: (x: T | undefined, y: T | undefined) => void): void {
  for (const [k, x] of before) {
    const y = after.get(k);
    if (y === undefined || !equal(x, y)) changed(x, y);
  }
  for (const [k, y] of after) if (!before.has(k)) changed(undefined, y);
}

/**
 * The keys of objects outside a monotone alignment of identical objects. A key all of whose objects are
 * aligned, on both sides, has the same last object on both (aligned objects pair up in order): unchanged.
 * Every other key is decided here when `before` holds it at most once and that object is left out of the
 * alignment too (its last object in `after` is then among those left out); otherwise false (the caller
 * compares every key).
 */
function alignedChanges<T>(
  before: readonly T[],
  after: readonly T[],
  grouping: Grouping<T>,
  key: (x: T) => string,
  equal: (x: T, y: T) => boolean,
  changed: (x: T | undefined, y: T | undefined) => void,
): boolean {
  const unaligned = align(before, after);
  if (!unaligned) return false;
  const [lostObjects, newObjects] = unaligned;
  const lost = new Set(lostObjects);
  // The last object of each key among `after`'s unaligned ones, and those keys in order of first occurrence.
  const lastNew = new Map<string, T>();
  for (const y of newObjects) lastNew.set(key(y), y);
  const beforeKeys: string[] = [];
  for (const x of lostObjects) beforeKeys.push(key(x));
  for (const k of [...beforeKeys, ...lastNew.keys()]) {
    const x = grouping.byKey.get(k);
    if (x !== undefined && (!lost.has(x) || grouping.repeated().has(k))) return false;
  }
  for (let i = 0; i < lostObjects.length; i++) {
    const x = lostObjects[i];
    const y = lastNew.get(beforeKeys[i]);
    if (y === undefined || !equal(x, y)) changed(x, y);
  }
  for (const [k, y] of lastNew) if (!grouping.byKey.has(k)) changed(undefined, y);
  return true;
}

/**
 * `before`'s and `after`'s objects left out of a greedy monotone alignment of identical objects, each in
 * list order; undefined when that is most of them (a reordered list: every key is compared instead).
 */
function align<T>(before: readonly T[], after: readonly T[]): [T[], T[]] | undefined {
  const lost: T[] = [];
  const added: T[] = [];
  const bound = (before.length + after.length) / 4 + LOOKAHEAD;
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    if (before[i] === after[j]) {
      i++;
      j++;
      continue;
    }
    const skipBefore = ahead(before, i, after[j]);
    const skipAfter = skipBefore > 0 ? 0 : ahead(after, j, before[i]);
    if (skipBefore > 0) for (const end = i + skipBefore; i < end; i++) lost.push(before[i]);
    else if (skipAfter > 0) for (const end = j + skipAfter; j < end; j++) added.push(after[j]);
    else {
      lost.push(before[i++]);
      added.push(after[j++]);
    }
    if (lost.length + added.length > bound) return undefined;
  }
  for (; i < before.length; i++) lost.push(before[i]);
  for (; j < after.length; j++) added.push(after[j]);
  return lost.length + added.length > bound ? undefined : [lost, added];
}

/** How many places past `from` in `xs` the object `x` is found (within LOOKAHEAD), else 0. */
function ahead<T>(xs: readonly T[], from: number, x: T): number {
  const end = Math.min(xs.length, from + LOOKAHEAD + 1);
  for (let k = from + 1; k < end; k++) if (xs[k] === x) return k - from;
  return 0;
}

interface Grouping<T> {
  /** Each key's last object, keys in order of first occurrence. */
  readonly byKey: ReadonlyMap<string, T>;
  /** Keys the list holds more than once (made when first asked). */
  repeated(): ReadonlySet<string>;
}

/**
 * Per key function, each list's grouping, kept while the list lives: a warm process's next push compares
 * the same base lists again (analysis/base-side.ts keeps them).
 */
const groupings = new WeakMap<(x: never) => string, WeakMap<readonly unknown[], Grouping<unknown>>>();

function groupingOf<T>(xs: readonly T[], key: (x: T) => string): Grouping<T> {
  let byList = groupings.get(key);
  if (!byList) groupings.set(key, (byList = new WeakMap()));
  let out = byList.get(xs) as Grouping<T> | undefined;
  if (!out) byList.set(xs, (out = grouping(xs, key)));
  return out;
}

function grouping<T>(xs: readonly T[], key: (x: T) => string): Grouping<T> {
  const byKey = groupedBy(xs, key);
  let repeated: Set<string> | undefined;
  return {
    byKey,
    repeated: () => {
      if (repeated) return repeated;
      repeated = new Set();
      // Without repeats the Map holds every object: nothing to look for.
      if (byKey.size === xs.length) return repeated;
      const seen = new Set<string>();
      for (const x of xs) {
        const k = key(x);
        if (seen.has(k)) repeated.add(k);
        seen.add(k);
      }
      return repeated;
    },
  };
}

function groupedBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T> {
  return new Map(xs.map((x) => [key(x), x]));
}
