/**
 * Why, where cluster-wide policies take part: the tier chain of tier-verdict.ts run again for one
 * subject and peer, keeping which rule decided which part of the traffic. Rules that let the traffic
 * through (Allow, or Pass to the tiers below) are reasons on the allowing side; Deny rules and
 * NetworkPolicies that isolate without allowing are what blocked it on the other.
 */
import { isCaptured } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import type { DirectionFacts, Reason, Side } from './explain.js';
import { binaryHas, dedupe } from './explain.js';
import type { AddressSet } from './address-set.js';
import type { Direction, Tier } from './model.js';
import { tierRuleReachesDomain } from './domains.js';
import type { PeerRef } from './peers.js';
import type { TierOutcome } from './tier-verdict.js';
import { combineTiers, tierOutcomes } from './tier-verdict.js';
import type { CompiledTierRule } from './tiers.js';

/** Whether any cluster-wide rule (Admin or Baseline tier) has `subject` as its subject in `direction` on this side. */
export function hasTierRules(side: Connectivity, direction: Direction, subject: number): boolean {
  return side.tiers.rulesOf.Admin[direction][subject].length > 0 || side.tiers.rulesOf.Baseline[direction][subject].length > 0;
}

/**
 * `undefined` when no cluster-wide rule matches this subject and peer (the NetworkPolicy facts stand alone).
 * An external peer whose addresses the matching rules cut apart (one rule's range here, another's there) is
 * explained part by part and the reasons united: run over the whole peer, the first rule that settles the
 * traffic would speak for addresses another rule decides.
 */
export function tierFacts(
  side: Connectivity,
  name: Side,
  direction: Direction,
  subject: number,
  peer: PeerRef,
  peerClass: number | undefined,
  traffic: ConnectionSet,
  np: () => DirectionFacts,
): DirectionFacts | undefined {
  const [admins, baselines] = [side.tiers.rulesOf.Admin[direction][subject], side.tiers.rulesOf.Baseline[direction][subject]];
  // Most subjects have no cluster-wide rule: no lists are built for them.
  if (admins.length === 0 && baselines.length === 0) return undefined;
  const matching = [...admins, ...baselines].filter((r) => tierRulePicks(r, peer, peerClass));
  if (matching.length === 0) return undefined;
  const npFacts = np();
  const parts = peer.type === 'external' ? addressParts(peer.addresses, matching) : [];
  if (parts.length <= 1) return ruleFacts(side, name, direction, subject, matching, peerClass, traffic, npFacts);
  const each = parts.map((part) =>
    ruleFacts(side, name, direction, subject, matching.filter((r) => !r.peerAddresses.intersect(part).isEmpty()), peerClass, traffic, npFacts),
  );
  return {
    direction,
    subject,
    // What every part allows (the parts of one pair's peer normally agree).
    allowed: each.reduce((acc, f) => acc.intersect(f.allowed), ConnectionSet.ALL),
    reasons: dedupe(each.flatMap((f) => f.reasons)),
    isolation: dedupe(each.flatMap((f) => f.isolation)),
    npReasons: npFacts.reasons,
  };
}

/**
 * `addresses` cut by the rules' address ranges (cluster-wide rules, or NetworkPolicy rules: their ipBlocks minus
 * except): each part lies wholly inside or wholly outside each rule's range, so one set of rules matches all of it. The first rule's part comes first, so the reasons keep the rules' order.
 */
export function addressParts(addresses: AddressSet, rules: readonly { readonly peerAddresses: AddressSet }[]): AddressSet[] {
  let parts = [addresses];
  for (const r of rules) {
    if (parts.every((p) => p.isSubsetOf(r.peerAddresses))) continue;
    parts = parts.flatMap((p) => [p.intersect(r.peerAddresses), p.subtract(r.peerAddresses)].filter((q) => !q.isEmpty()));
  }
  // A part no rule matches is left out, as it was when the whole peer was told at once: the rules' story is told
  // for the addresses they match.
  return parts.filter((p) => rules.some((r) => !r.peerAddresses.intersect(p).isEmpty()));
}

/** The tier chain over `matching` (the rules that pick the peer, or one part of it): what it allows and why. */
function ruleFacts(
  side: Connectivity,
  name: Side,
  direction: Direction,
  subject: number,
  matching: readonly CompiledTierRule[],
  peerClass: number | undefined,
  traffic: ConnectionSet,
  npFacts: DirectionFacts,
): DirectionFacts {
  const classes = side.index.classes;
  const dst = direction === 'ingress' ? classes[subject] : peerClass === undefined ? null : classes[peerClass];
  const connsOf = (r: CompiledTierRule) => r.conns(dst);
  const of = (tier: Tier) => tierOutcomes(matching, tier, connsOf);
  const admin = of('Admin');
  const baseline = of('Baseline');
  const captured = isCaptured(side.compiled, direction, subject);
  // The NetworkPolicy tier's own rules (Calico's default tier after order 1000), on what its NetworkPolicies leave.
  const late = captured ? of('NetworkPolicy') : [];
  const allowed = combineTiers(admin, captured ? npFacts.allowed : 'notCaptured', late, () => baseline);
  const reason = (r: CompiledTierRule): Reason => ({
    kind: 'tier-rule',
    side: name,
    direction,
    tier: r.policy.tier,
    action: r.action,
    policy: r.policy.id,
    rule: r.index,
    ...(r.rule.name ? { name: r.rule.name } : {}),
    ref: r.rule.ref,
    ...(r.policy.calico ? { calico: r.policy.calico } : {}),
  });
  const decided = (outcomes: readonly TierOutcome[], keep: (r: CompiledTierRule) => boolean, part: ConnectionSet) =>
    outcomes.flatMap((o) => o.decisions.filter((d) => keep(d.rule) && !d.conns.intersect(part).isEmpty()).map((d) => reason(d.rule)));
  // The part of the traffic that the Admin tier did not settle goes on to the NetworkPolicy / Baseline tiers.
  const settled = admin.reduce((acc, o) => acc.union(o.allow).union(o.deny), ConnectionSet.NONE);
  const passedOn = traffic.subtract(settled);
  // What a Pass of the NetworkPolicies' own tier (Calico's default tier) handed past them, to the Baseline tier.
  const beyond = passedOn.intersect(admin.reduce((acc, o) => acc.union(o.passBeyondNetworkPolicies), ConnectionSet.NONE));
  const toNetworkPolicies = passedOn.subtract(beyond);
  const reasons: Reason[] = decided(admin, (r) => r.action !== 'Deny', traffic);
  const isolation: Reason[] = decided(admin, (r) => r.action === 'Deny', traffic);
  // A Pass that handed the blocked part to the tiers below is part of why it was blocked there.
  const passes = (part: ConnectionSet) => decided(admin, (r) => r.action === 'Pass', part);
  // `handedBy`: the Pass rules that handed `part` to the Baseline tier, part of why it was blocked there.
  const viaBaseline = (part: ConnectionSet, handedBy: readonly Reason[] = passes(part)) => {
    reasons.push(...decided(baseline, (r) => r.action !== 'Deny', part));
    const denied = decided(baseline, (r) => r.action === 'Deny', part);
    if (denied.length > 0) isolation.push(...handedBy, ...denied);
    const baselineSettled = baseline.reduce((acc, o) => acc.union(o.allow).union(o.deny).union(o.pass), ConnectionSet.NONE);
    if (!part.isSubsetOf(baselineSettled)) reasons.push(...npFacts.reasons.filter((r) => r.kind === 'not-isolated'));
  };
  // What the NetworkPolicies left: the tier's own rules' Allow and Pass let it through (a Pass to the Baseline
  // tier), their Deny blocks it, and what none matches is the isolation's.
  function afterTheirAllows(left: ConnectionSet): void {
    const sum = (pick: (o: TierOutcome) => ConnectionSet) => late.reduce((acc, o) => acc.union(pick(o)), ConnectionSet.NONE).intersect(left);
    reasons.push(...decided(late, (r) => r.action === 'Allow', left));
    const passed = sum((o) => o.pass);
    if (!passed.isEmpty()) {
      const handing = decided(late, (r) => r.action === 'Pass', passed);
      reasons.push(...handing);
      viaBaseline(passed, [...passes(passed), ...handing]);
    }
    const denied = sum((o) => o.deny);
    const unmatched = left.subtract(sum((o) => o.allow.union(o.pass).union(o.deny)));
    if (denied.isEmpty() && unmatched.isEmpty()) return;
    isolation.push(...passes(left), ...decided(late, (r) => r.action === 'Deny', left), ...(unmatched.isEmpty() ? [] : npFacts.isolation));
  }
  if (!toNetworkPolicies.isEmpty()) {
    if (captured) {
      // Only the rules allowing some of what reaches them: not one whose ports an Admin rule settled or a Pass took past them.
      for (const g of npFacts.ruleGrants ?? []) if (!g.granted.intersect(toNetworkPolicies).isEmpty()) reasons.push(g.reason);
      const left = toNetworkPolicies.subtract(npFacts.allowed);
      if (!left.isEmpty()) afterTheirAllows(left);
    } else viaBaseline(toNetworkPolicies);
  }
  if (!beyond.isEmpty()) {
    // The Pass that took it past the NetworkPolicies is why their isolation does not apply.
    reasons.push(...passes(beyond));
    viaBaseline(beyond);
  }
  return { direction, subject, allowed, reasons, isolation, npReasons: npFacts.reasons };
}

/** Does a tier rule match this peer? Pods by class, addresses by range, the ingress controller only by rules over every pod. */
export function tierRulePicks(rule: CompiledTierRule, peer: PeerRef, peerClass: number | undefined): boolean {
  switch (peer.type) {
    case 'workload':
    case 'pods':
      return peerClass !== undefined && (rule.allPods || binaryHas(rule.peerClasses, peerClass));
    case 'external':
      return !rule.peerAddresses.intersect(peer.addresses).isEmpty();
    case 'ingress-controller':
      return rule.allPods;
    case 'domain':
      return tierRuleReachesDomain(rule, peer.names[0]);
  }
}
