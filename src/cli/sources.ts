/** A `diff` side is a folder if one exists at that path, otherwise a git revision of --repo. */
import { stat } from 'node:fs/promises';
import type { ManifestFile } from '../manifests/load.js';
import { readManifestFolder } from '../manifests/read-folder.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { readRevision } from './git-source.js';

export async function readSide(spec: string, repo: string, accept: (path: string) => boolean): Promise<{ files: ManifestFile[]; diagnostics: Diagnostic[] }> {
  const info = await stat(spec).catch(() => undefined);
  if (info?.isDirectory()) return readManifestFolder(spec, accept);
  return { files: await readRevision(repo, spec, accept), diagnostics: [] };
}
