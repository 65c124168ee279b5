/**
 * The kustomization files that may concern a set of changed paths: the changed ones, and those in a folder
 * above a changed file (a kustomization names its inputs relative to its own folder, and need not change
 * when an input does), kept only when their text mentions one of a few field names (a cheap filter; the
 * caller parses them). Used for inputs of kustomization fields reachdiff does not render.
 */
import { KUSTOMIZATION_FILE_NAMES } from '../kustomize/index.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { dirOf } from '../util/repo-paths.js';

/** A side's text of a path (undefined: the side has no such file). */
export type Text = (path: string) => string | undefined;

/** `paths`: changed paths; `texts`: base's and head's reader; `words`: field names one of which the file must mention. Sorted, each once. */
export function kustomizationsNaming(paths: readonly string[], texts: readonly Text[], words: readonly string[]): string[] {
  const mentions = (text: string | undefined) => text !== undefined && words.some((w) => text.includes(w));
  const out = new Set<string>();
  for (const read of texts) for (const p of paths) if (isKustomizationPath(p) && mentions(read(p))) out.add(p);
  // Each folder once, over every changed file.
  const seen = new Set<string>();
  for (const p of paths) {
    if (isKustomizationPath(p)) continue;
    for (let folder = dirOf(p); !seen.has(folder); folder = dirOf(folder)) {
      seen.add(folder);
      for (const read of texts) {
        for (const k of KUSTOMIZATION_FILE_NAMES) {
          const file = folder === '' ? k : `${folder}/${k}`;
          if (mentions(read(file))) out.add(file);
        }
      }
      if (folder === '') break;
    }
  }
  return [...out].sort();
}
