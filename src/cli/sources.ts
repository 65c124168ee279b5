/** A `diff` side is a folder if one exists at that path, otherwise a git revision of --repo. */
import { stat } from 'node:fs/promises';
import type { ManifestFile } from '../manifests/load.js';
import { readManifestFolder } from '../manifests/read-folder.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { readRevision } from './git-source.js';

export interface Side {
  readonly files: ManifestFile[];
  readonly diagnostics: Diagnostic[];
  /** The folder the paths are relative to, when the side is a folder (absent for a git revision). */
  readonly folder?: string;
}

export async function readSide(spec: string, repo: string, accept: (path: string) => boolean): Promise<Side> {
  const info = await stat(spec).catch(() => undefined);
  if (info?.isDirectory()) return { ...(await readManifestFolder(spec, accept)), folder: spec };
  return { files: await readRevision(repo, spec, accept), diagnostics: [] };
}
