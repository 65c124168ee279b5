/**
 * How the concrete and the abstract views are reconciled in a diff. Regions of label space that hold a
 * workload present on both sides are represented by it: their pairs say what that workload's pairs
 * already say (the region behaves as the workload under every selector), so they are dropped, as are
 * pairs with a workload that exists on one side only. The pairs left have an end no workload represents (pods the
 * manifests do not hold); those named alike (the same abstract peer, `RegionSet.nameOf`) are merged,
 * their sets and reasons united.
 */
import type { Cluster, ConnectionSet, Connectivity, PeerRef, Reason, RegionSet } from '../engine/index.js';
import { abstractPeer, abstractPeerMatches, comparePeers, peerId, peerOfRule } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

export function reconcileAbstract(pairs: readonly ExplainedPair[], regions: RegionSet, base: Connectivity, head: Connectivity): ExplainedPair[] {
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const rename = ruleNamer(base, head);
  const representedEnd = (p: PeerRef) => p.type === 'pods' && p.region !== undefined && represented.has(p.region);
  const out: ExplainedPair[] = [];
  const merged = new Map<string, ExplainedPair>();
  for (let p of pairs) {
    const abstract = p.src.type === 'pods' || p.dst.type === 'pods';
    if (!abstract) {
      out.push(p);
      continue;
    }
    // The workload's own pair with the other end says the same.
    if (representedEnd(p.src) || representedEnd(p.dst)) continue;
    // A workload that appeared or went away is reported by its concrete pairs; its reach among pods the
    // manifests do not hold is not a change of any policy (`list --exposure` shows it).
    if (p.peerChanges.src || p.peerChanges.dst) continue;
    p = rename(p);
    const key = `${peerId(p.src)}\u0000${peerId(p.dst)}`;
    const known = merged.get(key);
    merged.set(key, known ? mergePairs(known, p) : p);
  }
  return [...out, ...merged.values()].sort((a, b) => comparePeers(a.src, b.src) || comparePeers(a.dst, b.dst));
}

/**
 * An abstract end is named after the rule peer that decides it, when a rule of the side that allows the
 * traffic picks the region as its peer: every region one rule opened reads as that rule's peer (e.g.
 * `entire-cluster` for `namespaceSelector: {}`), so one rule gives one line, not one per region.
 */
function ruleNamer(base: Connectivity, head: Connectivity): (p: ExplainedPair) => ExplainedPair {
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
      const policy = side.cluster.policies.find((x) => x.id === r.policy);
      const rule = policy?.[r.direction][r.rule];
      const cls = side.index.regionClasses[peer.region];
      if (!policy || !rule || !cls) continue;
      if (r.direction !== asPeer) {
        const subject = abstractPeer(policy.namespace, policy.podSelector);
        if (abstractPeerMatches(subject, cls.nsLabels, cls.podLabels)) return { type: 'pods', peer: subject, region: peer.region };
        continue;
      }
      if (rule.peers === 'any') continue;
      const holding = rule.peers
        .flatMap((x) => (x.kind === 'pods' ? [peerOfRule(policy, x)] : []))
        .filter((a) => abstractPeerMatches(a, cls.nsLabels, cls.podLabels))
        .sort((a, b) => a.id.length - b.id.length);
      if (holding.length > 0) return { type: 'pods', peer: holding[0], region: peer.region };
    }
    return peer;
  };
  return (p) => ({ ...p, src: named(p, 'src'), dst: named(p, 'dst') });
}

/** Regions holding a workload that exists on both sides, in the same region on both. */
function representedRegions(regions: RegionSet, base: Cluster, head: Cluster): Set<number> {
  const inBase = new Map(base.workloads.map((w) => [w.id, regions.locate(w.namespace, w.podLabels)]));
  const out = new Set<number>();
  for (const w of head.workloads) {
    const r = regions.locate(w.namespace, w.podLabels);
    if (r !== undefined && inBase.get(w.id) === r) out.add(r);
  }
  return out;
}

const unite = (a: ConnectionSet | null, b: ConnectionSet | null) => (a && b ? a.union(b) : (a ?? b));

function uniqueReasons(a: readonly Reason[], b: readonly Reason[]): Reason[] {
  const seen = new Set(a.map((r) => JSON.stringify(r)));
  return [...a, ...b.filter((r) => !seen.has(JSON.stringify(r)))];
}

/** An abstract peer stands for every region it names: its sets are the union over them. */
function mergePairs(a: ExplainedPair, b: ExplainedPair): ExplainedPair {
  return {
    ...a,
    base: unite(a.base, b.base),
    head: unite(a.head, b.head),
    opened: unite(a.opened, b.opened),
    closed: unite(a.closed, b.closed),
    whyOpened: uniqueReasons(a.whyOpened, b.whyOpened),
    whyClosed: uniqueReasons(a.whyClosed, b.whyClosed),
  };
}
