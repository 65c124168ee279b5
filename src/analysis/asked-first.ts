/**
 * What cuts first when `explain` builds regions for an abstract end (regions.ts `buildRegions`, its `first`):
 * the asked ends' own selectors, and the rule peers of the policies that decide the asked pair — the ingress
 * peers of the policies that may select the destination, that may pick the source, and the egress peers of
 * those that may select the source, that may pick the destination (engine/deciding-peers.ts). Where a
 * namespace's selectors make more parts than the bound, the selectors applied last are left uncut; these
 * must not be, or a part holding pods the pair's rules admit and pods they do not gets one verdict (new-user
 * trial 41: `argo/[pod with {aqua=true}]` → the filer read "DENIED … 2048 parts, all with this verdict" while
 * the filer admits argo's workflow pods).
 */
import type { ChangedScope, Cluster, LabelSelector, NetworkPolicy, PairQuery, PeerRef } from '../engine/index.js';
import { decidingScopes, knownNamespaces, NAMESPACE_NAME_LABEL } from '../engine/index.js';

const EVERYTHING: LabelSelector = { matchLabels: {}, expressions: [] };

/** An end as a (namespace part, pod selector), or undefined for an end that is no pods (addresses, the ingress controller, a domain). */
function scopeOf(p: PeerRef): ChangedScope | undefined {
  const named = (namespace: string): LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace }, expressions: [] });
  if (p.type === 'pods') return { namespaces: p.peer.namespace !== undefined ? named(p.peer.namespace) : (p.peer.namespaceSelector ?? EVERYTHING), pods: p.peer.podSelector };
  if (p.type === 'workload') return { namespaces: named(p.workload.namespace), pods: { matchLabels: p.workload.podLabels, expressions: [] } };
  return undefined;
}

/** The asked ends' scopes, then the deciding peers of the pair (src → dst), over the clusters of both sides. */
export function askedFirst(sides: readonly Cluster[], query: PairQuery): ChangedScope[] {
  const src = scopeOf(query.src);
  const dst = scopeOf(query.dst);
  const out = [...(src ? [src] : []), ...(dst ? [dst] : [])];
  if (!src || !dst) return out;
  const ref = { file: '(asked)', line: 0 };
  // The pair as two one-rule policies: the source's egress toward the destination, the destination's ingress from the source.
  const rule = (end: ChangedScope) => [{ peers: [{ kind: 'pods' as const, namespaces: end.namespaces, pods: end.pods, ref }], ports: 'any' as const, ref }];
  const policy = (subject: ChangedScope, direction: 'ingress' | 'egress', other: ChangedScope): NetworkPolicy => ({
    id: `(asked)/${direction}`,
    namespace: '(asked)',
    name: `(asked-${direction})`,
    podSelector: subject.pods,
    affects: { ingress: direction === 'ingress', egress: direction === 'egress' },
    ingress: direction === 'ingress' ? rule(other) : [],
    egress: direction === 'egress' ? rule(other) : [],
    ref,
  });
  const asked = [
    { policy: policy(src, 'egress', dst), namespaces: src.namespaces },
    { policy: policy(dst, 'ingress', src), namespaces: dst.namespaces },
  ];
  return [...out, ...decidingScopes(sides, asked, knownNamespaces(sides))];
}
