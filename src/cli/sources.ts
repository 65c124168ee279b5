/** A `diff` side is a folder if one exists at that path, otherwise a git revision of --repo. */
import { stat } from 'node:fs/promises';
import picomatch from 'picomatch';
import type { ManifestFile } from '../manifests/load.js';
import { isManifestPath } from '../manifests/load.js';
import { readManifestFolder } from '../manifests/read-folder.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { readRevision } from './git-source.js';

/** `--path` globs narrow the manifest files; a glob never lets a non-YAML/JSON file in. */
export function pathFilter(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return isManifestPath;
  const match = picomatch([...globs], { dot: true });
  return (path) => isManifestPath(path) && match(path);
}

export async function readSide(spec: string, repo: string, accept: (path: string) => boolean): Promise<{ files: ManifestFile[]; diagnostics: Diagnostic[] }> {
  const info = await stat(spec).catch(() => undefined);
  if (info?.isDirectory()) return readManifestFolder(spec, accept);
  return { files: await readRevision(repo, spec, accept), diagnostics: [] };
}
