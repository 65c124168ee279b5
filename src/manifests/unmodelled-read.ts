/** An object of a policy kind reachdiff does not model, read only as far as the warning needs. */
import type { SourceRef } from '../engine/model.js';
import type { Json } from './context.js';
import { isObject } from './context.js';
import type { UnmodelledKind } from './unmodelled-kinds.js';
import type { UnmodelledObject } from './unmodelled-summary.js';

/**
 * Where a namespaced object goes, as every object the model reads is placed (load.ts `DocContext`): the
 * build's namespace when it replaces the written one (Flux `targetNamespace`, Argo CD's kustomize
 * namespace), else the written one, else the kind's own placement, else the file's default namespace (an
 * Argo CD Application's destination, Flux `targetNamespace` of a plain file), else `default`.
 */
export interface UnmodelledPlacement {
  readonly defaultNamespace?: string;
  readonly overrideNamespace?: string;
}

export function readUnmodelled(obj: Json, kind: UnmodelledKind, ref: SourceRef, placement: UnmodelledPlacement = {}): UnmodelledObject {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const written = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  const namespace = kind.clusterScoped ? undefined : (placement.overrideNamespace ?? written ?? kind.namespace ?? placement.defaultNamespace ?? 'default');
  const spec = isObject(obj.spec) ? obj.spec : {};
  return { kind, key: `${String(obj.kind)}.${String(obj.apiVersion).split('/')[0]}/${namespace ?? ''}/${name}`, namespace, pods: kind.subject(spec), ref, content: JSON.stringify(obj) };
}

/** The last copy of each object, as `kubectl apply` keeps it. */
export function lastUnmodelled(objects: Iterable<UnmodelledObject>): UnmodelledObject[] {
  const byKey = new Map<string, UnmodelledObject>();
  for (const o of objects) byKey.set(o.key, o);
  return [...byKey.values()];
}
