/**
 * Strings the model keeps (object names, namespaces, label values) made independent of the parse they came
 * from. js-yaml parses a copy of each document's text (it appends its own terminator), and V8 makes a
 * substring of 13 characters or more a view into its parent string: one name or label value the model kept
 * held that whole copy alive, as long as the model (on the 10k bench pair, 15,000 document copies, 9.5 MB per
 * side, carried by the garbage collector through every phase after the load).
 *
 * Equal strings are also shared: a namespace or label value written in many documents is one string, its
 * hash computed once for every map keyed by it.
 */

/** V8 copies a substring shorter than this (V8's `SlicedString::kMinLength`): it holds no parent. */
const VIEW_MIN_LENGTH = 13;

/**
 * Distinct strings given out since the pool was last emptied. Bounded by a count, not by a load: a process
 * reading one repository after another keeps at most this many, and a string dropped from it stays valid
 * (only sharing is lost).
 */
const POOL_MAX = 100_000;
const pool = new Map<string, string>();

/**
 * `s`, or an equal string that is no view into a larger one. Callers use it where a string read from a parsed
 * document enters the model.
 */
export function ownString(s: string): string {
  if (s.length < VIEW_MIN_LENGTH) return s;
  const shared = pool.get(s);
  if (shared !== undefined) return shared;
  if (pool.size >= POOL_MAX) pool.clear();
  // Concatenating then cutting the added character makes V8 copy the characters into a string of their own
  // (the cut is a view into that copy, one character longer than `s`).
  const own = `${s} `.slice(0, -1);
  pool.set(own, own);
  return own;
}
