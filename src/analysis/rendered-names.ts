/**
 * The rollback's documents named as the cluster gets them: a Kustomize build may rename what a source
 * document writes (`namePrefix`, `namespace`, …), and the diff's paths use those rendered names, so a
 * reviewer must be able to recognise the rollback's objects among them. The step still edits the source
 * document (its file and lines are unchanged); only its name gains the rendered one.
 */
import type { LoadResult, ManifestDocument } from '../manifests/load.js';
import { documentName } from '../report/document-step.js';
import type { DocumentChange, Rollback } from './types.js';

/**
 * `rollback` with each document's `rendered` names set when the builds of its side (head for an added or
 * edited document, base for a removed one) render its objects under names other than those written.
 * Rendered objects point at the document that defined them (their `ref` lies within its lines).
 */
export function withRenderedNames(rollback: Rollback, base: Pick<LoadResult, 'rendered'>, head: Pick<LoadResult, 'rendered'>): Rollback {
  if (rollback.documents.length === 0 || (!base.rendered?.length && !head.rendered?.length)) return rollback;
  const byFile = { base: filesOf(base.rendered ?? []), head: filesOf(head.rendered ?? []) };
  let changed = false;
  const documents = rollback.documents.map((d) => {
    const rendered = renderedNames(d, d.head ? byFile.head : byFile.base);
    if (!rendered) return d;
    changed = true;
    return { ...d, rendered };
  });
  return changed ? { ...rollback, documents } : rollback;
}

function filesOf(rendered: readonly ManifestDocument[]): Map<string, ManifestDocument[]> {
  const out = new Map<string, ManifestDocument[]>();
  for (const d of rendered) {
    const list = out.get(d.file);
    if (list) list.push(d);
    else out.set(d.file, [d]);
  }
  return out;
}

/**
 * The `Kind/namespace/name` of the objects rendered from `d` (first-rendered order, once each), or
 * undefined when they are the names written (or the document renders no object: a kustomization, a patch).
 */
function renderedNames(d: DocumentChange, byFile: ReadonlyMap<string, readonly ManifestDocument[]>): string[] | undefined {
  const span = (d.head ?? d.base)!;
  const names = new Set<string>();
  for (const r of byFile.get(span.file) ?? []) if (r.startLine >= span.startLine && r.startLine <= span.endLine) for (const o of r.objects) names.add(o);
  if (names.size === 0) return undefined;
  // Source documents of a render are identified as `Kind/namespace/name in file` (manifests/load-kustomized.ts).
  const written = new Set(d.objects.map((o) => o.replace(/ in \S.*$/, '')));
  // `documentName` writes a cluster-scoped `Kind//name` and a `Namespace/x/x` as a document would.
  const same = names.size === written.size && [...names].every((n) => written.has(documentName(n)));
  return same ? undefined : [...names];
}
