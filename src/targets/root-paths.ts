/**
 * What a target root names on one side: a folder, a kustomization folder or file, a manifest file, or the
 * maximal matches of a picomatch glob (a folder match already holds its files). Semantics: Argo CD
 * `source.path` / Flux `spec.path` name folders; the configuration's `roots` add files and globs.
 */
import type { RepoFiles } from './repo-files.js';
import { hasGlob, normalizeFolder } from './repo-files.js';

/** Repository-relative paths the root names (files or folders); empty when it names nothing on this side. */
export function rootPaths(root: string, files: RepoFiles): string[] {
  const paths = hasGlob(root) ? maximal(files.glob(root.replace(/^\.\//, ''))) : [normalizeFolder(root) ?? root];
  return paths.filter((p) => files.byPath.has(p) || files.isFolder(p));
}

/** Matches of a glob without those inside another match. */
function maximal(paths: string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}/`)));
}
