/**
 * A line's list of ends (its subjects, or its other ends) that names a workload beside pods the manifests
 * do not hold which include it (`prometheus/prometheus-ceph[StatefulSet] and prometheus/[pod with
 * {app=prometheus-ceph}] now admit …`) reads as if they were apart. The workload folds into that end,
 * named after it as held today (`prometheus/[pod with {app=prometheus-ceph}] (prometheus/prometheus-ceph
 * today) now admits …`): the line says the same of both, so nothing is lost.
 */
import type { AbstractPeer, PeerRef, Workload } from '../engine/index.js';
import { EVERYTHING, isEmptySelector, matches, peerId } from '../engine/index.js';

/**
 * Whether every pod of `w` is a pod of `peer` by its selectors alone: the namespace by name, or every
 * namespace (a namespace selector with requirements is not judged: the namespace's labels are not known here).
 */
function holdsWorkload(peer: AbstractPeer, w: Workload): boolean {
  const nsOk = peer.namespace !== undefined ? peer.namespace === w.namespace : isEmptySelector(peer.namespaceSelector ?? EVERYTHING);
  return nsOk && matches(peer.podSelector, w.podLabels);
}

/** Whether the `pods` end holds every pod of `w`: its peer does, and none of its exceptions may hold one. */
export function holdsEvery(end: PeerRef & { type: 'pods' }, w: Workload): boolean {
  return holdsWorkload(end.peer, w) && !(end.except ?? []).some((x) => mayHoldWorkload(x, w));
}

/** Whether `peer` may hold some pod of `w` (a namespace selector with requirements may: not judged here). */
function mayHoldWorkload(peer: AbstractPeer, w: Workload): boolean {
  const nsMaybe = peer.namespace !== undefined ? peer.namespace === w.namespace : true;
  return nsMaybe && matches(peer.podSelector, w.podLabels);
}

/**
 * `ends` without the workloads a `pods` end of the list holds (none of its exceptions may hold them), each
 * added to `today` under that end's id; the first such end in list order takes it. `today`: end id →
 * workload ids, as `AbstractGroup.today`.
 */
export function foldHeldWorkloads(ends: readonly PeerRef[], today: Map<string, Set<string>>): PeerRef[] {
  return foldHeld(ends, (id, w) => {
    (today.get(id) ?? today.set(id, new Set()).get(id)!).add(w.workload.id);
  });
}

/** `ends` without the workloads a `pods` end of the list holds, each told to `held` with that end's id (the headline keeps workloads, not ids). */
export function foldHeld(ends: readonly PeerRef[], held: (holder: string, workload: PeerRef & { type: 'workload' }) => void): PeerRef[] {
  const pods = ends.filter((e): e is PeerRef & { type: 'pods' } => e.type === 'pods');
  if (pods.length === 0) return [...ends];
  return ends.filter((e) => {
    if (e.type !== 'workload') return true;
    const holder = pods.find((p) => holdsEvery(p, e.workload));
    if (!holder) return true;
    held(peerId(holder), e);
    return false;
  });
}
