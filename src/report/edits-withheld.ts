/**
 * What `explain` says where it suggests no edit of a policy that decides the traffic, so that "no edit"
 * is never silent: a policy of a kind it does not edit (smallest-edits.ts `candidatesFor`), and a denial
 * a Calico tier made ahead of (or after) the NetworkPolicies. Calico's order (docs.tigera.io, Tier: "How
 * policy is evaluated"): a tier's policies by `order`, each policy's rules in turn, the first Allow, Deny
 * or Pass deciding; the tier's end denies what no rule decided for the pods its policies select.
 */
import type { DecidingTier, Direction, DirectionExplanation, SourceRef, TierDecision, TierPart } from '../engine/index.js';
import { ConnectionSet } from '../engine/index.js';
import { calicoPolicyName, policyName, tierRuleName } from '../engine/index.js';
import type { Fmt } from './explain-text.js';
import { decisionTierName } from './tier-deciders.js';
import { andList, andListOfPhrases } from '../util/and-list.js';

/**
 * Why no edit is suggested inside policy `id`, or undefined for a kind explain edits. A Calico policy's
 * rules are ordered with its Deny and Pass rules, so where an added Allow falls decides what it does; a
 * CiliumClusterwideNetworkPolicy is one copy per namespace in the model, so what editing its file opens in
 * every other namespace is not verified.
 */
export function editWithheldReason(id: string, direction: string): string | undefined {
  if (calicoPolicyName(id) !== undefined) {
    return `its rules are ordered (action Allow, Deny, Pass: the first that matches decides), so what an added rule does depends on where it falls; to allow it, add an \`action: Allow\` rule under its \`${direction}:\` ahead of any Deny or Pass rule that matches this traffic`;
  }
  if (id.includes('[CiliumClusterwideNetworkPolicy]')) return 'it applies in every namespace its endpointSelector matches, and what editing it opens in the others is not verified';
  return undefined;
}

/** An isolating policy explain suggests no edit inside, with why (JSON `editsWithheld`). */
export interface EditWithheld {
  readonly policy: string;
  readonly ref: SourceRef;
  readonly reason: string;
}

/**
 * The isolating policies of `d` explain does not edit, where edits are looked for: the NetworkPolicy tier
 * denies some of the asked traffic, and the question is not every port of a direction that allows some
 * (then no edit is looked for at all: "ask with --port").
 */
export function editsWithheld(d: DirectionExplanation, asked: ConnectionSet): EditWithheld[] {
  const npDenied = d.parts.some((p) => p.tier === 'NetworkPolicy' && p.verdict === 'denied');
  if (!npDenied || (asked.isAll() && !d.allowed.isEmpty())) return [];
  return d.isolating.flatMap((p) => {
    const reason = editWithheldReason(p.policy, d.direction);
    return reason ? [{ policy: p.policy, ref: p.ref, reason }] : [];
  });
}

/** One line per policy of `editsWithheld`: `no edit suggested inside Calico NetworkPolicy data/db-in (calico.yaml:1): …`. */
export function withheldEditLines(d: DirectionExplanation, asked: ConnectionSet, f: Fmt): string[] {
  return editsWithheld(d, asked).map((w) => `no edit suggested inside ${policyName(w.policy)} (${f.ref(w.ref)}): ${w.reason}`);
}

/**
 * What can change a denial the Admin or Baseline tier made. An Admin rule comes before every NetworkPolicy;
 * the Baseline tier comes after them: a NetworkPolicy selecting the pod in that direction decides instead
 * (its allow-list is final), as the network-policy API defines the tiers. A Calico tier's denial is said in
 * Calico's terms (its rule or the tier's end, `action: Allow` ahead of it, `order`). `subject`: the pod as printed.
 */
export function aboveText(part: TierPart, d: DirectionExplanation, subject: string): string {
  const deniers = d.decisions.filter((t) => t.tier === part.tier && t.action === 'Deny' && !t.conn.intersect(part.conn).isEmpty());
  const first = decidesFirst(part, d, subject);
  if (deniers.length > 0 && deniers.every((t) => calicoPolicyName(t.policy) !== undefined)) return calicoAboveText(part.tier, deniers.some((t) => t.policy.endsWith('/end-of-tier')), d.direction, subject, first, andList([...new Set(deniers.map(decisionTierName))]));
  // Cilium's deny rules win over every allow of every policy (docs/cilium.md): no tier, no allow, brings it back.
  if (deniers.length > 0 && deniers.every((t) => t.kind.startsWith('Cilium'))) return `is denied by the ${andList([...new Set(deniers.map(decisionTierName))])} rule${deniers.length === 1 ? '' : 's'} above, which no allow rule of any policy can bring back: narrow ${deniers.length === 1 ? 'that rule (its' : 'those rules (their'} peers or toPorts)`;
  if (part.tier === 'Admin') return `is denied in the ${deniers.length ? andList([...new Set(deniers.map(decisionTierName))]) : 'Admin tier'}, which no NetworkPolicy edit can change: ${adminEdits(deniers, d.direction, subject)}`;
  if (first.passedAll) return `is denied in the Baseline tier, which NetworkPolicies come before, but ${first.text}: edit the baseline policy above, or narrow that Pass`;
  return `is denied in the Baseline tier, which NetworkPolicies come before: a NetworkPolicy selecting ${subject} for ${d.direction} that allows it overrides that rule (it then isolates ${subject} for ${d.direction}: allow all it needs there), or edit the baseline policy above`;
}

/**
 * What to edit for a denial of the Admin tier, by the deciding rules' kinds: Cilium's deny rules are narrowed (no
 * allow brings back what they deny), a Calico policy gets an Allow ahead of its Deny, the network-policy API's
 * policies are edited, each named (`narrow CiliumNetworkPolicy shop/no-meta egressDeny rule 1 (its peers or
 * toPorts), and edit AdminNetworkPolicy deny-x above`); no rule to name: the admin policy above.
 */
function adminEdits(deniers: readonly TierDecision[], direction: Direction, subject: string): string {
  if (deniers.length === 0) return 'edit the admin policy above';
  const cilium = deniers.filter((t) => t.kind.startsWith('Cilium'));
  const calico = deniers.filter((t) => !t.kind.startsWith('Cilium') && calicoPolicyName(t.policy) !== undefined);
  const others = deniers.filter((t) => !cilium.includes(t) && !calico.includes(t));
  // A Calico tier's end is no rule to put an Allow ahead of: what no rule of the tier decided is allowed by a rule of it.
  const calicoRules = calico.filter((t) => !t.policy.endsWith('/end-of-tier'));
  const calicoEnds = calico.filter((t) => t.policy.endsWith('/end-of-tier'));
  const names = (ts: readonly TierDecision[], name: (t: TierDecision) => string) => andList([...new Set(ts.map(name))]);
  const edits = [
    ...(cilium.length ? [`narrow ${names(cilium, (t) => tierRuleName(t, direction))} above (${cilium.length === 1 ? 'its' : 'their'} peers or toPorts)`] : []),
    ...(calicoRules.length ? [`add an \`action: Allow\` rule ahead of ${names(calicoRules, (t) => tierRuleName(t, direction))} above`] : []),
    ...(calicoEnds.length ? [`add an \`action: Allow\` rule for it (or a \`Pass\` to the next tier) to a policy of ${names(calicoEnds, decisionTierName)} that selects ${subject} (\`${direction}:\`)`] : []),
    ...(others.length ? [`edit ${names(others, (t) => policyName(t.policy))} above`] : []),
  ];
  return andListOfPhrases(edits);
}

/**
 * Whether a NetworkPolicy decides a part denied after them first: it does, unless a Pass of their own tier ahead of
 * them (Calico's default tier, order < 1000) took the traffic past them, which they then never see (Calico Tier,
 * "How policy is evaluated": a Pass skips the rest of its tier). `passedAll`: that Pass took all of the part.
 */
function decidesFirst(part: TierPart, d: DirectionExplanation, subject: string): { readonly text: string; readonly passedAll: boolean } {
  const npFirst = `a NetworkPolicy selecting ${subject} for ${d.direction} that allows it decides first`;
  const passers = d.decisions.filter((t) => t.tier === 'Admin' && t.action === 'Pass' && t.calico?.tier === 'default' && !t.conn.intersect(part.conn).isEmpty());
  if (passers.length === 0) return { text: npFirst, passedAll: false };
  const names = andList(passers.map((t) => tierRuleName(t, d.direction)));
  const passed = passers.reduce((acc, t) => acc.union(t.conn), ConnectionSet.NONE);
  if (part.conn.isSubsetOf(passed)) return { text: `${names} took it past them, so no NetworkPolicy sees it`, passedAll: true };
  return { text: `${npFirst}, except for what ${names} took past them`, passedAll: false };
}

/** `named`: the Calico tier(s) as written (`Calico tier security (order 100)`); `first`: whether a NetworkPolicy decides it first (decidesFirst). */
function calicoAboveText(tier: DecidingTier, endOfTier: boolean, direction: string, subject: string, first: { readonly text: string; readonly passedAll: boolean }, named: string): string {
  const where = tier === 'Admin' ? `${named}, evaluated before the NetworkPolicies, which no NetworkPolicy edit can change` : first.passedAll ? `${named}, evaluated after the NetworkPolicies, but ${first.text}` : `${named}, evaluated after the NetworkPolicies (${first.text})`;
  const allow = endOfTier
    ? `an \`action: Allow\` rule for it in a policy of that tier that selects ${subject} (\`${direction}:\`), or a \`Pass\` to hand it to the next tier`
    : `an \`action: Allow\` rule for it ahead of that Deny: earlier in the same policy's \`${direction}:\`, or in a policy of the tier with a smaller \`order\``;
  return `is denied in ${where}; reachdiff suggests no edit inside a Calico policy: to allow it, add ${allow}`;
}
