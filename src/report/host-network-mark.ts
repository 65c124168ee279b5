/**
 * The caveat beside a path with an end whose pods use hostNetwork (manifests/host-network.ts): policy
 * behaviour for host-network pods is undefined in the NetworkPolicy spec and differs between CNI plugins
 * (Cilium gives them the node's identity, which no namespaceSelector admits), so such a path may not open
 * or close as told. The HOST_NETWORK warning says it at the workload, among the warnings, which may be folded
 * far from the path (new-user trial 43: mchestr 8866e98c5 listed a multus DaemonSet as an opened source with
 * no qualifier). Text and Markdown say it on the path's line, in the same words.
 */
import type { DiffReport, ExplainedPair } from '../analysis/types.js';

/** The few words said beside such an end. */
export const HOST_NETWORK_CAVEAT = 'uses hostNetwork: policies may not apply to it';

/** The ends of `p` that are workloads `report.hostNetwork` holds, src first. */
export function hostNetworkEnds(report: Pick<DiffReport, 'hostNetwork'>, p: Pick<ExplainedPair, 'src' | 'dst'>): ('src' | 'dst')[] {
  const ids = report.hostNetwork;
  if (!ids || ids.length === 0) return [];
  return (['src', 'dst'] as const).filter((e) => {
    const end = p[e];
    return end.type === 'workload' && ids.includes(end.workload.id);
  });
}
