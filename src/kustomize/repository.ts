/**
 * Renders a whole file set: every kustomization folder that no other kustomization includes (the
 * top-level ones; a Component is never rendered on its own), and which files the renders claim — the
 * files of kustomization folders and every file a kustomization used — so that the loader reads only
 * the rest as plain manifests.
 */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { dirOf, fileSetOf, isKustomizationPath, joinPath } from './file-set.js';
import { renderWithin } from './render-one.js';
import { renderCached } from './render-cache.js';
import type { LoadRestrictor, RenderResult } from './types.js';
import { isMap } from './nodes.js';

export interface RepositoryRender {
  /** One result per top-level kustomization, by folder. */
  readonly results: readonly RenderResult[];
  /** Files the renders own: never read as plain manifests. */
  readonly claimed: ReadonlySet<string>;
  /** Every folder holding a kustomization file. */
  readonly kustomizationDirs: readonly string[];
}

export function kustomizationDirs(files: ReadonlyMap<string, string>): string[] {
  return [...new Set([...files.keys()].filter(isKustomizationPath).map(dirOf))].sort();
}

/**
 * The kustomization folders no other kustomization includes, Components left out. Read from the
 * kustomization files alone (resources, bases, components entries that are folders, and folders of plugin
 * configurations that transformers, generators or validators name), so it is cheap.
 */
export function topLevelKustomizations(files: ReadonlyMap<string, string>): string[] {
  const fs = fileSetOf(files);
  const dirs = kustomizationDirs(files);
  const included = new Set<string>();
  const components = new Set<string>();
  for (const dir of dirs) {
    for (const file of fs.kustomizationFiles(dir)) {
      const doc = fs.documents(file).find((d) => isMap(d.value));
      const k = doc?.value;
      if (!isMap(k)) continue;
      if (k.kind === 'Component') components.add(dir);
      // A folder a plugin field names holds plugin configurations (Kustomize builds it for the transformer
      // or generator objects it yields): part of the build that names it, never a deployment of its own.
      for (const key of ['resources', 'bases', 'components', 'transformers', 'generators', 'validators']) {
        for (const e of Array.isArray(k[key]) ? k[key] : []) {
          const path = typeof e === 'string' ? joinPath(dir, e) : undefined;
          if (path !== undefined && path !== dir && fs.isDir(path)) included.add(path);
        }
      }
    }
  }
  return dirs.filter((d) => !included.has(d) && !components.has(d));
}

/** `loadRestrictor`: each root's (default: Kustomize's, `LoadRestrictionsRootOnly`). */
export function renderRepository(files: ReadonlyMap<string, string>, roots: readonly string[] = topLevelKustomizations(files), loadRestrictor: (dir: string) => LoadRestrictor = () => 'LoadRestrictionsRootOnly'): RepositoryRender {
  const dirs = kustomizationDirs(files);
  const shared = renderWithin(files);
  const results = roots.map((dir) => renderCached(files, dir, shared, loadRestrictor(dir)));
  const claimed = new Set<string>();
  const inKustomizationDir = new Set(dirs);
  for (const path of files.keys()) if (inKustomizationDir.has(dirOf(path))) claimed.add(path);
  for (const r of results) for (const path of r.used.keys()) claimed.add(path);
  // A build that failed stopped before using everything it names: what any kustomization names is its
  // own all the same (a patch under `patches/` is never a Deployment of namespace `default`).
  for (const path of referencedFiles(files, dirs)) claimed.add(path);
  return { results, claimed, kustomizationDirs: dirs };
}

/** Fields of a kustomization whose strings (or entries' `path`, generators' `files`/`envs`) name local files. */
const FILE_LISTS = ['resources', 'bases', 'components', 'patchesStrategicMerge', 'crds', 'configurations', 'transformers', 'generators', 'validators'];
const PATH_ENTRIES = ['patches', 'patchesJson6902', 'replacements'];
const GENERATORS = ['configMapGenerator', 'secretGenerator'];

/**
 * Every file of `files` that a kustomization file names, read from the kustomization files alone (no
 * build): resources, patches, replacement sources, generator inputs, configurations. A name with a `=`
 * (generator `key=path`) is read after it; inline patches and remote resources name no file.
 */
export function referencedFiles(files: ReadonlyMap<string, string>, dirs: readonly string[] = kustomizationDirs(files)): Set<string> {
  const fs = fileSetOf(files);
  const out = new Set<string>();
  const add = (dir: string, rel: unknown) => {
    if (typeof rel !== 'string' || rel.includes('\n')) return;
    const path = joinPath(dir, rel.includes('=') ? rel.slice(rel.indexOf('=') + 1) : rel);
    if (path !== undefined && files.has(path)) out.add(path);
  };
  for (const dir of dirs) {
    for (const file of fs.kustomizationFiles(dir)) {
      for (const doc of fs.documents(file)) {
        const k = doc.value;
        if (!isMap(k)) continue;
        const list = (key: string): unknown[] => (Array.isArray(k[key]) ? (k[key] as unknown[]) : []);
        for (const key of FILE_LISTS) for (const e of list(key)) add(dir, e);
        for (const key of PATH_ENTRIES) for (const e of list(key)) if (isMap(e)) add(dir, e.path);
        for (const key of GENERATORS) {
          for (const g of list(key)) {
            if (!isMap(g)) continue;
            for (const field of ['files', 'envs']) for (const f of Array.isArray(g[field]) ? (g[field] as unknown[]) : []) add(dir, f);
            add(dir, g.env);
          }
        }
      }
    }
  }
  return out;
}

export type { Diagnostic, SourceRef };
