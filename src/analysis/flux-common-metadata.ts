/**
 * Labels a Flux Kustomization's `spec.commonMetadata.labels` sets. Flux's kustomize-controller writes them on
 * every object's own `metadata` after the build, over the keys the object already has, and never on pod
 * templates (Flux's Kustomization API reference, "Common metadata"; kustomize/flux-edit.ts
 * `setCommonMetadata`). So they are a Namespace's labels (what a rule's `namespaceSelector` reads) and a
 * bare Pod's, not a Deployment's pods'. The object's document does not write such a label, so a
 * `labels-changed` reason (label-changes.ts) cites the line of the Flux Kustomization that does.
 *
 * The edit travels as the last document of the kustomization file its target builds (targets/flux-edit.ts
 * `withEditDocument`): JSON, with each label's line (`commonMetadata.labelRefs`).
 */
import type { Labels, SourceRef } from '../engine/model.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import { isFluxEdit } from '../kustomize/flux-edit.js';
import type { ManifestFile } from '../manifests/load.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;


/** The Flux edit a kustomization file carries as its last document, if any. */
function editOf(f: ManifestFile): FluxEdit | undefined {
  const at = f.text.lastIndexOf('\n---\n');
  if (at < 0) return undefined;
  try {
    const v: unknown = JSON.parse(f.text.slice(at + 5));
    return isFluxEdit(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The edits of `files` with the folder of the kustomization each is written into. */
function edits(files: readonly ManifestFile[]): { readonly folder: string; readonly edit: FluxEdit }[] {
  return files.flatMap((f) => {
    if (!KUSTOMIZATION.test(f.path) || !f.text.includes('FluxKustomizationEdit')) return [];
    const edit = editOf(f);
    return edit ? [{ folder: dirOf(f.path), edit }] : [];
  });
}

/**
 * The line of a Flux Kustomization's `commonMetadata.labels` that sets one of `keys` to the value `carried`
 * holds on the object defined in `objectFile`: of the edit whose kustomization folder holds that file (the
 * nearest first), else of the one edit of `files` that sets it. With `removedFrom` (the other side's files) and
 * no such line, the change removed the label there: the `commonMetadata` mapping of this side's edit of that
 * kustomization, else the Flux Kustomization's own line. Undefined when no Flux Kustomization sets the labels.
 */
export function commonMetadataLine(files: readonly ManifestFile[], objectFile: string, carried: Labels, keys: readonly string[], removedFrom?: readonly ManifestFile[]): SourceRef | undefined {
  if (keys.length === 0 || !files.some((f) => f.text.includes('FluxKustomizationEdit'))) return undefined;
  const holds = (folder: string) => inFolder(objectFile, folder);
  const all = edits(files);
  const near = all.filter((e) => holds(e.folder)).sort((a, b) => b.folder.length - a.folder.length);
  const sets = (e: FluxEdit, k: string) => e.commonMetadata !== undefined && Object.hasOwn(e.commonMetadata.labels, k) && e.commonMetadata.labels[k] === carried[k];
  for (const k of keys) {
    if (!Object.hasOwn(carried, k)) continue;
    const setters = all.filter((e) => sets(e.edit, k));
    const e = near.find((x) => sets(x.edit, k)) ?? (setters.length === 1 ? setters[0] : undefined);
    if (e) return e.edit.commonMetadata!.labelRefs?.[k] ?? e.edit.commonMetadata!.ref;
  }
  if (!removedFrom) return undefined;
  // Removed here: the other side's edit of a kustomization holding the object set one of the keys.
  const before = edits(removedFrom).filter((e) => holds(e.folder) && keys.some((k) => e.edit.commonMetadata !== undefined && Object.hasOwn(e.edit.commonMetadata.labels, k)));
  const here = before.length ? near.find((e) => before.some((b) => b.folder === e.folder)) : undefined;
  return here ? (here.edit.commonMetadata?.ref ?? here.edit.kustomization.ref) : undefined;
}
