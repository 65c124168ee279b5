/** Reads every manifest file under a folder (recursively), in a stable order. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { ManifestFile } from './load.js';
import { isManifestPath } from './load.js';

export interface FolderRead {
  readonly files: ManifestFile[];
  readonly diagnostics: Diagnostic[];
}

/** Paths are relative to `root`, with `/` separators, so findings read the same on every platform. */
export async function readManifestFolder(root: string, accept: (path: string) => boolean = isManifestPath): Promise<FolderRead> {
  const files: ManifestFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const rel = (full: string) => relative(root, full).split(sep).join('/') || '.';
  const unreadable = (path: string, err: unknown) =>
    diagnostics.push({ severity: 'warning', code: 'UNREADABLE_FILE', message: `cannot read: ${(err as Error).message}`, ref: { file: path, line: 1 } });
  const walk = async (dir: string): Promise<void> => {
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
      // A symbolic link is followed: to a folder (walked) or to a file (read).
      const kind = e.isSymbolicLink() ? await stat(full).catch(() => undefined) : e;
      if (!kind) {
        unreadable(rel(full), new Error('broken symbolic link'));
      } else if (kind.isDirectory()) {
        if (e.name === '.git' || e.name === 'node_modules') continue;
        await walk(full);
      } else if (kind.isFile()) {
        const path = rel(full);
        if (!accept(path)) continue;
        try {
          files.push({ path, text: await readFile(full, 'utf8') });
        } catch (err) {
          unreadable(path, err);
        }
      }
    }
  };
  await walk(root);
  return { files, diagnostics };
}
