/**
 * An abstract end is named after the rule peer that decides it, when a rule of the side that allows the
 * traffic picks the region as its peer: every region one rule opened reads as that rule's peer (e.g.
 * `entire-cluster` for `namespaceSelector: {}`), so one rule gives one line, not one per region.
 */
import type { AbstractPeer, Connectivity, NetworkPolicy, PeerRef, Reason, Rule } from '../engine/index.js';
import { ConnectionSet, ENTIRE_CLUSTER, abstractPeer, abstractPeerMatches, rulePodPeers, rulePortNumbers } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/** What one reason names a region end: the subject of the end's own policy, or a rule peer of the other end. */
interface Decision {
  readonly peer: AbstractPeer;
  readonly subject: boolean;
  /** The deciding rule's port numbers (every port for a rule without ports; names add none). */
  readonly ports: ConnectionSet;
}

/** What a rename was decided by: the subject of the end's own policy, or the peer of the other end's rule. */
export interface RuleNames {
  /** Ids of the policy subjects that named an end. */
  readonly subjects: Set<string>;
  /** Ids of the rule peers (or `entire-cluster` for a rule without peers) that named an end. */
  readonly rulePeers: Set<string>;
}

/**
 * `(p) => p` with each `pods` end that has a region renamed after an `allowed-by-rule` reason (of the
 * field that changed: opened, else closed) that decides it — the first whose rule's port numbers hold all
 * of the pair's change, else the first: a region two rules admit (UDP 12345 from anyone, every port from
 * `[namespace with {policy-group=ingress}]`) that gained every port reads as the peer of the rule that
 * gives every port, so it joins that rule's line rather than splitting the other's — the end's own policy subject when the
 * rule is the end's own policy's (its egress for a source, ingress for a destination), otherwise the
 * other end's rule peer that holds the region (`entire-cluster` for a rule without peers; among several,
 * the shortest id, then the first written). Ends no rule decides are kept. The ids that named ends are
 * added to `names`. Each policy's subject and each rule's peers, shortest id first, are built once.
 */
export function ruleNamer(base: Connectivity, head: Connectivity, names: RuleNames = { subjects: new Set(), rulePeers: new Set() }): (p: ExplainedPair) => ExplainedPair {
  const policiesOf = new Map([base, head].map((side) => [side, new Map(side.cluster.policies.map((x) => [x.id, x]))]));
  const subjectOf = new Map<NetworkPolicy, AbstractPeer>();
  // Per policy and rule (`own` namespaces resolve to the policy's namespace).
  const peersOf = new Map<NetworkPolicy, Map<Rule, readonly AbstractPeer[]>>();
  const subject = (policy: NetworkPolicy) => subjectOf.get(policy) ?? subjectOf.set(policy, abstractPeer(policy.namespace, policy.podSelector)).get(policy)!;
  // A stable sort: among peers of equal id length the first written stays first.
  const rulePeers = (policy: NetworkPolicy, rule: Rule) => {
    const ofPolicy = peersOf.get(policy) ?? peersOf.set(policy, new Map()).get(policy)!;
    return ofPolicy.get(rule) ?? ofPolicy.set(rule, rulePodPeers(policy, rule).sort((a, b) => a.id.length - b.id.length)).get(rule)!;
  };
  // What an `allowed-by-rule` reason decides for a region end (null: nothing, the next reason is asked).
  const decide = (r: Reason & { kind: 'allowed-by-rule' }, end: 'src' | 'dst', region: number): Decision | null => {
    // The region is the peer of the other end's rule (the destination's ingress, the source's egress), or
    // the subject of its own policy's rule.
    const asPeer = end === 'src' ? 'ingress' : 'egress';
    const side = r.side === 'head' ? head : base;
    const policy = policiesOf.get(side)!.get(r.policy);
    const rule = policy?.[r.direction][r.rule];
    const cls = side.index.regionClasses[region];
    if (!policy || !rule || !cls) return null;
    if (r.direction !== asPeer) {
      const own = subject(policy);
      return abstractPeerMatches(own, cls.nsLabels, cls.podLabels) ? { peer: own, subject: true, ports: rulePortNumbers(rule) } : null;
    }
    // A rule without peers admits (reaches) every pod: all the regions it opens read `entire-cluster`.
    if (rule.peers === 'any') return { peer: ENTIRE_CLUSTER, subject: false, ports: rulePortNumbers(rule) };
    const holding = rulePeers(policy, rule).find((a) => abstractPeerMatches(a, cls.nsLabels, cls.podLabels));
    return holding ? { peer: holding, subject: false, ports: rulePortNumbers(rule) } : null;
  };
  // A diff's pairs share few reason objects (10k workloads: 100k reasons of 32k pairs, 2.9k objects, 331
  // regions): each reason's decision is worked out once per region and end (`region * 2 + (src ? 1 : 0)`).
  const decided = new WeakMap<Reason, Map<number, Decision | null>>();
  const named = (p: ExplainedPair, end: 'src' | 'dst'): PeerRef => {
    const peer = p[end];
    if (peer.type !== 'pods' || peer.region === undefined) return peer;
    const reasons = p.opened ? p.whyOpened : p.whyClosed;
    const change = (p.opened ?? p.closed) ?? ConnectionSet.NONE;
    const at = peer.region * 2 + (end === 'src' ? 1 : 0);
    let first: Decision | undefined;
    let chosen: Decision | undefined;
    for (const r of reasons) {
      if (r.kind !== 'allowed-by-rule') continue;
      let byEnd = decided.get(r);
      if (!byEnd) decided.set(r, (byEnd = new Map()));
      let d = byEnd.get(at);
      if (d === undefined) byEnd.set(at, (d = decide(r, end, peer.region)));
      if (d === null) continue;
      first ??= d;
      if (change.isSubsetOf(d.ports)) {
        chosen = d;
        break;
      }
    }
    const d = chosen ?? first;
    if (!d) return peer;
    (d.subject ? names.subjects : names.rulePeers).add(d.peer.id);
    return { type: 'pods', peer: d.peer, region: peer.region };
  };
  return (p) => ({ ...p, src: named(p, 'src'), dst: named(p, 'dst') });
}
