/**
 * Engine and loader diagnostics that are findings (UNKNOWN_NAMED_PORT, AMBIGUOUS_PRIORITY,
 * COMMON_LABELS_NARROWING, NAMESPACE_OVERRIDDEN come from them): where findings are shown, they are not
 * repeated as warnings.
 */
import type { SourceRef } from '../engine/model.js';
import { finding } from './context.js';
import type { Finding, FindingCode } from './types.js';

const AS_FINDINGS: ReadonlySet<string> = new Set(['UNKNOWN_NAMED_PORT', 'TIER_PRIORITY_AMBIGUOUS', 'KUSTOMIZE_LABEL_NARROWS_PEER', 'KUSTOMIZE_NAMESPACE_REPLACED']);

export function withoutFindingDiagnostics<D extends { readonly code: string }>(diagnostics: readonly D[]): D[] {
  return diagnostics.filter((d) => !AS_FINDINGS.has(d.code));
}

interface DiagnosticLike {
  readonly code: string;
  readonly message: string;
  readonly ref: SourceRef;
  readonly policy?: string;
  readonly detail?: string;
}

/**
 * The diagnostics of one code as findings of another: the message as the sentence, the policy and detail
 * (or what `identify` derives) as subject and object, so no line number enters the identity.
 */
export function findingsFromDiagnostics(
  diagnostics: readonly DiagnosticLike[],
  from: string,
  code: FindingCode,
  fix: string,
  identify: (d: DiagnosticLike) => { subject: string; object: string } = (d) => ({ subject: d.policy ?? d.ref.file, object: d.detail ?? d.message }),
): Finding[] {
  return diagnostics.filter((d) => d.code === from).map((d) => finding(code, { message: `${d.message}.`, ref: d.ref, ...identify(d), fix }));
}
