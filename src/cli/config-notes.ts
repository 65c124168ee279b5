/**
 * Notes on stderr when a configuration file the user may expect to apply is not the one read
 * (config-root.ts says which is): nothing about the configuration differs silently.
 * - A folder root without `.github/reachdiff.yml` inside a working tree whose folder above holds one
 *   (`lint k8s` in a repository): that file's paths are relative to its own folder, so it is not read;
 *   outside it, when the checkout at --repo holds one (`diff ../old ../new` run in a repository).
 * - A revision root whose file differs from the checkout's (uncommitted edits, another branch checked
 *   out): the revision's is read, as in a bare clone.
 * - A root without the file but with one of a near name (`.github/reachdiff.yaml`, `.reachdiff.yml`):
 *   only `.github/reachdiff.yml` is read, by the CLI as by the App (Probot's `context.config` takes the
 *   exact name), so that file would otherwise change nothing, silently (new-user trial fresh60).
 */
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { ConfigRoot, RootConfigFile } from './config-root.js';
import { CONFIG_PATH } from './config-root.js';
import { revisionFileText, workTreeTop } from './git-source.js';

/** Lines (`note: …`, each ending in a newline) for `read`, the file of `root` that was looked for. */
export async function unreadConfigNotes(root: ConfigRoot, read: RootConfigFile): Promise<string> {
  const nearName = read.text === undefined && read.kind !== 'file' ? await nearNameFile(root, read.kind === 'revision') : undefined;
  // --config reads a file on disk: a revision's is named, to be renamed there.
  if (nearName) return `note: no configuration read: ${nearName} is not read, the configuration file being ${CONFIG_PATH} (for the App too): rename it${read.kind === 'revision' ? '' : `, or pass --config ${nearName}`}\n`;
  if (read.kind === 'folder' && read.text === undefined) {
    const above = await configAbove(root.spec);
    if (!above) return repoConfigNote(root);
    return `note: no configuration read: ${root.spec} has no ${CONFIG_PATH} (it is read at the root of what is analysed, the root --path is relative to); ${above.file} is not read, its paths being relative to ${above.folder}: analyse ${above.folder} with --path '${above.below}/**', or pass --config ${above.file}\n`;
  }
  if (read.kind !== 'revision') return '';
  const top = await workTreeTop(root.repo);
  if (!top) return '';
  const file = shortPath(join(top, CONFIG_PATH));
  const checkout = await readFile(file, 'utf8').catch(() => undefined);
  if (checkout === undefined || checkout === read.text) return '';
  const which = read.text === undefined ? `${root.spec} has no ${CONFIG_PATH}, so no configuration is read` : `the configuration read is ${read.name} (from git objects)`;
  return `note: ${which}; the checkout's ${file} ${read.text === undefined ? 'is' : 'differs and is'} not read: commit it, or pass --config ${file}\n`;
}

/**
 * A folder root outside the repository at --repo (default: the current folder) whose checkout holds a
 * configuration: until this rule, the CLI read that one; say it is not read now.
 */
async function repoConfigNote(root: ConfigRoot): Promise<string> {
  const top = await workTreeTop(root.repo);
  if (!top) return '';
  const file = join(top, CONFIG_PATH);
  if (!(await isReadable(file))) return '';
  return `note: no configuration read: ${root.spec} has no ${CONFIG_PATH} (it is read at the root of what is analysed, the root --path is relative to); ${shortPath(file)} of the repository at --repo is not read: pass --config ${shortPath(file)} to apply it\n`;
}

/** The nearest folder above `folder`, up to its working tree's top, holding `.github/reachdiff.yml`; `below`: `folder` relative to it. */
async function configAbove(folder: string): Promise<{ folder: string; file: string; below: string } | undefined> {
  const top = await workTreeTop(folder);
  if (!top) return undefined;
  let at = resolve(folder);
  const end = resolve(top);
  while (at !== end && at.startsWith(end)) {
    at = dirname(at);
    const file = join(at, CONFIG_PATH);
    if (await isReadable(file)) return { folder: shortPath(at), file: shortPath(file), below: relative(at, resolve(folder)).split('\\').join('/') };
  }
  return undefined;
}

/** Names a configuration file may be given by mistake, from a root's top: none of them is read. */
const NEAR_NAMES = ['.github/reachdiff.yaml', '.reachdiff.yml', '.reachdiff.yaml'];

/** The first near-name configuration file `root` holds (a folder's path as the user would type it, or `REV:PATH`), if any. */
async function nearNameFile(root: ConfigRoot, revision: boolean): Promise<string | undefined> {
  for (const name of NEAR_NAMES) {
    if (revision) {
      if ((await revisionFileText(root.repo, root.spec, name)) !== undefined) return `${root.spec}:${name}`;
    } else if (await isReadable(join(root.spec, name))) return shortPath(join(root.spec, name));
  }
  return undefined;
}

/** Whether `file` exists and can be read. */
function isReadable(file: string): Promise<boolean> {
  return access(file, constants.R_OK).then(() => true, () => false);
}

/** A path as the user would type it here: relative to the current folder (`.` for it). */
function shortPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}
