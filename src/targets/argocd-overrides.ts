/**
 * Argo CD's Kustomize overrides (`spec.source.kustomize`: `namePrefix`, `nameSuffix`, `commonLabels`), which
 * its repo server writes into the kustomization with `kustomize edit` before the build (Argo CD user guide,
 * "Kustomize"). They are handed to the renderer as the edit document a Flux Kustomization's fields use
 * (kustomize/flux-edit.ts), appended to the kustomization file: the file's own lines stay where they are,
 * so an inline patch of that kustomization still points at the line it is written on, and each override
 * points at its line in the Application. (`namespace` goes through the loader as every object's namespace.)
 */
import type { SourceRef } from '../engine/model.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import { FLUX_EDIT_KIND } from '../kustomize/flux-edit.js';
import type { RepoFiles } from './repo-files.js';
import type { TargetSpec } from './types.js';

/**
 * The edit of `spec`'s overrides, or undefined when it sets none that change the kustomization. `fallback`:
 * where they are said when the target has no controller object (a configuration's target: the kustomization).
 */
export function argoOverridesEdit(spec: Pick<TargetSpec, 'name' | 'kustomize' | 'ref'>, files: RepoFiles, fallback: SourceRef): FluxEdit | undefined {
  const k = spec.kustomize;
  if (!k || (!k.namePrefix && !k.nameSuffix && !k.commonLabels)) return undefined;
  const ref = spec.ref ?? fallback;
  const at = lineOf(files, ref);
  return {
    kind: FLUX_EDIT_KIND,
    kustomization: { name: spec.name, ref },
    ...(k.namePrefix ? { namePrefix: { value: k.namePrefix, ref: at('namePrefix') } } : {}),
    ...(k.nameSuffix ? { nameSuffix: { value: k.nameSuffix, ref: at('nameSuffix') } } : {}),
    ...(k.commonLabels ? { commonLabels: { pairs: k.commonLabels, ref: at('commonLabels') } } : {}),
    patches: [],
    components: [],
    images: [],
  };
}

/** Where the Application writes `key` (the first such line from its document's start), else its document. */
function lineOf(files: RepoFiles, ref: SourceRef): (key: string) => SourceRef {
  const lines = (files.byPath.get(ref.file)?.text ?? '').split('\n');
  return (key) => {
    const i = lines.findIndex((l, n) => n >= ref.line - 1 && new RegExp(`^\\s*${key}\\s*:`).test(l));
    return { file: ref.file, line: i < 0 ? ref.line : i + 1 };
  };
}
