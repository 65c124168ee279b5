/**
 * The diff of a warm process's next push of a pull request, from the last push's diff against the same
 * kept base side (analysis/base-side.ts). A pair whose two ends are as they were (push-steps.ts: their
 * namespaces unchanged between the two heads, regions matched by content) has the same base and head
 * traffic as in the last push, so it is a changed pair now exactly when it was one then: those pairs are
 * taken from the last diff, and only pairs with an end the step touched are diffed (engine/diff.ts
 * `within`; the ingress controller's pairs are diffed for every end, as always). Like a diff computed
 * whole, the result is not sorted (sorting names every region at an end): the caller sorts the pairs it
 * keeps. Where two kept pairs tie in that order, their place in a cold run is the order the whole diff met
 * them, which the last push's pairs do not keep: `tiesAmong` tells, and the caller then diffs whole.
 * A last diff cut short by the region-pair bound lacks the pairs past it, so it is never reused; nor is one
 * whose pairs with a region end, with the step's, pass the bound (a whole diff would keep others).
 */
import type { Cluster, Connectivity, ConnectivityDiff, PairDiff, PeerRef, RegionSet, Workload } from '../engine/index.js';
import { diffConnectivity, peerComparator, regionEnd, regionEntryId } from '../engine/index.js';
import type { BaseSide } from './base-side.js';
import { regionContents, stableEnds } from './push-steps.js';

/** An end of a kept pair: a peer, or a region by its content (the next push's regions are others). */
type KeptEnd = { readonly peer: PeerRef } | { readonly region: string };

interface KeptPair {
  readonly src: KeptEnd;
  readonly dst: KeptEnd;
  readonly pair: PairDiff;
}

interface Kept {
  readonly options: string;
  readonly head: Cluster;
  /** The content of every region of the last push (none without regions). */
  readonly regions: ReadonlySet<string> | undefined;
  readonly pairs: readonly KeptPair[];
  /** The last diff stopped at the region-pair bound (its pairs are not all the changed pairs). */
  readonly cut: boolean;
}

/** One diff per base side (the last head's); gone with the base side. */
const lastDiffs = new WeakMap<BaseSide, Kept>();

/** At most this many pairs are kept (a warm process must not hold a 100k cluster's diff beside the next). */
const MAX_KEPT = 100_000;

/**
 * `diffConnectivity(baseConn, headConn, {regions})` for an analysis of `head` against `side` with
 * `options` (plain data, report-reuse.ts `optionsKey`; undefined: nothing reused or kept), from the last
 * push's diff where it still holds; this one is kept for the next push. Neither is sorted (`sorted:
 * false`: sorting names every region at an end, most of whose pairs the report drops): the caller sorts
 * the pairs it keeps (`sortByPeers`), which gives a diff computed whole the order of the sorted diff, and
 * one from the last push that order unless two kept pairs tie (`tiesAmong`).
 */
export function reusedDiff(side: BaseSide, head: Cluster, options: string | undefined, baseConn: Connectivity, headConn: Connectivity, regions: RegionSet | undefined, maxRegionPairs?: number): ReusedDiff {
  const last = options === undefined ? undefined : lastDiffs.get(side);
  // Dropped now: the new analysis's peak memory must not hold it twice.
  lastDiffs.delete(side);
  const contents = regions && regionContents(regions);
  const reusable = last && !last.cut && last.options === options && (last.regions !== undefined) === (regions !== undefined);
  const diff = (reusable && fromLast(last, head, baseConn, headConn, regions, contents, maxRegionPairs)) || diffConnectivity(baseConn, headConn, { regions, sorted: false, maxRegionPairs });
  if (options !== undefined && diff.pairs.length <= MAX_KEPT) {
    const end = (p: PeerRef): KeptEnd => (p.type === 'pods' && p.region !== undefined && contents ? { region: contents(p.region) } : { peer: p });
    const all = regions && new Set(regions.regions.map((r) => contents!(r.index)));
    lastDiffs.set(side, { options, head, regions: all, pairs: diff.pairs.map((pair) => ({ src: end(pair.src), dst: end(pair.dst), pair })), cut: diff.regionPairsCut !== undefined });
  }
  return diff;
}

/** A diff, and whether its pairs came partly from the last push (then ties among them need `tiesAmong`). */
export interface ReusedDiff extends ConnectivityDiff {
  readonly fromLast?: true;
}

/**
 * Whether two neighbours of `sorted` (pairs sorted by `sortByPeers`) compare equal: two regions of one name
 * at an end. Such pairs keep the order they were met in, so a diff from the last push must then be
 * computed whole for the report to be the cold run's.
 */
export function tiesAmong(sorted: readonly PairDiff[]): boolean {
  const order = peerComparator();
  for (let i = 1; i < sorted.length; i++) if (order(sorted[i - 1].src, sorted[i].src) === 0 && order(sorted[i - 1].dst, sorted[i].dst) === 0) return true;
  return false;
}

/** The diff from `last`'s pairs and a diff of the touched ends (not sorted); undefined when the step reaches every end. */
function fromLast(last: Kept, head: Cluster, baseConn: Connectivity, headConn: Connectivity, regions: RegionSet | undefined, contents: ((i: number) => string) | undefined, maxRegionPairs: number | undefined): ReusedDiff | undefined {
  const stable = stableEnds(last.head, head);
  if (!stable) return undefined;
  // Regions by content: the same content twice would make the match ambiguous.
  const byContent = new Map<string, number>();
  if (regions && contents) {
    for (const r of regions.regions) {
      const c = contents(r.index);
      if (byContent.has(c)) return undefined;
      byContent.set(c, r.index);
    }
  }
  // Ends the step touched, by diff entry id: workloads of changed namespaces, regions whose content is new
  // or lies where something changed.
  const within = new Set<string>();
  for (const w of [...head.workloads, ...baseConn.cluster.workloads]) if (!stable.workload(w.namespace)) within.add(w.id);
  for (const w of last.head.workloads) if (!stable.workload(w.namespace)) within.add(w.id);
  const movedRegion = (i: number) => !stable.region(regions!.regions[i]) || !last.regions!.has(contents!(i));
  if (regions) for (const r of regions.regions) if (movedRegion(r.index)) within.add(regionEntryId(r.index));
  const touched = diffConnectivity(baseConn, headConn, { regions, within, sorted: false, maxRegionPairs });
  // Peers of this push: head's workload objects (else base's), one reference per region as the diff makes them.
  const workloads = new Map<string, Workload>();
  for (const w of baseConn.cluster.workloads) workloads.set(w.id, w);
  for (const w of head.workloads) workloads.set(w.id, w);
  const peers = new Map<string, PeerRef>();
  const peerOf = (e: KeptEnd): PeerRef | undefined => {
    if ('region' in e) {
      const index = byContent.get(e.region);
      if (index === undefined || movedRegion(index)) return undefined;
      const key = regionEntryId(index);
      let peer = peers.get(key);
      if (!peer) peers.set(key, (peer = regionEnd(regions!, index)));
      return peer;
    }
    const p = e.peer;
    if (p.type === 'ingress-controller') return undefined;
    if (p.type !== 'workload') return p;
    const w = workloads.get(p.workload.id);
    if (!w || within.has(w.id)) return undefined;
    let peer = peers.get(w.id);
    if (!peer) peers.set(w.id, (peer = { type: 'workload', workload: w }));
    return peer;
  };
  const reused: PairDiff[] = [];
  for (const k of last.pairs) {
    const src = peerOf(k.src);
    const dst = src && peerOf(k.dst);
    if (src && dst) reused.push({ ...k.pair, src, dst });
  }
  // The region pair bound holds the whole diff, not the step's part of it: a whole diff past it keeps other
  // pairs (the most direct regions'), so the step's own pairs stopping at the bound, or with the kept ones
  // more pairs with a region end than it, mean the diff is computed whole (test/property/warm-push-options).
  // Not seen from here: a diff too large to value every candidate (engine/region-pair-budget.ts
  // MAX_VALUED_PAIRS) stops when its candidates, changed or not, pass the bound; such a whole diff may be cut
  // where the step's part and the kept pairs are not.
  if (touched.regionPairsCut !== undefined) return undefined;
  const bound = touched.regionPairBound ?? Infinity;
  let regionPairs = 0;
  for (const list of [touched.pairs, reused]) for (const p of list) if (p.src.type === 'pods' || p.dst.type === 'pods') regionPairs++;
  if (regionPairs > bound) return undefined;
  return { pairs: [...touched.pairs, ...reused], added: touched.added, removed: touched.removed, fromLast: true, regionPairBound: bound };
}
