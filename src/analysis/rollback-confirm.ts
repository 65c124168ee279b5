/**
 * The rollback's confirmation that a revert closes every opened path, limited to the pairs the revert
 * touches. A pair's traffic depends only on its two ends and the objects that select them
 * (engine/touched.ts), so the pairs whose ends a revert does not touch (head → reverted head) keep head's
 * values, and whether they are opened against base is already known from head's diff. Only the pairs
 * with a touched end are diffed again (`diffConnectivity`'s `within`), plus the ingress controller's,
 * which Services and Ingresses steer and which are compared for every workload. So the cost of a
 * confirmation follows the reverted documents, not the cluster.
 *
 * The other way round holds too: a pair opened from base to the reverted head has an end that the changes
 * left in place (base → reverted head) touch. When those touch fewer ends than the revert does (a revert
 * of most of a wide change), only their pairs are diffed against base, and head's diff is not needed.
 * Either way the cost follows the smaller of the two changes.
 */
import type { Connectivity, PairDiff, PeerRef, RegionSet } from '../engine/index.js';
import { diffConnectivity, regionEntryId, touchedWorkloads } from '../engine/index.js';

/**
 * The opened pairs of `base` → a reverted head that `counts` accepts: those of head's diff whose ends the
 * revert does not touch, then those of a diff limited to the touched ends; or, when the changes the
 * revert leaves in place touch fewer ends, a diff of base limited to those. `headDiff`: every pair of
 * `diffConnectivity(base, head, {regions})` (unfiltered, before any report reconciliation); `after` must
 * be computed with the same regions. The pairs are those of
 * `diffConnectivity(base, after, {regions}).pairs.filter(p => p.opened && counts(p))`, in another order.
 */
export function revertedOpened(
  base: Connectivity,
  head: Connectivity,
  headDiff: readonly PairDiff[],
  regions: RegionSet | undefined,
  counts: (p: PairDiff) => boolean,
): (after: Connectivity) => PairDiff[] {
  // Head's opened pairs serve only confirmations diffed against head's: found on the first of those.
  let headOpened: PairDiff[] | undefined;
  const openedWithin = (after: Connectivity, within?: ReadonlySet<string>) => diffConnectivity(base, after, { regions, within, sorted: false }).pairs.filter((p) => p.opened !== null && counts(p));
  return (after) => {
    const touched = touchedWorkloads(head, after);
    const left = touchedWorkloads(base, after);
    // What the unreverted changes touch is the diff's own scope (engine/touched.ts): exact on its own.
    if (left !== null && (touched === null || left.size < touched.size)) return openedWithin(after, left);
    if (touched === null) return openedWithin(after);
    const touchedEnd = (peer: PeerRef) =>
      peer.type === 'workload' ? touched.has(peer.workload.id) : peer.type === 'pods' && peer.region !== undefined && touched.has(regionEntryId(peer.region));
    // Pairs diffed again: a touched end, or the ingress controller's (every workload's, always compared).
    const fresh = (p: PairDiff) => p.src.type === 'ingress-controller' || touchedEnd(p.src) || touchedEnd(p.dst);
    headOpened ??= headDiff.filter((p) => p.opened !== null && counts(p));
    const out = headOpened.filter((p) => !fresh(p));
    for (const p of diffConnectivity(base, after, { regions, within: touched, sorted: false }).pairs) if (p.opened !== null && fresh(p) && counts(p)) out.push(p);
    return out;
  };
}
