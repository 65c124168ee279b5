/**
 * Addresses (and ports and label values, `emptiedValue`) whose value Flux's post-build substitution emptied. A `${VAR}` without a value in
 * `postBuild.substitute` or in the `substituteFrom` objects read here becomes the empty string
 * (flux-variables.ts), yet the cluster's own source (a SOPS-encrypted Secret, a ConfigMap only the cluster
 * holds) usually has it: `cidr: ${NETWORK_K8S_HOST_CIDR}` is a real network the repository does not write.
 * Read as empty, the API server's validation would reject the field and with it every rule of the policy.
 * So an address field whose value lost such a variable and does not parse is unknown, not wrong: the peer it
 * makes matches nothing here (an unknown `except` is not applied), with a warning at its line, and the rest
 * of the policy is analysed (the `UNSUPPORTED_PEER` convention: the verdict says which peers it could not
 * prove, report/unproven.ts).
 */
import type { SourceRef } from '../engine/model.js';
import type { DocContext } from './context.js';
import { quote } from './quote.js';

/**
 * The variables without a value behind `holder[key]` (whose value `text` the caller found unparsable), with a
 * warning already given; undefined when the value is not emptied so (the caller reports its error).
 * `label`: the field as the warning names it; `meaning`: what the peer does instead ("this peer matches
 * nothing here").
 */
export function emptiedAddress(ctx: DocContext, holder: object, key: string | number, text: unknown, label: string, meaning: string, ref: SourceRef): readonly string[] | undefined {
  return emptiedValue(ctx, holder, key, text, label, meaning, ref);
}

/**
 * The same for the other fields the engine reads whose value such a variable may empty, each with its own
 * reading (docs/targets.md, Flux post-build variables):
 * - a port (`port: ${PORT}`, a NetworkPolicy's or a Cilium `toPorts` entry's, `endPort` too): the entry is
 *   unknown, so it is left out and the rule admits nothing on it here (never every port, which an empty
 *   `port:` reads as; a rule left without entries admits nothing);
 * - a label value in a selector (`matchLabels`, `matchExpressions` values, Cilium's included): read as the
 *   empty string Flux applies here, which no pod the manifests hold carries, so the requirement matches
 *   nothing known;
 * - a pod's or a Namespace's label value: read as the empty string, so selectors asking for a value of that
 *   key do not select those pods (or namespaces) here.
 * Each is an `UNSUPPORTED_PEER` warning at its line, so a rule the change brings says under the verdict that
 * it was not analysed exactly (report/unproven.ts).
 */
export function emptiedValue(ctx: DocContext, holder: object, key: string | number, text: unknown, label: string, meaning: string, ref: SourceRef): readonly string[] | undefined {
  const names = ctx.emptied(holder, key);
  if (names === undefined) return undefined;
  const vars = names.map((n) => `\${${n}}`).join(', ');
  const has = names.length === 1 ? 'has' : 'have';
  ctx.report('warning', 'UNSUPPORTED_PEER', `${label}: ${vars} ${has} no value here (Flux substitutes it from an object not read here, such as an encrypted Secret), leaving ${quote(text ?? '')}; ${meaning}`, ref);
  return names;
}
