/**
 * "If two (or more) policies in the same tier with the same priority could match a connection, then
 * the implementation can apply any of the matching policies" (priority). Such pairs are reported with
 * both lines; the evaluator meanwhile allows what any of their orders allows (tier-verdict.ts).
 */
import type { EngineDiagnostic } from './diagnostics.js';
import type { ClusterPolicy, Direction } from './model.js';
import { CILIUM_DENY_PRIORITY, DIRECTIONS } from './model.js';
import type { CompiledTierRule, CompiledTiers } from './tiers.js';
import { sortedMeet } from './sorted-meet.js';

export function ambiguityDiagnostics(tiers: CompiledTiers): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const groups = new Map<string, ClusterPolicy[]>();
  for (const rule of tiers.rules) {
    // Cilium deny parts are all Deny: whichever applies first, the connection is denied.
    if (rule.policy.priority === CILIUM_DENY_PRIORITY) continue;
    const key = `${rule.policy.tier}/${rule.policy.priority}`;
    const list = groups.get(key) ?? [];
    if (!list.includes(rule.policy)) list.push(rule.policy);
    groups.set(key, list);
  }
  const rulesOf = (p: ClusterPolicy, d: Direction) => tiers.rules.filter((r) => r.policy === p && r.direction === d);
  for (const policies of groups.values()) {
    for (let i = 0; i < policies.length; i++) {
      for (let j = i + 1; j < policies.length; j++) {
        const [a, b] = [policies[i], policies[j]];
        // Both must select some pod in common, and have rules of one direction that meet.
        if (!sortedMeet(tiers.subjectsOf.get(a.id) ?? [], tiers.subjectsOf.get(b.id) ?? [])) continue;
        const direction = DIRECTIONS.find((d) => rulesOf(a, d).some((x) => rulesOf(b, d).some((y) => couldBothMatch(x, y))));
        if (direction) out.push(diagnostic(a, b, direction));
      }
    }
  }
  return out;
}

/** Some peer and some port both rules match (named ports are assumed to meet, they depend on the pod). */
function couldBothMatch(a: CompiledTierRule, b: CompiledTierRule): boolean {
  // Forms of a rule for different subjects (sameLabels) never meet on one connection.
  if (a.subjects && b.subjects && !sortedMeet(a.subjects, b.subjects)) return false;
  const peers =
    a.allPods ||
    b.allPods ||
    !a.peerAddresses.intersect(b.peerAddresses).isEmpty() ||
    a.domains.some((d) => b.domains.includes(d)) ||
    sortedMeet(a.peerClasses, b.peerClasses);
  if (!peers) return false;
  const named = (r: CompiledTierRule) => r.rule.ports !== 'any' && r.rule.ports.some((p) => typeof p.port === 'string');
  return named(a) || named(b) || !a.conns(null).intersect(b.conns(null)).isEmpty();
}


function diagnostic(a: ClusterPolicy, b: ClusterPolicy, direction: Direction): EngineDiagnostic {
  return {
    code: 'TIER_PRIORITY_AMBIGUOUS',
    message:
      `${b.kind} ${b.name} and ${a.kind} ${a.name} (${a.ref.file}:${a.ref.line}) are both ${a.tier} tier with priority ${a.priority} ` +
      `and could both match the same ${direction} connection: the cluster may apply either first; paths allowed in either order are reported`,
    ref: b.ref,
    policy: b.id,
    detail: `${direction}:${a.id}`,
  };
}
