/**
 * How the concrete and the abstract views are reconciled in a diff. Regions of label space that hold a
 * workload present on both sides are represented by it: their pairs say what that workload's pairs
 * already say (the region behaves as the workload under every selector), so they are dropped, as are
 * pairs with a workload that exists on one side only. The pairs left have an end no workload represents (pods the
 * manifests do not hold); those named alike (the same abstract peer, `RegionSet.nameOf`) are merged,
 * their sets and reasons united. A represented region wider than its workload's own pods is also told as
 * the rule peer that admits it (`widerRegionPairs`, text and Markdown only).
 */
import type { Cluster, Connectivity, PairDiff, PeerRef, Reason, RegionSet } from '../engine/index.js';
import { ENTIRE_CLUSTER, NamedConns, pairConns, abstractPeer, abstractPeerMatches, comparePeers, peerId, peerOfRule, unitePairs } from '../engine/index.js';
import type { ExplainedPair, WiderPair } from './types.js';

/**
 * `reported(p)`: whether a pair of the diff can stay in the report (its abstract ends are not represented
 * by a workload, and neither end appeared or went away). The analysis asks it before explaining pairs,
 * so that pairs the report drops are never explained; `reconcileAbstract` applies it again.
 */
export function abstractPairFilter(regions: RegionSet, base: Connectivity, head: Connectivity): (p: PairDiff) => boolean {
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const representedEnd = (p: PeerRef) => p.type === 'pods' && p.region !== undefined && represented.has(p.region);
  return (p) => {
    const abstract = p.src.type === 'pods' || p.dst.type === 'pods';
    if (!abstract) return true;
    // The workload's own pair with the other end says the same, except where port names are involved toward
    // the region: its other pods may number a name differently (region-port-names.ts, representedRemainder).
    if (representedEnd(p.src) || (representedEnd(p.dst) && !p.namedPorts)) return false;
    // A workload that appeared or went away is reported by its concrete pairs; its reach among pods the
    // manifests do not hold is not a change of any policy (`list --exposure` shows it).
    return !p.peerChanges.src && !p.peerChanges.dst;
  };
}

/**
 * A pair toward a region a workload represents, kept because port names are involved (the region's other
 * pods may number a name differently from the workload): it says only what it adds to the pairs from the
 * same source to the workloads that represent the region (opened and closed minus theirs; base and head as
 * they are). `null`: it adds nothing. Other pairs are returned as they are.
 */
export function representedRemainder(regions: RegionSet, base: Connectivity, head: Connectivity, pairs: readonly PairDiff[]): (p: PairDiff) => PairDiff | null {
  const represented = representedRegions(regions, base.cluster, head.cluster);
  // What the workload pairs already say, per source and the region their destination workload sits in.
  const told = new Map<string, { opened: NamedConns; closed: NamedConns }>();
  for (const q of pairs) {
    if (q.dst.type !== 'workload') continue;
    const region = regions.locate(q.dst.workload.namespace, q.dst.workload.podLabels);
    if (region === undefined || !represented.has(region)) continue;
    const k = `${endKey(q.src)}\u0000${region}`;
    const t = told.get(k) ?? { opened: NamedConns.NONE, closed: NamedConns.NONE };
    told.set(k, { opened: t.opened.union(pairConns(q, 'opened') ?? NamedConns.NONE), closed: t.closed.union(pairConns(q, 'closed') ?? NamedConns.NONE) });
  }
  return (p) => {
    if (p.dst.type !== 'pods' || p.dst.region === undefined || !represented.has(p.dst.region) || !p.namedPorts) return p;
    const t = told.get(`${endKey(p.src)}\u0000${p.dst.region}`);
    if (!t) return p;
    const opened = (pairConns(p, 'opened') ?? NamedConns.NONE).subtract(t.opened);
    const closed = (pairConns(p, 'closed') ?? NamedConns.NONE).subtract(t.closed);
    if (opened.isEmpty() && closed.isEmpty()) return null;
    const field = (x: NamedConns) => (x.isEmpty() ? null : x.conn);
    return { ...p, opened: field(opened), closed: field(closed), namedPorts: { ...p.namedPorts, opened: opened.names, closed: closed.names } };
  };
}

/** A pair end as a key, a region by its index (naming a region is costly; only reported ones need it). */
function endKey(p: PeerRef): string {
  return p.type === 'pods' && p.region !== undefined ? `#${p.region}` : peerId(p);
}

export function reconcileAbstract(
  pairs: readonly ExplainedPair[],
  regions: RegionSet,
  base: Connectivity,
  head: Connectivity,
  reported: (p: PairDiff) => boolean = abstractPairFilter(regions, base, head),
): ExplainedPair[] {
  // Ends renamed after their policy's subject: the rule peers name what the rule admits, a subject names pods.
  const subjects = new Set<string>();
  const rename = ruleNamer(base, head, subjects);
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const kept = pairs.filter((p) => reported(p));
  const renamed = kept.map((p) => (p.src.type !== 'pods' && p.dst.type !== 'pods' ? p : rename(p)));
  // A policy's subject names its regions only where the line speaks of all of them (every region it holds
  // that no workload represents): otherwise each region keeps its own exact name (RegionSet.nameOf).
  const regionsAt = new Map<string, Set<number>>();
  renamed.forEach((p) => {
    for (const end of ['src', 'dst'] as const) {
      const x = p[end];
      if (x.type !== 'pods' || x.region === undefined) continue;
      const k = `${end}\u0000${peerId(p.src)}\u0000${peerId(p.dst)}`;
      (regionsAt.get(k) ?? regionsAt.set(k, new Set()).get(k)!).add(x.region);
    }
  });
  const truthful = (p: ExplainedPair, end: 'src' | 'dst') => {
    const x = p[end];
    if (x.type !== 'pods' || x.region === undefined || !subjects.has(x.peer.id) || x.peer.id === regions.nameOf(x.region).id) return true;
    const covered = regionsAt.get(`${end}\u0000${peerId(p.src)}\u0000${peerId(p.dst)}`)!;
    return regions.heldBy(x.peer).every((r) => represented.has(r) || covered.has(r));
  };
  const out: ExplainedPair[] = [];
  const merged = new Map<string, Merged>();
  renamed.forEach((p, i) => {
    if (p.src.type !== 'pods' && p.dst.type !== 'pods') {
      out.push(p);
      return;
    }
    const [srcOk, dstOk] = [truthful(p, 'src'), truthful(p, 'dst')];
    if (!srcOk || !dstOk) p = { ...p, src: srcOk ? p.src : kept[i].src, dst: dstOk ? p.dst : kept[i].dst };
    const key = `${peerId(p.src)}\u0000${peerId(p.dst)}`;
    const known = merged.get(key);
    if (known) mergeInto(known, p);
    else merged.set(key, startMerge(p));
  });
  return [...out, ...[...merged.values()].map((m) => m.pair)].sort((a, b) => comparePeers(a.src, b.src) || comparePeers(a.dst, b.dst));
}

/**
 * An abstract end is named after the rule peer that decides it, when a rule of the side that allows the
 * traffic picks the region as its peer: every region one rule opened reads as that rule's peer (e.g.
 * `entire-cluster` for `namespaceSelector: {}`), so one rule gives one line, not one per region.
 */
function ruleNamer(base: Connectivity, head: Connectivity, subjects: Set<string>, rulePeers = new Set<string>()): (p: ExplainedPair) => ExplainedPair {
  const policiesOf = new Map([base, head].map((side) => [side, new Map(side.cluster.policies.map((x) => [x.id, x]))]));
  const named = (p: ExplainedPair, end: 'src' | 'dst'): PeerRef => {
    const peer = p[end];
    if (peer.type !== 'pods' || peer.region === undefined) return peer;
    // The region is the peer of the other end's rule (the destination's ingress, the source's egress), or
    // the subject of its own policy's rule.
    const asPeer = end === 'src' ? 'ingress' : 'egress';
    const reasons = p.opened ? p.whyOpened : p.whyClosed;
    for (const r of reasons) {
      if (r.kind !== 'allowed-by-rule') continue;
      const side = r.side === 'head' ? head : base;
      const policy = policiesOf.get(side)!.get(r.policy);
      const rule = policy?.[r.direction][r.rule];
      const cls = side.index.regionClasses[peer.region];
      if (!policy || !rule || !cls) continue;
      if (r.direction !== asPeer) {
        const subject = abstractPeer(policy.namespace, policy.podSelector);
        if (abstractPeerMatches(subject, cls.nsLabels, cls.podLabels)) {
          subjects.add(subject.id);
          return { type: 'pods', peer: subject, region: peer.region };
        }
        continue;
      }
      // A rule without peers admits (reaches) every pod: all the regions it opens read `entire-cluster`.
      if (rule.peers === 'any') {
        rulePeers.add(ENTIRE_CLUSTER.id);
        return { type: 'pods', peer: ENTIRE_CLUSTER, region: peer.region };
      }
      const holding = rule.peers
        .flatMap((x) => (x.kind === 'pods' ? [peerOfRule(policy, x)] : []))
        .filter((a) => abstractPeerMatches(a, cls.nsLabels, cls.podLabels))
        .sort((a, b) => a.id.length - b.id.length);
      if (holding.length > 0) {
        rulePeers.add(holding[0].id);
        return { type: 'pods', peer: holding[0], region: peer.region };
      }
    }
    return peer;
  };
  return (p) => ({ ...p, src: named(p, 'src'), dst: named(p, 'dst') });
}

/**
 * Concrete pairs whose workload end sits in a region wider than the workload's own pods (the region also
 * holds pods that differ in a label the workload has, which no workload stands for), seen as the rule peer
 * that admits (reaches) the region: e.g. `ops/tool => db/pg` under a rule admitting namespace `ops` gives
 * `ops/[all pods] => db/pg`, `today` naming `ops/tool`. Text and Markdown say so; the JSON keeps the
 * workload's pair only (its sets are the region's: the region behaves as the workload).
 */
export function widerRegionPairs(pairs: readonly ExplainedPair[], regions: RegionSet, base: Connectivity, head: Connectivity): WiderPair[] {
  const [subjects, rulePeers] = [new Set<string>(), new Set<string>()];
  const rename = ruleNamer(base, head, subjects, rulePeers);
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const out: WiderPair[] = [];
  for (const p of pairs) {
    for (const end of ['src', 'dst'] as const) {
      const x = p[end];
      if (x.type !== 'workload' || p[end === 'src' ? 'dst' : 'src'].type === 'pods') continue;
      const region = regions.locate(x.workload.namespace, x.workload.podLabels);
      if (region === undefined || !represented.has(region) || !holdsOthers(regions, region, x.workload.namespace, x.workload.podLabels)) continue;
      subjects.clear();
      rulePeers.clear();
      const named = rename({ ...p, [end]: { type: 'pods', peer: regions.nameOf(region), region } })[end];
      // Only a rule peer (the other end's rule names the region): not the subject of the workload's own
      // policy, nor the region's own name where no rule decides (isolation added or removed).
      if (named.type !== 'pods' || subjects.has(named.peer.id) || !rulePeers.has(named.peer.id)) continue;
      out.push({ ...p, [end]: named, end, today: [x.workload.id] });
    }
  }
  return out;
}

/** Does the region hold pods without one of `podLabels`, or with another value for it? */
function holdsOthers(regions: RegionSet, region: number, namespace: string, podLabels: Readonly<Record<string, string>>): boolean {
  return Object.keys(podLabels).some((k) => {
    const { [k]: _dropped, ...without } = podLabels;
    return regions.locate(namespace, without) === region || regions.locate(namespace, { ...podLabels, [k]: `${podLabels[k]}-other\u0000` }) === region;
  });
}

/** Regions holding a workload that exists on both sides, in the same region on both. */
export function representedRegions(regions: RegionSet, base: Cluster, head: Cluster): Set<number> {
  const inBase = new Map(base.workloads.map((w) => [w.id, regions.locate(w.namespace, w.podLabels)]));
  const out = new Set<number>();
  for (const w of head.workloads) {
    const r = regions.locate(w.namespace, w.podLabels);
    if (r !== undefined && inBase.get(w.id) === r) out.add(r);
  }
  return out;
}


/** A pair being merged, with the reasons it already holds (by their JSON text) so that each is added once. */
interface Merged {
  pair: ExplainedPair;
  readonly whyOpened: Reason[];
  readonly whyClosed: Reason[];
  readonly seenOpened: Set<string>;
  readonly seenClosed: Set<string>;
}

function startMerge(p: ExplainedPair): Merged {
  const whyOpened = [...p.whyOpened];
  const whyClosed = [...p.whyClosed];
  return { pair: p, whyOpened, whyClosed, seenOpened: new Set(whyOpened.map((r) => JSON.stringify(r))), seenClosed: new Set(whyClosed.map((r) => JSON.stringify(r))) };
}

function addReasons(into: Reason[], seen: Set<string>, more: readonly Reason[]): void {
  for (const r of more) {
    const k = JSON.stringify(r);
    if (seen.has(k)) continue;
    seen.add(k);
    into.push(r);
  }
}

/** An abstract peer stands for every region it names: its sets are the union over them, its reasons too. */
function mergeInto(m: Merged, b: ExplainedPair): void {
  const a = m.pair;
  addReasons(m.whyOpened, m.seenOpened, b.whyOpened);
  addReasons(m.whyClosed, m.seenClosed, b.whyClosed);
  const { namedPorts: _names, ...rest } = a;
  m.pair = {
    ...rest,
    ...unitePairs(a, b),
    whyOpened: m.whyOpened,
    whyClosed: m.whyClosed,
  };
}
