/**
 * Objects the sync leaves in the cluster though the change removes them from the repository: a GitOps
 * controller deletes an object its source no longer holds only when it prunes (Flux Kustomization
 * `spec.prune: true`, kustomize.toolkit.fluxcd.io/v1 "Garbage collection"; Argo CD Application
 * `spec.syncPolicy.automated.prune: true`, Argo CD "Automated Sync Policy": otherwise the object stays and
 * the app is OutOfSync). Head is analysed as the cluster is after the sync: each object base's documents of
 * the given files define that no head document defines any more is kept, as base has it. An object the change
 * edits stays edited (the sync applies it); one moved to another file or target stays where head puts it. An
 * object a `$patch: delete` takes out of head's build is no longer applied either: kept alike, with that line.
 * Under a controller that prunes, an object annotated to be left alone stays too: Flux's
 * `kustomize.toolkit.fluxcd.io/prune: disabled` ("Garbage collection"), Argo CD's
 * `argocd.argoproj.io/sync-options: Prune=false` ("Sync Options", among comma-separated options).
 */
import type { Cluster, SourceRef } from '../engine/model.js';
import { modelParts, withParts } from '../manifests/last-copy.js';
import type { LoadResult, ManifestDocument } from '../manifests/load.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { documentLine } from '../manifests/document-line.js';

/** One object the cluster keeps: its key (`Kind/namespace/name`) and base's document of it. */
export interface UnprunedObject {
  readonly key: string;
  readonly base: SourceRef;
  /** Kept by its own annotation, as written (`kustomize.toolkit.fluxcd.io/prune: disabled`), its controller pruning. */
  readonly annotation?: string;
  /**
   * Where a `$patch: delete` takes it out of head's build (its line in head), when that is how head lost it: the
   * repository still holds its document, the build no longer renders it (kustomize/types.ts DeletedObject).
   */
  readonly deletion?: SourceRef;
}

/** Files of controllers that prune, by the controller's kind: their objects annotated to stay are kept. */
export interface PruneDisabledFiles {
  readonly flux: readonly string[];
  readonly argocd: readonly string[];
}

const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
const ARGO_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** The annotation that keeps a document's object under a pruning controller of `kind`, as written, or undefined. */
function keepAnnotation(d: ManifestDocument, kind: 'flux' | 'argocd'): string | undefined {
  // Cheap test first: most documents carry neither.
  if (!d.text.includes(kind === 'flux' ? FLUX_PRUNE : ARGO_SYNC_OPTIONS)) return undefined;
  const value = parseDocuments(d.text, 'kubectl')[0]?.value;
  const meta = isObject(value) && isObject(value.metadata) ? value.metadata : undefined;
  const annotations = meta && isObject(meta.annotations) ? meta.annotations : undefined;
  if (!annotations) return undefined;
  if (kind === 'flux') return annotations[FLUX_PRUNE] === 'disabled' ? `${FLUX_PRUNE}: disabled` : undefined;
  const options = annotations[ARGO_SYNC_OPTIONS];
  return typeof options === 'string' && options.split(',').some((o) => o.trim() === 'Prune=false') ? `${ARGO_SYNC_OPTIONS}: ${options}` : undefined;
}

/**
 * `head` with base's version of every object that base's documents of a file in `files` (repository paths
 * a controller that does not prune reads) define and no head document defines; `head` itself when none.
 * `kept`: those objects, in base's order of files and lines.
 */
export function keepUnpruned(base: LoadResult, head: LoadResult, files: readonly string[] | undefined, disabled?: PruneDisabledFiles): { readonly head: LoadResult; readonly kept: readonly UnprunedObject[] } {
  if (!files?.length && !disabled?.flux.length && !disabled?.argocd.length) return { head, kept: [] };
  const from = new Set(files);
  const flux = new Set(disabled?.flux);
  const argocd = new Set(disabled?.argocd);
  const documents = (load: LoadResult): ManifestDocument[] => [...load.documents, ...(load.rendered ?? [])];
  const inHead = new Set(documents(head).flatMap((d) => d.objects));
  // Objects of the model only: a kustomized source document names its objects `… in <file>` (load-kustomized.ts),
  // beside the rendered document naming the object itself.
  const inModel = new Set<string>();
  modelParts(base.cluster, (k) => (inModel.add(k), false));
  // Objects a `$patch: delete` takes out of head's builds, by their document, kind and name (their namespace may be
  // one a later `namespace:` would have given): their `$patch: delete` line.
  const deleted = new Map<string, SourceRef>();
  const deletedKey = (ref: SourceRef, kind: string, name: string) => `${ref.file}\u0000${ref.line}\u0000${kind}\u0000${name}`;
  for (const r of head.renders) for (const o of r.deleted ?? []) if (o.edits.length) deleted.set(deletedKey(o.ref, o.kind, o.name), o.edits[0]);
  const kept = new Map<string, UnprunedObject>();
  for (const d of documents(base)) {
    const all = from.has(d.file);
    if (!all && !flux.has(d.file) && !argocd.has(d.file)) continue;
    // Not a CiliumCIDRGroup either: it is merged into the policies naming it, no object of the model (rejected-objects.ts).
    const gone = d.objects.filter((key) => inModel.has(key) && !inHead.has(key) && !d.rejected.includes(key));
    if (gone.length === 0) continue;
    const annotation = all ? undefined : keepAnnotation(d, flux.has(d.file) ? 'flux' : 'argocd');
    if (!all && annotation === undefined) continue;
    for (const key of gone) {
      const parts = key.split('/');
      const deletion = deleted.size ? deleted.get(deletedKey({ file: d.file, line: documentLine(d) }, parts[0], parts[parts.length - 1])) : undefined;
      kept.set(key, { key, base: { file: d.file, line: documentLine(d) }, ...(annotation !== undefined ? { annotation } : {}), ...(deletion ? { deletion } : {}) });
    }
  }
  if (kept.size === 0) return { head, kept: [] };
  const baseParts = modelParts(base.cluster, (k) => kept.has(k));
  const add = (c: Cluster): Cluster => withParts(c, () => true, baseParts);
  const reload = head.reload;
  const reloaded: LoadResult['reload'] = reload && ((changed, deployed) => {
    const c = reload(changed, deployed);
    return c && add(c);
  });
  const list = [...kept.values()].sort((a, b) => (a.base.file === b.base.file ? a.base.line - b.base.line : a.base.file < b.base.file ? -1 : 1));
  return { head: { ...head, cluster: add(head.cluster), ...(reloaded ? { reload: reloaded } : {}) }, kept: list };
}
