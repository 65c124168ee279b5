/**
 * NetworkPolicies that a kustomization's `namespace:` moves away from the namespace their document
 * writes (`metadata.namespace: auth` under `namespace: kubeflow`). Kustomize's namespace transformer
 * replaces a namespace already set (builtin NamespaceTransformer, `kubectl kustomize` agrees), so such a
 * policy protects the pods of another namespace than its author wrote: one KUSTOMIZE_NAMESPACE_REPLACED
 * diagnostic per moved policy of a build, at the document's `metadata.namespace` line, naming the
 * kustomization whose `namespace:` replaced it (findings/namespace-overridden.ts makes it a finding).
 * A document that writes no namespace is the normal use of `namespace:` and is never reported.
 */
import type { SourceRef } from '../engine/model.js';
import { KeyLines } from '../manifests/key-lines.js';
import type { Diagnostic, NamespaceMove } from '../manifests/diagnostics.js';
import { replacementText } from '../manifests/diagnostics.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import { isMap } from './nodes.js';
import type { Resource } from './resource.js';
import { gvkOf, nameOf, namespaceOf } from './resource.js';
import type { Json } from './types.js';

/** The namespace a policy document writes, and where (the `metadata.namespace` line, found on first ask). */
export interface WrittenNamespace {
  readonly namespace: string;
  readonly at: () => SourceRef;
}

/** The first kustomization whose `namespace:` replaced the written namespace. */
export interface FirstMove {
  readonly written: WrittenNamespace;
  /** The kustomization's `namespace:` line. */
  readonly by: SourceRef;
  readonly to: string;
  /** The field at `by` when not `namespace:` (Flux's `targetNamespace`). */
  readonly field?: 'targetNamespace';
}

/** The kinds the engine reads that `namespace:` moves: NetworkPolicy (the cluster-wide kinds have no namespace). */
function isNamespacedPolicy(obj: Json): boolean {
  const g = gvkOf(obj);
  return g.kind === 'NetworkPolicy' && g.group === 'networking.k8s.io';
}

/**
 * The written namespace of `original` (a parsed object of `doc`, not a copy: the second parse that finds
 * key lines matches the first parse's nodes), or undefined when it is not a policy or writes none.
 */
export function writtenNamespace(path: string, doc: ParsedDocument, original: unknown): WrittenNamespace | undefined {
  if (!isMap(original) || !isNamespacedPolicy(original) || !isMap(original.metadata)) return undefined;
  const meta = original.metadata;
  const namespace = meta.namespace;
  if (typeof namespace !== 'string' || namespace === '') return undefined;
  return {
    namespace,
    at: () => {
      const line = keyLinesOf(doc).keyLine(meta, 'namespace');
      return { file: path, line: line === undefined ? (doc.lines.get(meta) ?? doc.startLine) : line + doc.startLine - 1 };
    },
  };
}

/** One second parse per document, kept while the document (shared by the parse cache) lives. */
const keyLines = new WeakMap<ParsedDocument, KeyLines>();
function keyLinesOf(doc: ParsedDocument): KeyLines {
  let k = keyLines.get(doc);
  if (!k) keyLines.set(doc, (k = new KeyLines(doc.text, doc.value)));
  return k;
}

/**
 * Called by the namespace transformer before it sets `to`: the first time a policy leaves its written
 * namespace, remembers which `namespace:` line did it (an overlay moving it on later is not the cause).
 */
export function noteNamespaceMove(r: Resource, to: string, by: SourceRef, field?: 'targetNamespace'): void {
  const written = r.written;
  if (!written || r.moved || to === written.namespace || namespaceOf(r.obj) !== written.namespace) return;
  r.moved = { written, by, to, ...(field ? { field } : {}) };
}

/** The diagnostics of a finished build: its policies that end in another namespace than the one written. */
export function namespaceMoveDiagnostics(resources: readonly Resource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const first = r.moved;
    const namespace = namespaceOf(r.obj);
    if (!first || namespace === first.written.namespace) continue;
    const move: NamespaceMove = { policy: `${namespace}/${nameOf(r.obj)}`, written: first.written.namespace, namespace, by: first.by, replacement: first.to, ...(first.field ? { field: first.field } : {}) };
    out.push({
      severity: 'warning',
      code: 'KUSTOMIZE_NAMESPACE_REPLACED',
      message: `NetworkPolicy ${move.policy}: metadata.namespace ${move.written} is written, but ${replacementText(move)}`,
      ref: first.written.at(),
      namespaceMove: move,
    });
  }
  return out;
}

