/**
 * AMBIGUOUS_PRIORITY: two cluster-wide policies of one tier with the same priority that could both match
 * a connection; the cluster may apply either first ("the implementation can apply any of the matching
 * policies"). The tiered evaluator finds these (tier-ambiguity.ts); this turns its diagnostics into findings.
 */
import type { FindingInput } from './context.js';
import { finding } from './context.js';
import type { Finding } from './types.js';

export function ambiguousPriorityFindings(input: FindingInput): Finding[] {
  return input.conn.diagnostics
    .filter((d) => d.code === 'TIER_PRIORITY_AMBIGUOUS')
    .map((d) =>
      finding('AMBIGUOUS_PRIORITY', {
        message: `${d.message}.`,
        ref: d.ref,
        subject: d.policy ?? d.ref.file,
        object: d.detail ?? d.message,
        fix: 'Give the two policies different priorities (lower is applied first), in the order you mean.',
      }),
    );
}
