/**
 * Manifest files → the engine's model, with diagnostics instead of exceptions. Kinds the engine does
 * not use are ignored without noise; defaults the API server would fill in are applied here, once.
 */
import type { Cluster, IngressBackend, Namespace, NetworkPolicy, Service, SourceRef, Workload } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';
import type { Json } from './context.js';
import { DocContext, asArray, isObject, readLabels } from './context.js';
import type { Diagnostic } from './diagnostics.js';
import { readNetworkPolicy } from './kinds/network-policy.js';
import { readIngress, readService } from './kinds/service.js';
import { WORKLOAD_KINDS, readWorkload } from './kinds/workload.js';
import { parseDocuments } from './yaml-documents.js';

export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

/** One YAML document (or JSON file) and the objects it defines, for diffs and rollbacks. */
export interface ManifestDocument {
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** `Kind/namespace/name` of every object the document defines (a List defines several). */
  readonly objects: readonly string[];
}

export interface LoadResult {
  readonly cluster: Cluster;
  readonly documents: readonly ManifestDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

class Collector {
  readonly namespaces = new Map<string, Namespace>();
  readonly workloads = new Map<string, Workload>();
  readonly policies = new Map<string, NetworkPolicy>();
  readonly services = new Map<string, Service>();
  readonly ingressBackends: IngressBackend[] = [];
  readonly seen = new Map<string, SourceRef>();
  readonly diagnostics: Diagnostic[] = [];
}

export function loadManifests(files: readonly ManifestFile[]): LoadResult {
  const c = new Collector();
  const documents: ManifestDocument[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    for (const doc of parseDocuments(file.text, /\.json$/i.test(file.path))) {
      const docRef = { file: file.path, line: doc.startLine };
      if (doc.error) {
        c.diagnostics.push({ severity: 'warning', code: 'YAML_SYNTAX', message: `cannot parse: ${doc.error.message}`, ref: { file: file.path, line: doc.error.line } });
        continue;
      }
      if (doc.value === null || doc.value === undefined) continue;
      const ctx = new DocContext(file.path, doc.lines, docRef, c.diagnostics);
      const objects: string[] = [];
      readObject(ctx, c, doc.value, objects);
      documents.push({ file: file.path, startLine: doc.startLine, endLine: doc.endLine, text: doc.text, objects });
    }
  }
  const cluster: Cluster = {
    namespaces: [...c.namespaces.values()],
    workloads: [...c.workloads.values()],
    policies: [...c.policies.values()],
    services: [...c.services.values()],
    ingressBackends: c.ingressBackends,
  };
  return { cluster, documents, diagnostics: c.diagnostics };
}

/** Items of a typed list (`PodList`, `NamespaceList` …) may omit kind and apiVersion: the list implies them. */
function readObject(ctx: DocContext, c: Collector, raw: unknown, objects: string[], implied?: { kind: string; apiVersion: string }): void {
  const ref = ctx.ref(raw);
  const value = implied && isObject(raw) ? { kind: implied.kind, apiVersion: implied.apiVersion, ...raw } : raw;
  if (!isObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    c.diagnostics.push({ severity: 'warning', code: 'NOT_AN_OBJECT', message: 'not a Kubernetes object (no apiVersion and kind); ignored', ref });
    return;
  }
  const kind = value.kind;
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    const itemKind = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion: value.apiVersion };
    for (const item of asArray(value.items) ?? []) readObject(ctx, c, item, objects, itemKind);
    return;
  }
  if (!isUsedKind(kind, value.apiVersion)) return;
  const meta = isObject(value.metadata) ? value.metadata : {};
  if (typeof meta.name !== 'string' || meta.name === '') {
    c.diagnostics.push({ severity: 'error', code: 'MISSING_FIELD', message: `${kind} without metadata.name; ignored`, ref });
    return;
  }
  const name = meta.name;
  const namespace = kind === 'Namespace' ? name : typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
  const key = `${kind}/${namespace}/${name}`;
  const first = c.seen.get(key);
  if (first) {
    c.diagnostics.push({ severity: 'warning', code: 'DUPLICATE_OBJECT', message: `${kind} ${namespace}/${name} is defined again (first at ${first.file}:${first.line}); this copy is ignored`, ref });
    return;
  }
  c.seen.set(key, ref);
  objects.push(key);
  addObject(ctx, c, value, kind, namespace, name);
}

function isUsedKind(kind: string, apiVersion: string): boolean {
  if (kind === 'NetworkPolicy') return apiVersion === 'networking.k8s.io/v1';
  if (kind === 'Ingress') return apiVersion.startsWith('networking.k8s.io/') || apiVersion.startsWith('extensions/');
  return kind === 'Namespace' || kind === 'Service' || WORKLOAD_KINDS.has(kind);
}

function addObject(ctx: DocContext, c: Collector, obj: Json, kind: string, namespace: string, name: string): void {
  switch (kind) {
    case 'Namespace': {
      const labels = { ...readLabels(isObject(obj.metadata) ? obj.metadata.labels : undefined), [NAMESPACE_NAME_LABEL]: name };
      c.namespaces.set(name, { name, labels, ref: ctx.ref(obj) });
      return;
    }
    case 'NetworkPolicy': {
      const policy = readNetworkPolicy(ctx, obj, namespace, name);
      if (policy) c.policies.set(policy.id, policy);
      else ctx.report('error', 'INVALID_FIELD', `NetworkPolicy ${namespace}/${name} would be rejected by the API server; it is not applied`, ctx.ref(obj));
      return;
    }
    case 'Service':
      c.services.set(`${namespace}/${name}`, readService(ctx, obj, namespace, name));
      return;
    case 'Ingress':
      c.ingressBackends.push(...readIngress(ctx, obj, namespace, name));
      return;
    default:
      addWorkload(ctx, c, readWorkload(ctx, obj, kind, namespace, name));
  }
}

/** Pods of one owner are one peer; the first pod's labels stand for all of them. */
function addWorkload(ctx: DocContext, c: Collector, w: Workload): void {
  const existing = c.workloads.get(w.id);
  if (!existing) {
    c.workloads.set(w.id, w);
    return;
  }
  const same = JSON.stringify(Object.entries(existing.podLabels).sort()) === JSON.stringify(Object.entries(w.podLabels).sort());
  if (!same) {
    ctx.report('warning', 'INVALID_FIELD', `pods of ${w.id} have different labels; analysed with those of the first pod (${existing.ref.file}:${existing.ref.line})`, w.ref);
  }
}
