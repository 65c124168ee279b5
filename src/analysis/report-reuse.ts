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

interface Kept {
  /** The head files as given (a copy of the list; files are read-only): indexed by path only when asked. */
  readonly head: readonly ManifestFile[];
  readonly options: string;
  readonly report: DiffReport;
}

/** One report per base side (the last head analysed against it); gone with the base side. */
const lastReports = new WeakMap<BaseSide, Kept>();

/**
 * The report kept for `side` when `head` (files) and `options` (plain data: `optionsKey`) equal the last
 * analysis's; else undefined, and the kept report is forgotten.
 */
export function keptReport(side: BaseSide, head: readonly ManifestFile[], options: string): DiffReport | undefined {
  const kept = lastReports.get(side);
  const same = kept !== undefined && kept.options === options && kept.head.length === head.length && sameFiles(kept.head, head);
  if (same) return kept.report;
  // A report that does not match is never asked for again (only the last is kept): it is dropped before
  // the new analysis, whose peak memory it would otherwise add to (it holds that push's regions and pairs).
  lastReports.delete(side);
  return undefined;
}

/** Keeps `report` as `side`'s last one (not when some head file is rendered, or paths repeat). */
export function keepReport(side: BaseSide, head: readonly ManifestFile[], options: string, report: DiffReport): void {
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

/**
 * The options as a key: JSON of every field but those the base side's key already holds (`baseKey`,
 * `podNetwork`); undefined when some field is not plain data (then nothing is reused).
 */
export function optionsKey(options: object): string | undefined {
  try {
    let plain = true;
    const key = JSON.stringify(options, (k, v: unknown) => {
      if (k === 'baseKey' || k === 'podNetwork') return undefined;
      if (typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') plain = false;
      return v;
    });
    return plain ? key : undefined;
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
