/**
 * The rollback's documents named as the cluster gets them: a Kustomize build may rename what a source
 * document writes (`namePrefix`, `namespace`, …), and the diff's paths use those rendered names, so a
 * reviewer must be able to recognise the rollback's objects among them. The step still edits the source
 * document (its file and lines are unchanged); only its name gains the rendered one.
 */
import { fluxRootOf } from './rollback-flux-targets.js';
import type { RenderResult } from '../kustomize/index.js';
import type { LoadResult, ManifestDocument } from '../manifests/load.js';
import { documentName } from '../report/document-step.js';
import type { DocumentChange, Rollback } from './types.js';
import { documentsByFile } from '../manifests/documents-by-file.js';

type Side = Pick<LoadResult, 'rendered' | 'renders'>;

/**
 * `rollback` with each document's `rendered` names set when the builds of its side (head for an added or
 * edited document, base for a removed one) render its objects under names other than those written.
 * Rendered objects point at the document that defined them (their `ref` lies within its lines); a patch
 * document names the objects it changed (a field of theirs was last set within its lines).
 */
export function withRenderedNames(rollback: Rollback, base: Side, head: Side): Rollback {
  if (rollback.documents.length === 0 || (!base.rendered?.length && !head.rendered?.length)) return rollback;
  const sides = { base: { side: base, byFile: documentsByFile(base.rendered ?? []) }, head: { side: head, byFile: documentsByFile(head.rendered ?? []) } };
  let changed = false;
  const documents = rollback.documents.map((d) => {
    const { side, byFile } = d.head ? sides.head : sides.base;
    const named = renderedNames(d, byFile, side.renders);
    if (!named) return d;
    changed = true;
    return { ...d, ...(named.rendered ? { rendered: named.rendered } : {}), ...(named.patchOf ? { patchOf: named.patchOf } : {}) };
  });
  return changed ? { ...rollback, documents } : rollback;
}

/**
 * The `Kind/namespace/name` of the objects rendered from `d` (first-rendered order, once each): `rendered`,
 * unless they are the names written (or the document renders no object: a kustomization); `patchOf`, for a
 * document the builds read as a strategic merge patch, the objects it patched. Undefined: neither.
 */
function renderedNames(d: DocumentChange, byFile: ReadonlyMap<string, readonly ManifestDocument[]>, renders: readonly RenderResult[]): { rendered?: string[]; patchOf?: string[] } | undefined {
  const span = (d.head ?? d.base)!;
  const names = new Set<string>();
  const inSpan = (file: string, line: number) => file === span.file && line >= span.startLine && line <= span.endLine;
  for (const r of byFile.get(span.file) ?? []) if (inSpan(r.file, r.startLine)) for (const o of r.objects) names.add(o);
  // A patch defines no object: the objects it patched, each named by its rendered document (at the object's ref).
  // A Flux Kustomization's document is no patch: the objects whose fields it sets (its targetNamespace, its patches) are its
  // folder's, built by it (rollback-flux-targets.ts); named as itself.
  const patch = names.size === 0 && d.objects.some((o) => / in \S/.test(o)) && fluxRootOf(span.text) === undefined;
  if (patch) {
    for (const r of renders) {
      for (const o of r.objects) {
        if (!touches(o.value, r.positions, inSpan)) continue;
        // The rendered document of this object: at its ref, of its kind and name (several may share a ref: a generator's).
        const meta = o.value.metadata as { name?: unknown } | undefined;
        const same = (key: string) => key.startsWith(`${String(o.value.kind)}/`) && key.endsWith(`/${String(meta?.name)}`);
        for (const m of byFile.get(o.ref.file) ?? []) if (m.startLine === o.ref.line) m.objects.filter(same).forEach((k) => names.add(k));
      }
    }
  }
  // A `$patch: delete` patch removes its object from the build, so no rendered object carries its lines: it
  // patches the objects it names, as written (Kustomize matches them by those names; new-user trial 48).
  if (patch && names.size === 0 && DELETES_ITS_OBJECT.test(span.text)) for (const o of d.objects) names.add(o.replace(/ in \S.*$/, ''));
  if (names.size === 0) return undefined;
  // Source documents of a render are identified as `Kind/namespace/name in file` (manifests/load-kustomized.ts).
  const written = new Set(d.objects.map((o) => o.replace(/ in \S.*$/, '')));
  // `documentName` writes a cluster-scoped `Kind//name` and a `Namespace/x/x` as a document would.
  const same = names.size === written.size && [...names].every((n) => written.has(documentName(n)));
  const out = { ...(same ? {} : { rendered: [...names] }), ...(patch ? { patchOf: [...names] } : {}) };
  return out.rendered || out.patchOf ? out : undefined;
}

/** A strategic merge patch that deletes the object it names: `$patch: delete` as a top-level key (the directive, not a list item's). */
const DELETES_ITS_OBJECT = /^\$patch:\s*["']?delete["']?\s*(?:#.*)?$/m;

/** Whether a mapping or sequence of `node` (itself included) was last written within the span. */
function touches(node: unknown, positions: RenderResult['positions'], inSpan: (file: string, line: number) => boolean): boolean {
  if (node === null || typeof node !== 'object') return false;
  const ref = positions.get(node);
  if (ref && inSpan(ref.file, ref.line)) return true;
  return (Array.isArray(node) ? node : Object.values(node)).some((v) => touches(v, positions, inSpan));
}
