/**
 * Label-combination openings in the report (engine/combined-labels.ts): pairs that open a path only for
 * pods that would carry the labels of several policies at once, which pods with fewer of those labels have
 * before and after the change. They stay among the report's pairs, marked `combinedLabels`, reconciled on
 * their own (no line merges them with other pairs), counted in `counts.combinedLabels` besides `opened`,
 * left out of the headline, the isolation causes and the findings, and are no rollback target: the
 * rollback closes every other opened path, judging each reverted head as the diff judges head
 * (rollback-search.ts). `--fail-on` counts them only with `combined-labels` (report/verdict.ts `fails`).
 */
import type { PairDiff, PeerRef, RegionSet } from '../engine/index.js';
import { peerId, sortByPeers } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/** The diff's label-combination openings, as a set of pairs that may be asked with a region set cut from the same one (engine/regions.ts `regionSubset`). */
export interface CombinedLabelKeys {
  readonly size: number;
  /** Whether `p` is one of them; `within`: the region set `p`'s region ends index (default: the one they were found in). */
  readonly has: (p: PairDiff, within?: RegionSet) => boolean;
}

/** Region keys per region set: a region subset renumbers regions but keeps their namespace and labels. */
const regionKeys = new WeakMap<RegionSet, Map<number, string>>();

function endKey(regions: RegionSet, e: PeerRef): string {
  if (e.type !== 'pods' || e.region === undefined) return peerId(e);
  let keys = regionKeys.get(regions);
  if (!keys) regionKeys.set(regions, (keys = new Map()));
  let key = keys.get(e.region);
  if (key === undefined) {
    const r = regions.regions[e.region];
    keys.set(e.region, (key = `#${r.namespace}\u0000${JSON.stringify(r.podLabels)}\u0000${JSON.stringify(r.nsLabels)}`));
  }
  return key;
}

const pairKey = (regions: RegionSet, p: PairDiff) => `${endKey(regions, p.src)}\u0001${endKey(regions, p.dst)}`;

/** The pairs of `pairs` (the diff's, before the report's reconciliation) that `isCombined` accepts. */
export function combinedLabelKeys(regions: RegionSet, pairs: readonly PairDiff[], isCombined: (p: PairDiff) => boolean): CombinedLabelKeys {
  const keys = new Set<string>();
  for (const p of pairs) if (p.opened && (p.src.type === 'pods' || p.dst.type === 'pods') && isCombined(p)) keys.add(pairKey(regions, p));
  return { size: keys.size, has: (p, within = regions) => keys.size > 0 && (p.src.type === 'pods' || p.dst.type === 'pods') && keys.has(pairKey(within, p)) };
}

/**
 * `reconcile` (analysis/abstract-pairs.ts `reconcileAbstract`) of the explained pairs, label-combination
 * openings on their own and marked `combinedLabels`, all sorted as one list.
 */
export function reconcileApart(pairs: readonly ExplainedPair[], combined: CombinedLabelKeys | undefined, reconcile: (pairs: readonly ExplainedPair[]) => ExplainedPair[]): ExplainedPair[] {
  if (!combined || combined.size === 0) return reconcile(pairs);
  const apart = pairs.filter((p) => combined.has(p));
  if (apart.length === 0) return reconcile(pairs);
  const rest = pairs.filter((p) => !combined.has(p));
  const out = [...reconcile(rest), ...reconcile(apart).map((p): ExplainedPair => ({ ...p, combinedLabels: true }))];
  sortByPeers(out);
  return out;
}

/**
 * The pairs as the parts of the report that speak of the other openings read them: label-combination
 * openings without their opening (a pair that also closes keeps its closing), the others as they are.
 */
export function withoutCombinedOpenings<P extends ExplainedPair>(pairs: readonly P[]): P[] {
  if (!pairs.some((p) => p.combinedLabels)) return [...pairs];
  return pairs.flatMap((p) => (!p.combinedLabels ? [p] : p.closed ? [{ ...p, opened: null, whyOpened: [] }] : []));
}

/** The label-combination openings of `pairs`, in order. */
export function combinedOpenings<P extends ExplainedPair>(pairs: readonly P[]): P[] {
  return pairs.filter((p) => p.combinedLabels && p.opened);
}
