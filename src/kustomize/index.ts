/**
 * The Kustomize renderer: `kustomize build` for the features GitOps repositories use, pure over a file
 * set, with every object's mappings and sequences traced to the file and line they came from.
 *
 * - `renderKustomization(files, dir)`: one build. `files` maps repository-relative paths (`/`
 *   separators, no leading `./`) to their text; `dir` is the kustomization folder ('' for the root).
 *   Returns a `RenderResult`: `objects` (each `{ value, ref, generated }`), `positions` (node →
 *   `{file, line}`: the resource file, or the patch, transformer entry or replacement that last changed
 *   it), `diagnostics` (a failed build is one KUSTOMIZE_BUILD_FAILED error at the offending line, never
 *   an exception; features not rendered are KUSTOMIZE_NOT_RENDERED warnings; commonLabels narrowing a
 *   NetworkPolicy peer is KUSTOMIZE_LABEL_NARROWS_PEER; a `namespace:` replacing the namespace a
 *   NetworkPolicy document writes is KUSTOMIZE_NAMESPACE_REPLACED), `used` (file → how it was used) and
 *   `includes` (kustomization folders it pulled in).
 * - `renderRepository(files)`: every top-level kustomization (`topLevelKustomizations`) rendered, and
 *   `claimed`, the files the loader must not read as plain manifests.
 * - `isKustomizationPath(path)`: `kustomization.yaml`, `kustomization.yml` or `Kustomization`.
 *
 * Semantics follow kustomize v5 (kubectl kustomize); `npm run kustomize:compare -- DIR` checks them
 * against `kubectl kustomize` on any folder tree.
 */
import { renderWithin } from './render-one.js';
import type { RenderResult } from './types.js';

export function renderKustomization(files: ReadonlyMap<string, string>, dir: string): RenderResult {
  return renderWithin(files).render(dir);
}

export { renderWithin } from './render-one.js';
export { clearRenderCache, renderCached } from './render-cache.js';
export type { Renderer } from './render-one.js';
export { renderRepository, topLevelKustomizations, kustomizationDirs, referencedFiles } from './repository.js';
export type { RepositoryRender } from './repository.js';
export { isKustomizationKey, isKustomizationPath, kustomizationKey, KUSTOMIZATION_FILE_NAMES } from './file-set.js';
export { isRemote } from './render.js';
export type { FileUse, Json, LoadRestrictor, Positions, RenderedObject, RenderResult, UnrenderedChart } from './types.js';
