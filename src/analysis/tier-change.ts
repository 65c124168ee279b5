/**
 * A change that one cluster-wide rule decided (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy, a Calico or Cilium policy's tier rule), so that the headline tells it in that rule's
 * terms, as a NetworkPolicy rule's change is told: its policy's subject and the rule's peers, not the label
 * regions the pairs happen to be cut into (new-user trial 35, #7: "Opens 3 peers in payments and 4 peers in
 * namespaces chosen by labels to 9 peers in 5 namespaces and 8 peers in namespaces chosen by labels" for an
 * AdminNetworkPolicy Allow from `namespaces: {}` into the `pci=true` namespaces).
 *
 * A pair's change is the rule's when its reasons name one cluster-wide rule per side: opened by head's Allow
 * (`allows`) or by base's Deny that head no longer applies (`no longer denies`); closed by head's Deny
 * (`denies`) or by base's Allow that head no longer applies (`no longer allows`). Where both sides name one,
 * head's tells it unless its policy is unchanged and base's changed (an Admin Allow removed over an unchanged
 * Baseline Deny: the Allow's lapse is the change). Every pair the
 * rule decides has its end on the rule's side (the destination for ingress, the source for egress) among the
 * policy's subject and its other end among the rule's peers (the evaluator matched them), so the subject and
 * the peers as written hold every pair told under them.
 */
import type { AbstractPeer, Cluster, ClusterPolicy, Direction, Reason, SourceRef, TierRule } from '../engine/index.js';
import { abstractPeer, same } from '../engine/index.js';

/** How the rule decided: head's rule now applies (`allows`, `denies`), or base's no longer does. */
export type TierChangeForm = 'allows' | 'no longer denies' | 'denies' | 'no longer allows';

export interface TierChange {
  /** The policy as the side that decided has it (head's, or base's for a rule that no longer applies). */
  readonly policy: ClusterPolicy;
  readonly direction: Direction;
  /** 0-based, in `policy[direction]`. */
  readonly rule: number;
  readonly form: TierChangeForm;
  /** Where the reason cites the rule on `side`: the rule's line, or the part or subject line the change edits (edited-rule-refs.ts, subject-edits.ts). */
  readonly ref: SourceRef;
  readonly side: 'base' | 'head';
  /** The pods of the policy's subject, one abstract peer (its namespaces and pods selectors). */
  readonly subject: AbstractPeer;
}

type TierReason = Reason & { kind: 'tier-rule' };

/**
 * Whether a side's cluster-wide rule is first to match all it names there (engine/tier-whole-reach.ts
 * `decidesWholeReach`), so its subject and peers as written are what it decides.
 */
export type WholeReach = (side: 'base' | 'head', policy: string, direction: Direction, rule: number) => boolean;

/**
 * The one cluster-wide rule that decided a pair's `change` (reasons `reasons`), found in `base` or `head`; undefined
 * when none or several did, or when (`whole` given) something before the rule keeps part of what it names from it:
 * a NetworkPolicy allowing first what a Calico Deny after order 1000 names, a NetworkPolicy isolating a pod a
 * Baseline rule names, an earlier Admin rule. Its subject and peers as written would then tell more than it decides
 * ("closes data/[all pods] to other/[all pods]" while a NetworkPolicy keeps other/api allowed): the pairs tell it.
 */
export function tierChange(change: 'opened' | 'closed', reasons: readonly Reason[], base: Cluster | undefined, head: Cluster, whole?: WholeReach): TierChange | undefined {
  const tier = reasons.filter((r): r is TierReason => r.kind === 'tier-rule');
  const [now, then] = (['head', 'base'] as const).map((s) => tier.filter((r) => r.side === s));
  const [applies, lapsed]: ['Allow' | 'Deny', 'Allow' | 'Deny'] = change === 'opened' ? ['Allow', 'Deny'] : ['Deny', 'Allow'];
  const [ruleNow, ruleThen] = [oneRule(now, applies), oneRule(then, lapsed)];
  const changed = changedPolicies(base, head);
  // A rule is the change when its policy changed, or (head's) when base decided otherwise at the tiers: an
  // unchanged Allow beside a NetworkPolicy rule the change added is not. Head's rule tells it unless it is
  // unchanged and base's is the one the change took away (an Allow removed over a Baseline Deny).
  const byHead = ruleNow !== undefined && (changed(ruleNow.policy) || then.length > 0);
  const byBase = ruleThen !== undefined && changed(ruleThen.policy) && (now.length === 0 || (ruleNow !== undefined && !changed(ruleNow.policy)));
  const found = byBase ? { r: ruleThen, side: 'base' as const } : byHead ? { r: ruleNow, side: 'head' as const } : undefined;
  if (!found || (whole && !whole(found.side, found.r.policy, found.r.direction, found.r.rule))) return undefined;
  const cluster = found.side === 'head' ? head : base;
  const policy = policyOf(cluster, found.r.policy);
  const rule: TierRule | undefined = policy?.[found.r.direction][found.r.rule];
  if (!policy || !rule) return undefined;
  const form: TierChangeForm = found.side === 'head' ? (change === 'opened' ? 'allows' : 'denies') : change === 'opened' ? 'no longer denies' : 'no longer allows';
  return { policy, direction: found.r.direction, rule: found.r.rule, form, ref: found.r.ref, side: found.side, subject: abstractPeer(policy.subject.namespaces, policy.subject.pods) };
}

const policyOf = (c: Cluster | undefined, id: string): ClusterPolicy | undefined => (c?.clusterPolicies ?? []).find((p) => p.id === id);

/** Per head cluster (and its base), whether a cluster-wide policy differs between the sides, asked once per id (a report asks it per pair). */
const changes = new WeakMap<Cluster, { base: Cluster | undefined; byId: Map<string, boolean> }>();

function changedPolicies(base: Cluster | undefined, head: Cluster): (id: string) => boolean {
  let known = changes.get(head);
  if (!known || known.base !== base) changes.set(head, (known = { base, byId: new Map() }));
  const byId = known.byId;
  return (id) => {
    let c = byId.get(id);
    if (c === undefined) byId.set(id, (c = !same(policyOf(base, id), policyOf(head, id))));
    return c;
  };
}

/** The reason when every one of `rs` is one rule with `action`; else undefined. */
function oneRule(rs: readonly TierReason[], action: 'Allow' | 'Deny'): TierReason | undefined {
  const [first] = rs;
  if (!first || !rs.every((r) => r.action === action && r.policy === first.policy && r.direction === first.direction && r.rule === first.rule)) return undefined;
  return first;
}

/** A group key for the pairs one rule decided alike. */
export function tierChangeKey(t: TierChange): string {
  return `tier ${t.form} ${t.policy.id}#${t.direction}#${t.rule}`;
}
