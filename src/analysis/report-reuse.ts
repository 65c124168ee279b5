/**
 * The last report of a kept base side (analysis/base-side.ts), for the next event of the same pull request
 * on a warm process. A push that changes no manifest (code, docs, CI files: the App loads only the files
 * its globs match) hands the analysis the very same files again; the report is then the previous one,
 * not computed again. Reuse is decided by content, never by key: every head file (path, text, placement)
 * and every option must be equal. Rendered files (with `sourceLines`) are never reused: their rollback
 * renders sources the file list does not hold.
 */
import type { ManifestFile } from '../manifests/load.js';
import { samePlacement } from '../manifests/load.js';
import { buildPath } from '../manifests/builds.js';
import type { BaseSide } from './base-side.js';
import type { DiffReport } from './types.js';

/**
 * The options of an analysis as `optionsKey` gives them: the JSON of every plain field, and the repository's
 * head files (`repositoryHead`, the texts of every file: compared by content only when a report may be reused,
 * not serialised each push).
 */
export interface ReuseKey {
  readonly json: string;
  readonly repositoryHead?: readonly Pick<ManifestFile, 'path' | 'text'>[];
}

interface Kept {
  /** The head files as given (a copy of the list; files are read-only): indexed by path only when asked. */
  readonly head: readonly ManifestFile[];
  readonly options: ReuseKey;
  readonly report: DiffReport;
}

/** One report per base side (the last head analysed against it); gone with the base side. */
const lastReports = new WeakMap<BaseSide, Kept>();

/**
 * The report kept for `side` when `head` (files) and `options` (plain data: `optionsKey`) equal the last
 * analysis's; else undefined, and the kept report is forgotten.
 */
export function keptReport(side: BaseSide, head: readonly ManifestFile[], options: ReuseKey): DiffReport | undefined {
  const kept = lastReports.get(side);
  const same =
    kept !== undefined &&
    kept.options.json === options.json &&
    kept.head.length === head.length &&
    sameFiles(kept.head, head) &&
    sameTexts(kept.options.repositoryHead, options.repositoryHead);
  if (same) return kept.report;
  // A report that does not match is never asked for again (only the last is kept): it is dropped before
  // the new analysis, whose peak memory it would otherwise add to (it holds that push's regions and pairs).
  lastReports.delete(side);
  return undefined;
}

/** Keeps `report` as `side`'s last one (not when some head file is rendered, or paths repeat). */
export function keepReport(side: BaseSide, head: readonly ManifestFile[], options: ReuseKey, report: DiffReport): void {
  // Whether paths repeat is asked when the report is (`sameFiles`): a push's next one rarely keeps every file.
  if (head.some((f) => f.sourceLines)) {
    lastReports.delete(side);
    return;
  }
  lastReports.set(side, { head: [...head], options, report });
}

/** Whether `head` holds the same files as `kept` (equal lengths), by path within build: text and placement; never when some path repeats. */
function sameFiles(kept: readonly ManifestFile[], head: readonly ManifestFile[]): boolean {
  const byPath = new Map(kept.map((f) => [buildPath(f), f]));
  if (byPath.size !== kept.length) return false;
  return head.every((f) => {
    const k = byPath.get(buildPath(f));
    return k !== undefined && !f.sourceLines && k.text === f.text && samePlacement(k, f);
  });
}

/** Whether two lists of files are the same paths and texts in the same order (both absent too). */
function sameTexts(a: readonly Pick<ManifestFile, 'path' | 'text'>[] | undefined, b: readonly Pick<ManifestFile, 'path' | 'text'>[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((f, i) => f.path === b[i].path && f.text === b[i].text);
}

/**
 * The options as a key: JSON of every field but those the base side's key already holds (`baseKey`,
 * `podNetwork`) and the repository's head files (kept as they are); undefined when some field is not plain
 * data (then nothing is reused).
 */
export function optionsKey<O extends { readonly repositoryHead?: readonly Pick<ManifestFile, 'path' | 'text'>[] }>(options: O): ReuseKey | undefined {
  const { repositoryHead, ...rest } = options;
  try {
    let plain = true;
    const json = JSON.stringify(rest, (k, v: unknown) => {
      if (k === 'baseKey' || k === 'podNetwork') return undefined;
      if (typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') plain = false;
      return v;
    });
    return plain ? { json, ...(repositoryHead ? { repositoryHead } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The options the next push's diff and explanations read (diff-reuse.ts, explain-reuse.ts) as a key: the
 * region pair bound, and what cuts regions (abstract peers on or off, the box bound). Both are functions of
 * the two connectivities and the regions alone, whose reuse push-steps.ts judges by content; the options
 * a report adds around them (removed objects elsewhere, the rollback's scope, ignored namespaces, findings)
 * change from push to push without changing a pair's traffic or reasons, so they are not part of it.
 */
export function pushStepKey(options: { readonly maxRegionPairs?: number; readonly maxBoxes?: number; readonly abstractPeers?: boolean }): string {
  return JSON.stringify([options.maxRegionPairs ?? null, options.maxBoxes ?? null, options.abstractPeers ?? null]);
}
