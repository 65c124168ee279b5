/**
 * Which kustomization folders Flux's kustomize-controller builds, and so builds with Kustomize's load
 * restrictor off (`LoadRestrictionsNone`, confined to the source's root): the folder a Flux
 * `Kustomization`'s `spec.path` names, and, when that folder has no kustomization file (Flux then writes
 * one listing its manifests and the kustomization folders below it), each kustomization folder below it
 * that no kustomization folder between them hides. Semantics: Flux's Kustomization API reference
 * (kustomize.toolkit.fluxcd.io/v1, "Path" and "Generating a kustomization.yaml file"); fluxcd/pkg's
 * kustomize build (its file system is secured to the source root, with no load restrictor).
 */
import { isObject } from '../manifests/context.js';
import type { ControllerObject } from './controller-objects.js';
import { str } from './controller-objects.js';
import { normalizeFolder, parentOf } from './repo-files.js';

/** The folders Flux Kustomizations among `objects` name in `spec.path` (none: the source's root, ''). */
export function fluxPaths(objects: readonly ControllerObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'FluxKustomization') continue;
    const spec = isObject(o.value.spec) ? o.value.spec : {};
    const path = normalizeFolder(str(spec.path) ?? './');
    if (path !== undefined) out.add(path);
  }
  return out;
}

/**
 * Whether kustomization folder `dir` is built by Flux from one of `paths` (fluxPaths): it is one of them, or
 * lies below one that is no kustomization folder with no kustomization folder in between (`isKustomization`).
 */
export function fluxBuilds(dir: string, paths: ReadonlySet<string>, isKustomization: (folder: string) => boolean): boolean {
  if (paths.has(dir)) return true;
  for (let up = dir; up !== ''; ) {
    up = parentOf(up);
    if (paths.has(up)) return !isKustomization(up);
    if (isKustomization(up)) return false;
  }
  return false;
}
