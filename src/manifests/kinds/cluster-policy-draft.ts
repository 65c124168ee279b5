/**
 * ClusterNetworkPolicy objects written for a draft of v1alpha2, before network-policy-api v0.2: their rules
 * name their ports `ports` (`portNumber` / `portRange` entries, the AdminNetworkPolicy shape), where v0.2
 * names them `protocols` (`tcp` / `udp` / `sctp`). Which one the cluster's CRD accepts the repository may not
 * say, and may say either way: network-policy-api's own CRD at 8c1c5fa defined `ports`, and its conformance
 * cases used it, while v0.2's CRD rejects the field. Read as v0.2, such an object was an error ("the API
 * server rejects objects with unknown fields") that a draft CRD never makes, and read as a draft it would be
 * wrong on a v0.2 cluster. So it is neither: it is counted as a policy reachdiff does not model
 * (`UNMODELLED_POLICY`: the verdict says the results ignore it, and a change to one never gets a `success`
 * check), and each such rule gets a warning at its `ports` key saying why.
 */
import type { SourceRef } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { isObject } from '../context.js';

/** A rule's place: `spec.egress[3]`. */
export interface DraftRule {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  readonly rule: Json;
}

/** The rules of `obj` (a ClusterNetworkPolicy) that name their ports `ports`; none when any rule uses v0.2's `protocols` (then `ports` is a mistake, not a draft). */
export function draftPortRules(obj: Json): DraftRule[] {
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return [];
  const rules = (['ingress', 'egress'] as const).flatMap((direction) => (Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : []).flatMap((rule, index) => (isObject(rule) ? [{ direction, index, rule }] : [])));
  if (rules.some((r) => r.rule.protocols !== undefined && r.rule.protocols !== null)) return [];
  return rules.filter((r) => r.rule.ports !== undefined && r.rule.ports !== null);
}

/** Whether `obj` is a ClusterNetworkPolicy in a pre-v0.2 draft's shape (unmodelled-kinds.ts `applies`). */
export const isDraftClusterNetworkPolicy = (obj: Json): boolean => draftPortRules(obj).length > 0;

/** One warning per draft-shaped rule, at its `ports` key (`ref`: the object's position, when the key has none). */
export function reportDraftPorts(ctx: DocContext, obj: Json, ref: SourceRef): void {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '(no name)';
  for (const { direction, index, rule } of draftPortRules(obj)) {
    const message =
      `ClusterNetworkPolicy ${name}: spec.${direction}[${index}].ports is the port field of v1alpha2 drafts before network-policy-api v0.2, which names it \`protocols\` (\`tcp\`, \`udp\` or \`sctp\` entries): ` +
      'a cluster with a draft CRD applies this policy, one with v0.2\'s rejects it; reachdiff reads v0.2, so this policy is left out of the analysis';
    ctx.report('warning', 'UNSUPPORTED_API_VERSION', message, ctx.keyRef(rule, 'ports', ctx.ref(rule, ref)));
  }
}
