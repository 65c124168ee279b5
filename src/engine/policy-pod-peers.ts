/**
 * The pod peers of a NetworkPolicy-tier part's rules (`from` / `to` entries with a pod or namespace
 * selector; NetworkPolicy v1 `ingress[].from[]`, `egress[].to[]`), one walk for what cuts label space
 * (regions.ts `rulePeers`) and what cuts first where the region bound stops a partition (region-focus.ts
 * `RegionFocus.first`). ipBlock peers pick addresses, never pods (rule-match.ts), and a rule without peers
 * (`'any'`) names no selector.
 */
import type { Direction, LabelSelector, NetworkPolicy } from './model.js';
import { DIRECTIONS } from './model.js';

/**
 * Calls `visit(namespaces, pods, direction)` for each pod peer of `policy`'s rules in `directions` (default
 * both), in the order written, ingress first; `own` (a peer of the policy's own namespace, or of each namespace
 * a cluster-scoped part is copied into) stands for `namespaces` where the peer says `own`. `affectedOnly`: only
 * the rules of the directions the policy isolates (`affects`): a cluster-scoped part's others decide nothing.
 */
export function forEachPodPeer<N>(
  policy: NetworkPolicy,
  own: N,
  visit: (namespaces: LabelSelector | N, pods: LabelSelector, direction: Direction) => void,
  directions: ReadonlySet<Direction> | readonly Direction[] = DIRECTIONS,
  affectedOnly = false,
): void {
  for (const direction of DIRECTIONS) {
    if (!('has' in directions ? directions.has(direction) : directions.includes(direction))) continue;
    if (affectedOnly && !policy.affects[direction]) continue;
    for (const rule of policy[direction]) {
      if (rule.peers === 'any') continue;
      for (const peer of rule.peers) if (peer.kind === 'pods') visit(peer.namespaces === 'own' ? own : peer.namespaces, peer.pods, direction);
    }
  }
}
