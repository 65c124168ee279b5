/**
 * AMBIGUOUS_PRIORITY: two cluster-wide policies of one tier with the same priority that could both match
 * a connection; the cluster may apply either first ("the implementation can apply any of the matching
 * policies"). The tiered evaluator finds these (tier-ambiguity.ts); this turns its diagnostics into findings.
 */
import type { FindingInput } from './context.js';
import { findingsFromDiagnostics } from './diagnostic-findings.js';
import type { Finding } from './types.js';

export function ambiguousPriorityFindings(input: FindingInput): Finding[] {
  return findingsFromDiagnostics(
    input.conn.diagnostics,
    'TIER_PRIORITY_AMBIGUOUS',
    'AMBIGUOUS_PRIORITY',
    'Give the two policies different priorities (lower is applied first), in the order you mean.',
  );
}
