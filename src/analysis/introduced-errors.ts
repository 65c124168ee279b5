/**
 * Which of head's errors a pull request brought: those in a file it adds or changes that base did not
 * already have (the same file, code and message; line numbers may shift; or, for a file new in head, the
 * same code and message in a base file head no longer has: the file moved). These fail the check by
 * default: the API server or kubectl would reject the object, so the GitOps sync would break. Errors in
 * files the pull request does not touch are pre-existing when base had them too (counted, not listed); one
 * base did not have was brought by a change elsewhere (an overlay's `namespace:` or patch, a deleted file
 * a kustomization lists), so it is introduced, at the line of the object it breaks.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';

export interface ErrorSplit {
  /** Head errors the pull request introduced, in file and line order. */
  readonly introduced: readonly Diagnostic[];
  /** Head errors in files the pull request does not touch that base had too (`untouched.length`). */
  readonly preExisting: number;
  readonly untouched: readonly Diagnostic[];
  /** Diagnostics the human formats do not list among warnings: introduced errors (shown first) and errors, of either side, in untouched files (a count). */
  readonly apart: ReadonlySet<Diagnostic>;
}

export function splitErrors(baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], base: readonly Diagnostic[], head: readonly Diagnostic[]): ErrorSplit {
  // Most pull requests have no error on either side: the files' texts need not be compared.
  if (!base.some(isError) && !head.some(isError)) return { introduced: [], preExisting: 0, untouched: [], apart: new Set() };
  const baseText = new Map(baseFiles.map((f) => [f.path, f.text]));
  const untouched = new Set(headFiles.filter((f) => baseText.get(f.path) === f.text).map((f) => f.path));
  const known = new Set(base.filter(isError).map(errorKey));
  // A file moved (renamed, maybe edited too) carries its errors along: an error of a base file head no
  // longer has at that path is the same error when a file new in head has it (counted once each).
  const headPaths = new Set(headFiles.map((f) => f.path));
  const moved = new Map<string, number>();
  for (const d of base) if (isError(d) && !headPaths.has(d.ref.file)) moved.set(movedKey(d), (moved.get(movedKey(d)) ?? 0) + 1);
  const takeMoved = (d: Diagnostic) => {
    const n = baseText.has(d.ref.file) ? 0 : (moved.get(movedKey(d)) ?? 0);
    if (n > 0) moved.set(movedKey(d), n - 1);
    return n > 0;
  };
  const introduced: Diagnostic[] = [];
  const apart = new Set<Diagnostic>(base.filter((d) => isError(d) && untouched.has(d.ref.file)));
  const old: Diagnostic[] = [];
  for (const d of head) {
    if (!isError(d)) continue;
    if (untouched.has(d.ref.file) && known.has(errorKey(d))) {
      old.push(d);
      apart.add(d);
    } else if (!known.has(errorKey(d)) && !takeMoved(d)) {
      introduced.push(d);
      apart.add(d);
    }
  }
  return { introduced, preExisting: old.length, untouched: old, apart };
}

/** The errors of several targets' reports as one: a file two targets deploy counts once. */
export function combineErrors(splits: readonly ErrorSplit[]): ErrorSplit {
  const key = (d: Diagnostic) => `${d.ref.file}\u0000${d.ref.line}\u0000${d.code}\u0000${d.message}`;
  const unique = (ds: Diagnostic[]) => [...new Map(ds.map((d) => [key(d), d])).values()];
  const introduced = unique(splits.flatMap((s) => [...s.introduced]));
  const untouched = unique(splits.flatMap((s) => [...s.untouched]));
  return { introduced, preExisting: untouched.length, untouched, apart: new Set(splits.flatMap((s) => [...s.apart])) };
}

const isError = (d: Diagnostic) => d.severity === 'error';
/** Lines move when a file is edited above an error, so numbers do not identify it. */
const errorKey = (d: Diagnostic) => `${d.ref.file}\u0000${movedKey(d)}`;
/** An error as a moved file carries it: code and message (the file's path is not in it). */
const movedKey = (d: Diagnostic) => `${d.code}\u0000${d.message.split(d.ref.file).join('\u0001').replace(/\d+/g, '#')}`;
