/**
 * Retired configuration: GitOps repositories keep what they no longer deploy in an `archive/`, `.archive/`
 * or `_archive/` folder (onedr0p/home-ops, bjw-s/home-ops, xunholy/k8s-gitops: dozens of apps each, their
 * Flux Kustomizations and kustomization folders kept as they were). Flux deploys what its Kustomizations'
 * builds read, starting from the cluster's entry points, so a file is deployed only when the build of a
 * deployed Kustomization reads it. The folder name alone decides nothing: a file under such a folder that a
 * deployed build reads (a `resources: [../../archive/x]`) is deployed. What decides is reachability: a
 * Flux Kustomization is deployed when it lies outside every retired folder (an entry point, or reached
 * from one: which of those the cluster applies is not known here), or when the build of a deployed one
 * reads its file; a retired file no deployed build reads is not deployed. Read as deployments, the retired
 * Kustomizations made dozens of "path does not exist" notes (their paths were moved), or became targets
 * of their own, and the retired kustomization folders were layout targets (real-eval: onedr0p/home-ops
 * 1c24dfb5d0, 79 such notes; xunholy/k8s-gitops 101ca8542, 30-odd `.archive/` targets).
 * What a build reads: Flux's kustomize-controller builds the folder `spec.path` names; a folder without a
 * kustomization file gets a generated one listing its manifests and the kustomization folders below it
 * (flux-builds.ts), and a kustomization folder reads what its closure consumes (kustomizations.ts).
 */
import type { ControllerObject } from './controller-objects.js';
import { fluxBuildPath, fluxPathFolder } from './flux-builds.js';
import { invalidSourceRef } from './flux.js';
import { kustomizationClosure } from './kustomizations.js';
import type { SideIndex } from './target-files.js';
import type { Notice } from './types.js';
import { firstAndMore } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

/**
 * A folder that holds retired configuration by convention (`archive`, `.archive`, `_archive`, `archived`, any
 * case): the name as a folder segment of a path, after the path's start or a `/` and followed by `/`.
 */
const RETIRED_FOLDER = /(?:^|\/)[._]?archived?\//i;

/** The retired folder holding `path` (`.archive/`, `kubernetes/archive/`: the outermost), undefined when none. */
export function retiredFolder(path: string): string | undefined {
  // The leftmost match is the outermost folder, and ends after its `/`. Asked of every file of every side: no split.
  const m = RETIRED_FOLDER.exec(path);
  return m === null ? undefined : path.slice(0, m.index + m[0].length);
}


/** What of a side's retired folders nothing deployed builds. */
export interface UnbuiltRetired {
  /** Flux Kustomizations under retired folders that no deployed build reads: no deployments. */
  readonly kustomizations: readonly ControllerObject[];
  /** Files under retired folders that no deployed build reads. */
  readonly files: ReadonlySet<string>;
  /** The retired folders those are in, sorted. */
  readonly folders: readonly string[];
}

const NONE: UnbuiltRetired = { kustomizations: [], files: new Set(), folders: [] };

/**
 * The Flux Kustomizations among `objects` and the files of `side` under retired folders that no deployed
 * Flux Kustomization's build reads (see the file's comment). `objects`: the side's controller objects
 * (fixtures and templates already left out). Nothing when the side has no retired file or no Flux
 * Kustomization outside retired folders (then no known build decides what is deployed).
 */
export function unbuiltRetired(side: SideIndex, objects: readonly ControllerObject[]): UnbuiltRetired {
  const retiredFiles = side.files.files.map((f) => f.path).filter((p) => retiredFolder(p) !== undefined);
  const flux = objects.filter((o) => o.kind === 'FluxKustomization' && invalidSourceRef(o) === undefined);
  if (retiredFiles.length === 0 || flux.length === 0) return NONE;
  const unread = unreadByDeployedBuilds(side, flux, retiredFiles);
  if (unread === undefined || unread.files.size === 0) return NONE;
  const { files, kustomizations } = unread;
  return { kustomizations, files, folders: [...new Set([...files].map((p) => retiredFolder(p)!))].sort() };
}

/**
 * Of `candidates` (files of `side`), those no deployed Flux Kustomization's build reads, and the Kustomizations
 * among `flux` they hold. Deployed: every Kustomization outside the candidates (an entry point, or reached from
 * one: which of those the cluster applies is not known here), and every one a deployed build reads, followed
 * until no more are reached. Undefined when every Kustomization is a candidate (no entry point is known, so
 * nothing is decided). What a build reads: see the file's comment, less what `leftOut` says a Kustomization's
 * source artifact leaves out (flux-artifact-kustomizations.ts; one function for each artifact, undefined: none).
 */
export function unreadByDeployedBuilds(side: SideIndex, flux: readonly ControllerObject[], candidates: readonly string[], leftOut: (ks: ControllerObject) => ((path: string) => boolean) | undefined = () => undefined): { readonly files: ReadonlySet<string>; readonly kustomizations: readonly ControllerObject[] } | undefined {
  const candidate = new Set(candidates);
  const isKustomization = (folder: string) => side.kustomizations.has(folder);
  const consumed = new Map<string, readonly string[]>();
  const consumedBy = (folder: string) => {
    if (!consumed.has(folder)) consumed.set(folder, kustomizationClosure(side.kustomizations.get(folder)!, side.kustomizations, side.files).consumed);
    return consumed.get(folder)!;
  };
  const read = new Set<string>();
  /** The folders built, for each artifact's exclusions (undefined: none). */
  const builtFrom = new Map<((path: string) => boolean) | undefined, Set<string>>();
  /** The candidate files the build of folder `path` reads from an artifact that leaves out what `excluded` says, added to `read`. */
  const build = (path: string, excluded?: (path: string) => boolean) => {
    const built = builtFrom.get(excluded) ?? builtFrom.set(excluded, new Set()).get(excluded)!;
    if (built.has(path)) return;
    built.add(path);
    const take = (p: string) => candidate.has(p) && !excluded?.(p) && read.add(p);
    if (isKustomization(path)) return consumedBy(path).forEach(take);
    // A generated kustomization: the manifests below with no kustomization folder between, and those folders' builds.
    const one = new Map([[path, true]]);
    for (const folder of side.kustomizations.keys()) if (inFolder(folder, path) && fluxBuildPath(folder, one, isKustomization) === path) consumedBy(folder).forEach(take);
    for (const p of candidates) if (inFolder(p, path) && !kustomizationBetween(p, path, isKustomization)) take(p);
  };
  let deployed = flux.filter((ks) => !candidate.has(ks.ref.file));
  // Every Kustomization a candidate: no entry point is known, so none is taken as decided (the objects are read as before).
  if (deployed.length === 0) return undefined;
  const reached = new Set(deployed);
  // Reached Kustomizations' builds may read candidate Kustomizations, whose builds then count too.
  while (deployed.length) {
    for (const ks of deployed) {
      const path = fluxPathFolder(ks, (p) => side.files.isFolder(p));
      if (path !== undefined) build(path, leftOut(ks));
    }
    deployed = flux.filter((ks) => !reached.has(ks) && read.has(ks.ref.file));
    deployed.forEach((ks) => reached.add(ks));
  }
  const files = new Set(candidates.filter((p) => !read.has(p)));
  return { files, kustomizations: flux.filter((ks) => !reached.has(ks) && files.has(ks.ref.file)) };
}

/** Whether a kustomization folder lies between file `path`'s folder (inclusive) and `top` (exclusive). */
export function kustomizationBetween(path: string, top: string, isKustomization: (folder: string) => boolean): boolean {
  for (let d = dirOf(path); d !== top && d !== ''; d = dirOf(d)) if (isKustomization(d)) return true;
  return false;
}

/** Names and folders listed in the note, at most; the rest counted. */
const NAMED = 3;

/**
 * The note saying what was left out (`RETIRED_FOLDERS`), at the first Kustomization left out (else the first
 * file), or undefined when nothing was.
 */
export function retiredNotice(retired: UnbuiltRetired): Notice | undefined {
  if (retired.files.size === 0) return undefined;
  const names = retired.kustomizations.map((ks) => ks.name);
  const what = [names.length ? `${plural(names.length, 'Flux Kustomization')} (${firstAndMore(names, NAMED)})` : '', plural(retired.files.size, 'file')].filter(Boolean).join(' and the ');
  const where = firstAndMore(retired.folders, NAMED);
  const first = [...retired.files].sort()[0];
  return {
    code: 'RETIRED_FOLDERS',
    message: `Left out as retired: ${what} under ${where}, which no deployed Flux Kustomization's build reads; they are no deployments, not targets (a build that reads a retired file keeps it deployed)`,
    ref: retired.kustomizations[0]?.ref ?? { file: first, line: 1 },
  };
}
