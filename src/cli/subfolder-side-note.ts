/**
 * A note on stderr when `diff` compares a git revision with a folder that lies *inside* a git work tree
 * rather than at its top: `diff main .` run in `k8s/` (fresh-user trial 31). A revision's root is the
 * repository's top and a folder is its own root (docs/cli.md, "Roots, `--path` and the configuration"),
 * so every file outside the folder reads as removed (or added) by the change, and the folder's builds as
 * moved: a report about the roots, not the change. The note names the work tree's top (as
 * top-folder-argument.ts writes it: never `..`) and the command that diffs it; the
 * report and exit code are unchanged (a folder inside a checkout can be meant, e.g. a rendered tree
 * compared with a revision).
 */
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { workTreeTop } from './git-source.js';
import { topFolderArgument } from './top-folder-argument.js';
import { isFolder } from './is-folder.js';

/** The two sides as given on the command line, and `--repo`. */
export interface DiffSpecs {
  readonly base: string;
  readonly head: string;
  readonly repo: string;
}

/**
 * `note: …` (ending in a newline) when exactly one side is a folder, the other is not (a revision), and
 * that folder lies below the top of the git work tree holding it; otherwise ''.
 */
export async function subfolderSideNote(specs: DiffSpecs): Promise<string> {
  const [baseFolder, headFolder] = await Promise.all([isFolder(specs.base), isFolder(specs.head)]);
  if (baseFolder === headFolder) return '';
  const folder = baseFolder ? specs.base : specs.head;
  const revision = baseFolder ? specs.head : specs.base;
  const real = await realpath(folder);
  const top = await workTreeTop(real);
  if (top === undefined) return '';
  const inside = relative(await realpath(top).catch(() => top), real);
  // At the top (''), or outside it (a link out): the roots agree, or nothing better can be said.
  if (inside === '' || inside.startsWith('..')) return '';
  const sub = inside.split(sep).join('/');
  const topArg = topFolderArgument(top);
  const command = baseFolder ? `${topArg} ${revision}` : `${revision} ${topArg}`;
  const repo = specs.repo === '.' ? '' : ` --repo ${specs.repo}`;
  return (
    `note: ${folder} is the folder ${sub} of a git work tree, read as its own root, while ${revision} is read from the repository's top: ` +
    `files outside ${sub} count as ${baseFolder ? 'added' : 'removed'} by the change. To diff the working tree, run reachdiff diff ${command}${repo} ` +
    `(add --path '${sub}/**' to narrow)\n`
  );
}
