/**
 * A list of files' texts by path, and which of a head list's files read as a base list's, made once per
 * list (and per pair of lists), weakly: a list of files is never changed once made. Several stages of one
 * analysis compare the same base and head lists (the objects a change removes, the diff's untouched files),
 * and a warm process's next push of a pull request hands the very list of base files again
 * (targets/side-reuse.ts keeps each side's target files), so base's ~12,000 paths of the 10k bench are
 * indexed once, not at every stage of every push. Where a path is written twice, the last file's text
 * counts, as `new Map(files.map(...))` has it.
 */
import type { ManifestFile } from './load.js';

type PathText = Pick<ManifestFile, 'path' | 'text'>;

const texts = new WeakMap<readonly PathText[], ReadonlyMap<string, string>>();

/** `files`' texts by path (the last file of a path wins). Shared: callers must not change it. */
export function textsByPath(files: readonly PathText[]): ReadonlyMap<string, string> {
  let known = texts.get(files);
  if (known === undefined) texts.set(files, (known = new Map(files.map((f) => [f.path, f.text]))));
  return known;
}

/** One pass of a head list against a base list. */
export interface ListComparison<F extends PathText> {
  /** Head's files whose path base lacks, or whose text differs from base's at that path, in head's order. */
  readonly headDiffering: readonly F[];
  /** Paths of head's files that read as base's file of the same path. */
  readonly same: ReadonlySet<string>;
}

const comparisons = new WeakMap<readonly PathText[], WeakMap<readonly PathText[], ListComparison<PathText>>>();

/** `head` against `base` (see ListComparison), once per pair of lists. Shared: callers must not change it. */
export function compareLists<F extends PathText>(base: readonly PathText[], head: readonly F[]): ListComparison<F> {
  let byHead = comparisons.get(base);
  if (!byHead) comparisons.set(base, (byHead = new WeakMap()));
  let known = byHead.get(head);
  if (known === undefined) {
    const before = textsByPath(base);
    const headDiffering: F[] = [];
    const same = new Set<string>();
    for (const f of head) {
      if (before.get(f.path) === f.text) same.add(f.path);
      else headDiffering.push(f);
    }
    byHead.set(head, (known = { headDiffering, same }));
  }
  return known as ListComparison<F>;
}

/**
 * The files of each list that the other does not hold as they are (`base`: base's files whose path head lacks
 * or whose text differs from head's at that path; `head`: `compareLists(base, head).headDiffering`), each in
 * its list's order. When neither list writes a path twice, base's side is read off the comparison of head
 * with base (a base file differs exactly when head's file of its path is not among the same), and head's
 * texts are not mapped.
 */
export function differingBoth<F extends PathText>(base: readonly F[], head: readonly F[]): { readonly base: readonly F[]; readonly head: readonly F[] } {
  const forward = compareLists(base, head);
  const { same, headDiffering } = forward;
  if (textsByPath(base).size === base.length && distinctPaths(head.length, same.size, headDiffering, same)) return { base: base.filter((f) => !same.has(f.path)), head: headDiffering };
  return { base: compareLists(head, base).headDiffering, head: headDiffering };
}

/** Whether a head list of `length` files writes no path twice, read off its comparison: its same files' paths are `same.size` distinct ones, and the differing ones differ among themselves and from those. */
function distinctPaths(length: number, sameSize: number, differing: readonly PathText[], same: ReadonlySet<string>): boolean {
  if (sameSize + differing.length !== length) return false;
  const seen = new Set<string>();
  for (const f of differing) {
    if (same.has(f.path) || seen.has(f.path)) return false;
    seen.add(f.path);
  }
  return true;
}
