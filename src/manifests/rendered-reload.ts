/**
 * How the rollback search evaluates a revert on a side with Kustomize renders: the changed files'
 * texts replace head's, and only the top-level kustomizations that used a changed file are rendered
 * again; every other render's objects, and the plain files not changed, are reused. A change that
 * moves the structure (which kustomizations are top-level, which files they claim) is loaded whole.
 * A revert that makes a building kustomization fail yields undefined: it is not a rollback.
 */
import type { RepositoryRender } from '../kustomize/index.js';
import { KUSTOMIZATION_FILE_NAMES, renderCached, renderWithin, topLevelKustomizations } from '../kustomize/index.js';
import type { Cluster } from '../engine/model.js';
import type { LoadResult, ManifestDocument, ManifestFile } from './load.js';
import { loadFile, mergeDocuments } from './load.js';
import { loadRenderedObjects } from './load-kustomized.js';
import type { Reload } from './kept-reloads.js';
import { keptReloads } from './kept-reloads.js';
import type { Unsettled } from './across-builds.js';
import { emptyUnsettled } from './across-builds.js';
import { relistGenerated } from './generated-kustomization.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

export interface RenderedSide {
  readonly files: readonly ManifestFile[];
  readonly render: RepositoryRender;
  readonly plain: readonly ManifestDocument[];
  /** The model documents of each top-level render, by folder. */
  readonly rendered: ReadonlyMap<string, readonly ManifestDocument[]>;
  /** How the build's files are loaded whole (a revert that moves its structure), as the build was loaded. */
  readonly load: (files: ManifestFile[]) => LoadResult & { readonly unsettled?: Unsettled };
  /** Whether the build is one of several: what the merge settles across builds is left `unsettled` (across-builds.ts), as when it was loaded. */
  readonly ofSeveral: boolean;
}

/** A build loaded again with texts replaced: its cluster, and (a build of several) what it leaves to the builds as one. */
export interface Reloaded {
  readonly cluster: Cluster;
  readonly unsettled?: Unsettled;
}

/** `deployed`: the folders base's builds deploy (a folder only the revert makes top-level and base did not build deploys nowhere). */
export function renderedReload(side: RenderedSide): Reload<Reloaded> {
  const building = new Set(side.render.results.filter((r) => r.ok).map((r) => r.dir));
  const roots = side.render.results.map((r) => r.dir).join('\n');
  const kustomizationDirs = new Set(side.render.kustomizationDirs);
  const byPath = new Map(side.files.map((f) => [f.path, f]));
  const generated = side.files.some((f) => f.fluxGenerated);
  const ownRoots = new Set(side.render.results.map((r) => r.dir));
  // Flux builds a path without a kustomization by generating one (withoutUndeployed).
  const fluxRoots = new Set(side.render.results.filter((r) => r.loadRestrictor === 'LoadRestrictionsNone').map((r) => r.dir));
  // The rollback search asks the same of a build under many sets of reverted documents: each once (kept-reloads.ts).
  return keptReloads((reverted, deployed) => {
    // Reverted files keep where their objects go (a target's namespaces).
    const nextFiles = new Map<string, ManifestFile>(byPath);
    const restored = new Set<string>();
    for (const [path, text] of reverted) {
      if (text === null) nextFiles.delete(path);
      // A file new to the build (a deleted one restored) joins it.
      else {
        if (!byPath.has(path)) restored.add(path);
        nextFiles.set(path, { ...(nextFiles.get(path) ?? { path, ...(side.files[0]?.build === undefined ? {} : { build: side.files[0].build }) }), text });
      }
    }
    // Flux lists a folder without a kustomization file anew at each build: the revert's folder, not head's listing (generated-kustomization.ts).
    const relisted = generated ? relistGenerated(nextFiles, reverted, restored) : undefined;
    const changed: ReadonlyMap<string, string | null> = relisted?.size ? new Map([...reverted, ...relisted]) : reverted;
    const next = deployed ? withoutUndeployed(nextFiles, { own: ownRoots, flux: fluxRoots }, deployed) : textsOf(nextFiles);
    const whole = (): Reloaded | undefined => {
      const again = side.load([...nextFiles.values()]);
      return again.renders.some((r) => !r.ok && building.has(r.dir)) ? undefined : { cluster: again.cluster, ...(again.unsettled ? { unsettled: again.unsettled } : {}) };
    };
    if (topLevelKustomizations(next).join('\n') !== roots) return whole();
    const renderer = renderWithin(next);
    const results = side.render.results.map((r) => ([...changed.keys()].some((p) => r.used.has(p)) ? renderCached(next, r.dir, renderer, r.loadRestrictor) : r));
    if (results.some((r) => !r.ok && building.has(r.dir))) return undefined;
    const claimedAfter = (path: string) => kustomizationDirs.has(dirOf(path)) || results.some((r) => r.used.has(path));
    if ([...changed.keys()].some((p) => side.render.claimed.has(p) !== claimedAfter(p))) return whole();
    const docs: ManifestDocument[] = side.plain.filter((d) => !changed.has(d.file));
    for (const path of changed.keys()) {
      const file = nextFiles.get(path);
      if (file && !side.render.claimed.has(path)) docs.push(...loadFile(file, []));
    }
    results.forEach((r, i) => docs.push(...(r === side.render.results[i] ? side.rendered.get(r.dir) ?? [] : loadRenderedObjects(r, [], nextFiles.get(r.file), (p) => nextFiles.get(p)?.text))));
    const unsettled = side.ofSeveral ? emptyUnsettled() : undefined;
    return { cluster: mergeDocuments(docs, undefined, unsettled), ...(unsettled ? { unsettled } : {}) };
  });
}

/** The folders a build renders before the revert (`own`), and those of them Flux's kustomize-controller builds (`flux`). */
export interface BuildRoots {
  readonly own: ReadonlySet<string>;
  readonly flux: ReadonlySet<string>;
}

/**
 * A reverted build's files (by path, changed in place) without those of folders it would build that no
 * side deploys. A folder that only the revert makes top-level (its kustomization restored, the entry
 * including it not, or the kustomization including it deleted) deploys nowhere: \`kubectl apply -k\` of the
 * target's root does not build it. Dropping its files can make the folders it included top-level in turn
 * (a new overlay of shared bases deleted): those deploy nowhere either, down to the last. Under a folder
 * Flux builds whose kustomization the revert deletes, they do deploy: Flux builds that path with a
 * kustomization it generates, listing the kustomizations below it (targets/flux-generated.ts), as the main
 * load reads it (re20-monosense 9f15e0b: the reload of a Flux path's kustomization deleted dropped every
 * folder it named, and a rollback 'proven minimal' left 15 paths open once applied).
 * `roots`: the build's before the revert; `deployed`: the folders base's builds render.
 * Every reload of reverted texts goes through here (one build's, several builds', a whole load's), so each
 * deploys what the main load of base and head deploys. Returns the texts left, by path (the very map whose
 * top-level folders were last asked: asked again, they are not found again).
 */
export function withoutUndeployed(files: Map<string, Pick<ManifestFile, 'text'>>, roots: BuildRoots, deployed: ReadonlySet<string>): Map<string, string> {
  let texts = textsOf(files);
  const generated = [...roots.flux].filter((d) => !KUSTOMIZATION_FILE_NAMES.some((n) => texts.has(d === '' ? n : `${d}/${n}`)));
  const underGenerated = (d: string) => generated.some((g) => inFolder(d, g));
  for (let orphans = orphanRoots(texts, roots.own, deployed).filter((d) => !underGenerated(d)); orphans.length; orphans = orphanRoots(texts, roots.own, deployed).filter((d) => !underGenerated(d))) {
    for (const path of [...files.keys()]) if (orphans.some((d) => path.startsWith(`${d}/`))) files.delete(path);
    texts = textsOf(files);
  }
  return texts;
}

function textsOf(files: ReadonlyMap<string, Pick<ManifestFile, 'text'>>): Map<string, string> {
  return new Map([...files].map(([path, f]) => [path, f.text]));
}

/** Top-level kustomization folders that are neither a root of head's side nor built by base (the repository root aside). */
function orphanRoots(texts: ReadonlyMap<string, string>, ownRoots: ReadonlySet<string>, deployed: ReadonlySet<string>): string[] {
  return topLevelKustomizations(texts).filter((d) => d !== '' && !ownRoots.has(d) && !deployed.has(d));
}
