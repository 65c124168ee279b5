/**
 * The rollback's whole-cluster confirmation (rollback-search.ts) of a warm process's last push of a pull
 * request, for the next push against the same kept base side (analysis/base-side.ts). A confirmation is the
 * diff of base against head with a set of documents reverted. The last push's reverted head and this one's
 * (the same set again, most often, with the push's own change) differ in a few namespaces; a pair whose
 * ends lie elsewhere has the same traffic in both (push-steps.ts), so it is in the later diff exactly when
 * it was in the earlier one: taken from it, as the diff of the next push takes the last push's pairs
 * (diff-reuse.ts `diffFrom`), and only the pairs with an end the difference reaches are diffed.
 */
import type { Cluster, Connectivity, ConnectivityDiff, PairDiff, RegionSet } from '../engine/index.js';
import type { BaseSide } from './base-side.js';
import type { KeptDiff } from './diff-reuse.js';
import { diffFrom, keptDiff } from './diff-reuse.js';

/** The last confirmation's diff per base side; gone with the base side. */
const lastConfirmed = new WeakMap<BaseSide, KeptDiff>();

export interface ConfirmationReuse {
  /** `diffConnectivity(base, after, {regions})`'s pairs (not sorted) from the last push's last confirmation, or undefined when it cannot serve. */
  reused(after: Connectivity): ConnectivityDiff | undefined;
  /** Keeps this confirmation's diff (`pairs`: every pair of base → `after`; `cut`: some were left out at the region-pair bound) for the next push (the push's last confirmation is kept). */
  keep(after: Cluster, pairs: readonly PairDiff[], cut: boolean): void;
}

/**
 * Confirmations of an analysis against `side` with `options` (plain data, report-reuse.ts `pushStepKey`) over
 * `regions` with base's connectivity `base`; undefined (nothing reused or kept) without options, or when
 * head's own diff was cut at the region-pair bound (a confirmation takes its pairs: rollback-confirm.ts).
 */
export function confirmationReuse(side: BaseSide, options: string | undefined, regions: RegionSet | undefined, base: Connectivity, headDiffCut: boolean): ConfirmationReuse | undefined {
  const last = lastConfirmed.get(side);
  // Dropped now: the new analysis's peak memory must not hold it twice.
  lastConfirmed.delete(side);
  if (options === undefined || headDiffCut) return undefined;
  return {
    reused: (after) => (last ? diffFrom(last, options, after.cluster, base, after, regions, undefined) : undefined),
    keep(after, pairs, cut) {
      const kept = keptDiff(options, after, regions, pairs, cut);
      if (kept) lastConfirmed.set(side, kept);
      else lastConfirmed.delete(side);
    },
  };
}
