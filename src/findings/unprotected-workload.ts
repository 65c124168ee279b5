/**
 * UNPROTECTED_WORKLOAD: no policy (NetworkPolicy, or a cluster-wide one of the Admin or Baseline tier) selects
 * the workload in a direction, so everything is allowed
 * that way (its namespace has no default-deny, or it would be selected). In a diff this is new only when
 * the pull request adds the workload or removes the last policy that selected it.
 */
import { DIRECTIONS } from '../engine/model.js';
import type { FindingInput } from './context.js';
import { isFree } from '../engine/connectivity.js';
import { finding, workloadsOf } from './context.js';
import type { Finding } from './types.js';

export function unprotectedWorkloadFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const out: Finding[] = [];
  for (const [cls, w] of workloadsOf(conn.index.classes)) {
    for (const direction of DIRECTIONS) {
      if (!isFree(conn, direction, cls.index)) continue;
      out.push(
        finding('UNPROTECTED_WORKLOAD', {
          message:
            direction === 'ingress'
              ? `No NetworkPolicy selects ${w.id} for ingress: every pod and every address may connect to it.`
              : `No NetworkPolicy selects ${w.id} for egress: it may connect to every pod and every address.`,
          ref: w.ref,
          subject: w.id,
          object: direction,
          fix: `Add a default-deny policy for ${direction === 'ingress' ? 'Ingress' : 'Egress'} in namespace ${w.namespace} (podSelector: {}) and allow what ${w.name} needs.`,
        }),
      );
    }
  }
  return out;
}
