/**
 * Who decided one direction of an explained pair, for the line that gives its verdict (`ingress of
 * shop/api: allows TCP 8443 only (…)`): per part of the asked traffic, the tier that decided it
 * (engine/explain-pair.ts `TierPart`, in tier order) and, for a part an Admin or Baseline rule decided,
 * that rule with file:line; a part the tiers below decided names the Pass rules that handed it there.
 * So a part an AdminNetworkPolicy Allow decided is never credited to the NetworkPolicy tier that denies the
 * rest. The NetworkPolicy tier's own rules and isolating policies are the lines that follow.
 */
import type { DirectionExplanation, TierDecision, TierPart } from '../engine/index.js';
import { tierRuleName } from '../engine/index.js';
import type { Fmt } from './explain-text.js';

export const TIER_NAMES = { Admin: 'Admin tier', NetworkPolicy: 'NetworkPolicy tier', Baseline: 'Baseline tier', default: 'default (allow)' } as const;

export { tierRuleName };

/**
 * The deciders of `d`, as the verdict line's parenthesis: one part, `Admin tier: AdminNetworkPolicy allow-pay
 * ingress rule 1 "allow-ledger", anp.yaml:8`; several, each with its verdict and ports, `Admin tier allows
 * TCP 8443: …; NetworkPolicy tier denies any port but TCP 8443`.
 */
export function decidersText(d: DirectionExplanation, f: Fmt): string {
  if (d.parts.length === 1) return `${TIER_NAMES[d.parts[0].tier]}${rulesText(d, d.parts[0], f)}`;
  return d.parts.map((p) => `${TIER_NAMES[p.tier]} ${p.verdict === 'allowed' ? 'allows' : 'denies'} ${f.conns(p.conn)}${rulesText(d, p, f)}`).join('; ');
}

/**
 * `: <rule>, file:line` for the cluster-wide rules that decided `part`, then `, passed on by <rule>, file:line`
 * for the Pass rules of a tier above that handed it to the tier that decided it; '' when neither.
 */
function rulesText(d: DirectionExplanation, part: TierPart, f: Fmt): string {
  const touches = (t: TierDecision) => !t.conn.intersect(part.conn).isEmpty();
  const named = (ts: readonly TierDecision[]) => ts.map((t) => `${tierRuleName(t, d.direction)}, ${f.ref(t.ref)}`).join(' and ');
  const decided = d.decisions.filter((t) => t.tier === part.tier && t.action === (part.verdict === 'allowed' ? 'Allow' : 'Deny') && touches(t));
  // A decision's ports are what reached its tier: a Pass of another tier that touches the part handed it on.
  const passes = d.decisions.filter((t) => t.action === 'Pass' && t.tier !== part.tier && touches(t));
  return `${decided.length ? `: ${named(decided)}` : ''}${passes.length ? `, passed on by ${named(passes)}` : ''}`;
}
