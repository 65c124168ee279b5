/** One object during a build, with the ids it had before (Kustomize's "original" and "previous" ids). */
import type { SourceRef } from '../engine/model.js';
import type { ChartEntry } from './kustomization.js';
import type { FirstMove, WrittenNamespace } from './namespace-moves.js';
import { isMap } from './nodes.js';
import type { Json } from './types.js';

export interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface Resource {
  obj: Json;
  /** The document (or generator entry) that defined it. */
  readonly ref: SourceRef;
  readonly generated: boolean;
  /** Names and namespaces it had before the current one, oldest first. */
  readonly history: { name: string; namespace: string }[];
  /** For generated objects: how a generator of the same name in an overlay combines with it. */
  behavior?: 'create' | 'merge' | 'replace';
  /** Generated, and its name gets the content hash suffix at the end of the build. */
  hashed?: boolean;
  /** Generator inputs that were not in the file set: the generated data lacks their keys. */
  missingInputs?: string[];
  /** A NetworkPolicy document's own `metadata.namespace` (namespace-moves.ts). */
  readonly written?: WrittenNamespace;
  /** The `namespace:` that first replaced `written`. */
  moved?: FirstMove;
  /**
   * A stand-in for the objects of a chart the build does not render (render.ts `chartStandIns`): carried through
   * the transformers for the namespace they give it, never a patch's or replacement's target, never emitted.
   */
  readonly chart?: ChartEntry;
  /**
   * Lines of kustomization fields that changed this object without writing a mapping or sequence of it (those
   * carry their own positions): `namespace:` (Flux `targetNamespace`), `namePrefix`/`nameSuffix`, the
   * `resources:` or `components:` entry that added it. A new array at each change: copies of a build share the old one.
   */
  edits?: readonly SourceRef[];
}

/** Records that the kustomization field at `ref` changed `r` (Resource `edits`). */
export function edited(r: Resource, ref: SourceRef): void {
  if (!r.edits?.some((e) => e.file === ref.file && e.line === ref.line)) r.edits = [...(r.edits ?? []), ref];
}

/**
 * Kinds Kustomize knows to be cluster-scoped (kyaml's built-in schema); every other kind, custom ones
 * included, is namespaced for `namespace:`.
 */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'NodeProxyOptions',
  'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function gvkOf(obj: Json): Gvk {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  return slash < 0 ? { group: '', version: apiVersion, kind } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

export function nameOf(obj: Json): string {
  const meta = obj.metadata;
  return isMap(meta) && typeof meta.name === 'string' ? meta.name : '';
}

/** `metadata.namespace`, '' when absent. */
export function namespaceOf(obj: Json): string {
  const meta = obj.metadata;
  return isMap(meta) && typeof meta.namespace === 'string' ? meta.namespace : '';
}

/** Namespaces compare as Kustomize's ids do: none means `default`. */
export function sameNamespace(a: string, b: string): boolean {
  return (a || 'default') === (b || 'default');
}

/** Kustomize's resource id: group, version, kind, namespace and name. */
export function idKey(obj: Json): string {
  const g = gvkOf(obj);
  const ns = isClusterScoped(g.kind) ? '' : namespaceOf(obj) || 'default';
  return `${g.group}/${g.version}/${g.kind}|${ns}|${nameOf(obj)}`;
}

/** `Kind namespace/name` for messages. */
export function describe(obj: Json): string {
  const ns = namespaceOf(obj);
  return `${gvkOf(obj).kind} ${ns ? `${ns}/` : ''}${nameOf(obj)}`;
}

/** Every name and namespace the resource has had, the current one first. */
export function allIds(r: Resource): { name: string; namespace: string }[] {
  return [{ name: nameOf(r.obj), namespace: namespaceOf(r.obj) }, ...[...r.history].reverse()];
}

/** Records a name and namespace (by default the current ones) before a transformer changes them. */
export function remember(r: Resource, id: { name: string; namespace: string } = { name: nameOf(r.obj), namespace: namespaceOf(r.obj) }): void {
  const last = r.history[r.history.length - 1];
  if (!last || last.name !== id.name || last.namespace !== id.namespace) r.history.push(id);
}
