/**
 * One direction's verdict for one subject and one peer, tier by tier (kube-network-policies' order):
 * Admin rules by priority then rule order — the first rule that matches a connection decides it:
 * Allow (final), Deny (final) or Pass (skip the rest of the tier; a Pass of the group the NetworkPolicies
 * belong to, Calico's default tier, skips them too); then the NetworkPolicy tier, if a
 * NetworkPolicy selects the pod in that direction: what its allow-list allows is allowed, the rest meets
 * the tier's own ordered rules (Calico's default tier after order 1000: Allow, Deny, Pass to the Baseline
 * tier) and what none of them matches is denied; then Baseline rules (Allow, Deny; a v1alpha2 Pass goes
 * to the default); then the default: allow.
 * Sets, not samples: each rule takes the part of the remaining traffic it matches, as {allow, deny, pass}.
 */
import { ConnectionSet } from './connection-set.js';
import type { Tier, TierAction } from './model.js';
import { CILIUM_DENY_PRIORITY } from './model.js';
import type { CompiledTierRule } from './tiers.js';

/** What one rule decided for this subject and peer: the part of the traffic it was first to match. */
export interface Decision {
  readonly rule: CompiledTierRule;
  readonly conns: ConnectionSet;
}

export interface TierOutcome {
  readonly allow: ConnectionSet;
  readonly deny: ConnectionSet;
  readonly pass: ConnectionSet;
  /** The part of `pass` that a group holding the NetworkPolicy tier passed (ClusterPolicy.passSkipsNetworkPolicies). */
  readonly passBeyondNetworkPolicies: ConnectionSet;
  readonly decisions: readonly Decision[];
}

/** The NetworkPolicy tier for one subject and peer: `notCaptured` when no NetworkPolicy selects the pod that way. */
export type NetworkPolicyTier = ConnectionSet | 'notCaptured';

/** Orders tried for policies of one tier that share a priority (the spec leaves their order undefined). */
const MAX_ORDERS = 24;

/** `runTier` over the rules of `matching` of one `tier` (none: no outcomes), for the tier chain's stages. */
export function tierOutcomes(matching: readonly CompiledTierRule[], tier: Tier, connsOf: (r: CompiledTierRule) => ConnectionSet): TierOutcome[] {
  const rules = matching.filter((r) => r.policy.tier === tier);
  return rules.length === 0 ? [] : runTier(rules, connsOf);
}

/**
 * The outcomes of one tier over `rules` (those matching the peer, in `order`). Policies of equal
 * priority may be applied in any order, so each order is an outcome; usually there is one.
 */
export function runTier(rules: readonly CompiledTierRule[], connsOf: (r: CompiledTierRule) => ConnectionSet): TierOutcome[] {
  return orders(rules).map((seq) => runSequence(seq, connsOf));
}

/**
 * First match over `rules`. A Pass holds its traffic back from the rest of its pass group (model.ts
 * `ClusterPolicy.passGroup`: a Calico tier; one group for the kinds without): the next group's rules see
 * it again ("Pass skips to the next tier", Calico Tier). `pass` is what the last group passed on.
 */
function runSequence(rules: readonly CompiledTierRule[], connsOf: (r: CompiledTierRule) => ConnectionSet): TierOutcome {
  let remaining = ConnectionSet.ALL;
  let held = ConnectionSet.NONE;
  let group: string | undefined;
  let skipsNetworkPolicies = false;
  const taken: Record<TierAction, ConnectionSet> = { Allow: ConnectionSet.NONE, Deny: ConnectionSet.NONE, Pass: ConnectionSet.NONE };
  const decisions: Decision[] = [];
  for (const rule of rules) {
    const g = rule.policy.passGroup ?? '';
    if (g !== group) {
      remaining = remaining.union(held);
      held = ConnectionSet.NONE;
      group = g;
      skipsNetworkPolicies = rule.policy.passSkipsNetworkPolicies === true;
    }
    if (remaining.isEmpty()) {
      if (held.isEmpty()) break;
      continue;
    }
    const c = connsOf(rule).intersect(remaining);
    if (c.isEmpty()) continue;
    if (rule.action === 'Pass') held = held.union(c);
    else taken[rule.action] = taken[rule.action].union(c);
    remaining = remaining.subtract(c);
    decisions.push({ rule, conns: c });
  }
  return { allow: taken.Allow, deny: taken.Deny, pass: held, passBeyondNetworkPolicies: skipsNetworkPolicies ? held : ConnectionSet.NONE, decisions };
}

/**
 * Rule sequences to evaluate: one, unless two policies of the same priority both have matching rules;
 * then every order of those policies (bounded), their rules kept together in written order.
 */
function orders(rules: readonly CompiledTierRule[]): (readonly CompiledTierRule[])[] {
  if (!sharesPriority(rules)) return [rules];
  let seqs: CompiledTierRule[][] = [[]];
  let k = 0;
  while (k < rules.length) {
    let end = k;
    while (end < rules.length && rules[end].policy.priority === rules[k].policy.priority) end++;
    const byPolicy = new Map<string, CompiledTierRule[]>();
    for (let i = k; i < end; i++) {
      const list = byPolicy.get(rules[i].policy.id);
      if (list) list.push(rules[i]);
      else byPolicy.set(rules[i].policy.id, [rules[i]]);
    }
    const groups = [...byPolicy.values()];
    const perms = groups.length === 1 ? [groups] : permutations(groups);
    const next: CompiledTierRule[][] = [];
    for (const seq of seqs) for (const perm of perms) if (next.length < MAX_ORDERS) next.push([...seq, ...perm.flat()]);
    seqs = next;
    k = end;
  }
  return seqs;
}

/** Cilium deny parts hold Deny rules only: among themselves their order cannot change a verdict. */
function onlyDenies(r: CompiledTierRule): boolean {
  return r.policy.priority === CILIUM_DENY_PRIORITY;
}

/** Do two different policies among the rules have the same priority? (Rules come by priority, then policy.) */
function sharesPriority(rules: readonly CompiledTierRule[]): boolean {
  for (let i = 1; i < rules.length; i++) {
    if (rules[i].policy !== rules[i - 1].policy && rules[i].policy.priority === rules[i - 1].policy.priority && !(onlyDenies(rules[i]) && onlyDenies(rules[i - 1]))) return true;
  }
  return false;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  // Beyond four policies of one priority, the written order and its reverse stand for all orders.
  if (items.length > 4) return [[...items], [...items].reverse()];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/**
 * The direction's allowed set. `admin`/`late`/`baseline`: the outcomes of the Admin tier, of the NetworkPolicy
 * tier's own rules (model.ts `Tier`) and of the Baseline tier (empty list: no rule matched). With several
 * orders, a connection is allowed if any order allows it: a review must not be reassured by an order the
 * cluster may not use.
 */
export function combineTiers(admin: readonly TierOutcome[], networkPolicy: NetworkPolicyTier, late: readonly TierOutcome[], baseline: () => readonly TierOutcome[]): ConnectionSet {
  let baselineAllowed: ConnectionSet | undefined;
  // Baseline: Deny is final; Allow, Pass and unmatched traffic all end allowed (Pass goes to the default).
  const afterBaseline = (): ConnectionSet => {
    if (baselineAllowed === undefined) {
      const outcomes = baseline();
      baselineAllowed = outcomes.length === 0 ? ConnectionSet.ALL : outcomes.reduce((acc, b) => acc.union(ConnectionSet.ALL.subtract(b.deny)), ConnectionSet.NONE);
    }
    return baselineAllowed;
  };
  const next = networkPolicy !== 'notCaptured' ? networkPolicy.union(afterNetworkPolicies(late, afterBaseline)) : afterBaseline();
  if (admin.length === 0) return next;
  let out = ConnectionSet.NONE;
  for (const a of admin) {
    // Allow is final; Pass and unmatched traffic go on to the next tiers, a Pass of the NetworkPolicies' own
    // tier past them, to the Baseline tier.
    const rest = ConnectionSet.ALL.subtract(a.allow).subtract(a.deny);
    const beyond = a.passBeyondNetworkPolicies.intersect(rest);
    out = out.union(a.allow).union(rest.subtract(beyond).intersect(next));
    if (!beyond.isEmpty()) out = out.union(beyond.intersect(afterBaseline()));
  }
  return out;
}

/**
 * What the NetworkPolicy tier's own rules allow of the traffic its NetworkPolicies did not (those come first,
 * so this only adds to their allow-list): Allow, and Pass where the Baseline tier then allows; Deny and what
 * no rule matches are the tier's deny (Calico: the default tier's end-of-tier deny).
 */
function afterNetworkPolicies(late: readonly TierOutcome[], afterBaseline: () => ConnectionSet): ConnectionSet {
  let out = ConnectionSet.NONE;
  for (const o of late) out = out.union(o.allow).union(o.pass.isEmpty() ? ConnectionSet.NONE : o.pass.intersect(afterBaseline()));
  return out;
}
