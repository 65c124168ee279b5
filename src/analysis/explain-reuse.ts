/**
 * Explanations of the last analysis against a kept base side (analysis/base-side.ts), for the next push
 * of the same pull request on a warm process. A pair's explanation (engine/explain.ts, explain-names.ts)
 * reads only its two ends (labels, named ports, whether each exists), the pair's sets, and the rules of
 * the policies that select either end, all of which live in the ends' namespaces (NetworkPolicies), or
 * are cluster-wide. So when head moves from one push to the next, a pair whose ends lie in namespaces
 * where nothing changed — positions included, since reasons cite file:line — and whose sets and end
 * names are the same as before has the same reasons: they are taken from the last push, by content
 * (end ids or region content and names, sets, names of ports), never by index. Anything cluster-wide
 * that changed (cluster policies, the pod network, the namespaces' list for parts of unknown
 * namespaces) stops the reuse of what it reaches. Ingress controller pairs are always explained again
 * (Services and Ingresses steer them).
 */
import type { Cluster, PairDiff, PeerRef, Reason, RegionSet } from '../engine/index.js';
import { changedNamespaces, identical, peerId } from '../engine/index.js';
import type { BaseSide } from './base-side.js';

export interface Why {
  readonly whyOpened: Reason[];
  readonly whyClosed: Reason[];
}

/** A pair's explanation: the last push's when it still holds, else `explain`'s (kept for the next push). */
export type ExplainReuse = (pair: PairDiff, explain: (pair: PairDiff) => Why) => Why;

interface Kept {
  readonly options: string;
  readonly head: Cluster;
  readonly explained: ReadonlyMap<string, Why>;
}

/** One set of explanations per base side (the last head's); gone with the base side. */
const lastExplained = new WeakMap<BaseSide, Kept>();

/** At most this many explained pairs are kept (a warm process must not hold a 100k cluster's worth twice). */
const MAX_KEPT = 100_000;

/**
 * The explanations for an analysis of `head` against `side` with `options` (plain data, report-reuse.ts
 * `optionsKey`; undefined: nothing reused or kept) over `regions`. Call `done` once every pair is
 * explained: it keeps this analysis's explanations for the next one.
 */
export function explanationReuse(side: BaseSide, head: Cluster, options: string | undefined, regions: RegionSet | undefined): { readonly explain: ExplainReuse; readonly done: () => void } {
  const last = options === undefined ? undefined : lastExplained.get(side);
  // Dropped now: the new analysis's peak memory must not hold it twice.
  lastExplained.delete(side);
  const stable = last && last.options === options ? stableEnds(last.head, head, regions) : undefined;
  const explained = new Map<string, Why>();
  const contentOf: string[] = [];
  const endKey = (p: PeerRef): string | undefined => {
    switch (p.type) {
      case 'workload':
        return `w\u0000${p.workload.id}`;
      case 'pods': {
        if (p.region === undefined || !regions) return undefined;
        const r = regions.regions[p.region];
        // A part of the unknown namespaces is its labels (its internal name `~ns<k>` is only its place in the list).
        contentOf[p.region] ??= `${r.known ? r.namespace : '~'}\u0000${JSON.stringify(r.nsLabels)}\u0000${JSON.stringify(r.podLabels)}`;
        return `r\u0000${p.peer.id}\u0000${contentOf[p.region]}`;
      }
      case 'ingress-controller':
        return undefined;
      case 'external':
      case 'domain':
        return `${p.type}\u0000${peerId(p)}`;
    }
  };
  const keyOf = (p: PairDiff): string | undefined => {
    const s = endKey(p.src);
    const d = endKey(p.dst);
    if (s === undefined || d === undefined) return undefined;
    return `${s}\u0001${d}\u0001${p.opened?.key ?? '-'}\u0001${p.closed?.key ?? '-'}\u0001${p.peerChanges.src ?? '-'}\u0001${p.peerChanges.dst ?? '-'}\u0001${p.namedPorts ? JSON.stringify(p.namedPorts) : '-'}`;
  };
  const explain: ExplainReuse = (pair, compute) => {
    const key = options === undefined ? undefined : keyOf(pair);
    const known = key !== undefined && stable?.(pair.src) && stable(pair.dst) ? last!.explained.get(key) : undefined;
    const why = known ?? compute(pair);
    if (key !== undefined && explained.size < MAX_KEPT) explained.set(key, why);
    return why;
  };
  const done = () => {
    if (options !== undefined && explained.size < MAX_KEPT) lastExplained.set(side, { options, head, explained });
  };
  return { explain, done };
}

/**
 * Which ends are as they were in `before` (the last push's head) for every explanation: a workload or a
 * region of a namespace where no object changed (positions included); a part of the namespaces the
 * manifests do not know when no namespace changed; addresses and DNS names always. Undefined when a
 * change reaches every end (cluster-wide policies, the pod network).
 */
function stableEnds(before: Cluster, after: Cluster, regions: RegionSet | undefined): ((p: PeerRef) => boolean) | undefined {
  const changed = changedNamespaces(before, after, identical);
  if (!changed) return undefined;
  const names = new Map(before.namespaces.map((n) => [n.name, n]));
  const namespacesKept = before.namespaces.length === after.namespaces.length && after.namespaces.every((n) => identical(names.get(n.name), n));
  return (p) => {
    switch (p.type) {
      case 'workload':
        return !changed.has(p.workload.namespace);
      case 'pods': {
        const r = p.region === undefined ? undefined : regions?.regions[p.region];
        if (!r) return false;
        return r.known ? !changed.has(r.namespace) : namespacesKept;
      }
      case 'ingress-controller':
        return false;
      case 'external':
      case 'domain':
        return true;
    }
  };
}
