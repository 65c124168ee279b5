/**
 * Strategic merge patches as Kubernetes defines them (apimachinery strategicpatch): maps merge key by
 * key, `null` deletes a key, lists of built-in kinds merge item by item on their merge key
 * (`patchMergeKey` in the API types: containers by `name`, container ports by `containerPort`, Service
 * ports by `port` …) and are replaced otherwise; `$patch: replace|delete|merge` and
 * `$deleteFromPrimitiveList/<field>` directives apply; `$setElementOrder` and `$retainKeys` only order or
 * prune what the patch already states and are dropped. Kinds outside the built-in API get JSON merge
 * patch semantics (every list replaced), as in Kustomize.
 *
 * Positions: a mapping or sequence the patch changed takes the patch's line; untouched ones keep theirs.
 */
import type { SourceRef } from '../engine/model.js';
import { copyTree, isMap, placeNew, sameValue } from './nodes.js';
import type { Json, Positions } from './types.js';

/** Kinds of the built-in API whose lists merge on their merge keys. */
const BUILT_IN = new Set([
  'Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Service',
  'Endpoints', 'ConfigMap', 'Secret', 'Namespace', 'ServiceAccount', 'NetworkPolicy', 'Ingress', 'IngressClass', 'PersistentVolumeClaim',
  'PersistentVolume', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
  'LimitRange', 'ResourceQuota', 'StorageClass', 'PriorityClass', 'CustomResourceDefinition', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'APIService', 'EndpointSlice',
]);

/** Merge keys of list fields, by field name; `ports` depends on where it is. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name', imagePullSecrets: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', hostAliases: 'ip', topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid', conditions: 'type', resourceClaims: 'name', schedulingGates: 'name', webhooks: 'name',
};

/** Lists of scalars whose patch strategy is merge (a union), e.g. `metadata.finalizers`. */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

function mergeKey(kind: string, path: readonly string[]): string | undefined {
  if (!BUILT_IN.has(kind)) return undefined;
  const field = path[path.length - 1];
  if (field === 'ports') {
    const parent = path[path.length - 2];
    if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') return 'containerPort';
    if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return 'port';
    return undefined;
  }
  return MERGE_KEYS[field];
}

const DIRECTIVE = '$patch';

export class StrategicMerge {
  constructor(
    private readonly kind: string,
    private readonly positions: Positions,
    private readonly fallback: SourceRef,
  ) {}

  /** Merges `patch` into `target` in place; true when something changed. */
  mergeMap(target: Json, patch: Json, path: readonly string[]): boolean {
    if (patch[DIRECTIVE] === 'replace') {
      const replacement = this.fresh(withoutDirectives(patch), patch);
      const changed = !sameValue(target, replacement);
      for (const k of Object.keys(target)) delete target[k];
      Object.assign(target, replacement);
      if (changed) this.mark(target, patch);
      return changed;
    }
    let changed = false;
    for (const [key, value] of Object.entries(patch)) {
      if (key === DIRECTIVE || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
      if (key.startsWith('$deleteFromPrimitiveList/')) {
        changed = deleteFromPrimitiveList(target, key.slice('$deleteFromPrimitiveList/'.length), value) || changed;
        continue;
      }
      changed = this.mergeField(target, key, value, [...path, key]) || changed;
    }
    if (changed) this.mark(target, patch);
    return changed;
  }

  private mergeField(target: Json, key: string, value: unknown, path: readonly string[]): boolean {
    const current = target[key];
    if (value === null) {
      if (!Object.hasOwn(target, key)) return false;
      delete target[key];
      return true;
    }
    if (isMap(value)) {
      if (value[DIRECTIVE] === 'delete') {
        if (!Object.hasOwn(target, key)) return false;
        delete target[key];
        return true;
      }
      if (isMap(current)) return this.mergeMap(current, value, path);
      target[key] = this.fresh(withoutDirectives(value), value);
      return true;
    }
    if (Array.isArray(value)) {
      const mk = mergeKey(this.kind, path);
      if (Array.isArray(current) && mk !== undefined) return this.mergeList(current, value, mk, path);
      if (Array.isArray(current) && BUILT_IN.has(this.kind) && MERGED_SCALAR_LISTS.has(key)) {
        const added = value.filter((v) => !current.some((c) => sameValue(c, v)));
        current.push(...added);
        return added.length > 0;
      }
      const replacement = this.fresh(value.filter((v) => !(isMap(v) && v[DIRECTIVE] !== undefined && Object.keys(v).length === 1)), value);
      if (Array.isArray(current) && sameValue(current, replacement)) return false;
      target[key] = replacement;
      return true;
    }
    if (current === value) return false;
    target[key] = value;
    return true;
  }

  private mergeList(target: unknown[], patch: readonly unknown[], key: string, path: readonly string[]): boolean {
    if (patch.some((p) => isMap(p) && p[DIRECTIVE] === 'replace' && Object.keys(p).length === 1)) {
      const replacement = this.fresh(patch.filter((p) => !(isMap(p) && p[DIRECTIVE] === 'replace')), patch);
      const changed = !sameValue(target, replacement);
      target.splice(0, target.length, ...(replacement as unknown[]));
      if (changed) this.mark(target, patch);
      return changed;
    }
    let changed = false;
    for (const item of patch) {
      if (!isMap(item) || item[key] === undefined) {
        // An item without its merge key cannot be matched: Kubernetes appends it.
        target.push(this.fresh(item, isMap(item) ? item : patch));
        changed = true;
        continue;
      }
      const at = target.findIndex((t) => isMap(t) && sameValue(t[key], item[key]));
      if (item[DIRECTIVE] === 'delete') {
        if (at >= 0) {
          target.splice(at, 1);
          changed = true;
        }
      } else if (at >= 0) {
        changed = this.mergeMap(target[at] as Json, item, path) || changed;
      } else {
        target.push(this.fresh(withoutDirectives(item), item));
        changed = true;
      }
    }
    if (changed) this.mark(target, patch);
    return changed;
  }

  /** A copy of patch content for the target, positioned where the patch wrote it. */
  private fresh<T>(value: T, origin: object): T {
    const out = copyTree(value, this.positions);
    placeNew(out, this.positions.get(origin) ?? this.fallback, this.positions);
    return out;
  }

  private mark(node: object, patchNode: object): void {
    this.positions.set(node, this.positions.get(patchNode) ?? this.fallback);
  }
}

function withoutDirectives(value: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = v;
  return out;
}

function deleteFromPrimitiveList(target: Json, field: string, values: unknown): boolean {
  const list = target[field];
  if (!Array.isArray(list) || !Array.isArray(values)) return false;
  const kept = list.filter((v) => !values.includes(v));
  if (kept.length === list.length) return false;
  target[field] = kept;
  return true;
}

/** Whether a patch document deletes its target object (`$patch: delete` at the top). */
export function deletesObject(patch: Json): boolean {
  return patch[DIRECTIVE] === 'delete';
}
