/**
 * A parent Flux Kustomization's post-build variables reach the Flux Kustomizations its build deploys: Flux
 * substitutes `${VAR}` in every object of its build, those objects included (Flux's Kustomization API
 * reference, "Post build variable substitution": on the build's output, object by object), so a child is
 * applied with the parent's values in every field — its `path` (`./kubernetes/apps/${CLUSTER}/cilium`), its
 * `targetNamespace`, its own `postBuild.substitute` (`VPS_IP: "${VPS_IP}"` passed on). Without this a child's
 * path read `${CLUSTER}` and was taken for a template (joryirving/home-ops: cilium-config, tuppr, multus not
 * deployed), and a child's passed-on `${VPS_IP}` stayed literal, making its `toCIDRSet` an error
 * (deedee-ops/home-ops).
 *
 * The parent of a Flux Kustomization is the one whose `path` folder, as its own parent expanded it, holds the
 * child's file (the deepest such folder). Its values are its inline `postBuild.substitute` over those of the
 * objects `substituteFrom` names (substitute-from.ts), as Flux applies them; a parent without `postBuild`
 * substitutes nothing, and a child labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
 * is applied as written. A string naming a variable the parent does not set stays as written (Flux would
 * empty it): the notices about unset variables and template paths still name it.
 */
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { expandVariables } from '../manifests/flux-variables.js';
import { substitutionDisabled } from '../manifests/post-build-substitution.js';
import type { ControllerObject } from './controller-objects.js';
import { controllerObject, str, stringMap } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import { substitutionsFrom } from './substitute-from.js';
import { inFolder } from '../util/repo-paths.js';

/**
 * `objects` with every Flux Kustomization expanded with its parent's variables (a new object where a field
 * changed, the same one elsewhere; parents first, so a chain of pass-throughs carries a value down).
 */
export function withParentSubstitutions(objects: readonly ControllerObject[], files: RepoFiles): ControllerObject[] {
  const flux = objects.filter((o) => o.kind === 'FluxKustomization');
  if (!flux.some((o) => JSON.stringify(o.value).includes('${'))) return [...objects];
  // Each round expands every Kustomization as written from its parent as the last round applied it: a
  // parent's path or values that its own parent sets are known one round later. Rounds stop when nothing
  // changes (at most one per level of nesting, bounded against cycles).
  let applied = new Map(flux.map((o) => [o, o] as const));
  for (let round = 0; round <= flux.length; round++) {
    const folders = flux.map((o) => pathOf(applied.get(o)!));
    const next = new Map<ControllerObject, ControllerObject>();
    let changed = false;
    for (const o of flux) {
      const parent = parentKustomization(o, flux, folders);
      const values = parent === undefined ? undefined : variablesOf(applied.get(parent)!, files);
      const out = values && Object.keys(values).length > 0 && !substitutionDisabled(o.value) ? expanded(o, values) : o;
      next.set(o, out);
      if (JSON.stringify(out.value) !== JSON.stringify(applied.get(o)!.value)) changed = true;
    }
    applied = next;
    if (!changed) break;
  }
  return objects.map((o) => applied.get(o) ?? o);
}

/** The deepest of `flux` (never `o`) whose path folder (`folders`, by index; undefined: none) holds `o`'s file. */
function parentKustomization(o: ControllerObject, flux: readonly ControllerObject[], folders: readonly (string | undefined)[]): ControllerObject | undefined {
  const i = deepestHolder(o.ref.file, folders.map((f, k) => (flux[k] === o ? undefined : f)));
  return i === undefined ? undefined : flux[i];
}

/**
 * The index of the deepest of `folders` (repository folders, `''` or `.` the top, a trailing `/` ignored;
 * undefined: no folder) that holds `file`: how a Flux Kustomization's parent is found, the Kustomization whose
 * build applies the file (its `path` folder holds it). Undefined when none does.
 */
export function deepestHolder(file: string, folders: readonly (string | undefined)[]): number | undefined {
  let best: { readonly index: number; readonly depth: number } | undefined;
  folders.forEach((written, index) => {
    if (written === undefined) return;
    const folder = written === '.' ? '' : written.replace(/\/$/, '');
    const holds = inFolder(file, folder);
    if (holds && (best === undefined || folder.length > best.depth)) best = { index, depth: folder.length };
  });
  return best?.index;
}

/** `spec.path` as a folder of the repository (`''`: the top), undefined when absent or invalid. */
function pathOf(o: ControllerObject): string | undefined {
  const spec = isObject(o.value.spec) ? o.value.spec : {};
  const folder = normalizeFolder(str(spec.path) ?? './');
  if (folder === undefined) return undefined;
  return folder === '.' ? '' : folder.replace(/\/$/, '');
}

/** The post-build variables a Flux Kustomization applies to its build's objects; undefined without `postBuild`. */
function variablesOf(o: ControllerObject, files: RepoFiles): Record<string, string> | undefined {
  const spec = isObject(o.value.spec) ? o.value.spec : {};
  if (!isObject(spec.postBuild)) return undefined;
  // Notices about substituteFrom are the parent's own target's to give (flux.ts): not said twice here.
  const from = substitutionsFrom(o, spec.postBuild.substituteFrom, files, []).values;
  return { ...from, ...(stringMap(spec.postBuild.substitute) ?? {}) };
}

/** `o` with its strings expanded from `values`; a string naming a variable without a value stays as written. */
function expanded(o: ControllerObject, values: Readonly<Record<string, string>>): ControllerObject {
  let changed = false;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return node;
      const missing = new Set<string>();
      const out = expandVariables(node, values, missing);
      if (missing.size > 0 || out === node) return node;
      changed = true;
      return out;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  const value = walk(o.value) as Json;
  if (!changed) return o;
  return controllerObject(value, o.ref, o.via) ?? o;
}
