/**
 * Whether a file's objects rely on their default namespace: namespaced objects the engine reads
 * (workloads, NetworkPolicies, Services, Ingresses) whose `metadata.namespace` is missing or empty. The
 * loader counts them as it reads each file, so asking after a load costs no second parse and keeps no
 * parsed YAML alive until then.
 */
import { isObject } from './context.js';
import { WORKLOAD_KINDS } from './kinds/workload.js';
import { TEMPLATE_WORKLOAD_RAW_KINDS } from './kinds/template-workloads.js';
import type { ParsedDocument } from './yaml-documents.js';

const NAMESPACED_KINDS = new Set([...WORKLOAD_KINDS, ...TEMPLATE_WORKLOAD_RAW_KINDS, 'NetworkPolicy', 'Service', 'Ingress']);

/** Top-level documents of a namespaced kind the engine reads that name no namespace. */
export function countNamespaceLess(docs: readonly ParsedDocument[]): number {
  let n = 0;
  for (const doc of docs) {
    const v = doc.value;
    if (!isObject(v) || typeof v.kind !== 'string' || !NAMESPACED_KINDS.has(v.kind)) continue;
    const meta = isObject(v.metadata) ? v.metadata : {};
    if (typeof meta.namespace !== 'string' || meta.namespace === '') n++;
  }
  return n;
}
