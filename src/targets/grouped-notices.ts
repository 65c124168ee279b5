/**
 * Notices that say the same thing of many objects, told once (external-source-notices.ts,
 * alike-flux-notices.ts): the notices `key` gives one key form a group, replaced by `merge(group)` where
 * its first member stood (a group of one is merged too, so a caller may drop what it carried for
 * grouping); notices without a key stay as they are. Order kept.
 */
export function groupedInPlace<T, U>(notices: readonly T[], key: (n: T) => string | undefined, merge: (group: readonly T[]) => U): (T | U)[] {
  const groups = new Map<string, T[]>();
  for (const n of notices) {
    const k = key(n);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), n]);
  }
  const out: (T | U)[] = [];
  for (const n of notices) {
    const k = key(n);
    if (k === undefined) out.push(n);
    else if (groups.get(k)![0] === n) out.push(merge(groups.get(k)!));
  }
  return out;
}
