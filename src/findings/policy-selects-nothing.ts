/**
 * POLICY_SELECTS_NOTHING: the policy's podSelector picks no workload, so the policy does nothing. Fires
 * when the selector contradicts itself, or when its namespace has workloads in the manifests and none
 * matches; a namespace with no workloads here may hold pods deployed from elsewhere, which it could select.
 */
import { bracedSelectorText, selectorText } from '../engine/selectors.js';
import type { FindingInput } from './context.js';
import { finding, real } from './context.js';
import { contradiction, neverTogether } from './selector-hints.js';
import type { Finding } from './types.js';

export function policySelectsNothingFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const out: Finding[] = [];
  for (const policy of conn.cluster.policies) {
    if ((conn.compiled.subjectsOf.get(policy.id) ?? []).some((c) => !conn.index.classes[c].region)) continue;
    const local = real(conn.index.byNamespace.get(policy.namespace) ?? []);
    const contradicts = contradiction(policy.podSelector);
    if (!contradicts && local.length === 0) continue;
    const cause = contradicts ?? neverTogether(policy.podSelector, local.map((c) => c.podLabels));
    const count = local.reduce((n, c) => n + c.workloads.length, 0);
    out.push(
      finding('POLICY_SELECTS_NOTHING', {
        message: `${policy.id} selects no workload (podSelector ${bracedSelectorText(policy.podSelector)}${cause ? `: ${cause}` : ` matches none of the ${count} in ${policy.namespace}`}), so it has no effect.`,
        ref: policy.ref,
        subject: policy.id,
        object: selectorText(policy.podSelector),
        fix: 'Correct spec.podSelector to the labels the intended pods carry (a selector requires every label it lists).',
      }),
    );
  }
  return out;
}
