/**
 * How a hint on stderr writes a work tree's top as a folder argument (`reachdiff diff main TOP`): relative to
 * the current folder when the top is that folder or lies below it (`.`, `gitops`), else its absolute path.
 * Never `..` nor `../..`: given in a subfolder, `reachdiff diff main ..` read like a revision range with a typo
 * (`main..`), not the folder above. Used by the subfolder note (subfolder-side-note.ts) and the uncommitted
 * changes note (working-tree-note.ts).
 */
import { isAbsolute, relative, sep } from 'node:path';

/** `top`: an absolute path (git's `--show-toplevel`). */
export function topFolderArgument(top: string): string {
  const rel = relative(process.cwd(), top);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? top : rel;
}
