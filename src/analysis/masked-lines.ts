/**
 * Lines of one abstract peer whose regions changed alike but for what other policies already allow some
 * of them. A changed policy's pods are cut by every other selector of their namespace into label
 * combinations (`component=a` with `app=b`, with `control-plane=c`, ...); a pod that another, unchanged
 * policy also selects keeps what that policy allows on both sides, so its opened or closed ports are the
 * plain pods' less those. Such regions are one line of the peer, with the sets of the pods no other
 * selector singles out, instead of one line per combination (a renamed selector among ~30 Kubeflow
 * policies: 180 lines each way instead of one).
 *
 * A region `q` folds into the line of a region `p` when no selector of the change tells them apart
 * (`changeSignature`: the changed policies' subjects and rule peers hold both or neither: they differ
 * only in labels other, unchanged policies read) and their sets say so: `q.base = p.base ∪ X` and
 * `q.head = p.head ∪ X` for one X (then X = q.base ∩ q.head, and q's change is p's less X). A region
 * whose traffic did not change folds when it is allowed on both sides all the line's change
 * (`fullyMasked`). A changed rule that keeps some of its peers' pods on a port (`from: [{}]` narrowed
 * to `component=rcw` on TCP 8081) tells those pods apart by its own selector: they keep their own line.
 */
import type { AbstractPeer, Connectivity, NetworkPolicy, PeerRef, Piecewise } from '../engine/index.js';
import { AddressSet, ConnectionSet, abstractPeer, abstractPeerMatches, overlay, regionExternalNames, rulePodPeers, same, sideConn } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/**
 * Per region and end of a pair, which selectors of the change that can decide that end hold it (a string
 * of 0 and 1): the subjects of the NetworkPolicies base and head do not share (either version), and the
 * pod rule peers that pick pods at that end — egress peers for a destination, ingress peers for a source
 * (an ingress rule's peers select sources only, so they never tell destinations apart). Regions with the
 * same signature at an end differ only in labels no changed selector reads there. Null when the change
 * reaches beyond NetworkPolicies and their selectors (a namespace's labels, cluster-wide policies, the
 * pod network): then no line folds.
 */
export function changeSignature(base: Connectivity, head: Connectivity): ((region: number, end: 'src' | 'dst') => string) | null {
  // What regionFocus gives up on (no namespaces): a change beyond NetworkPolicies, Services and workloads.
  if (!same(base.cluster.clusterPolicies ?? [], head.cluster.clusterPolicies ?? []) || !same(base.cluster.podNetwork, head.cluster.podNetwork)) return null;
  const labels = new Map(base.cluster.namespaces.map((n) => [n.name, n.labels]));
  for (const n of head.cluster.namespaces) if (!same(labels.get(n.name), n.labels)) return null;
  if (labels.size !== head.cluster.namespaces.length) return null;
  const before = new Map(base.cluster.policies.map((p) => [p.id, p]));
  const after = new Map(head.cluster.policies.map((p) => [p.id, p]));
  const changed: NetworkPolicy[] = [];
  for (const [id, p] of before) if (!same(p, after.get(id))) changed.push(p);
  for (const [id, p] of after) if (!same(before.get(id), p)) changed.push(p);
  // Per end: the changed subjects, then the rule peers that pick pods at that end.
  const selectors = { src: [] as AbstractPeer[], dst: [] as AbstractPeer[] };
  const peersOf = (p: NetworkPolicy, rules: NetworkPolicy['ingress']) => rules.flatMap((rule) => rulePodPeers(p, rule));
  for (const p of changed) {
    const subject = abstractPeer(p.namespace, p.podSelector);
    selectors.src.push(subject, ...peersOf(p, p.ingress));
    selectors.dst.push(subject, ...peersOf(p, p.egress));
  }
  const memo = { src: new Map<number, string>(), dst: new Map<number, string>() };
  return (region, end) => {
    let sig = memo[end].get(region);
    if (sig === undefined) {
      const cls = base.index.regionClasses[region] ?? head.index.regionClasses[region];
      sig = cls ? selectors[end].map((s) => (abstractPeerMatches(s, cls.nsLabels, cls.podLabels) ? '1' : '0')).join('') : `#${region}`;
      memo[end].set(region, sig);
    }
    return sig;
  };
}

/** The line a group of pairs folds into: the pair whose sets it takes, and what some regions had on both sides of its change. */
export interface MaskedLine {
  readonly pivot: ExplainedPair;
  /** The part of the pivot's opened and closed ports that some folded regions were allowed on both sides (never empty). */
  readonly unchangedForSome: ConnectionSet;
}

/** Pivots tried at most (the most direct first): the pivot is the pair whose change holds all the others'. */
const MAX_PIVOTS = 4;

const orNone = (c: ConnectionSet | null) => c ?? ConnectionSet.NONE;

/**
 * The line `pairs` (one abstract peer's, whose changes differ) fold into, or null when some pair's change
 * is not the pivot's less what it had on both sides, when a selector of the change tells their ends apart
 * (`signature`: of both ends, from `changeSignature`), or when port names are involved (their sets are
 * per name, not compared here). `rank`: a pair's ends' `Region.matchedSelectors` (pivots with fewer tried first).
 */
export function maskedLine(pairs: readonly ExplainedPair[], rank: (p: ExplainedPair) => number, signature: (p: ExplainedPair) => string): MaskedLine | null {
  if (pairs.length < 2 || pairs.some((p) => p.namedPorts)) return null;
  const sig = signature(pairs[0]);
  if (pairs.some((p) => signature(p) !== sig)) return null;
  let opened = ConnectionSet.NONE;
  let closed = ConnectionSet.NONE;
  for (const p of pairs) {
    opened = opened.union(orNone(p.opened));
    closed = closed.union(orNone(p.closed));
  }
  const candidates = pairs
    .map((p, i) => ({ p, i, r: rank(p) }))
    .filter(({ p }) => orNone(p.opened).equals(opened) && orNone(p.closed).equals(closed))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, MAX_PIVOTS);
  const change = opened.union(closed);
  for (const { p } of candidates) {
    const [b0, h0] = [orNone(p.base), orNone(p.head)];
    let unchanged = ConnectionSet.NONE;
    const folds = pairs.every((q) => {
      if (q === p) return true;
      const [b, h] = [orNone(q.base), orNone(q.head)];
      const both = b.intersect(h);
      if (!b0.union(both).equals(b) || !h0.union(both).equals(h)) return false;
      unchanged = unchanged.union(change.intersect(both));
      return true;
    });
    if (folds && !unchanged.isEmpty()) return { pivot: p, unchangedForSome: unchanged };
  }
  return null;
}

/** A pair end's classes on both sides (-1: absent there), or null for an end that is no pod (addresses, the ingress controller, a domain). */
export function endClasses(base: Connectivity, head: Connectivity, end: PeerRef): { readonly base: number; readonly head: number } | null {
  if (end.type === 'workload') return { base: base.index.classOf.get(end.workload.id) ?? -1, head: head.index.classOf.get(end.workload.id) ?? -1 };
  if (end.type === 'pods' && end.region !== undefined) return { base: base.index.regionClasses[end.region]?.index ?? -1, head: head.index.regionClasses[end.region]?.index ?? -1 };
  return null;
}

/**
 * The other end of a line's pair, as `fullyMasked` compares it: a pod end by its classes on both sides
 * (`endClasses`), or addresses outside the cluster (an ipBlock source or destination).
 */
export type MaskedEnd = { readonly base: number; readonly head: number } | { readonly addresses: AddressSet };

/** A pair end as `fullyMasked` compares it, or null for an end it cannot (the ingress controller, a domain). */
export function maskedEnd(base: Connectivity, head: Connectivity, end: PeerRef): MaskedEnd | null {
  return end.type === 'external' ? { addresses: end.addresses } : endClasses(base, head, end);
}

/**
 * Whether `region` (a region of the line's end `end`, absent from it) kept its traffic with every other
 * end of the line (`others`) and is allowed on both sides all of `change` (the line's opened and closed
 * ports): its pods are then told by the line too — their change is the line's less what they had on both
 * sides, nothing. Toward addresses every address of the other end counts (the region's pieces toward
 * them, `Connectivity.external`); a region whose address rules give port names is not compared (its
 * pairs with addresses carry names: region-external-names.ts).
 */
export function fullyMasked(base: Connectivity, head: Connectivity, region: number, end: 'src' | 'dst', others: Iterable<MaskedEnd>, change: ConnectionSet): boolean {
  const r = { base: base.index.regionClasses[region]?.index ?? -1, head: head.index.regionClasses[region]?.index ?? -1 };
  const direction = end === 'src' ? 'egress' : 'ingress';
  const pieces = (side: Connectivity, cls: number): Piecewise => (cls >= 0 ? side.external[direction][cls] : []);
  for (const o of others) {
    if ('addresses' in o) {
      if (direction === 'ingress' && regionExternalNames(base, head, r.base, r.head) !== null) return false;
      const [b, h] = [pieces(base, r.base), pieces(head, r.head)];
      if (overlay(b, h).some((piece) => !piece.addresses.intersect(o.addresses).isEmpty())) return false;
      // Same on both sides: every address of the end must have been allowed all of the change (none outside b's pieces).
      const allowing = b.filter((piece) => change.subtract(piece.conn).isEmpty()).reduce((u, piece) => u.union(piece.addresses), AddressSet.NONE);
      if (!change.isEmpty() && !o.addresses.isSubsetOf(allowing)) return false;
      continue;
    }
    const [s, d] = end === 'src' ? [r, o] : [o, r];
    const b = sideConn(base, s.base, d.base);
    const h = sideConn(head, s.head, d.head);
    if (!b.equals(h) || !change.subtract(b).isEmpty()) return false;
  }
  return true;
}
