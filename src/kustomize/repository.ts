/**
 * Renders a whole file set: every kustomization folder that no other kustomization includes (the
 * top-level ones; a Component is never rendered on its own), and which files the renders claim — the
 * files of kustomization folders and every file a kustomization used — so that the loader reads only
 * the rest as plain manifests.
 */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { fileSetOf, isKustomizationPath } from './file-set.js';
import type { FileSet } from './file-set.js';
import { renderWithin } from './render-one.js';
import { renderCached } from './render-cache.js';
import type { LoadRestrictor, RenderResult } from './types.js';
import { isMap } from './nodes.js';
import { withFieldNames } from './field-names.js';
import { dirOf, joinPath } from '../util/repo-paths.js';

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
  // Asked twice of one map by the rollback's reload (its orphans, then its roots): found once per map, as its file set is.
  let tops = topLevelOf.get(files);
  if (!tops) topLevelOf.set(files, (tops = findTopLevel(files)));
  return [...tops];
}

const topLevelOf = new WeakMap<ReadonlyMap<string, string>, readonly string[]>();

function findTopLevel(files: ReadonlyMap<string, string>): string[] {
  const fs = fileSetOf(files);
  const dirs = kustomizationDirs(files);
  const included = new Set<string>();
  const components = new Set<string>();
  for (const dir of dirs) {
    for (const file of fs.kustomizationFiles(dir)) {
      const named = namedFolders(fs, file, dir);
      if (!named) continue;
      if (named.component) components.add(dir);
      for (const path of named.paths) if (fs.isDir(path)) included.add(path);
    }
  }
  return dirs.filter((d) => !included.has(d) && !components.has(d));
}

/**
 * What one kustomization file says of the folders it includes: whether it is a Component, and the paths
 * (resolved from `dir`, `dir` itself left out) of its entries that may be folders. Undefined when the file
 * holds no map. Kept per parse of its text and path: the rollback search asks for the top-level folders
 * of head with a few files reverted, hundreds of times (re17-HomeLab 0d921485: 0.3 s resolving the same
 * entries again).
 */
function namedFolders(fs: FileSet, file: string, dir: string): { component: boolean; paths: readonly string[] } | undefined {
  const docs = fs.documents(file);
  let byFile = namedByParse.get(docs);
  if (!byFile) namedByParse.set(docs, (byFile = new Map()));
  if (byFile.has(file)) return byFile.get(file);
  const doc = docs.find((d) => isMap(d.value))?.value;
  // Keys in another case are the fields they name (field-names.ts).
  const k = isMap(doc) ? withFieldNames(doc) : undefined;
  let out: { component: boolean; paths: string[] } | undefined;
  if (k !== undefined) {
    out = { component: k.kind === 'Component', paths: [] };
    // A folder a plugin field names holds plugin configurations (Kustomize builds it for the transformer
    // or generator objects it yields): part of the build that names it, never a deployment of its own.
    for (const key of ['resources', 'bases', 'components', 'transformers', 'generators', 'validators']) {
      for (const e of Array.isArray(k[key]) ? k[key] : []) {
        const path = typeof e === 'string' ? joinPath(dir, e) : undefined;
        if (path !== undefined && path !== dir) out.paths.push(path);
      }
    }
  }
  byFile.set(file, out);
  return out;
}

const namedByParse = new WeakMap<readonly unknown[], Map<string, { component: boolean; paths: readonly string[] } | undefined>>();

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
        if (!isMap(doc.value)) continue;
        const k = withFieldNames(doc.value);
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
