/**
 * UNPROTECTED_WORKLOAD: no policy (NetworkPolicy, or a cluster-wide one of the Admin or Baseline tier) selects
 * the workload in a direction, so everything is allowed
 * that way (its namespace has no default-deny, or it would be selected). In a diff this is new only when
 * the pull request adds the workload or removes the last policy that selected it. A policy of a kind
 * reachdiff does not model (Calico, Cilium …) that may select the workload is named in the message, and
 * the fix is then conditional: that policy may isolate it already. A Cilium policy that selects the workload
 * with `enableDefaultDeny: {ingress: false}` (its rules only add to others') is named with that setting, and the
 * fix is to remove it: "No NetworkPolicy selects" and a NetworkPolicy default-deny sent a Cilium user elsewhere
 * (new-user trial 33).
 */
import { DIRECTIONS } from '../engine/model.js';
import type { Direction, NetworkPolicy, Workload } from '../engine/model.js';
import { matches, policyName } from '../engine/index.js';
import { unmodelledSelecting } from './unmodelled-selecting.js';
import type { FindingInput } from './context.js';
import { isFree } from '../engine/connectivity.js';
import { finding, workloadsOf } from './context.js';
import type { Finding } from './types.js';

export function unprotectedWorkloadFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const out: Finding[] = [];
  for (const [cls, w] of workloadsOf(conn.index.classes)) {
    const others = unmodelledSelecting(input.unmodelled ?? [], w);
    const unless = others.length ? `, unless ${others.length === 1 ? others[0] : `one of ${others.join(', ')}`} isolates it (not modelled by reachdiff).` : '.';
    const ifNot = (fix: string) => (others.length ? `If ${others.length === 1 ? 'that policy does' : 'those policies do'} not: ${fix[0].toLowerCase()}${fix.slice(1)}` : fix);
    const plain = DIRECTIONS.filter((d) => isFree(conn, d, cls.index) && !joinsOnly(conn.cluster.policies, w, d));
    // Free both ways: one sentence for the two findings where prose lists them (types.ts `bothDirections`).
    const both =
      plain.length === DIRECTIONS.length
        ? {
            message: `No NetworkPolicy selects ${w.id} for ingress or egress: every pod and every address may connect to it, and it to them${unless}`,
            fix: ifNot(`Add default-deny policies for Ingress and Egress in namespace ${w.namespace} (podSelector: {}) and allow what ${w.name} needs.`),
          }
        : undefined;
    for (const direction of DIRECTIONS) {
      if (!isFree(conn, direction, cls.index)) continue;
      const fix = `Add a default-deny policy for ${direction === 'ingress' ? 'Ingress' : 'Egress'} in namespace ${w.namespace} (podSelector: {}) and allow what ${w.name} needs.`;
      const joining = joinsOnly(conn.cluster.policies, w, direction);
      if (joining) {
        const setting = `\`enableDefaultDeny: {${direction}: false}\``;
        out.push(
          finding('UNPROTECTED_WORKLOAD', {
            message:
              `No policy isolates ${w.id} for ${direction}: ${policyName(joining.id)} selects it with ${setting} (${joining.ref.file}:${joining.ref.line}), so its rules only add to what other policies allow; ` +
              (direction === 'ingress' ? 'every pod and every address may connect to it.' : 'it may connect to every pod and every address.'),
            ref: w.ref,
            subject: w.id,
            object: direction,
            fix: `Remove ${setting} from ${policyName(joining.id)} (its rules then isolate ${w.name}), or add a policy that isolates it for ${direction === 'ingress' ? 'Ingress' : 'Egress'}.`,
          }),
        );
        continue;
      }
      out.push(
        finding('UNPROTECTED_WORKLOAD', {
          message:
            (direction === 'ingress'
              ? `No NetworkPolicy selects ${w.id} for ingress: every pod and every address may connect to it`
              : `No NetworkPolicy selects ${w.id} for egress: it may connect to every pod and every address`) +
            unless,
          ref: w.ref,
          subject: w.id,
          object: direction,
          fix: ifNot(fix),
          ...(both ? { bothDirections: both } : {}),
        }),
      );
    }
  }
  return out;
}

/** A policy selecting `w` whose rules only join others' that way (Cilium `enableDefaultDeny: false`), if any. */
function joinsOnly(policies: readonly NetworkPolicy[], w: Workload, direction: Direction): NetworkPolicy | undefined {
  return policies.find((p) => p.joinsOnly?.[direction] && p.affects[direction] && p.namespace === w.namespace && matches(p.podSelector, w.podLabels));
}
