/**
 * One side's files (a folder, a git revision or the blobs the App loaded) as a tree: which paths and
 * folders exist, what is under a folder, and which of them a glob names. Paths are repository-relative
 * with `/` separators, folders without a trailing slash, the root is `''`.
 */
import picomatch from 'picomatch';
import type { ManifestFile } from '../manifests/load.js';
import { dirOf, foldersAbove, joinPath } from '../util/repo-paths.js';

export class RepoFiles {
  readonly byPath: ReadonlyMap<string, ManifestFile>;
  readonly folders: ReadonlySet<string>;

  /**
   * `treeFolders`: folders of the side's whole tree (a git revision's, every file counted), when known: a
   * folder holding no manifest (`.gitkeep` alone) exists for `isTreeFolder` though `isFolder` does not see it.
   */
  constructor(
    readonly files: readonly ManifestFile[],
    private readonly treeFolders?: ReadonlySet<string>,
  ) {
    this.byPath = new Map(files.map((f) => [f.path, f]));
    this.folders = foldersAbove(files.map((f) => f.path));
  }

  text(path: string): string | undefined {
    return this.byPath.get(path)?.text;
  }

  isFolder(path: string): boolean {
    return this.folders.has(path);
  }

  /**
   * Whether `path` is a folder of the side's tree: one holding manifests, or any file of the tree when the
   * side knows its whole tree (a Flux Kustomization's `spec.path` of a folder kept by a `.gitkeep`, whose build
   * is its `spec.components` alone, exists in the artifact). Without the tree, as `isFolder`.
   */
  isTreeFolder(path: string): boolean {
    return this.folders.has(path) || (this.treeFolders?.has(path) ?? false);
  }

  /**
   * Files under `folder` (all depths, or only its own files when `recurse` is false), in the order of
   * `files`. Found through an index of each folder's own files and subfolders, built on first use: target
   * discovery asks every kustomization's folder, and a scan of all files per question made it quadratic
   * (Kubeflow: ~1 s per side).
   */
  under(folder: string, recurse = true): ManifestFile[] {
    const { own, subfolders } = this.tree();
    if (!recurse) return (own.get(folder) ?? []).map((i) => this.files[i]);
    const at: number[] = [];
    const walk = (f: string) => {
      for (const i of own.get(f) ?? []) at.push(i);
      for (const sub of subfolders.get(f) ?? []) walk(sub);
    };
    walk(folder);
    // Positions sorted as numbers by the typed array's own sort (no comparator called per pair: the root's folder is every file).
    const sorted = Uint32Array.from(at).sort();
    const out: ManifestFile[] = [];
    for (let i = 0; i < sorted.length; i++) out.push(this.files[sorted[i]]);
    return out;
  }

  private index: { readonly own: Map<string, number[]>; readonly subfolders: Map<string, string[]> } | undefined;

  /** Per folder, the positions in `files` of its own files (ascending) and its direct subfolders. */
  private tree(): { readonly own: Map<string, number[]>; readonly subfolders: Map<string, string[]> } {
    if (this.index) return this.index;
    const own = new Map<string, number[]>();
    this.files.forEach((f, i) => {
      const d = dirOf(f.path);
      const list = own.get(d);
      if (list) list.push(i);
      else own.set(d, [i]);
    });
    const subfolders = new Map<string, string[]>();
    for (const d of this.folders) {
      if (d === '') continue;
      const parent = dirOf(d);
      const list = subfolders.get(parent);
      if (list) list.push(d);
      else subfolders.set(parent, [d]);
    }
    return (this.index = { own, subfolders });
  }

  /** Files and folders a glob matches (folders too, so `apps/*\/overlays/prod` names folders). */
  glob(pattern: string): string[] {
    const match = picomatch(pattern, { dot: true });
    return [...this.folders, ...this.byPath.keys()].filter((p) => p !== '' && match(p)).sort();
  }
}

/** `./apps/web/` → `apps/web`: how controllers and config write folders, as repository paths. */
export function normalizeFolder(path: string): string | undefined {
  return joinPath('', path.trim());
}

export function hasGlob(path: string): boolean {
  return /[*?[\]{}!]/.test(path);
}
