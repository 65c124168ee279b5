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
  for (const build of buildIndexes(files)) {
    const held = heldOf(build, among);
    if (held.length === 0) continue;
    const { folders } = build;
    const owned = held.filter((f) => !isKustomizationPath(f.path) && folders.has(dirOf(f.path)));
    if (owned.length === 0) {
      held.forEach((f) => read.add(f.path));
      continue;
    }
    const named = namedOf(build);
    for (const f of held) {
      if (owned.includes(f) && !named.has(f.path)) unread.set(f.path, folders.get(dirOf(f.path))!);
      else read.add(f.path);
    }
  }
  for (const p of read) unread.delete(p);
  return unread;
}

/** One build of a side's files, indexed for `unreadFiles`: what depends on its files alone. */
interface BuildIndex {
  readonly files: readonly ManifestFile[];
  /** Places in `files` of each path. */
  readonly at: ReadonlyMap<string, readonly number[]>;
  /** Kustomization folders, each with its kustomization file (the first name Kustomize tries). */
  readonly folders: ReadonlyMap<string, string>;
  /** The paths its kustomizations name, found when first asked. */
  named?: ReadonlySet<string>;
}

/**
 * Per list of files (weakly; a list is never changed once made), its builds indexed. Each push of a pull
 * request asks of both sides' files, and a warm process's next push hands the very list of base files
 * again (targets/side-reuse.ts keeps each side's target files): base's ~12,000 files of the 10k bench are
 * then not gone through again, only the changed paths looked up.
 */
const indexes = new WeakMap<readonly ManifestFile[], readonly BuildIndex[]>();
const NO_BUILDS: readonly BuildIndex[] = Object.freeze([]);

function buildIndexes(files: readonly ManifestFile[]): readonly BuildIndex[] {
  let known = indexes.get(files);
  if (known) return known;
  // A path is unread only in a build holding a kustomization (`folders`): a list without any has none, and its
  // builds' paths, which would only mark paths read, are not indexed (the 10k bench: ~12,400 paths a side).
  if (!files.some((f) => isKustomizationPath(f.path))) {
    indexes.set(files, NO_BUILDS);
    return NO_BUILDS;
  }
  const rank = (p: string) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).indexOf(baseName(p));
  known = splitBuilds(files).map((build) => {
    const at = new Map<string, number[]>();
    const folders = new Map<string, string>();
    build.forEach((f, i) => {
      const list = at.get(f.path);
      if (list) list.push(i);
      else at.set(f.path, [i]);
      const there = folders.get(dirOf(f.path));
      if (isKustomizationPath(f.path) && (there === undefined || rank(f.path) < rank(there))) folders.set(dirOf(f.path), f.path);
    });
    return { files: build, at, folders };
  });
  indexes.set(files, known);
  return known;
}

/** The build's files whose path is among `among` and that are no rendered stream, in the build's order. */
function heldOf(build: BuildIndex, among: ReadonlySet<string>): ManifestFile[] {
  const places: number[] = [];
  for (const p of among) for (const i of build.at.get(p) ?? []) if (!build.files[i].sourceLines) places.push(i);
  return places.sort((a, b) => a - b).map((i) => build.files[i]);
}

function namedOf(build: BuildIndex): ReadonlySet<string> {
  if (!build.named) {
    const texts = new Map(build.files.map((f) => [f.path, f.text]));
    build.named = referencedFiles(texts, kustomizationDirs(texts));
  }
  return build.named;
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
