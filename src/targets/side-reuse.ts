/**
 * A side's targets kept between analyses of a warm process. The App's next push of a pull request
 * (`synchronize`) usually has the same base files, and its head files are the base's again after a
 * revert: finding the side's charts and kustomizations, its targets and each target's files is then the
 * previous event's work, not done again. Reuse is decided by content, never by key: every file (path,
 * text, placement) must be equal. Files rendered by a command, and targets read with renderers (which run
 * commands whose output the files do not determine), are never reused.
 */
import type { ManifestFile } from '../manifests/load.js';
import { samePlacement } from '../manifests/load.js';
import { RepoFiles } from './repo-files.js';
import type { SideIndex, TargetFiles } from './target-files.js';
import { sideIndex } from './target-files.js';
import type { DiscoverOptions } from './discover.js';
import { discoverTargets } from './discover.js';
import type { TargetSelection, TargetSpec } from './types.js';
import { BaseDocuments } from '../analysis/rollback-scope.js';

interface Kept {
  readonly byPath: ReadonlyMap<string, ManifestFile>;
  readonly side: SideIndex;
  readonly treeFolders?: ReadonlySet<string>;
}

/** Sides kept: a pull request's base and head. */
const RECENT = 2;
let recent: Kept[] = [];
const selections = new WeakMap<SideIndex, Map<string, TargetSelection>>();
const unitFiles = new WeakMap<SideIndex, Map<string, TargetFiles>>();
const baseDocuments = new WeakMap<SideIndex, BaseDocuments>();

/** Forget every kept side (benchmarks measure cold runs with it). */
export function clearKeptSides(): void {
  recent = [];
}

/**
 * The SideIndex of these files: the one kept from an earlier call with equal files (path, text,
 * placement, build), else a new one, kept in place of the oldest. Files with `sourceLines` (rendered
 * streams) are never kept.
 */
export function keptSideIndex(files: readonly ManifestFile[], treeFolders?: ReadonlySet<string>): SideIndex {
  const known = recent.find((k) => sameFolders(k.treeFolders, treeFolders) && sameFiles(k.byPath, files));
  if (known) {
    recent = [known, ...recent.filter((k) => k !== known)];
    return known.side;
  }
  const side = sideIndex(new RepoFiles(files, treeFolders));
  const byPath = side.files.byPath;
  if (byPath.size === files.length && !files.some((f) => f.sourceLines)) recent = [{ byPath, side, ...(treeFolders ? { treeFolders } : {}) }, ...recent].slice(0, RECENT);
  return side;
}

/** The same tree folders (by content: the App and folder sides make a new set per event). */
function sameFolders(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.size !== b.size) return false;
  for (const f of a) if (!b.has(f)) return false;
  return true;
}

function sameFiles(kept: ReadonlyMap<string, ManifestFile>, files: readonly ManifestFile[]): boolean {
  if (kept.size !== files.length) return false;
  return files.every((f) => {
    const k = kept.get(f.path);
    return k !== undefined && !f.sourceLines && k.text === f.text && samePlacement(k, f) && k.build === f.build;
  });
}

/** `discoverTargets(side, options)`, once per side and options (plain data). */
export function keptDiscovery(side: SideIndex, options: DiscoverOptions = {}): TargetSelection {
  let bySide = selections.get(side);
  if (!bySide) selections.set(side, (bySide = new Map()));
  const key = JSON.stringify(options);
  let found = bySide.get(key);
  if (!found) bySide.set(key, (found = discoverTargets(side, options)));
  return found;
}

/**
 * The files of `specs` on `side` (`read`), once per side, specs and namespace; `reusable` false (renderers
 * at hand: commands run) reads them every time. The result is shared: callers must not change it.
 */
export async function keptUnitFiles(side: SideIndex, specs: readonly TargetSpec[], namespace: string | undefined, reusable: boolean, read: () => Promise<TargetFiles>): Promise<TargetFiles> {
  if (!reusable) return read();
  let bySide = unitFiles.get(side);
  if (!bySide) unitFiles.set(side, (bySide = new Map()));
  const key = JSON.stringify([specs, namespace ?? null]);
  const found = bySide.get(key);
  if (found) return found;
  const files = await read();
  bySide.set(key, files);
  return files;
}

/**
 * The documents of a base side's files, for the rollback's scope (analysis/rollback-scope.ts), once per side:
 * a warm process's next push has the same base, whose ~20,000 documents of the 10k bench were split by the last.
 */
export function keptBaseDocuments(side: SideIndex): BaseDocuments {
  let known = baseDocuments.get(side);
  if (!known) baseDocuments.set(side, (known = new BaseDocuments(side.files.files)));
  return known;
}
