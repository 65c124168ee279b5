/**
 * Argo CD's Kustomize overrides (`spec.source.kustomize`: `namePrefix`, `nameSuffix`, `commonLabels`,
 * `patches`, `components`), which its repo server writes into the kustomization with `kustomize edit` before
 * the build (Argo CD user guide, "Kustomize": patches "follow the same logic as the corresponding
 * Kustomization" and are merged with the file's; components are folders relative to the source's path). They are handed to the renderer as the edit document a Flux Kustomization's fields use
 * (kustomize/flux-edit.ts), appended to the kustomization file: the file's own lines stay where they are,
 * so an inline patch of that kustomization still points at the line it is written on, and each override
 * points at its line in the Application. (`namespace` goes through the loader as every object's namespace.)
 */
import type { SourceRef } from '../engine/model.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import { FLUX_EDIT_KIND } from '../kustomize/flux-edit.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { FieldReader, readPatches } from '../kustomize/kustomization.js';
import { KustomizeError } from '../kustomize/nodes.js';
import { NodePositions } from '../kustomize/types.js';
import type { ControllerObject } from './controller-objects.js';
import { committedWithPositions, keyLineAfter, linesOf } from './flux-edit.js';
import type { RepoFiles } from './repo-files.js';
import type { KustomizeOverrides, TargetSpec } from './types.js';

/**
 * The edit of `spec`'s overrides, or undefined when it sets none that change the kustomization. `fallback`:
 * where they are said when the target has no controller object (a configuration's target: the kustomization).
 */
export function argoOverridesEdit(spec: Pick<TargetSpec, 'name' | 'kustomize' | 'ref'>, files: RepoFiles, fallback: SourceRef): FluxEdit | undefined {
  const k = spec.kustomize;
  if (!k || (!k.namePrefix && !k.nameSuffix && !k.commonLabels && !k.patches?.length && !k.components?.length && !k.error)) return undefined;
  const ref = spec.ref ?? fallback;
  const at = keyLineAfter(files, ref);
  return {
    kind: FLUX_EDIT_KIND,
    kustomization: { name: spec.name, ref, kind: 'Argo CD Application' },
    ...(k.namePrefix ? { namePrefix: { value: k.namePrefix, ref: at('namePrefix') } } : {}),
    ...(k.nameSuffix ? { nameSuffix: { value: k.nameSuffix, ref: at('nameSuffix') } } : {}),
    ...(k.commonLabels ? { commonLabels: { pairs: k.commonLabels, ref: at('commonLabels') } } : {}),
    patches: k.patches ?? [],
    components: k.components ?? [],
    images: [],
    ...(k.error ? { error: k.error } : {}),
  };
}

/**
 * The `patches` and `components` of an Application source's `kustomize` (`at`: the source's index in
 * `spec.sources`, or undefined for `spec.source`), each at its line in the Application as committed (an
 * Application an ApplicationSet makes: at the ApplicationSet's). A patch by `path` names a file relative to
 * the source's path, as in the kustomization (target-files.ts reads it with the target). A field of the
 * wrong type is the build's failure at its line.
 */
export function argoKustomizeFields(app: ControllerObject, at: number | undefined, files: RepoFiles): Pick<KustomizeOverrides, 'patches' | 'components' | 'error'> {
  const raw = sourceOf(app.value, at);
  if (!isObject(raw?.kustomize) || (raw.kustomize.patches === undefined && raw.kustomize.components === undefined)) return {};
  const positions = new NodePositions();
  const committed = committedWithPositions(app, files, positions);
  const k = (committed && sourceOf(committed, at)?.kustomize) ?? raw.kustomize;
  const fields = isObject(k) ? k : {};
  const ref = positions.get(fields) ?? app.ref;
  const reader = new FieldReader({ patches: fields.patches, components: fields.components }, positions, ref, linesOf(files, ref.file));
  try {
    return { patches: readPatches(reader), components: reader.strings('components') };
  } catch (e) {
    if (!(e instanceof KustomizeError)) throw e;
    return { error: { message: e.message, ref: e.ref } };
  }
}

/** `spec.source`, or `spec.sources[at]`. */
function sourceOf(value: Json, at: number | undefined): Json | undefined {
  const spec = isObject(value.spec) ? value.spec : undefined;
  const src = at === undefined ? spec?.source : Array.isArray(spec?.sources) ? spec.sources[at] : undefined;
  return isObject(src) ? src : undefined;
}

