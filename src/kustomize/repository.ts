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
import type { RenderResult } from './types.js';
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
 * kustomization files alone (resources, bases, components entries that are folders), so it is cheap.
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
      for (const key of ['resources', 'bases', 'components']) {
        for (const e of Array.isArray(k[key]) ? k[key] : []) {
          const path = typeof e === 'string' ? joinPath(dir, e) : undefined;
          if (path !== undefined && path !== dir && fs.isDir(path)) included.add(path);
        }
      }
    }
  }
  return dirs.filter((d) => !included.has(d) && !components.has(d));
}

export function renderRepository(files: ReadonlyMap<string, string>, roots: readonly string[] = topLevelKustomizations(files)): RepositoryRender {
  const dirs = kustomizationDirs(files);
  const shared = renderWithin(files);
  const results = roots.map((dir) => renderCached(files, dir, shared));
  const claimed = new Set<string>();
  const inKustomizationDir = new Set(dirs);
  for (const path of files.keys()) if (inKustomizationDir.has(dirOf(path))) claimed.add(path);
  for (const r of results) for (const path of r.used.keys()) claimed.add(path);
  return { results, claimed, kustomizationDirs: dirs };
}

export type { Diagnostic, SourceRef };
