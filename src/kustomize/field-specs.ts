/**
 * Field specs: which fields of which kinds a builtin transformer edits (Kustomize's builtin
 * configuration, `api/internal/konfig/builtinpluginconsts`). A path's segments are map keys; a list on
 * the way is entered item by item. `create` makes missing maps on the way.
 */
import type { SourceRef } from '../engine/model.js';
import { isMap } from './nodes.js';
import type { Gvk } from './resource.js';
import type { Json, Positions } from './types.js';

export interface FieldSpec {
  readonly path: string;
  readonly create: boolean;
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
}

const spec = (path: string, create: boolean, kind?: string, group?: string, version?: string): FieldSpec => ({ path, create, kind, group, version });

/** Labels on objects and on the pod templates (and job templates) of workloads. */
export const METADATA_LABELS: readonly FieldSpec[] = [
  spec('metadata/labels', true),
  spec('spec/template/metadata/labels', true, 'ReplicationController', undefined, 'v1'),
  spec('spec/template/metadata/labels', true, 'Deployment'),
  spec('spec/template/metadata/labels', true, 'ReplicaSet'),
  spec('spec/template/metadata/labels', true, 'DaemonSet'),
  spec('spec/template/metadata/labels', true, 'StatefulSet', 'apps'),
  spec('spec/template/metadata/labels', true, 'Job', 'batch'),
  spec('spec/jobTemplate/metadata/labels', true, 'CronJob', 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/labels', true, 'CronJob', 'batch'),
];

const affinity = (kind: string): FieldSpec[] =>
  [
    'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
    'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
    'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
    'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
    'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
  ].map((p) => spec(p, false, kind, 'apps'));

/** The NetworkPolicy peer selectors commonLabels edits (when they have matchLabels). */
export const POLICY_PEER_PATHS = ['spec/ingress/from/podSelector/matchLabels', 'spec/egress/to/podSelector/matchLabels'];
/** A NetworkPolicy's own pod selector, which commonLabels narrows too (subject-narrowing.ts). */
export const POLICY_SUBJECT_PATH = 'spec/podSelector/matchLabels';

/** commonLabels and `labels` with includeSelectors: labels, templates and the selectors that pick them. */
export const COMMON_LABELS: readonly FieldSpec[] = [
  spec('spec/selector', true, 'Service', undefined, 'v1'),
  spec('spec/selector', true, 'ReplicationController', undefined, 'v1'),
  spec('spec/selector/matchLabels', true, 'Deployment'),
  ...affinity('Deployment'),
  spec('spec/selector/matchLabels', true, 'ReplicaSet'),
  spec('spec/selector/matchLabels', true, 'DaemonSet'),
  spec('spec/selector/matchLabels', true, 'StatefulSet', 'apps'),
  ...affinity('StatefulSet'),
  spec('spec/selector/matchLabels', false, 'Job', 'batch'),
  spec('spec/jobTemplate/spec/selector/matchLabels', false, 'CronJob', 'batch'),
  spec('spec/selector/matchLabels', false, 'PodDisruptionBudget', 'policy'),
  spec(POLICY_SUBJECT_PATH, false, 'NetworkPolicy', 'networking.k8s.io'),
  ...POLICY_PEER_PATHS.map((p) => spec(p, false, 'NetworkPolicy', 'networking.k8s.io')),
  ...METADATA_LABELS,
  spec('spec/volumeClaimTemplates/metadata/labels', true, 'StatefulSet', 'apps'),
];

/** commonAnnotations: objects and pod templates. */
export const COMMON_ANNOTATIONS: readonly FieldSpec[] = METADATA_LABELS.map((s) => ({ ...s, path: s.path.replace(/labels$/, 'annotations') }));

export function appliesTo(fs: FieldSpec, gvk: Gvk): boolean {
  return (fs.kind === undefined || fs.kind === gvk.kind) && (fs.group === undefined || fs.group === gvk.group) && (fs.version === undefined || fs.version === gvk.version);
}

/**
 * Calls `visit(parent, key, trail)` for each place the path leads to in `obj` (`trail` names the way,
 * with list indexes). Missing maps are created when `create`; a list on the way is never created.
 */
export function visitPath(
  obj: Json,
  path: string,
  create: boolean,
  positions: Positions,
  visit: (parent: Json, key: string, trail: string) => void,
): void {
  const parts = path.split('/');
  const walk = (node: Json, i: number, trail: string, ref: SourceRef | undefined): void => {
    const key = parts[i];
    if (i === parts.length - 1) {
      visit(node, key, `${trail}.${key}`);
      return;
    }
    let next = node[key];
    if ((next === undefined || next === null) && create) {
      next = {};
      if (ref) positions.set(next as object, ref);
      node[key] = next;
    }
    if (Array.isArray(next)) {
      next.forEach((item, j) => {
        if (isMap(item)) walk(item, i + 1, `${trail}.${key}[${j}]`, positions.get(item) ?? ref);
      });
    } else if (isMap(next)) walk(next, i + 1, `${trail}.${key}`, positions.get(next) ?? ref);
  };
  walk(obj, 0, '', positions.get(obj));
}
