/**
 * The patch transformers of `transformers:` as the patch entries the kustomization's own fields make
 * (apply-patches.ts applies both), with Kustomize's builtin plugin semantics:
 * - PatchTransformer (`patches:` entries): `patch` (inline) or `path`, optional `target`, `options`
 *   `allowNameChange`/`allowKindChange`; a list of operations is JSON 6902, anything else a strategic merge.
 * - PatchStrategicMergeTransformer (`patchesStrategicMerge:`): the files of `paths`, then the inline
 *   `patches` (one or more documents), each applied to the object of its kind and name.
 * - PatchJson6902Transformer (`patchesJson6902:`): a required `target`, and `path` or inline `jsonOp`.
 * Paths are relative to the kustomization's folder, as Kustomize's plugin loader resolves them.
 */
import type { SourceRef } from '../engine/model.js';
import type { PatchEntry } from './kustomization.js';
import { readSelector } from './kustomization.js';
import { isMap, KustomizeError } from './nodes.js';
import type { ConfigDoc } from './transformer-configs.js';

export type PatchTransformerKind = 'PatchTransformer' | 'PatchStrategicMergeTransformer' | 'PatchJson6902Transformer';

/**
 * `at(key)`: the line of a configuration field; `textAt(key)`: where its scalar text starts. A
 * configuration lacking what its kind needs fails the build at its line, as Kustomize's does.
 */
export function readPatchTransformer(kind: PatchTransformerKind, doc: ConfigDoc, at: (key: string) => SourceRef, textAt: (key: string) => SourceRef): PatchEntry[] {
  const v = doc.value;
  const str = (key: string): string | undefined => {
    const x = v[key];
    if (x === undefined || x === null || x === '') return undefined;
    if (typeof x !== 'string') throw new KustomizeError(`${kind}: ${key} must be a string`, at(key));
    return x;
  };
  const base = { ref: doc.ref, allowNameChange: false, allowKindChange: false };
  switch (kind) {
    case 'PatchTransformer': {
      const [patch, path] = [str('patch'), str('path')];
      if (patch !== undefined && path !== undefined) throw new KustomizeError('PatchTransformer: patch and path cannot both be set', doc.ref);
      if (patch === undefined && path === undefined) throw new KustomizeError('PatchTransformer: must specify one of patch and path', doc.ref);
      const options = isMap(v.options) ? v.options : {};
      const entry = { ...base, field: 'patches' as const, target: readSelector(v.target, at('target')), allowNameChange: options.allowNameChange === true, allowKindChange: options.allowKindChange === true };
      return [patch !== undefined ? { ...entry, inline: { text: patch, ref: textAt('patch') } } : { ...entry, path }];
    }
    case 'PatchStrategicMergeTransformer': {
      const paths = v.paths === undefined || v.paths === null ? [] : v.paths;
      if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw new KustomizeError('PatchStrategicMergeTransformer: paths must be a list of strings', at('paths'));
      const patches = str('patches');
      if (paths.length === 0 && patches === undefined) throw new KustomizeError('PatchStrategicMergeTransformer: empty file path and empty patch content', doc.ref);
      const field = 'patchesStrategicMerge' as const;
      return [...paths.map((p: string) => ({ ...base, field, ref: at('paths'), path: p })), ...(patches === undefined ? [] : [{ ...base, field, inline: { text: patches, ref: textAt('patches') } }])];
    }
    case 'PatchJson6902Transformer': {
      const target = readSelector(v.target, at('target'));
      if (!target) throw new KustomizeError('PatchJson6902Transformer: must specify a target', doc.ref);
      const [op, path] = [str('jsonOp'), str('path')];
      if (op !== undefined && path !== undefined) throw new KustomizeError('PatchJson6902Transformer: must specify path or jsonOp, not both', doc.ref);
      if (op === undefined && path === undefined) throw new KustomizeError('PatchJson6902Transformer: empty file path and empty jsonOp', doc.ref);
      const entry = { ...base, field: 'patchesJson6902' as const, target, allowNameChange: true, allowKindChange: true };
      return [op !== undefined ? { ...entry, inline: { text: op, ref: textAt('jsonOp') } } : { ...entry, path }];
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}
