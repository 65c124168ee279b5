/**
 * RULES_IGNORED_BY_POLICY_TYPES: `ingress` or `egress` rules in a policy whose `policyTypes` leaves that
 * direction out. Kubernetes applies policyTypes as written, so those rules do nothing (a PR adding them
 * changes no path, and would otherwise say "no change").
 */
import { DIRECTIONS } from '../engine/model.js';
import { plural } from '../util/plural.js';
import type { FindingInput } from './context.js';
import { finding } from './context.js';
import type { Finding } from './types.js';

export function rulesIgnoredFindings(input: FindingInput): Finding[] {
  const out: Finding[] = [];
  for (const policy of input.conn.cluster.policies) {
    for (const direction of DIRECTIONS) {
      const rules = policy[direction];
      if (policy.affects[direction] || rules.length === 0) continue;
      const type = direction === 'ingress' ? 'Ingress' : 'Egress';
      out.push(
        finding('RULES_IGNORED_BY_POLICY_TYPES', {
          message: `${policy.id} has ${plural(rules.length, `${direction} rule`)} but its policyTypes does not include ${type}, so Kubernetes ignores ${rules.length === 1 ? 'it' : 'them'}.`,
          ref: rules[0].ref,
          subject: policy.id,
          object: direction,
          fix: `Add ${type} to spec.policyTypes (or remove the ${direction} rules).`,
        }),
      );
    }
  }
  return out;
}
