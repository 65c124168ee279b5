/**
 * The entry pairs a changed rule reaches: what the region pair bound (region-pair-budget.ts) meets first, so
 * that a change's own paths are found before the bound cuts. A changed egress rule of a policy opens or
 * closes paths from the policy's pods (its subject) toward the rule's peers, a changed ingress rule from
 * the peers toward the subject; the other ends' deciders (deciding-peers.ts) lie inside the subject (they are
 * kept only where they may pick the changed policy's pods), so their regions are among these pairs once
 * the regions are cut by them. Tsuguya/home-cluster 73827ab: 3,231 regions made more entry pairs than a diff
 * may value (MAX_VALUED_PAIRS), the first pass kept 129,520 pairs as met, and the one the commit opened
 * (`argo` aqua-checksum workflow pods → the SeaweedFS filer on TCP 8333) was not among them.
 */
import type { Cluster, ClusterPolicy, Direction, LabelSelector, Labels, NetworkPolicy, ScopedPolicy } from './model.js';
import { DIRECTIONS, NAMESPACE_NAME_LABEL } from './model.js';
import { byId, keyedChanges } from './keyed-changes.js';
import { EVERYTHING, matches } from './selectors.js';
import { same } from './touched.js';

/** A part of pod space: namespaces by their labels, pods by theirs. */
interface Scope {
  readonly namespaces: LabelSelector;
  readonly pods: LabelSelector;
}

/** One changed rule set's pairs: sources in `src`, destinations in `dst`. */
interface RuleGroup {
  readonly src: Scope[];
  readonly dst: Scope[];
}

/** A diff entry's labels: its namespace's label sets (any may hold: a namespace defined differently per side) and its pods'. */
export interface EndLabels {
  readonly namespaceLabels: readonly Labels[];
  readonly podLabels: Labels;
}

/**
 * Groups are folded onto this many bits (two 32-bit words per end): more groups fold together, which keeps
 * more pairs first, never fewer.
 */
const BITS = 64;

/**
 * Whether the pair (src entry `s`, dst entry `d`) is one a changed rule between `base` and `head` reaches
 * (`null`: no rule changed). `ends` are the diff's entries in order. Pure; the policies are compared by
 * content without positions (touched.ts `same`), base and head versions by id.
 */
export function changedRulePairs(base: Cluster, head: Cluster, ends: readonly EndLabels[]): ((s: number, d: number) => boolean) | null {
  const groups = changedRuleGroups(base, head);
  if (groups.length === 0) return null;
  const src = new Uint32Array(ends.length * 2);
  const dst = new Uint32Array(ends.length * 2);
  const holds = (scopes: readonly Scope[], e: EndLabels) => scopes.some((x) => matches(x.pods, e.podLabels) && e.namespaceLabels.some((l) => matches(x.namespaces, l)));
  groups.forEach((g, k) => {
    const bit = k % BITS;
    const [word, mask] = [bit >>> 5, 1 << (bit & 31)];
    ends.forEach((e, i) => {
      if (holds(g.src, e)) src[2 * i + word] |= mask;
      if (holds(g.dst, e)) dst[2 * i + word] |= mask;
    });
  });
  return (s, d) => (src[2 * s] & dst[2 * d]) !== 0 || (src[2 * s + 1] & dst[2 * d + 1]) !== 0;
}

const named = (namespace: string): LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace }, expressions: [] });

/**
 * Per changed policy version and direction with a changed rule: the subject and the changed rules' pod peers
 * (a rule without peers: every pod), as a pair group. A version on one side only, or whose subject differs,
 * has every rule changed; else the rules of a direction that the other version does not hold alike.
 */
function changedRuleGroups(base: Cluster, head: Cluster): RuleGroup[] {
  const out: RuleGroup[] = [];
  const add = (subject: Scope, direction: Direction, peers: Scope[]) => {
    if (peers.length > 0) out.push(direction === 'egress' ? { src: [subject], dst: peers } : { src: peers, dst: [subject] });
  };
  const policyGroups = (x: NetworkPolicy | undefined, y: NetworkPolicy | undefined, own: (p: NetworkPolicy) => LabelSelector) => {
    const whole = !x || !y || !same(x.podSelector, y.podSelector) || !same(own(x), own(y));
    for (const [p, other] of [[x, y], [y, x]] as const) {
      if (!p) continue;
      const subject = { namespaces: own(p), pods: p.podSelector };
      for (const d of DIRECTIONS) {
        const peers: Scope[] = [];
        for (const rule of p[d]) {
          if (!whole && other && other[d].some((r) => same(r, rule))) continue;
          if (rule.peers === 'any') peers.push({ namespaces: EVERYTHING, pods: EVERYTHING });
          else for (const peer of rule.peers) if (peer.kind === 'pods') peers.push({ namespaces: peer.namespaces === 'own' ? own(p) : peer.namespaces, pods: peer.pods });
        }
        add(subject, d, peers);
      }
    }
  };
  keyedChanges(base.policies, head.policies, byId, same, (x, y) => policyGroups(x, y, (p) => named(p.namespace)));
  const scopedOwn = new Map<NetworkPolicy, LabelSelector>();
  const scoped = (s: ScopedPolicy) => (scopedOwn.set(s.policy, s.namespaces), s.policy);
  keyedChanges(base.scopedPolicies ?? [], head.scopedPolicies ?? [], (s) => s.policy.id, same, (x, y) =>
    policyGroups(x && scoped(x), y && scoped(y), (p) => scopedOwn.get(p) ?? EVERYTHING),
  );
  keyedChanges(base.clusterPolicies ?? [], head.clusterPolicies ?? [], byId, same, (x, y) => {
    const whole = !x || !y || !same(x.subject, y.subject);
    for (const [c, other] of [[x, y], [y, x]] as const) {
      if (!c) continue;
      for (const d of DIRECTIONS) add(c.subject, d, tierPeers(c, d, whole ? undefined : other));
    }
  });
  return out;
}

/** The pod peers of `c`'s rules in `d` that `other` (the other version) does not hold alike. */
function tierPeers(c: ClusterPolicy, d: Direction, other: ClusterPolicy | undefined): Scope[] {
  const peers: Scope[] = [];
  for (const rule of c[d]) {
    if (other && other[d].some((r) => same(r, rule))) continue;
    for (const peer of rule.peers) if (peer.kind === 'pods') peers.push({ namespaces: peer.namespaces, pods: peer.pods });
  }
  return peers;
}
