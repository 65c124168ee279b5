/**
 * hostNetwork pods: the NetworkPolicy spec leaves policy behaviour for them undefined, and CNI plugins
 * differ (many do not enforce policies on them; their traffic carries the node's address). reachdiff
 * treats them like other pods with their labels, and says so for every one a policy touches.
 */
import type { Cluster, Labels, NetworkPolicy, Workload } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';
import { policyName } from '../engine/policy-terms.js';
import { matches } from '../engine/selectors.js';
import type { Diagnostic } from './diagnostics.js';

/** One warning per hostNetwork workload (ids in `hostNetwork`) that a policy selects or a rule's peer selector matches. */
export function hostNetworkWarnings(cluster: Cluster, hostNetwork: ReadonlySet<string>): Diagnostic[] {
  if (hostNetwork.size === 0) return [];
  const nsLabels = new Map(cluster.namespaces.map((n) => [n.name, n.labels]));
  const labelsOf = (ns: string): Labels => nsLabels.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
  const out: Diagnostic[] = [];
  for (const w of cluster.workloads) {
    if (!hostNetwork.has(w.id)) continue;
    const selectedBy = cluster.policies.filter((p) => p.namespace === w.namespace && matches(p.podSelector, w.podLabels));
    const peerOf = cluster.policies.filter((p) => isPeer(p, w, labelsOf(w.namespace)));
    if (selectedBy.length === 0 && peerOf.length === 0) continue;
    // Each policy with its kind (`CiliumNetworkPolicy ns/x`, not `NetworkPolicy ns/x[CiliumNetworkPolicy]`).
    const how = [
      selectedBy.length ? `selected by ${selectedBy.map((p) => policyName(p.id)).join(', ')}` : '',
      peerOf.length ? `a peer of ${peerOf.map((p) => policyName(p.id)).join(', ')}` : '',
    ].filter(Boolean);
    out.push({
      severity: 'warning',
      code: 'HOST_NETWORK',
      message: `${w.id} uses hostNetwork and is ${how.join(' and ')}: policy behaviour for host-network pods is undefined in the NetworkPolicy spec and differs between CNI plugins (many do not enforce policies on them). reachdiff assumed they are treated like other pods with their labels`,
      ref: w.ref,
    });
  }
  return out;
}

function isPeer(p: NetworkPolicy, w: Workload, wNsLabels: Labels): boolean {
  return [...p.ingress, ...p.egress].some(
    (r) => r.peers !== 'any' && r.peers.some((peer) => peer.kind === 'pods' && (peer.namespaces === 'own' ? p.namespace === w.namespace : matches(peer.namespaces, wNsLabels)) && matches(peer.pods, w.podLabels)),
  );
}
