/** Reads every manifest file under a folder (recursively), in a stable order. */
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { ManifestFile } from './load.js';
import { isManifestPath } from './load.js';
import { LINK_LOOP_MESSAGE, unreadLinkMessage } from '../util/tree-links.js';

export interface FolderRead {
  readonly files: ManifestFile[];
  readonly diagnostics: Diagnostic[];
  /** Paths of the files not read that Go tooling reads (`*.go`, `go.mod`): target discovery tells Go package trees by them. */
  readonly goPaths: string[];
  /** Every folder walked below the root, relative, empty ones and those holding only a `.gitkeep` included (RepoFiles `isTreeFolder`). */
  readonly folders: string[];
}

/**
 * Paths are relative to `root`, with `/` separators, so findings read the same on every platform.
 * A symbolic link whose target lies inside `root` is an alias: its target is read once, under its own
 * path (as a git revision or GitHub tree holds the link as a blob, not its target's files), so a linked
 * folder does not double every target and object. A link leading outside `root` is followed (a folder
 * side may be assembled from links), each real folder walked once, so a link cycle ends.
 */
export async function readManifestFolder(root: string, accept: (path: string) => boolean = isManifestPath): Promise<FolderRead> {
  const files: ManifestFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const goPaths: string[] = [];
  const folders: string[] = [];
  const rel = (full: string) => relative(root, full).split(sep).join('/') || '.';
  const warn = (path: string, message: string) => diagnostics.push({ severity: 'warning', code: 'UNREADABLE_FILE', message, ref: { file: path, line: 1 } });
  const unreadable = (path: string, err: unknown) => warn(path, `cannot read: ${(err as Error).message}`);
  const realRoot = await realpath(root);
  const inside = (real: string) => {
    const r = relative(realRoot, real);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  const walked = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (walked.has(real)) return;
    walked.add(real);
    if (dir !== root) folders.push(rel(dir));
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      // The root itself must be readable (the caller checked it); a subfolder that is not costs only itself.
      if (dir === root) throw err;
      unreadable(rel(dir), err);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      // A symbolic link is followed only out of the folder: inside, its target is read under its own path.
      if (e.isSymbolicLink() && (await realpath(full).then(inside, () => false))) continue;
      // ELOOP: the link leads back to itself; any other failure: its target is missing.
      let loop = false;
      const kind = e.isSymbolicLink() ? await stat(full).catch((err: NodeJS.ErrnoException) => void (loop = err.code === 'ELOOP')) : e;
      if (!kind) {
        // Worded as a revision words the same link (util/tree-links.ts), so `diff HEAD .` does not call it new.
        const target = loop ? undefined : await readlink(full).catch(() => undefined);
        warn(rel(full), loop ? LINK_LOOP_MESSAGE : target === undefined ? 'cannot read: broken symbolic link' : unreadLinkMessage(target.split(sep).join('/')));
      } else if (kind.isDirectory()) {
        if (e.name === '.git' || e.name === 'node_modules') continue;
        await walk(full);
      } else if (kind.isFile()) {
        const path = rel(full);
        if (!accept(path)) {
          if (e.name.endsWith('.go') || e.name === 'go.mod') goPaths.push(path);
          continue;
        }
        try {
          files.push({ path, text: await readFile(full, 'utf8') });
        } catch (err) {
          unreadable(path, err);
        }
      }
    }
  };
  await walk(root);
  return { files, diagnostics, goPaths, folders };
}
