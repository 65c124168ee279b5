/**
 * Files a build holds and does not read. A target built from a kustomization hands the renderer every
 * file of the kustomization's folder (kustomizations.ts), yet Kustomize reads only the kustomization
 * file and what it names (`resources`, `components`, patches, replacement sources, generator inputs;
 * Kustomize's `kustomization.yaml` reference), and the loader reads no file of a kustomization's
 * folder as plain manifests (src/kustomize/repository.ts, `claimed`). A file there that no
 * kustomization of its build names is in no model: typically a manifest nobody listed under
 * `resources:`. A kustomization inside a folder that a plain target recurses over is rendered the same
 * way, so the same holds for its folder; the plain folders' own files are read.
 */
import { KUSTOMIZATION_FILE_NAMES, isKustomizationPath, kustomizationDirs, referencedFiles } from '../kustomize/index.js';
import { splitBuilds } from '../manifests/builds.js';
import type { ManifestFile } from '../manifests/load.js';
import type { Kustomization } from './kustomizations.js';
import { baseName, dirOf } from '../util/repo-paths.js';

/**
 * The paths of `among` (e.g. the changed paths) that some build of `files` (one cluster model's side,
 * builds told apart by `ManifestFile.build`) holds in a kustomization's folder without reading, and
 * that no build of `files` reads: each with the kustomization file of its folder. Read from the
 * kustomization files alone (no build), so a build that fails still reads what it names.
 */
export function unreadFiles(files: readonly ManifestFile[], among: ReadonlySet<string>): Map<string, string> {
  const unread = new Map<string, string>();
  const read = new Set<string>();
  for (const build of splitBuilds(files)) {
    const held = build.filter((f) => among.has(f.path) && !f.sourceLines);
    if (held.length === 0) continue;
    // Kustomization folders of this build, with their kustomization file (the first name Kustomize tries).
    const rank = (p: string) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).indexOf(baseName(p));
    const folders = new Map<string, string>();
    for (const f of build) {
      const there = folders.get(dirOf(f.path));
      if (isKustomizationPath(f.path) && (there === undefined || rank(f.path) < rank(there))) folders.set(dirOf(f.path), f.path);
    }
    const owned = held.filter((f) => !isKustomizationPath(f.path) && folders.has(dirOf(f.path)));
    if (owned.length === 0) {
      held.forEach((f) => read.add(f.path));
      continue;
    }
    const texts = new Map(build.map((f) => [f.path, f.text]));
    const named = referencedFiles(texts, kustomizationDirs(texts));
    for (const f of held) {
      if (owned.includes(f) && !named.has(f.path)) unread.set(f.path, folders.get(dirOf(f.path))!);
      else read.add(f.path);
    }
  }
  for (const p of read) unread.delete(p);
  return unread;
}

/**
 * Changed paths that no build reads (not in `deployed`) in a folder without a kustomization of its own,
 * whose files a kustomization of a folder above names one by one (`resources: [./manifests/a.yaml, …]`,
 * as kube-prometheus' top-level kustomization does): Kustomize reads no file there that it does not name,
 * so such a file is in no build although its folder is deployed. Each with that kustomization's file (the
 * nearest one above that names a file of the folder and is itself read). `sides`: head's, then base's.
 */
export function unlistedBelow(changed: ReadonlySet<string>, deployed: ReadonlySet<string>, sides: readonly { readonly kustomizations: ReadonlyMap<string, Kustomization> }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of changed) {
    const folder = dirOf(path);
    if (deployed.has(path) || isKustomizationPath(path) || folder === '') continue;
    for (const side of sides) {
      if (side.kustomizations.has(folder)) break;
      const names = (k: Kustomization) => deployed.has(k.file) && [...k.includes, ...k.uses].some((p) => p !== path && dirOf(p) === folder);
      let owner: Kustomization | undefined;
      for (let dir = dirOf(folder); owner === undefined; dir = dirOf(dir)) {
        const k = side.kustomizations.get(dir);
        if (k && names(k)) owner = k;
        if (dir === '') break;
      }
      if (owner) {
        out.set(path, owner.file);
        break;
      }
    }
  }
  return out;
}
