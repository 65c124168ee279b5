/**
 * Addresses whose value Flux's post-build substitution emptied. A `${VAR}` without a value in
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
  const names = ctx.emptied(holder, key);
  if (names === undefined) return undefined;
  const vars = names.map((n) => `\${${n}}`).join(', ');
  const has = names.length === 1 ? 'has' : 'have';
  ctx.report('warning', 'UNSUPPORTED_PEER', `${label}: ${vars} ${has} no value here (Flux substitutes it from an object not read here, such as an encrypted Secret), leaving ${quote(text ?? '')}; ${meaning}`, ref);
  return names;
}
