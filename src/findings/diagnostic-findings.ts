/**
 * Engine and loader diagnostics that are findings (UNKNOWN_NAMED_PORT, AMBIGUOUS_PRIORITY,
 * COMMON_LABELS_NARROWING come from them): where findings are shown, they are not repeated as warnings.
 */
const AS_FINDINGS: ReadonlySet<string> = new Set(['UNKNOWN_NAMED_PORT', 'TIER_PRIORITY_AMBIGUOUS', 'KUSTOMIZE_LABEL_NARROWS_PEER']);

export function withoutFindingDiagnostics<D extends { readonly code: string }>(diagnostics: readonly D[]): D[] {
  return diagnostics.filter((d) => !AS_FINDINGS.has(d.code));
}
