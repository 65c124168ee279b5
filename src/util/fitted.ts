/**
 * A list kept for the whole analysis, without spare room. V8 grows an array that `push` overfills to 1.5× its
 * length + 16 slots and never gives the room back (setting `length` trims only arrays less than half full with
 * 16 slots spare), so a list of one element built by `push` keeps 17 slots (152 bytes against 24 for a list
 * made to its length). Every read document, class and identity scan keeps such lists (20,600 documents a
 * side on the 10k bench pair), and what an analysis keeps is what V8's young-generation collector copies and
 * promotes (docs/performance.md, session 60).
 */

/**
 * `list`'s elements in a list of their number (a copy: `slice` sizes it to its length); `list` itself when
 * empty (an empty literal holds no slots). Callers keep the result and drop `list`. Throws nothing.
 */
export function fitted<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}
