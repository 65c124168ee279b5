/**
 * What a Kustomize build adds to a rule peer written in a file: `commonLabels` (or `labels` with
 * `includeSelectors`) go into every `podSelector.matchLabels` of a NetworkPolicy's `from`/`to` entries
 * (Kustomize's commonLabels field specs), so a peer pasted into that file gains them at the next build
 * just as the peers written there did (KUSTOMIZE_LABEL_NARROWS_PEER, whose `gained` says which). explain's
 * edits are verified with them (engine/smallest-edits.ts `EditBudget.peerLabels`): an edit adding
 * `shop/api` to a base whose kustomization sets `commonLabels: {team: payments}` selects `{app: api,
 * team: payments}` once built, which shop/api lacks, so it does not allow the asked traffic (new-user 37).
 */
import type { Labels } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';

/**
 * Per file, the labels its narrowed peers gained; undefined for a file none was written in. Where its
 * peers gained different labels (one file read by two builds), the labels every one gained: an edit is
 * dropped only where the build surely adds them.
 */
export function peerLabelsAdded(diagnostics: readonly Diagnostic[]): (file: string) => Labels | undefined {
  const byFile = new Map<string, Record<string, string>>();
  for (const d of diagnostics) {
    if (d.code !== 'KUSTOMIZE_LABEL_NARROWS_PEER' || !d.gained) continue;
    const seen = byFile.get(d.ref.file);
    if (!seen) byFile.set(d.ref.file, { ...d.gained });
    else for (const k of Object.keys(seen)) if (d.gained[k] !== seen[k]) delete seen[k];
  }
  return (file) => {
    const labels = byFile.get(file);
    return labels && Object.keys(labels).length > 0 ? labels : undefined;
  };
}
