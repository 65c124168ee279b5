/**
 * Flux's edit of the kustomization its kustomize-controller builds. Before a build, the controller takes the
 * kustomization file of the Kustomization's `spec.path` (or the one it generates for a folder without one)
 * and writes into it, in place: `spec.targetNamespace` as `namespace`, `spec.namePrefix` / `spec.nameSuffix`
 * (replacing the file's), `spec.patches` (and the deprecated `patchesStrategicMerge`, `patchesJson6902`)
 * and `spec.components` (paths relative to the folder) appended to the file's, `spec.images` merged by name
 * (fluxcd/pkg kustomize `Generator.GenerateManifest`). After the build (and postBuild), `spec.commonMetadata`
 * sets labels and annotations on every object's own `metadata`, replacing keys it already has, never on pod
 * templates (kustomize-controller `apply`, fluxcd/pkg ssa `SetCommonMetadata`).
 *
 * Here the edit is a second document of the kustomization file the target hands the renderer, kind
 * `FluxKustomizationEdit` (never in a repository: targets/flux-edit.ts writes it), so every cache keyed by
 * text sees it. Its entries carry their own positions: a patched field points at the patch inside the
 * Flux Kustomization's YAML, not at the kustomization file. `targetNamespace` becomes the file's `namespace:`,
 * so Kustomize's namespace transformer runs as in Flux's build: a Namespace object takes its name, and two
 * objects it makes one fail the build at the `targetNamespace` line (transformers.ts `refuseMergedIds`). The
 * loader places every object there too (ManifestFile `overrideNamespace`).
 */
import type { SourceRef } from '../engine/model.js';
import type { BuildContext } from './build-context.js';
import { COMMON_ANNOTATIONS, METADATA_LABELS } from './field-specs.js';
import type { Entry, ImageEntry, Kustomization, PatchEntry } from './kustomization.js';
import { isMap, KustomizeError } from './nodes.js';
import type { Resource } from './resource.js';
import { setPairs } from './transformers.js';
import type { Json } from './types.js';

export const FLUX_EDIT_KIND = 'FluxKustomizationEdit';

/** The edit, as the second document of a kustomization file holds it (JSON; positions are explicit). */
export interface FluxEdit {
  readonly kind: typeof FLUX_EDIT_KIND;
  /** The Flux Kustomization (`name`) and its document: where a failure of the edit itself is said. */
  readonly kustomization: { readonly name: string; readonly ref: SourceRef; /** Who makes the edit, in messages (default `Flux Kustomization`). */ readonly kind?: string };
  /** `spec.targetNamespace` and its line: the kustomization's `namespace:` (replacing the file's own). */
  readonly targetNamespace?: Entry;
  readonly namePrefix?: Entry;
  readonly nameSuffix?: Entry;
  /** Inline patches; `inline.ref` is the line the patch text starts at in the Flux Kustomization's file. */
  readonly patches: readonly PatchEntry[];
  readonly components: readonly Entry[];
  readonly images: readonly ImageEntry[];
  /** `ref`: the mapping's position; `labelRefs`: the line in the Flux Kustomization's file that writes each label (a `labels-changed` reason cites it: analysis/flux-common-metadata.ts). */
  readonly commonMetadata?: { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>>; readonly ref: SourceRef; readonly labelRefs?: Readonly<Record<string, SourceRef>> };
  /**
   * Argo CD's `spec.source.kustomize.commonLabels`, which its repo server adds to the kustomization's
   * `commonLabels` before the build (`kustomize edit add label --force`: over the file's own keys). Argo CD's
   * overrides travel in this same edit document (targets/argocd-overrides.ts), so the file keeps its lines.
   */
  readonly commonLabels?: { readonly pairs: Readonly<Record<string, string>>; readonly ref: SourceRef };
  /** A spec Flux refuses (a patch that is no mapping, a component that is not a local path): the build fails here. */
  readonly error?: { readonly message: string; readonly ref: SourceRef };
  /** The line of the Flux Kustomization's `spec.path`. */
  readonly path?: SourceRef;
  /**
   * The kustomization is the one Flux generates for a folder without one (targets/flux-edit.ts
   * `generatedKustomization`), no file of the repository: what its `resources` entries cause (two objects of
   * one id) is cited at `path`, the line that makes Flux generate it.
   */
  readonly generated?: true;
}

/** Whether a parsed document is a Flux edit. */
export function isFluxEdit(v: unknown): v is FluxEdit {
  return isMap(v) && v.kind === FLUX_EDIT_KIND && isMap(v.kustomization) && Array.isArray(v.patches) && Array.isArray(v.components) && Array.isArray(v.images);
}

/** `k` as Flux writes it before the build; throws the edit's own error (a build failure at the Flux Kustomization's line). */
export function withFluxEdit(k: Kustomization, edit: FluxEdit): Kustomization {
  if (edit.error) throw new KustomizeError(`${edit.kustomization.kind ?? 'Flux Kustomization'} ${edit.kustomization.name}: ${edit.error.message}`, edit.error.ref);
  const images = [...k.images];
  for (const image of edit.images) {
    const i = images.findIndex((x) => x.name === image.name);
    // Flux merges an image the file names: a new name, or a new version (tag and digest together).
    if (i < 0) images.push(image);
    else {
      const version = image.newTag !== undefined || image.digest !== undefined ? { newTag: image.newTag, digest: image.digest } : {};
      images[i] = { ...images[i], ...(image.newName !== undefined ? { newName: image.newName } : {}), ...version };
    }
  }
  return {
    ...k,
    ...(edit.generated && edit.path ? { resources: k.resources.map((e) => ({ ...e, ref: edit.path! })) } : {}),
    namespace: edit.targetNamespace ?? k.namespace,
    ...(edit.targetNamespace ? { namespaceField: 'targetNamespace' as const } : {}),
    namePrefix: edit.namePrefix ?? k.namePrefix,
    nameSuffix: edit.nameSuffix ?? k.nameSuffix,
    ...(edit.commonLabels ? withCommonLabels(k, edit.commonLabels) : {}),
    patches: [...k.patches, ...edit.patches],
    components: [...k.components, ...edit.components],
    images,
  };
}

/**
 * `pairs` merged over the file's `commonLabels`, each label pointing at the line that sets it: the file's
 * keys that remain keep its entry, the edit's become an entry of their own, applied right after it and
 * before the file's `labels` entries (the order Kustomize applies one merged `commonLabels` in).
 */
function withCommonLabels(k: Kustomization, added: NonNullable<FluxEdit['commonLabels']>): Pick<Kustomization, 'commonLabels' | 'labels'> {
  const own = Object.entries(k.commonLabels?.pairs ?? {}).filter(([key]) => !Object.hasOwn(added.pairs, key));
  const commonLabels = k.commonLabels && own.length ? { ...k.commonLabels, pairs: Object.fromEntries(own) } : undefined;
  return { commonLabels, labels: [{ pairs: added.pairs, includeSelectors: true, includeTemplates: true, ref: added.ref }, ...k.labels] };
}

/** `spec.commonMetadata` on every object's own metadata (not pod templates), after the whole build. */
export function setCommonMetadata(ctx: BuildContext, resources: readonly Resource[], edit: FluxEdit): void {
  const m = edit.commonMetadata;
  if (!m) return;
  const none = () => undefined;
  for (const r of resources) {
    if (Object.keys(m.labels).length) setPairs(ctx, r, [METADATA_LABELS[0]], m.labels, m.ref, none);
    if (Object.keys(m.annotations).length) setPairs(ctx, r, [COMMON_ANNOTATIONS[0]], m.annotations, m.ref, none);
  }
}

export type { Json };
