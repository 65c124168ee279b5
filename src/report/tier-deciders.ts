/**
 * Who decided one direction of an explained pair, for the line that gives its verdict (`ingress of
 * shop/api: allows TCP 8443 only (…)`): per part of the asked traffic, the tier that decided it
 * (engine/explain-pair.ts `TierPart`, in tier order) and, for a part an Admin or Baseline rule decided,
 * that rule with file:line; a part the tiers below decided names the Pass rules that handed it there.
 * So a part an AdminNetworkPolicy Allow decided is never credited to the NetworkPolicy tier that denies the
 * rest. The NetworkPolicy tier's own rules and isolating policies are the lines that follow.
 */
import type { AddressSet, DirectionExplanation, TierDecision, TierPart } from '../engine/index.js';
import { calicoTierName, tierRuleName } from '../engine/index.js';
import { addressText } from './peer-label.js';
import { andList } from '../util/and-list.js';
import type { Fmt } from './explain-text.js';

export const TIER_NAMES = { Admin: 'Admin tier', NetworkPolicy: 'NetworkPolicy tier', Baseline: 'Baseline tier', default: 'default (allow)' } as const;

export { tierRuleName };

/**
 * The deciders of `d`, as the verdict line's parenthesis: one part, `Admin tier: AdminNetworkPolicy allow-pay
 * ingress rule 1 "allow-ledger", anp.yaml:8`; several, each with its verdict and ports, `Admin tier allows
 * TCP 8443: …; NetworkPolicy tier denies any port but TCP 8443`; several that one tier decided without a
 * cluster-wide rule to name, that tier's name alone (`NetworkPolicy tier`).
 */
export function decidersText(d: DirectionExplanation, f: Fmt): string {
  if (d.parts.length === 1) return `${partTierName(d, d.parts[0])}${rulesText(d, d.parts[0], f)}`;
  // One tier deciding every part with no rule of its own to name (the NetworkPolicy tier's allowed port and denied rest): its
  // name once, as the verdict already gives the ports ("allows TCP 8443 only (NetworkPolicy tier)"; new-user trial 39).
  const names = new Set(d.parts.map((p) => partTierName(d, p)));
  // Parts of some of the asked addresses each (an ipBlock over part of the range) are never one tier's name alone.
  if (names.size === 1 && d.parts.every((p) => rulesText(d, p, f) === '' && p.addresses === undefined)) return [...names][0];
  // A part of some of the asked addresses says which (engine/explain-pair.ts storyByParts), so that two parts of one tier never read as one.
  const of = (p: TierPart) => (p.addresses ? ` ${d.direction === 'egress' ? 'to' : 'from'} ${addressText(p.addresses)}` : '');
  return d.parts.map((p) => `${partTierName(d, p)} ${p.verdict === 'allowed' ? 'allows' : 'denies'} ${f.conns(p.conn)}${of(p)}${rulesText(d, p, f)}`).join('; ');
}

/**
 * The tier that decided `part`, named as its deciding rules were written: `Calico tier security (order 100)`
 * for a Calico policy's rules, `CiliumNetworkPolicy deny` for Cilium's deny rules (both sit in the engine's
 * Admin or Baseline tier, a name their authors never wrote), the network-policy API's `Admin tier` /
 * `Baseline tier` for AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy; several, joined.
 */
export function partTierName(d: DirectionExplanation, part: TierPart): string {
  const names = [...new Set(deciders(d, part).map(decisionTierName))];
  return names.length ? andList(names) : TIER_NAMES[part.tier];
}

/** The tier one cluster-wide decision belongs to, as its author wrote it (see partTierName). */
export function decisionTierName(t: Pick<TierDecision, 'tier' | 'kind' | 'calico'>): string {
  if (t.calico) return calicoTierName(t.calico);
  if (t.kind.startsWith('Cilium')) return `${t.kind} deny`;
  return TIER_NAMES[t.tier];
}

/** The Admin or Baseline decisions that decided `part` (its tier, its verdict, some of its traffic, for some of its addresses). */
function deciders(d: DirectionExplanation, part: TierPart): TierDecision[] {
  return d.decisions.filter((t) => t.tier === part.tier && t.action === (part.verdict === 'allowed' ? 'Allow' : 'Deny') && touches(t, part));
}

/** Whether decision `t` is of some of `part`'s traffic and addresses (absent addresses: every asked one). */
function touches(t: TierDecision, part: TierPart): boolean {
  return !t.conn.intersect(part.conn).isEmpty() && (t.addresses === undefined || part.addresses === undefined || !t.addresses.intersect(part.addresses).isEmpty());
}

/**
 * ` for 10.0.0.0/8` (peer-label.ts addressText: `10.0.0.0/8 (except 10.1.0.0/16)`) after a decision of fewer addresses than `of` (a part's; absent: every asked address), so that
 * nothing is said of addresses its rule did not match; '' otherwise.
 */
export function addressesOnly(t: { readonly addresses?: AddressSet }, of?: AddressSet): string {
  return t.addresses === undefined || (of !== undefined && of.isSubsetOf(t.addresses)) ? '' : ` for ${addressText(t.addresses)}`;
}

/**
 * `: <rule>, file:line` for the cluster-wide rules that decided `part`, then `, passed on by <rule>, file:line`
 * for the Pass rules of a tier above that handed it to the tier that decided it; '' when neither.
 */
function rulesText(d: DirectionExplanation, part: TierPart, f: Fmt): string {
  // After `Calico tier security (order 100): ` the tier's end is `its end`, not the tier's name again.
  const label = partTierName(d, part);
  const ruleName = (t: TierDecision) => tierRuleName(t, d.direction).replace(`the end of ${label},`, 'its end,');
  const named = (ts: readonly TierDecision[]) => ts.map((t) => `${ruleName(t)}, ${f.ref(t.ref)}${addressesOnly(t, part.addresses)}`).join(' and ');
  const decided = deciders(d, part);
  // A decision's ports are what reached its tier: a Pass of another tier that touches the part handed it on. A Pass
  // of Calico's default tier before the NetworkPolicies hands nothing to them (it skips them): not theirs to name.
  const skips = (t: TierDecision) => t.tier === 'Admin' && t.calico?.tier === 'default' && part.tier === 'NetworkPolicy';
  const passes = d.decisions.filter((t) => t.action === 'Pass' && t.tier !== part.tier && touches(t, part) && !skips(t));
  return `${decided.length ? `: ${named(decided)}` : ''}${passes.length ? `, passed on by ${named(passes)}` : ''}`;
}
