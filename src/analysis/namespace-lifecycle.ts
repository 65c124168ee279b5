/**
 * What a change deletes, where pods the manifests do not hold gain no path:
 *
 * - A namespace the change deletes: base declares its Namespace, and head neither declares it nor puts
 *   any object in it. GitOps tools prune what the repository no longer holds, and Kubernetes deletes a
 *   namespace's pods with it; where nothing is pruned, the namespace's policies stay too. Either way the
 *   pods the manifests do not hold there gain no path in head, although the diff, which sees the
 *   namespace's policies gone, would say they do ("opens … to everything", exit 1, when a whole app is
 *   deleted). (A namespace head declares and base did not is not the mirror case: it may exist already,
 *   made outside the repository, so what it closes is kept, set apart: `createdNamespaces` below.)
 * - An app the change deletes in a namespace that stays (its folder removed while another target declares
 *   the Namespace): a workload of base that head no longer has, whose NetworkPolicies (those selecting it
 *   in base, at least one) head has none of. The pods those policies all selected in its namespace are
 *   taken to be the deleted app's, not pods another repository deploys, unless a workload of head is among
 *   them. (When the policies stay, e.g. the Deployment moved to another repository, the pods keep their
 *   paths.) The app's pods are those of its policies, not the region of label space it sat in: regions are
 *   cut by every selector of the change, so a policy elsewhere naming a label would otherwise split the
 *   app's namespace and decide which of its pods gain paths.
 *
 * Pairs with a region end in either keep only what they close, as a removed workload's pairs do.
 */
import type { Cluster, Connectivity, Direction, NetworkPolicy, PairDiff, PeerRef, RegionSet, WorkloadChange } from '../engine/index.js';
import { isFree, matches, NamedConns } from '../engine/index.js';
import { regionOfWorkload } from './represented-regions.js';

/**
 * A pair as the report keeps it: without its opened part where an end is a region of a namespace the
 * change deletes or a region a deleted app vacates (its closed part stays, as a removed workload's paths
 * close), `null` when nothing is left.
 */
export function namespaceLifecycle(regions: RegionSet, base: Cluster, head: Cluster): (p: PairDiff) => PairDiff | null {
  const deleted = deletedNamespaces(base, head);
  const vacated = vacatedRegions(regions, base, head);
  if (deleted.size === 0 && vacated.size === 0) return (p) => p;
  const gone = (e: PeerRef) => {
    if (e.type !== 'pods' || e.region === undefined) return false;
    const r = regions.regions[e.region];
    return r !== undefined && r.known && (deleted.has(r.namespace) || vacated.has(e.region));
  };
  return (p) => {
    if (!gone(p.src) && !gone(p.dst)) return p;
    if (p.closed === null && !p.namedPorts?.closed.length) return null;
    return {
      ...p,
      opened: null,
      ...(p.namedPorts ? { namedPorts: { ...p.namedPorts, opened: [] } } : {}),
      ...(p.namedSets ? { namedSets: { ...p.namedSets, opened: NamedConns.NONE } } : {}),
    };
  };
}

/**
 * Namespaces the change creates: head declares their Namespace, and base neither has them (declared or used)
 * nor holds a workload, policy or Service in them. Their pods ran nowhere before, so the paths of pods the
 * manifests do not hold there, which only close (the namespace's new policies isolate them), close nothing
 * unless the namespace already existed outside the repository (real-eval 19: every "create namespace" pull
 * request of a platform repository read "1481 paths closed"). The report sets those pairs apart with both
 * readings (DiffReport.createdNamespaces) and does not count them; a path they open stays counted.
 */
export function createdNamespaces(base: Cluster, head: Cluster): Set<string> {
  const before = new Set<string>(base.namespaces.map((n) => n.name));
  for (const o of [...base.workloads, ...base.policies, ...base.services]) before.add(o.namespace);
  return new Set(head.namespaces.filter((n) => n.ref !== undefined && !before.has(n.name)).map((n) => n.name));
}

/**
 * Whether a pair is a path a workload the change adds in a namespace it creates (`created`, createdNamespaces)
 * opens with pods the manifests do not hold, in a direction a policy selects the workload for in `head` (its
 * egress where it is the source, its ingress where it is the destination; engine `isFree`). Such a pair counts,
 * though the pairs of a workload that appeared with pods the manifests do not hold do not (abstract-pairs.ts
 * `abstractPairFilter`): the new namespace's own pods, whose paths only close, are set apart, so what the
 * workload's policies admit (pods of kube-system on TCP 8080) would read "No change". A direction no policy
 * selects allows everything, as it does for a workload added to a namespace that exists, and is told as there:
 * its paths with workloads and addresses, and UNPROTECTED_WORKLOAD; not one path per group of pods.
 * `headOf` gives head's connectivity; it is called only when `created` is not empty (a caller may compute it then).
 */
export function createdNamespaceOpenings(created: ReadonlySet<string>, headOf: () => Connectivity): (p: PairDiff) => boolean {
  if (created.size === 0) return () => false;
  const head = headOf();
  const decided = (e: PeerRef, change: WorkloadChange | undefined, direction: Direction) => {
    if (change !== 'added' || e.type !== 'workload' || !created.has(e.workload.namespace)) return false;
    const cls = head.index.classOf.get(e.workload.id);
    return cls !== undefined && !isFree(head, direction, cls);
  };
  return (p) => (p.src.type === 'pods' || p.dst.type === 'pods') && (decided(p.src, p.peerChanges.src, 'egress') || decided(p.dst, p.peerChanges.dst, 'ingress'));
}

/** The namespace of a pair end that is pods the manifests do not hold in one of `created` (createdNamespaces), else undefined. */
export function createdNamespaceOf(created: ReadonlySet<string>, e: PeerRef): string | undefined {
  return e.type === 'pods' && e.peer.namespace !== undefined && created.has(e.peer.namespace) ? e.peer.namespace : undefined;
}

/** Whether a pair only closes, and one of its ends is pods the manifests do not hold in one of `created` (createdNamespaces). */
export function createdOnlyFilter(created: ReadonlySet<string>): (p: PairDiff) => boolean {
  if (created.size === 0) return () => false;
  return (p) => p.opened === null && !p.namedPorts?.opened.length && (createdNamespaceOf(created, p.src) !== undefined || createdNamespaceOf(created, p.dst) !== undefined);
}

/** Namespaces base declares that head neither declares nor holds a workload, policy or Service in. */
export function deletedNamespaces(base: Cluster, head: Cluster): Set<string> {
  const declared = new Set(head.namespaces.map((n) => n.name));
  const candidates = base.namespaces.map((n) => n.name).filter((n) => !declared.has(n));
  if (candidates.length === 0) return new Set();
  const used = new Set<string>([...head.workloads, ...head.policies, ...head.services].map((o) => o.namespace));
  return new Set(candidates.filter((n) => !used.has(n)));
}

/**
 * Regions (indexes of `regions`) a deleted app vacates: for each workload of base that head does not have
 * (by id) whose NetworkPolicies in base (those selecting it, at least one) head has none of, the regions of
 * its namespace that every one of those policies selects, unless one of them holds a workload of head.
 * The policies are changed (deleted), so their podSelectors cut the regions of their namespace and a
 * region's representative labels tell whether it is selected.
 */
export function vacatedRegions(regions: RegionSet, base: Cluster, head: Cluster): Set<number> {
  const inHead = new Set(head.workloads.map((w) => w.id));
  const removed = base.workloads.filter((w) => !inHead.has(w.id));
  if (removed.length === 0) return new Set();
  const headPolicies = new Set(head.policies.map((p) => p.id));
  const byNamespace = new Map<string, number[]>();
  for (const r of regions.regions) {
    if (!r.known) continue;
    const list = byNamespace.get(r.namespace);
    if (list) list.push(r.index);
    else byNamespace.set(r.namespace, [r.index]);
  }
  const headHeld = new Map<string, Set<number>>();
  const heldByHead = (namespace: string): Set<number> => {
    let held = headHeld.get(namespace);
    if (held) return held;
    held = new Set();
    for (const w of head.workloads) {
      if (w.namespace !== namespace) continue;
      const r = regionOfWorkload(regions, w);
      if (r !== undefined) held.add(r);
    }
    headHeld.set(namespace, held);
    return held;
  };
  // Base's policies per namespace, in order: each removed workload asks its own namespace's only (not every policy per workload).
  const policiesIn = new Map<string, NetworkPolicy[]>();
  for (const p of base.policies) {
    const list = policiesIn.get(p.namespace);
    if (list) list.push(p);
    else policiesIn.set(p.namespace, [p]);
  }
  const out = new Set<number>();
  for (const w of removed) {
    const own = (policiesIn.get(w.namespace) ?? []).filter((p) => matches(p.podSelector, w.podLabels));
    if (own.length === 0 || own.some((p) => headPolicies.has(p.id))) continue;
    const zone = (byNamespace.get(w.namespace) ?? []).filter((r) => own.every((p) => matches(p.podSelector, regions.regions[r].podLabels)));
    const held = heldByHead(w.namespace);
    if (zone.some((r) => held.has(r))) continue;
    for (const r of zone) out.add(r);
  }
  return out;
}
