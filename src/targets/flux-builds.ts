/**
 * Which kustomization folders Flux's kustomize-controller builds, and so builds with Kustomize's load
 * restrictor off (`LoadRestrictionsNone`, confined to the source's root): the folder a Flux
 * `Kustomization`'s `spec.path` names, and, when that folder has no kustomization file (Flux then writes
 * one listing its manifests and the kustomization folders below it), each kustomization folder below it
 * that no kustomization folder between them hides. This holds whatever the Kustomization's source: one
 * whose source is not this repository is no target (flux.ts, `EXTERNAL_SOURCE`), yet a folder here that
 * its path names is still one Flux builds, and the layout's target for it builds the same way.
 * Semantics: Flux's Kustomization API reference (kustomize.toolkit.fluxcd.io/v1, "Path" and "Generating a
 * kustomization.yaml file"); fluxcd/pkg's kustomize build (its file system is secured to the source root,
 * with no load restrictor).
 */
import { isObject } from '../manifests/context.js';
import type { ControllerObject } from './controller-objects.js';
import { str } from './controller-objects.js';
import { normalizeFolder } from './repo-files.js';
import { dirOf, joinPath } from '../util/repo-paths.js';
import type { FluxArtifact } from './flux-source-ignore.js';

/**
 * Folder → the first Flux Kustomization whose `spec.path` names it (fluxPaths); `artifacts`, when asked for: the
 * artifact each of those builds from (a GitRepository's: flux.ts `fluxArtifact`), whose exclusions its build applies.
 */
export type FluxPaths = Map<string, ControllerObject> & { artifacts?: ReadonlyMap<ControllerObject, FluxArtifact> };

/**
 * The folders Flux Kustomizations among `objects` name in `spec.path` (none: the source's root), each with
 * the first Kustomization naming it; `isFolder`: whether a path is a folder of this repository.
 * A path is relative to the source's root. For a GitRepository that is a repository's root (this one's,
 * or another's, whose paths say nothing of this tree). An artifact source (an OCIRepository, a Bucket) is
 * often pushed from a folder of this repository (`flux push artifact --path=./kubernetes`, the Flux
 * Operator's OCI sync), whose root then holds the Kustomization's own file when it syncs from the source it
 * names, as a cluster's `flux-system` sync does. So the path is taken from the repository's root when it
 * names a folder there or the source is a GitRepository; else from the shallowest folder above the
 * Kustomization's file (`ref.file`) under which it names one; else from the root as written. An artifact's
 * own root (`./`, no path) names no folder here: every tree has a root, so it proves nothing.
 */
export function fluxPaths(objects: readonly ControllerObject[], isFolder: (path: string) => boolean, artifactOf?: (ks: ControllerObject) => FluxArtifact | undefined): FluxPaths {
  const out: FluxPaths = new Map();
  for (const o of objects) {
    if (o.kind !== 'FluxKustomization') continue;
    const path = fluxPathFolder(o, isFolder);
    if (path !== undefined && !out.has(path)) out.set(path, o);
  }
  if (!artifactOf) return out;
  const artifacts = new Map([...out.values()].flatMap((ks) => {
    const a = artifactOf(ks);
    return a ? [[ks, a] as const] : [];
  }));
  return Object.assign(out, { artifacts });
}

/**
 * The artifact `ks` (a Kustomization of `paths`) builds from, as a layout target's field: a folder Flux builds is
 * built from its source's artifact, without the files that leaves out (flux-source-ignore.ts). None when unknown.
 */
export function builtFromArtifact(paths: FluxPaths, ks: ControllerObject): { fluxArtifact?: FluxArtifact } {
  const artifact = paths.artifacts?.get(ks);
  return artifact ? { fluxArtifact: artifact } : {};
}

/** The folder of this repository a Flux Kustomization's `spec.path` names (fluxPaths), or undefined when it climbs above the root. */
export function fluxPathFolder(ks: ControllerObject, isFolder: (path: string) => boolean): string | undefined {
  return fluxPathRoot(ks, isFolder)?.path;
}

/**
 * The folder a Flux Kustomization's `spec.path` names (`path`, as fluxPathFolder) and the folder of this repository
 * taken as its source's root (`root`, `''` the repository's): a GitRepository's is the repository's; an artifact
 * source's is the folder above the Kustomization's file under which the path names a folder, when the repository's
 * root does not (fluxPaths). Undefined when the path climbs above the root.
 */
export function fluxPathRoot(ks: ControllerObject, isFolder: (path: string) => boolean): { readonly path: string; readonly root: string } | undefined {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const sourceKind = (isObject(spec.sourceRef) ? str(spec.sourceRef.kind) : undefined) ?? 'GitRepository';
  const written = str(spec.path) ?? './';
  const fromRoot = normalizeFolder(written);
  const at = (path: string | undefined, root = '') => (path === undefined ? undefined : { path, root });
  if (sourceKind === 'GitRepository' || written.includes('${')) return at(fromRoot);
  if (fromRoot === '') return undefined;
  if (fromRoot === undefined || isFolder(fromRoot)) return at(fromRoot);
  const above: string[] = [];
  for (let d = dirOf(ks.ref.file); d !== ''; d = dirOf(d)) above.unshift(d);
  for (const root of above) {
    const path = joinPath(root, written.trim());
    if (path !== undefined && isFolder(path)) return at(path, root);
  }
  return at(fromRoot);
}

/**
 * The path of `paths` (fluxPaths) whose Flux build builds kustomization folder `dir`: `dir` itself, or one
 * above it that is no kustomization folder, with no kustomization folder in between (`isKustomization`);
 * undefined when Flux builds none.
 */
export function fluxBuildPath(dir: string, paths: ReadonlyMap<string, unknown>, isKustomization: (folder: string) => boolean): string | undefined {
  if (paths.has(dir)) return dir;
  for (let up = dir; up !== ''; ) {
    up = dirOf(up);
    if (paths.has(up)) return isKustomization(up) ? undefined : up;
    if (isKustomization(up)) return undefined;
  }
  return undefined;
}

/** Whether kustomization folder `dir` is built by Flux from one of `paths` (fluxBuildPath). */
export function fluxBuilds(dir: string, paths: ReadonlyMap<string, unknown>, isKustomization: (folder: string) => boolean): boolean {
  return fluxBuildPath(dir, paths, isKustomization) !== undefined;
}
