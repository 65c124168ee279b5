/** Reads every manifest file under a folder (recursively), in a stable order. */
import { readdir, readFile } from 'node:fs/promises';
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
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === '.git' || e.name === 'node_modules') continue;
        await walk(full);
      } else if (e.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        if (!accept(path)) continue;
        try {
          files.push({ path, text: await readFile(full, 'utf8') });
        } catch (err) {
          diagnostics.push({ severity: 'warning', code: 'UNREADABLE_FILE', message: `cannot read: ${(err as Error).message}`, ref: { file: path, line: 1 } });
        }
      }
    }
  };
  await walk(root);
  return { files, diagnostics };
}
