/** The kinds of peer of the output contract. */
import type { AbstractPeer } from './abstract-peers.js';
import type { AddressSet } from './address-set.js';
import type { Workload } from './model.js';

export type PeerRef =
  | { readonly type: 'workload'; readonly workload: Workload }
  | { readonly type: 'external'; readonly addresses: AddressSet }
  | { readonly type: 'ingress-controller' }
  /**
   * Pods the manifests do not hold: any pod matching the abstract peer's selectors (`region`: which region
   * of label space, when known), less any pod matching one of `except` (a report's line named after a rule
   * peer whose other pods' traffic did not change as the line says; analysis/peer-exceptions.ts).
   */
  | {
      readonly type: 'pods';
      readonly peer: AbstractPeer;
      readonly region?: number;
      readonly except?: readonly AbstractPeer[];
      /** A pair that opens and closes: the exceptions of each change alone (`except` holds both), as text and Markdown tell them. */
      readonly exceptByChange?: { readonly opened: readonly AbstractPeer[]; readonly closed: readonly AbstractPeer[] };
    }
  /** A destination named by DNS (ClusterNetworkPolicy `domainNames`), one name (exact or `*.` wildcard); never a source. */
  | { readonly type: 'domain'; readonly names: readonly string[] };

/** Exceptions of a `pods` end that text and Markdown name in full; past it, one fewer and a count (the JSON lists them all). */
export const EXCEPTIONS_NAMED = 4;

/** A `pods` end as one change of its pair tells it: with that change's exceptions (`exceptByChange`); other ends as they are. */
export function endForChange(p: PeerRef, change: 'opened' | 'closed'): PeerRef {
  if (p.type !== 'pods' || !p.exceptByChange) return p;
  const { exceptByChange, ...rest } = p;
  return { ...rest, except: exceptByChange[change] };
}

export const INGRESS_CONTROLLER: PeerRef = { type: 'ingress-controller' };

/**
 * Ids built from parts (address ranges, exceptions, domain names), per peer object: a report asks the id of
 * one end of tens of thousands of pairs many times (line keys, sorting, merging), and a PeerRef never
 * changes (its fields are readonly). Weak: gone with the peer.
 */
const builtIds = new WeakMap<PeerRef, string>();

/**
 * Ids of pods with exceptions, per exception list and peer id: a line's pairs share one list
 * (analysis/peer-exceptions.ts), each pair in an end object of its own.
 */
const exceptIds = new WeakMap<readonly AbstractPeer[], Map<string, string>>();

/** A peer's contract id; pods with exceptions read `P (except E1, E2)` (the JSON keeps `P`'s id and lists `except`). */
export function peerId(p: PeerRef): string {
  if (p.type === 'workload') return p.workload.id;
  if (p.type === 'pods') {
    if (!p.except?.length) return p.peer.id;
    const byPeer = exceptIds.get(p.except) ?? exceptIds.set(p.except, new Map()).get(p.except)!;
    const own = p.peer.id;
    let id = byPeer.get(own);
    if (id === undefined) byPeer.set(own, (id = `${own} (except ${p.except.map((e) => e.id).join(', ')})`));
    return id;
  }
  let id = builtIds.get(p);
  if (id === undefined) builtIds.set(p, (id = buildId(p)));
  return id;
}

/** The id of a peer `peerId` does not read off directly (workloads and pods are answered before the memo). */
function buildId(p: Exclude<PeerRef, { readonly type: 'workload' } | { readonly type: 'pods' }>): string {
  switch (p.type) {
    case 'external':
      return p.addresses.toRanges().join(',');
    case 'ingress-controller':
      return '{ingress-controller}';
    case 'domain':
      return `domain:${p.names.join(',')}`;
    default: {
      const never: never = p;
      throw new Error(`unknown peer ${String(never)}`);
    }
  }
}

/**
 * Numbers for peers, equal exactly when their contract ids (`peerId`) are: keys for maps and sets over
 * many pairs that never hash or compare ids. An end with exceptions has an id as long as its exception
 * list (tens of thousands of characters over a namespace of opt-in labels, jmuchovej/homelab 997cbe0),
 * and a fresh string of equal text is compared whole at every lookup; here such an end is numbered by
 * its own peer and its list (the list's numbers joined once per list object). One numbering per report.
 */
export function peerNumbering(): (p: PeerRef) => number {
  let next = 0;
  const byId = new Map<string, number>();
  const byObject = new WeakMap<object, number>();
  const byList = new Map<string, number>();
  const byOwnAndList = new Map<string, number>();
  const numberOfId = (id: string): number => {
    let n = byId.get(id);
    if (n === undefined) byId.set(id, (n = next++));
    return n;
  };
  const numberOfPeer = (a: AbstractPeer): number => {
    let n = byObject.get(a);
    if (n === undefined) byObject.set(a, (n = numberOfId(a.id)));
    return n;
  };
  const numberOfList = (list: readonly AbstractPeer[]): number => {
    let n = byObject.get(list);
    if (n === undefined) {
      const key = list.map(numberOfPeer).join(',');
      n = byList.get(key) ?? byList.set(key, byList.size).get(key)!;
      byObject.set(list, n);
    }
    return n;
  };
  return (p) => {
    if (p.type === 'workload') return numberOfId(p.workload.id);
    if (p.type !== 'pods') return numberOfId(peerId(p));
    if (!p.except?.length) return numberOfPeer(p.peer);
    const key = `${numberOfPeer(p.peer)}:${numberOfList(p.except)}`;
    let n = byOwnAndList.get(key);
    if (n === undefined) byOwnAndList.set(key, (n = next++));
    return n;
  };
}

const RANK: Record<PeerRef['type'], number> = { workload: 0, pods: 1, 'ingress-controller': 2, external: 3, domain: 4 };

/** Sort order: workloads by id, then abstract peers, then the ingress controller, then external ranges by address, then domains. */
export function comparePeers(a: PeerRef, b: PeerRef): number {
  return comparePeersBy(a, b, peerId);
}

/**
 * `comparePeers` for sorting many pairs: each peer's id is computed at most once per comparator
 * (`peerId` builds a string per call for address ranges and domains, and reads an abstract peer's lazily
 * named region). Same order as `comparePeers`; ids are still computed only for the peers a comparison
 * needs, so a region no comparison reaches is not named, and a region's exceptions are found only where its
 * name alone does not decide the order.
 */
export function peerComparator(): (a: PeerRef, b: PeerRef) => number {
  const ids = new Map<PeerRef, string>();
  const idOf = (p: PeerRef): string => {
    if (p.type === 'workload') return p.workload.id;
    let id = ids.get(p);
    if (id === undefined) ids.set(p, (id = peerId(p)));
    return id;
  };
  const owns = new Map<PeerRef, string>();
  const ownOf = (p: Extract<PeerRef, { readonly type: 'pods' }>): string => {
    let id = owns.get(p);
    if (id === undefined) owns.set(p, (id = p.peer.id));
    return id;
  };
  return (a, b) => {
    // Pods' ids are their peer's id, then ` (except …)` when they have exceptions: two peer ids neither of
    // which begins the other differ inside both, where the whole ids differ too. The exceptions (a region's
    // are found on first read, RegionSet.exceptOf) are then not asked.
    if (a.type === 'pods' && b.type === 'pods') {
      const x = ownOf(a);
      const y = ownOf(b);
      if (x !== y && !x.startsWith(y) && !y.startsWith(x)) return x < y ? -1 : 1;
    }
    return comparePeersBy(a, b, idOf);
  };
}

function comparePeersBy(a: PeerRef, b: PeerRef, idOf: (p: PeerRef) => string): number {
  if (RANK[a.type] !== RANK[b.type]) return RANK[a.type] - RANK[b.type];
  if (a.type === 'external' && b.type === 'external') {
    const x = a.addresses.intervals[0]?.[0] ?? 0n;
    const y = b.addresses.intervals[0]?.[0] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  const ia = idOf(a);
  const ib = idOf(b);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/**
 * Sorts pairs in place by source, then destination (`comparePeers`; equal pairs keep their order, as
 * `Array#sort` with that comparator). The distinct peers are ranked once (a diff's tens of thousands of
 * pairs share a few thousand ends) and the pairs compared by rank: a comparison is then two subtractions,
 * not two id lookups. Every abstract peer at an end is named (its name decides its rank), its exceptions
 * read only where its name alone does not (`peerComparator`).
 */
export function sortByPeers<T extends { readonly src: PeerRef; readonly dst: PeerRef }>(pairs: T[]): void {
  if (pairs.length < 2) return;
  const order = peerComparator();
  const rankOf = new Map<PeerRef, number>();
  for (const p of pairs) {
    rankOf.set(p.src, 0);
    rankOf.set(p.dst, 0);
  }
  const peers = [...rankOf.keys()].sort(order);
  // Peers that compare equal (two regions of one name) share a rank.
  let rank = 0;
  peers.forEach((x, i) => {
    if (i > 0 && order(peers[i - 1], x) !== 0) rank++;
    rankOf.set(x, rank);
  });
  const keyed = pairs.map((pair) => ({ pair, src: rankOf.get(pair.src)!, dst: rankOf.get(pair.dst)! }));
  keyed.sort((a, b) => a.src - b.src || a.dst - b.dst);
  keyed.forEach((k, i) => (pairs[i] = k.pair));
}
