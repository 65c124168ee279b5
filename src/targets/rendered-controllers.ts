/**
 * GitOps controller objects that kustomizations use are read as those kustomizations render them, the
 * way the controller that applies them sees them: a Flux `Kustomization` in a tenant base whose
 * `spec.path` an overlay patches deploys the patched path (once per overlay that includes the base), and
 * the overlay's patch file is a patch, not a second object. Files no kustomization uses are read as
 * committed (controller-objects.ts). A build a Flux Kustomization renders runs as Flux runs it, without
 * Kustomize's load restrictor (flux-builds.ts). Semantics: Kustomize builds (kustomize.config.k8s.io/v1beta1) as
 * src/kustomize renders them; Flux's kustomize-controller applies the built objects.
 */
import type { LoadRestrictor, RenderResult } from '../kustomize/index.js';
import { kustomizationDirs, referencedFiles, renderRepository, topLevelKustomizations } from '../kustomize/index.js';
import type { ControllerObject } from './controller-objects.js';
import { MENTIONS_CONTROLLER, controllerObject, findControllerObjects } from './controller-objects.js';
import { hasFact } from './text-facts.js';
import { fluxBuildPath, fluxBuilds, fluxPaths } from './flux-builds.js';
import { kustomizationClosure } from './kustomizations.js';
import type { SideIndex } from './target-files.js';
import type { Notice } from './types.js';
import type { FailedBuild } from './unapplied-builds.js';
import { deployedFolders, unappliedBuildNotice } from './unapplied-builds.js';
import { dirOf } from '../util/repo-paths.js';
import { isObject } from '../manifests/context.js';

export interface RenderedControllers {
  /** Controller objects of the builds that use files holding them; `via` is the rendered kustomization folder. */
  readonly objects: readonly ControllerObject[];
  /** Files kustomizations use (read through their builds, or not at all): not read as committed. */
  readonly claimed: ReadonlySet<string>;
  /**
   * Failing top-level builds no controller object deploys: the files of controller objects only they use, left
   * unclaimed (read as committed), and the notice saying so (unapplied-builds.ts).
   */
  readonly unapplied?: { readonly files: ReadonlySet<string>; readonly notice: Notice; readonly builds: readonly FailedBuild[]; readonly objects: readonly ControllerObject[] };
}

/**
 * A controller object read as written from a failing build's file (`unapplied.files`), in the namespace that
 * build's kustomization sets (`namespace:`), as every apply of it did before it failed: Kustomize's namespace
 * transformer sets it on every namespaced object, and these kinds all are (a Flux Kustomization's sourceRef
 * namespace then defaults to it). Any other object as it is.
 */
export function inBuildNamespace(o: ControllerObject, side: SideIndex, unapplied: RenderedControllers['unapplied']): ControllerObject {
  if (unapplied === undefined || o.via !== undefined || !unapplied.files.has(o.ref.file)) return o;
  const build = unapplied.builds.find((b) => b.holders.includes(o.ref.file));
  const namespace = build && side.kustomizations.get(build.dir)?.namespace;
  if (!namespace || namespace === o.namespace) return o;
  const metadata = isObject(o.value.metadata) ? o.value.metadata : {};
  return { ...o, namespace, value: { ...o.value, metadata: { ...metadata, namespace } } };
}

/**
 * The controller objects of `side` that kustomizations use, from the renders of the top-level
 * kustomizations that use them. `readable`: files the side may read at all. A build that fails yields no
 * controller objects, as the controller applies nothing from it (its error is the analysis's to report);
 * its files are not read as committed either (a patch file is no object) — unless no controller object
 * deploys that build: then the files only it uses are left unclaimed, read as committed, with a notice
 * (unapplied-builds.ts).
 */
export function renderedControllerObjects(side: SideIndex, readable: (path: string) => boolean): RenderedControllers {
  const none: RenderedControllers = { objects: [], claimed: new Set() };
  if (side.kustomizations.size === 0) return none;
  const { files } = side;
  const holders = files.files.filter((f) => readable(f.path) && hasFact(f, MENTIONS_CONTROLLER)).map((f) => f.path);
  if (holders.length === 0) return none;
  const holderSet = new Set(holders);
  const texts = new Map(files.files.map((f) => [f.path, f.text]));
  const dirs = kustomizationDirs(texts);
  const inDir = new Set(dirs);
  const referenced = referencedFiles(texts, dirs);
  const used = new Set(holders.filter((p) => inDir.has(dirOf(p)) || referenced.has(p)));
  if (used.size === 0) return none;
  // Only the top-level builds that read such a file are rendered (a large repository has many others).
  const roots = topLevelKustomizations(texts).filter((dir) => {
    const k = side.kustomizations.get(dir);
    return k !== undefined && kustomizationClosure(k, side.kustomizations, files).consumed.some((p) => used.has(p));
  });
  // Builds Flux renders run without Kustomize's load restrictor (flux-builds.ts): the Flux Kustomizations
  // written in the files name some; those the renders yield may name more, whose builds are then redone.
  const isFolder = (p: string) => files.isFolder(p);
  const committed = findControllerObjects(files, (p) => holderSet.has(p));
  const paths = fluxPaths(committed, isFolder);
  const isKustomization = (folder: string) => side.kustomizations.has(folder);
  const restrictor = (dir: string): LoadRestrictor => (fluxBuilds(dir, paths, isKustomization) ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly');
  let results = renderRepository(texts, roots, restrictor).results;
  for (let more = true; more; ) {
    const before = paths.size;
    for (const [p, o] of fluxPaths(renderedObjects(results), isFolder)) if (!paths.has(p)) paths.set(p, o);
    more = paths.size > before && results.some((r) => r.loadRestrictor === undefined && restrictor(r.dir) === 'LoadRestrictionsNone');
    if (more) results = renderRepository(texts, roots, restrictor).results;
  }
  const objects = renderedObjects(results);
  // A file in a kustomization folder that no build uses is not deployed either (its objects are nobody's).
  const unapplied = unappliedBuilds(results, side, used, [...committed, ...objects], (dir) => {
    // A sub-build of a Flux Kustomization's path, which Flux's generated kustomization lists (flux-builds.ts): that Kustomization builds it.
    const path = fluxBuildPath(dir, paths, isKustomization);
    const ks = path === undefined || path === dir ? undefined : paths.get(path);
    return ks && path !== undefined ? { name: ks.name, ref: ks.ref, path } : undefined;
  });
  if (unapplied.length === 0) return { objects, claimed: used };
  const unclaimed = new Set(unapplied.flatMap((b) => b.holders));
  const asWritten = findControllerObjects(files, (p) => unclaimed.has(p));
  const notice = unappliedBuildNotice(unapplied, asWritten);
  return { objects, claimed: new Set([...used].filter((p) => !unclaimed.has(p))), ...(notice ? { unapplied: { files: unclaimed, notice, builds: unapplied, objects: asWritten } } : {}) };
}

/**
 * The top-level builds that fail, that no controller object (`objects`, committed or rendered) names as what it
 * deploys, with the controller-object files (`used`) they use and no build that works uses; `builtBy`: the Flux
 * Kustomization whose path's generated kustomization lists such a build, if one does.
 */
function unappliedBuilds(results: readonly RenderResult[], side: SideIndex, used: ReadonlySet<string>, objects: readonly ControllerObject[], builtBy: (dir: string) => FailedBuild['builtBy']): FailedBuild[] {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return [];
  const deployed = deployedFolders(objects);
  const closure = (dir: string) => {
    const k = side.kustomizations.get(dir);
    return k ? kustomizationClosure(k, side.kustomizations, side.files).consumed.filter((p) => used.has(p)) : [];
  };
  const working = new Set(results.filter((r) => r.ok).flatMap((r) => closure(r.dir)));
  const out: FailedBuild[] = [];
  for (const r of failed) {
    if (deployed(r.dir)) continue;
    const holders = closure(r.dir).filter((p) => !working.has(p));
    const by = holders.length ? builtBy(r.dir) : undefined;
    if (holders.length) out.push({ dir: r.dir, error: r.diagnostics.find((d) => d.code === 'KUSTOMIZE_BUILD_FAILED' && d.severity === 'error'), holders, ...(by ? { builtBy: by } : {}) });
  }
  return out;
}

/** The controller objects of `results`' builds, each with the folder rendered. */
function renderedObjects(results: readonly RenderResult[]): ControllerObject[] {
  const objects: ControllerObject[] = [];
  for (const result of results) {
    for (const o of result.objects) {
      const object = controllerObject(o.value, o.ref, result.dir);
      if (object) objects.push(object);
    }
  }
  return objects;
}
