/**
 * A namespace the change deletes: base declares its Namespace, and head neither declares it nor puts any
 * object in it. GitOps tools prune what the repository no longer holds, and Kubernetes deletes a
 * namespace's pods with it; where nothing is pruned, the namespace's policies stay too. Either way the
 * pods the manifests do not hold there gain no path in head, although the diff, which sees the
 * namespace's policies gone, would say they do ("opens … to everything", exit 1, when a whole app is
 * deleted). Pairs with a region end in such a namespace keep only what they close, as a removed
 * workload's pairs do. (A namespace head declares and base did not is not the
 * mirror case: it may exist already, made outside the repository, so what it closes is kept.)
 */
import type { Cluster, PairDiff, PeerRef, RegionSet } from '../engine/index.js';
import { NamedConns } from '../engine/index.js';

/**
 * A pair as the report keeps it: without its opened part where an end is a region of a namespace the
 * change deletes (its closed part stays, as a removed workload's paths close), `null` when nothing is left.
 */
export function namespaceLifecycle(regions: RegionSet, base: Cluster, head: Cluster): (p: PairDiff) => PairDiff | null {
  const deleted = deletedNamespaces(base, head);
  if (deleted.size === 0) return (p) => p;
  const inDeleted = (e: PeerRef) => {
    if (e.type !== 'pods' || e.region === undefined) return false;
    const r = regions.regions[e.region];
    return r !== undefined && r.known && deleted.has(r.namespace);
  };
  return (p) => {
    if (!inDeleted(p.src) && !inDeleted(p.dst)) return p;
    if (p.closed === null && !p.namedPorts?.closed.length) return null;
    return {
      ...p,
      opened: null,
      ...(p.namedPorts ? { namedPorts: { ...p.namedPorts, opened: [] } } : {}),
      ...(p.namedSets ? { namedSets: { ...p.namedSets, opened: NamedConns.NONE } } : {}),
    };
  };
}

/** Namespaces base declares that head neither declares nor holds a workload, policy or Service in. */
export function deletedNamespaces(base: Cluster, head: Cluster): Set<string> {
  const declared = new Set(head.namespaces.map((n) => n.name));
  const candidates = base.namespaces.map((n) => n.name).filter((n) => !declared.has(n));
  if (candidates.length === 0) return new Set();
  const used = new Set<string>([...head.workloads, ...head.policies, ...head.services].map((o) => o.namespace));
  return new Set(candidates.filter((n) => !used.has(n)));
}
