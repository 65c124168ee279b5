/**
 * A `diff` side is a folder if one exists at that path, otherwise a git revision of --repo. The
 * `--path` globs select what is analysed; files that selected kustomizations render from (bases,
 * patches, components outside the globs) are read too.
 */
import { stat } from 'node:fs/promises';
import { withKustomizeInputs } from '../kustomize/inputs.js';
import type { ManifestFile } from '../manifests/load.js';
import { isManifestPath } from '../manifests/load.js';
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
  if (info?.isDirectory()) {
    const read = await readManifestFolder(spec, isManifestPath);
    const files = withKustomizeInputs(read.files, accept);
    const kept = new Set(files.map((f) => f.path));
    return { files, diagnostics: read.diagnostics.filter((d) => accept(d.ref.file) || kept.has(d.ref.file)), folder: spec };
  }
  return { files: withKustomizeInputs(await readRevision(repo, spec, isManifestPath), accept), diagnostics: [] };
}
