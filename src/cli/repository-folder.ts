/**
 * Where a folder argument sits in its git repository, for paths that tools resolve against the
 * repository's root (SARIF for GitHub code scanning). `lint .` run in `k8s/`, or `lint /abs/repo/k8s`,
 * is the repository's `k8s` folder; the folder as typed would give `.` and `/abs/repo/k8s`.
 */
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { workTreeTop } from './git-source.js';

/**
 * The folder's path relative to the top of the git work tree holding it (`''` at the top), with `/`
 * separators; the folder as given when no work tree holds it (or it cannot be resolved).
 */
export async function folderInRepository(folder: string): Promise<string> {
  const real = await realpath(folder).catch(() => undefined);
  if (real === undefined) return folder;
  const top = await workTreeTop(real);
  if (top === undefined) return folder;
  const realTop = await realpath(top).catch(() => top);
  const rel = relative(realTop, real);
  if (rel.startsWith('..')) return folder;
  return rel.split(sep).join('/');
}
