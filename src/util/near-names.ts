/**
 * "Did you mean …?": the known name closest to one typed wrong, for the CLI's options and commands and
 * the loader's field names and kinds alike. Distances are Levenshtein's (insertions, deletions,
 * substitutions; `fastest-levenshtein`).
 */
import { distance } from 'fastest-levenshtein';

/**
 * The known name equal to `name` ignoring case, else the nearest within `maxDistance` edits (default 2;
 * ties go to the first listed). Undefined when none is that close, or when the edits would rewrite a
 * whole short name (`ab` is not a misspelling of `cd`).
 */
export function nearestName(name: string, known: Iterable<string>, maxDistance = 2): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    const d = distance(name, k);
    if (d < bestDistance && d < Math.min(name.length, k.length)) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * The one known name that `word` (3 characters or more) begins, ignoring case; undefined when none or
 * several do (`warn` → `warning`; `li` or `lis`/`lin` of `list`, `lint` name nothing).
 */
export function onlyNameBegun(word: string, known: Iterable<string>): string | undefined {
  if (word.length < 3) return undefined;
  const lower = word.toLowerCase();
  const begun = [...known].filter((k) => k.toLowerCase().startsWith(lower));
  return begun.length === 1 ? begun[0] : undefined;
}

/**
 * ` (did you mean X?)`, or '' when nothing is close. For the closed vocabularies of options, commands
 * and their values, a word that begins exactly one of them names it too, however many letters it lacks
 * (not for `nearestName`'s open sets — kinds, label keys, namespaces — where a short name is often a
 * real, different one).
 */
export function didYouMean(word: string, candidates: Iterable<string>, show: (c: string) => string = (c) => c): string {
  const list = [...candidates];
  const c = nearestName(word, list) ?? onlyNameBegun(word, list);
  return c === undefined ? '' : ` (did you mean ${show(c)}?)`;
}
