/**
 * Where a file read through a symbolic link really lives. Every source (a folder, a git revision, the
 * App's GitHub tree) may read one file under several paths: its own, and a path through an in-repository
 * link to a folder (`overlays/x/policy.yaml` with `overlays/x -> ../base-src`), as Kustomize names it. The
 * analysis keeps the path it was read under (findings cite what the kustomization names); what writes to
 * the repository (a rollback patch, a suggested change) must write the file once, under its own path:
 * `git apply` refuses a path beyond a symbolic link, and a pull request's diff only holds the real file.
 */
import type { ManifestFile } from './load.js';

/**
 * `path` → the repository path of the file it names, from the files' `realPath`s. A path no file was read
 * under is resolved through the folder links those files reveal (`overlays/x/a.yaml` read as
 * `base-src/a.yaml`: `overlays/x/` stands for `base-src/`), so a document restored into a file of a linked
 * folder lands under the real folder too. A path through no link is itself.
 */
export function realPathOf(files: readonly Pick<ManifestFile, 'path' | 'realPath'>[]): (path: string) => string {
  const exact = new Map<string, string>();
  const folders = new Map<string, string>();
  for (const f of files) {
    if (f.realPath === undefined || f.realPath === f.path) continue;
    exact.set(f.path, f.realPath);
    const link = linkedFolder(f.path, f.realPath);
    if (link) folders.set(link.from, link.to);
  }
  if (exact.size === 0) return (path) => path;
  // The longest linked folder first: a link inside a linked folder is the nearer one.
  const prefixes = [...folders].sort(([a], [b]) => b.length - a.length);
  return (path) => {
    const known = exact.get(path);
    if (known !== undefined) return known;
    for (const [from, to] of prefixes) if (path.startsWith(`${from}/`)) return `${to}/${path.slice(from.length + 1)}`;
    return path;
  };
}

/** The folders a file's two paths differ in (their common trailing parts dropped), when both keep a folder. */
function linkedFolder(path: string, real: string): { from: string; to: string } | undefined {
  const a = path.split('/');
  const b = real.split('/');
  while (a.length > 1 && b.length > 1 && a[a.length - 1] === b[b.length - 1]) {
    a.pop();
    b.pop();
  }
  // The file itself is the link (or the names differ): no folder stands for another.
  if (a.length === path.split('/').length) return undefined;
  return { from: a.join('/'), to: b.join('/') };
}
