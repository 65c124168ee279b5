/**
 * COMMON_LABELS_NARROWING: Kustomize `commonLabels` (or `labels` with `includeSelectors`) added its labels
 * to a NetworkPolicy peer's podSelector, so the peer selects only pods carrying them; pods deployed by
 * other kustomizations or repositories lack them and their traffic is silently dropped. The renderer
 * detects it while applying the labels (KUSTOMIZE_LABEL_NARROWS_PEER); this makes it a finding.
 */
import type { FindingInput } from './context.js';
import { findingsFromDiagnostics } from './diagnostic-findings.js';
import type { Finding } from './types.js';

export function commonLabelsNarrowingFindings(input: FindingInput): Finding[] {
  return findingsFromDiagnostics(
    input.diagnostics,
    'KUSTOMIZE_LABEL_NARROWS_PEER',
    'COMMON_LABELS_NARROWING',
    'Use `labels:` with `includeSelectors: false` and `includeTemplates: true` (labels objects and pod templates, never selectors; without includeTemplates only object metadata) instead of commonLabels, or add the label to the peer pods everywhere.',
    (d) => {
      // The message names the object and the peer first; the kustomization's line must not be identity. The
      // object is what follows the subject: a grouped finding is told `subject: object` (finding-groups.ts).
      const identity = d.message.replace(/:\d+/g, '');
      const subject = identity.split(':')[0];
      return { subject, object: identity.slice(subject.length).replace(/^:\s*/, '') };
    },
  );
}
