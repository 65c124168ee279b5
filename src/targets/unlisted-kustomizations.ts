/**
 * Flux Kustomizations switched off by leaving them out of their folder's kustomization: GitOps repositories
 * turn an app off by commenting its entry out (`#- ./vault/ks.yaml` in a namespace folder's
 * kustomization.yaml, the flux-cluster-template layout) and keep its files. Flux builds a Kustomization's
 * `spec.path` through the kustomization files below it (a folder without one gets a generated kustomization
 * that stops at the kustomization folders below), so a file its nearest kustomization folder does not list
 * is read by that build only if another kustomization lists it. Read as committed, the switched-off
 * Kustomization was a target of its own (outside its namespace folder's transformers, in `default`), and
 * deleting the app's folder read as opening its pods to everything (real-eval 31: d4rkfella/home-ops
 * bf2196e78, "86 paths opened" for a vault app no build deployed).
 *
 * A Flux Kustomization is left out when its file lies inside the path of another Flux Kustomization and a
 * kustomization folder between them does not consume it (its nearest, or one above that does not list the
 * folder holding it: `apps/kustomization.yaml` listing `./tools` and not `./lab`, whose own kustomization lists
 * `./vault/ks.yaml`; read by no build, it was a target in that cluster's model, its policies those of the
 * cluster: real repositories 38), and no deployed Flux Kustomization's build reads it (retired-folders.ts `unreadByDeployedBuilds`: the same reachability as for `archive/`
 * folders). A root whose own path holds its file (`flux bootstrap`'s flux-system) is never left out, nor is what its
 * file holds beside it: bootstrap applies that file (real repositories 45: rust84/k8s-gitops's cluster folder does
 * not list `flux-system/`).
 * Semantics: Flux's kustomize-controller (the build of `spec.path`, its generated kustomization).
 */
import type { ControllerObject } from './controller-objects.js';
import { fluxPathFolder } from './flux-builds.js';
import { invalidSourceRef } from './flux.js';
import { kustomizationClosure } from './kustomizations.js';
import type { RepoFiles } from './repo-files.js';
import { COMMENTED_ENTRY } from './commented-includes.js';
import { textLines } from '../util/line-ends.js';
import type { SourceRef } from '../engine/model.js';
import { unreadByDeployedBuilds } from './retired-folders.js';
import type { SideIndex } from './target-files.js';
import type { Notice, SwitchedOff } from './types.js';
import { andList, firstAndMore, namedCount } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import { dirOf, inFolder, joinPath } from '../util/repo-paths.js';

export interface UnlistedKustomizations {
  /** The Flux Kustomizations left out: no deployments. */
  readonly kustomizations: readonly ControllerObject[];
  /** Each left out, with its path's folder and the kustomization file that does not list it (TargetSelection `switchedOff`). */
  readonly switchedOff?: readonly SwitchedOff[];
  /** The notice naming them, at the first (`UNLISTED_KUSTOMIZATIONS`); absent when none is left out. */
  readonly notice?: Notice;
}

/** Names listed in the notice, at most; the rest counted. */
const NAMED = 3;

/**
 * The Flux Kustomizations among `objects` (controller objects of `side`, retired ones already left out) that
 * their kustomization folder leaves out and no deployed build reads (see the file's comment).
 */
export function unlistedKustomizations(side: SideIndex, objects: readonly ControllerObject[]): UnlistedKustomizations {
  const flux = objects.filter((o) => o.kind === 'FluxKustomization' && invalidSourceRef(o) === undefined);
  if (flux.length < 2 || side.kustomizations.size === 0) return { kustomizations: [] };
  const isFolder = (p: string) => side.files.isFolder(p);
  const paths = new Map(flux.map((ks) => [ks, fluxPathFolder(ks, isFolder)] as const));
  /** File → the kustomization file that leaves it out. */
  const leftOutBy = new Map<string, string>();
  // Each folder's closure once: the walk up meets the same upper kustomizations for every app.
  const closures = new Map<string, ReadonlySet<string>>();
  const consumes = (folder: string, file: string) => {
    let consumed = closures.get(folder);
    if (!consumed) closures.set(folder, (consumed = new Set(kustomizationClosure(side.kustomizations.get(folder)!, side.kustomizations, side.files).consumed)));
    return consumed.has(file);
  };
  // A root's file: its own path (a folder here, not the root every artifact has) holds it, as `flux bootstrap`'s
  // flux-system does (gotk-sync.yaml under clusters/prod/flux-system, path ./clusters/prod). Bootstrap applies that
  // file, not a build of a folder above: a kustomization there that does not list it switches nothing in it off.
  const rootFiles = new Set(flux.flatMap((ks) => { const own = paths.get(ks); return own !== undefined && own !== '' && inFolder(ks.ref.file, own) ? [ks.ref.file] : []; }));
  for (const ks of flux) {
    const file = ks.ref.file;
    if (leftOutBy.has(file) || rootFiles.has(file)) continue;
    // The deepest path of another Flux Kustomization holding the file: only inside a tree it builds do the
    // kustomization folders between decide what Flux applies.
    const top = deepestPath(file, flux.flatMap((other) => (other === ks ? [] : [paths.get(other)])));
    // One rendered by a kustomization (`via`) counts only when that build is in the same tree (a folder the tree may leave out).
    if (top === undefined || (ks.via !== undefined && ks.via !== top && !inFolder(ks.via, top))) continue;
    // From the nearest kustomization folder up to that path, the first that does not consume the file leaves it out:
    // its own folder's kustomization, or one above that does not list that folder (`./lab`).
    for (let folder = nearestKustomization(file, side); folder !== undefined && (folder === top || inFolder(folder, top)); folder = folder === '' ? undefined : nearestKustomization(folder, side, true)) {
      if (consumes(folder, file)) continue;
      leftOutBy.set(file, side.kustomizations.get(folder)!.file);
      break;
    }
  }
  if (leftOutBy.size === 0) return { kustomizations: [] };
  const unread = unreadByDeployedBuilds(side, flux, [...leftOutBy.keys()]);
  if (unread === undefined || unread.kustomizations.length === 0) return { kustomizations: [] };
  const { kustomizations } = unread;
  const first = kustomizations[0];
  const listers = [...new Set(kustomizations.map((ks) => leftOutBy.get(ks.ref.file)!))];
  const switchedOff = kustomizations.flatMap((ks): SwitchedOff[] => {
    const path = paths.get(ks);
    const by = leftOutBy.get(ks.ref.file)!;
    const entry = commentedEntry(by, ks.ref.file, side.files);
    return path === undefined ? [] : [{ name: ks.name, ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), ref: ks.ref, path, leftOutBy: by, ...(entry ? { entry } : {}) }];
  });
  // Several: at the first's entry only when each has one, so that the words name every entry line (the place among them).
  const entries = kustomizations.map((ks) => commentedEntry(leftOutBy.get(ks.ref.file)!, ks.ref.file, side.files));
  const all = entries.every((e) => e !== undefined) ? (entries as SourceRef[]) : undefined;
  const entry = kustomizations.length === 1 ? entries[0] : all?.[0];
  return { kustomizations, switchedOff, notice: { code: 'UNLISTED_KUSTOMIZATIONS', message: unlistedMessage(kustomizations, listers, kustomizations.length === 1 ? entry : all), ref: entry ?? first.ref } };
}

/**
 * The line of `kustomization` (a kustomization file) that lists `file` in a comment (`#- ./vault/ks.yaml`, or its
 * folder), resolved as Kustomize resolves `resources`: where the app was switched off, and where to switch it on.
 */
function commentedEntry(kustomization: string, file: string, files: RepoFiles): SourceRef | undefined {
  const text = files.text(kustomization);
  if (text === undefined || !text.includes('#')) return undefined;
  const folder = dirOf(kustomization);
  const lines = textLines(text);
  for (let i = 0; i < lines.length; i++) {
    const m = COMMENTED_ENTRY.exec(lines[i]);
    const named = m ? joinPath(folder, m[1].replace(/\/+$/, '')) : undefined;
    if (named !== undefined && (named === file || named === dirOf(file))) return { file: kustomization, line: i + 1 };
  }
  return undefined;
}

/**
 * The notice's words, for one or several Kustomizations and one or several kustomizations leaving them out:
 * `Left out as switched off: Flux Kustomization vault (apps/tools/vault/ks.yaml): apps/tools/kustomization.yaml:3
 * comments out its entry and no deployed Flux Kustomization's build reads it, so it deploys nothing and is not a
 * target (uncomment that entry to deploy it)` (`entry`: the commented-out line, the notice's place);
 * with no such line, `… (apps/tools/vault/ks.yaml:1), which apps/tools/kustomization.yaml does not list …` (the
 * document its place); several, each with such a line (`entries`, the first the place): `2 Flux Kustomizations (vault
 * and redis): a:3 and a:4 comment out their entries …, so they deploy nothing and are not targets (uncomment those
 * entries to deploy them)`; else `2 Flux Kustomizations (vault and redis), which a and b do not list …: they deploy
 * nothing and are not targets (list each in its kustomization to deploy it)` (the first's document its place).
 */
function unlistedMessage(kustomizations: readonly ControllerObject[], listers: readonly string[], entries: SourceRef | readonly SourceRef[] | undefined): string {
  const names = (items: readonly string[]) => (namedCount(items.length, NAMED) < items.length ? firstAndMore(items, NAMED) : andList(items));
  const one = kustomizations.length === 1;
  if (one) {
    const ks = kustomizations[0];
    const entry = entries as SourceRef | undefined;
    // The place is named in the words, so a report does not say it again after them (report/notice-place.ts).
    if (entry) return `Left out as switched off: Flux Kustomization ${ks.name} (${ks.ref.file}): ${entry.file}:${entry.line} comments out its entry and no deployed Flux Kustomization's build reads it, so it deploys nothing and is not a target (uncomment that entry to deploy it)`;
    return `Left out as switched off: Flux Kustomization ${ks.name} (${ks.ref.file}:${ks.ref.line}), which ${listers[0]} does not list and no deployed Flux Kustomization's build reads: it deploys nothing and is not a target (list it in that kustomization to deploy it)`;
  }
  const what = `${plural(kustomizations.length, 'Flux Kustomization')} (${names(kustomizations.map((ks) => ks.name))})`;
  if (Array.isArray(entries)) {
    const lines = names((entries as readonly SourceRef[]).map((e) => `${e.file}:${e.line}`));
    return `Left out as switched off: ${what}: ${lines} comment out their entries and no deployed Flux Kustomization's build reads them, so they deploy nothing and are not targets (uncomment those entries to deploy them)`;
  }
  const which = `which ${names(listers)} ${listers.length === 1 ? 'does' : 'do'} not list and no deployed Flux Kustomization's build reads`;
  const advice = listers.length === 1 ? 'list them in that kustomization to deploy them' : 'list each in its kustomization to deploy it';
  return `Left out as switched off: ${what}, ${which}: they deploy nothing and are not targets (${advice})`;
}

/** The nearest folder holding a kustomization file at or above `file`'s folder (`above`: strictly above folder `file`), if any. */
function nearestKustomization(file: string, side: SideIndex, above = false): string | undefined {
  if (above && file === '') return undefined;
  for (let d = dirOf(file); ; d = dirOf(d)) {
    if (side.kustomizations.has(d)) return d;
    if (d === '') return undefined;
  }
}

/** The deepest of `paths` (folders; undefined ones skipped) that holds `file`, if any. */
function deepestPath(file: string, paths: readonly (string | undefined)[]): string | undefined {
  let found: string | undefined;
  for (const p of paths) if (p !== undefined && inFolder(file, p) && (found === undefined || p.length > found.length)) found = p;
  return found;
}

/**
 * The switched-off Flux Kustomization whose path holds `file` (the deepest, when paths nest), if any: what a
 * changed file there deploys is nothing, as long as no deployed build reads it.
 */
export function switchedOffHolding(file: string, switchedOff: readonly SwitchedOff[]): SwitchedOff | undefined {
  let found: SwitchedOff | undefined;
  for (const s of switchedOff) if (inFolder(file, s.path) && (found === undefined || s.path.length > found.path.length)) found = s;
  return found;
}
