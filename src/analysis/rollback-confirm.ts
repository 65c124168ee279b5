/**
 * The rollback's confirmation that a revert closes every opened path, limited to the pairs the revert
 * touches. A pair's traffic depends only on its two ends and the objects that select them
 * (engine/touched.ts), so the pairs whose ends a revert does not touch (head → reverted head) keep head's
 * values, and whether they are opened against base is already known from head's diff. Only the pairs
 * with a touched end are diffed again (`diffConnectivity`'s `within`), plus the ingress controller's,
 * which Services and Ingresses steer and which are compared for every workload. So the cost of a
 * confirmation follows the reverted documents, not the cluster.
 */
import type { Connectivity, PairDiff, PeerRef, RegionSet } from '../engine/index.js';
import { diffConnectivity, regionEntryId, touchedWorkloads } from '../engine/index.js';

/**
 * The opened pairs of `base` → a reverted head that `counts` accepts: those of head's diff whose ends the
 * revert does not touch, then those of a diff limited to the touched ends. `headDiff`: every pair of
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
  const headOpened = headDiff.filter((p) => p.opened !== null && counts(p));
  return (after) => {
    const touched = touchedWorkloads(head, after);
    if (touched === null) return diffConnectivity(base, after, { regions }).pairs.filter((p) => p.opened !== null && counts(p));
    const touchedEnd = (peer: PeerRef) =>
      peer.type === 'workload' ? touched.has(peer.workload.id) : peer.type === 'pods' && peer.region !== undefined && touched.has(regionEntryId(peer.region));
    // Pairs diffed again: a touched end, or the ingress controller's (every workload's, always compared).
    const fresh = (p: PairDiff) => p.src.type === 'ingress-controller' || touchedEnd(p.src) || touchedEnd(p.dst);
    const out = headOpened.filter((p) => !fresh(p));
    for (const p of diffConnectivity(base, after, { regions, within: touched }).pairs) if (p.opened !== null && fresh(p) && counts(p)) out.push(p);
    return out;
  };
}
