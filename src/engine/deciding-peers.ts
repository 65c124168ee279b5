/**
 * The other end's deciders of changed rules: what cuts first where the region bound stops a partition short
 * (region-focus.ts `RegionFocus.first`), beside the changed policies' own subjects and rule peers. A changed
 * egress rule toward pods P opens a path only where P's ingress admits the changed policy's pods; whether it
 * does is decided by the ingress rule peers of the policies selecting P (and the reverse for a changed ingress
 * rule). When those peers name a label the changed policy's namespace is cut by last, the bound merges the
 * pods they admit with those they do not, and the change's own paths are lost (new-user trial 41,
 * Tsuguya/home 73827ab: `aqua-checksum` pods' new egress to the SeaweedFS filer on TCP 8333, which the filer's
 * unchanged ingress admits only from pods with `workflows.argoproj.io/workflow`, in a namespace of a dozen
 * opt-in labels; the diff read "No change").
 */
import type { ChangedScope } from './region-focus.js';
import type { Cluster, ClusterPolicy, Direction, LabelSelector, Labels, NetworkPolicy } from './model.js';
import { DIRECTIONS, NAMESPACE_NAME_LABEL, OPPOSITE } from './model.js';
import { forEachPodPeer } from './policy-pod-peers.js';
import { mayOverlap } from './selector-overlap.js';
import { matches } from './selectors.js';
import { selectorKey } from './selector-key.js';

const named = (namespace: string): LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace }, expressions: [] });

/**
 * For each pod peer (namespace part, pod selector) of a rule of `changed` (NetworkPolicy-tier parts, `own`
 * resolved: a namespaced policy's namespace by name, a cluster-scoped part's namespaces) in direction d: the rule
 * peers in the opposite direction of the policies of `clusters` that may select the peer's pods (a
 * NetworkPolicy-tier part isolating that direction, namespaced or cluster-scoped, or a cluster-wide policy's
 * subject), kept where they may pick the changed policy's own pods. `known`: the label sets of each namespace
 * the manifests know (regions.ts `knownNamespaces`). "May" is `mayOverlap`: more is kept, never less.
 * `changedCluster`: changed cluster-wide policies (AdminNetworkPolicy, Cilium deny rules, Calico tiers), whose
 * rules' pod peers are ends alike, kept where they may pick the policy's subject.
 */
export function decidingScopes(
  clusters: readonly Cluster[],
  changed: readonly { readonly policy: NetworkPolicy; readonly namespaces: LabelSelector }[],
  known: ReadonlyMap<string, readonly Labels[]>,
  changedCluster: readonly ClusterPolicy[] = [],
): ChangedScope[] {
  const out: ChangedScope[] = [];
  if (changed.length === 0 && changedCluster.length === 0) return out;
  // Head holds base's very objects for unchanged files: each policy is read once; by namespace, so that an end
  // of a named namespace reads that namespace's policies only.
  const byNamespace = new Map<string, NetworkPolicy[]>();
  for (const p of new Set(clusters.flatMap((c) => c.policies))) (byNamespace.get(p.namespace) ?? byNamespace.set(p.namespace, []).get(p.namespace)!).push(p);
  const scoped = [...new Set(clusters.flatMap((c) => c.scopedPolicies ?? []))];
  const clusterPolicies = [...new Set(clusters.flatMap((c) => c.clusterPolicies ?? []))];
  // Per end (namespace part, pod selector, direction): its deciders' peers, found once however many changed policies share it.
  const deciders = new Map<string, ChangedScope[]>();
  const decidersOf = (namespaces: LabelSelector, pods: LabelSelector, direction: Direction): ChangedScope[] => {
    const key = `${direction}\u0004${selectorKey(namespaces)}\u0004${selectorKey(pods)}`;
    let list = deciders.get(key);
    if (list) return list;
    deciders.set(key, (list = []));
    const found = list;
    const other = OPPOSITE[direction];
    const add = (ns: LabelSelector, p: LabelSelector) => found.push({ namespaces: ns, pods: p });
    for (const [namespace, policies] of byNamespace) {
      if (!(known.get(namespace) ?? [named(namespace).matchLabels]).some((l) => matches(namespaces, l))) continue;
      for (const q of policies) if (q.affects[other] && mayOverlap(q.podSelector, pods)) forEachPodPeer(q, named(q.namespace), add, [other]);
    }
    for (const s of scoped) {
      if (s.policy.affects[other] && mayOverlap(s.policy.podSelector, pods) && mayOverlap(s.namespaces, namespaces)) forEachPodPeer(s.policy, s.namespaces, add, [other]);
    }
    for (const c of clusterPolicies) {
      if (!mayOverlap(c.subject.pods, pods) || !mayOverlap(c.subject.namespaces, namespaces)) continue;
      for (const r of c[other]) for (const peer of r.peers) if (peer.kind === 'pods') add(peer.namespaces, peer.pods);
    }
    return found;
  };
  const seen = new Set<string>();
  // The deciders' peers that may pick the changed policy's pods (their namespace part is left to the partitions: regions.ts cuts a namespace only by peers that pick it).
  const end = (own: LabelSelector, subject: LabelSelector) => (namespaces: LabelSelector, pods: LabelSelector, direction: Direction) => {
    for (const d of decidersOf(namespaces, pods, direction)) {
      if (!mayOverlap(d.pods, subject) || !mayOverlap(d.namespaces, own)) continue;
      const key = `${selectorKey(d.namespaces)}\u0004${selectorKey(d.pods)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  };
  for (const { policy, namespaces: own } of changed) forEachPodPeer(policy, own, end(own, policy.podSelector), DIRECTIONS);
  for (const c of changedCluster) {
    const visit = end(c.subject.namespaces, c.subject.pods);
    for (const direction of DIRECTIONS) for (const r of c[direction]) for (const peer of r.peers) if (peer.kind === 'pods') visit(peer.namespaces, peer.pods, direction);
  }
  return out;
}
