/**
 * The last whole report of a warm process (the App's worker), for a next event of the same pull request that
 * changes no manifest: a push of code, docs or CI files hands `analyzeTargets` the same base and head files
 * again (the App loads only the files its globs match), read afresh into new lists. The report is then the
 * last one, not computed again.
 *
 * Reuse is decided by content, never by key: both sides must be the very side indexes `keptSideIndex`
 * (side-reuse.ts) found again, which it does only when every file (path, text, placement, build) is equal,
 * and the options must be equal as plain data. Only with `baseKey` (the App's sign of a warm process whose
 * next event may repeat the last); never with renderers (they run commands whose output the files do not
 * determine) nor with an `analyze` of the caller's, nor when some option is not plain data.
 */
import { AddressSet } from '../engine/address-set.js';
import type { SideIndex } from './target-files.js';

interface Kept {
  readonly head: SideIndex;
  readonly options: string;
  /** The report as returned: readers never change a report (they make new ones around it). */
  readonly report: unknown;
}

/** One report per base side (the last head analysed against it); gone with the side index. */
const lastReports = new WeakMap<SideIndex, Kept>();
let reused = 0;

/** How many reports `keptTargetsReport` handed back since the process started (tests and diagnostics). */
export function targetsReportsReused(): number {
  return reused;
}

/**
 * The report kept for `base` when `head` is the side index it was made for and `options` (as `reuseKey` gives
 * them; undefined: never) are the same; else undefined, and the kept report is forgotten (its memory is not
 * held through the analysis that replaces it).
 */
export function keptTargetsReport<R>(base: SideIndex, head: SideIndex, options: string | undefined): R | undefined {
  const kept = lastReports.get(base);
  if (kept !== undefined && options !== undefined && kept.head === head && kept.options === options) {
    reused++;
    return kept.report as R;
  }
  lastReports.delete(base);
  return undefined;
}

/** Keeps `report` as `base`'s last (with `head` and `options`); nothing when `options` is undefined. Returns `report`. */
export function keepTargetsReport<R>(base: SideIndex, head: SideIndex, options: string | undefined, report: R): R {
  if (options !== undefined) lastReports.set(base, { head, options, report });
  return report;
}

/**
 * The options of `analyzeTargets` as a key: JSON of every field (a pod network as its ranges), or undefined
 * when the report may not be reused (no `baseKey`; renderers or an `analyze` given; a function, a symbol, a
 * bigint, or an object of any class but AddressSet and a Set of strings anywhere in them, whose JSON would not say what it holds).
 */
export function reuseKey(options: { readonly baseKey?: string; readonly renderers?: unknown; readonly analyze?: unknown }): string | undefined {
  if (options.baseKey === undefined || options.renderers !== undefined || options.analyze !== undefined) return undefined;
  let plain = true;
  try {
    const json = JSON.stringify(options, (_k, v: unknown) => {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') plain = false;
      else if (v instanceof AddressSet) return { addresses: v.toRanges() };
      // A set of strings (the App's tree folders) as its sorted members.
      else if (v instanceof Set && [...(v as Set<unknown>)].every((m) => typeof m === 'string')) return { set: [...(v as Set<string>)].sort() };
      else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) plain = false;
      }
      return plain ? v : undefined;
    });
    return plain ? json : undefined;
  } catch {
    return undefined;
  }
}
