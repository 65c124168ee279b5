/**
 * Repository paths: relative, `/`-separated, the root `''` (never `.` or a leading `/`). The one place their
 * folder, file name, joining and containment are written; Kustomize's and the targets' reading alike
 * (a kustomization's `../base` is resolved the way a controller's `./apps/web` is).
 */

/** The folder holding `path` (`apps/web/np.yaml` → `apps/web`; a top-level path → `''`). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Every folder above `paths` (`a/b/c.yaml` gives `a/b`, `a` and the root `''`), the root always included. */
export function foldersAbove(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>(['']);
  for (const p of paths) for (let d = dirOf(p); !folders.has(d); d = dirOf(d)) folders.add(d);
  return folders;
}

/** The last segment of `path` (`apps/web/np.yaml` → `np.yaml`). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `a/b` + `../c/./d` → `a/c/d`; undefined when it climbs above the root. */
export function joinPath(folder: string, relative: string): string | undefined {
  const parts = folder === '' ? [] : folder.split('/');
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** Whether `path` lies below folder `folder`, not being it (`''`: the root holds every path). */
export function inFolder(path: string, folder: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}

/** Whether `path` is folder `folder` or lies below it (`''`: the root holds every path). */
export function isWithin(path: string, folder: string): boolean {
  return path === folder || inFolder(path, folder);
}
