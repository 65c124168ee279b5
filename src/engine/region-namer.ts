/**
 * Names a region by the abstract peer with the most requirements among those that hold it (regions.ts
 * `nameOf` before region-names.ts makes it exact): rule peers, policy subjects, its namespace
 * (`NS/[all pods]`), `entire-cluster`.
 */
import type { AbstractPeer } from './abstract-peers.js';
import { ENTIRE_CLUSTER, abstractPeer, abstractPeerMatches, requirements } from './abstract-peers.js';
import type { Cluster, LabelSelector, Labels } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import { EVERYTHING, matches } from './selectors.js';
import { selectorKey } from './selector-key.js';

/** What the namer reads of a region. */
export interface NamedRegion {
  readonly namespace: string;
  readonly known: boolean;
  readonly nsLabels: Labels | null;
  readonly podLabels: Labels;
}

/** A rule peer as regions.ts keeps it (`own` resolved to the namespace name). */
export interface NamerPeer {
  readonly namespaces: { readonly name: string } | LabelSelector;
  readonly pods: LabelSelector;
}

/**
 * The candidates every namer of one set of regions shares, by namespace name: the policies' subjects (in
 * the clusters' order) and each known namespace as a whole, numbered in that order. Their abstract peers
 * are built only for the namespaces a named region asks about.
 */
export type FixedCandidates = ReadonlyMap<string, readonly { readonly pods: LabelSelector; readonly at: number }[]>;

export function fixedCandidates(clusters: readonly Cluster[], known: ReadonlyMap<string, readonly Labels[]>): FixedCandidates {
  const out = new Map<string, { readonly pods: LabelSelector; readonly at: number }[]>();
  let at = 0;
  const put = (namespace: string, pods: LabelSelector) => {
    let list = out.get(namespace);
    if (!list) out.set(namespace, (list = []));
    list.push({ pods, at: at++ });
  };
  for (const c of clusters) for (const p of c.policies) put(p.namespace, p.podSelector);
  for (const name of known.keys()) put(name, EVERYTHING);
  return out;
}

interface Candidate {
  /** The last candidate met with its id (a later one of the same id replaces it, at the first one's place). */
  peer: AbstractPeer;
  readonly order: number;
  /** Its requirements (pod part, and the namespace part's, a name counting one): worked out for the candidates of a named region's namespace only. */
  size?: number;
}

/**
 * Names a region by the abstract peer with the most requirements among those that hold it: `peers`, then
 * the `fixed` candidates, then `entire-cluster` (ties: the shorter id, then the first met; a candidate
 * met again by id keeps its first place and takes the last one's peer). Memoised; only regions that end up
 * in a report are named. Candidates are indexed by the namespace they name and by their distinct namespace
 * selectors, so naming a region looks only at the candidates that can hold its namespace, not at every
 * rule peer of the cluster; the fixed ones (policy subjects, namespaces: all by name) are made into
 * abstract peers only for the namespaces asked about.
 */
export function regionNamer(
  regions: readonly NamedRegion[],
  fixed: FixedCandidates,
  peers: readonly NamerPeer[],
  known: ReadonlyMap<string, readonly Labels[]>,
): (region: number) => AbstractPeer {
  const byId = new Map<string, Candidate>();
  const byName = new Map<string, Candidate[]>();
  const bySelector = new Map<string, { readonly selector: LabelSelector; readonly members: Candidate[] }>();
  let order = 0;
  const add = (peer: AbstractPeer, at: number) => {
    const met = byId.get(peer.id);
    if (met) {
      met.peer = peer;
      return;
    }
    const c: Candidate = { peer, order: at };
    byId.set(peer.id, c);
    if (peer.namespace !== undefined) (byName.get(peer.namespace) ?? byName.set(peer.namespace, []).get(peer.namespace)!).push(c);
    else {
      const key = selectorKey(peer.namespaceSelector!);
      (bySelector.get(key) ?? bySelector.set(key, { selector: peer.namespaceSelector!, members: [] }).get(key)!).members.push(c);
    }
  };
  add(ENTIRE_CLUSTER, order++);
  for (const peer of peers) add(abstractPeer('name' in peer.namespaces ? peer.namespaces.name : peer.namespaces, peer.pods), order++);
  // Fixed candidates come after every peer, in their own order. Their ids start with their namespace's
  // name, so only candidates by that name can share one: they are added when the name is first asked about.
  const fixedFrom = order;
  const resolved = new Set<string>();
  const namedBy = (name: string): readonly Candidate[] => {
    if (!resolved.has(name)) {
      resolved.add(name);
      for (const f of fixed.get(name) ?? []) add(abstractPeer(name, f.pods), fixedFrom + f.at);
    }
    return byName.get(name) ?? [];
  };
  const nsLabelSetsOf = (r: NamedRegion) => (r.known ? known.get(r.namespace)! : [r.nsLabels!]);
  // Per region namespace (known by name, or a part of the others): the candidates that can hold its pods.
  const perNamespace = new Map<string, Candidate[]>();
  const candidatesOf = (r: NamedRegion): Candidate[] => {
    let list = perNamespace.get(r.namespace);
    if (list) return list;
    const labelSets = nsLabelSetsOf(r);
    list = [];
    for (const name of new Set(labelSets.map((l) => l[NAMESPACE_NAME_LABEL]))) if (name !== undefined) list.push(...namedBy(name));
    for (const g of bySelector.values()) if (labelSets.some((l) => matches(g.selector, l))) list.push(...g.members);
    for (const c of list) c.size ??= requirements(c.peer.podSelector).length + (c.peer.namespace !== undefined ? 1 : requirements(c.peer.namespaceSelector!).length);
    // Best first: the first candidate that holds a region names it.
    list.sort((a, b) => b.size! - a.size! || a.peer.id.length - b.peer.id.length || a.order - b.order);
    perNamespace.set(r.namespace, list);
    return list;
  };
  const memo = new Map<number, AbstractPeer>();
  return (i) => {
    let name = memo.get(i);
    if (name) return name;
    const r = regions[i];
    const labelSets = nsLabelSetsOf(r);
    name = candidatesOf(r).find((c) => labelSets.some((l) => abstractPeerMatches(c.peer, l, r.podLabels)))?.peer ?? ENTIRE_CLUSTER;
    memo.set(i, name);
    return name;
  };
}
