/**
 * Objects the sync leaves in the cluster though the change removes them from the repository: a GitOps
 * controller deletes an object its source no longer holds only when it prunes (Flux Kustomization
 * `spec.prune: true`, kustomize.toolkit.fluxcd.io/v1 "Garbage collection"; Argo CD Application
 * `spec.syncPolicy.automated.prune: true`, Argo CD "Automated Sync Policy": otherwise the object stays and
 * the app is OutOfSync). Head is analysed as the cluster is after the sync: each object base's documents of
 * the given files define that no head document defines any more is kept, as base has it. An object the change
 * edits stays edited (the sync applies it); one moved to another file or target stays where head puts it.
 */
import type { Cluster, SourceRef } from '../engine/model.js';
import { modelParts } from '../manifests/last-copy.js';
import type { ObjectParts } from '../manifests/last-copy.js';
import { CIDR_GROUP_KIND } from '../manifests/kinds/cilium-cidr-group.js';
import type { LoadResult, ManifestDocument } from '../manifests/load.js';

/** One object the cluster keeps: its key (`Kind/namespace/name`) and base's document of it. */
export interface UnprunedObject {
  readonly key: string;
  readonly base: SourceRef;
}

/**
 * `head` with base's version of every object that base's documents of a file in `files` (repository paths
 * a controller that does not prune reads) define and no head document defines; `head` itself when none.
 * `kept`: those objects, in base's order of files and lines.
 */
export function keepUnpruned(base: LoadResult, head: LoadResult, files: readonly string[] | undefined): { readonly head: LoadResult; readonly kept: readonly UnprunedObject[] } {
  if (!files?.length) return { head, kept: [] };
  const from = new Set(files);
  const documents = (load: LoadResult): ManifestDocument[] => [...load.documents, ...(load.rendered ?? [])];
  const inHead = new Set(documents(head).flatMap((d) => d.objects));
  const kept = new Map<string, UnprunedObject>();
  for (const d of documents(base)) {
    if (!from.has(d.file)) continue;
    for (const key of d.objects) {
      // A CiliumCIDRGroup is merged into the policies naming it, not an object of the model (rejected-objects.ts).
      if (inHead.has(key) || d.rejected.includes(key) || key.startsWith(`${CIDR_GROUP_KIND}//`)) continue;
      kept.set(key, { key, base: { file: d.file, line: d.startLine } });
    }
  }
  if (kept.size === 0) return { head, kept: [] };
  const baseParts = modelParts(base.cluster, (k) => kept.has(k));
  const add = (c: Cluster): Cluster => ({ ...c, ...joined(modelParts(c, () => true), baseParts) });
  const reload = head.reload;
  const reloaded: LoadResult['reload'] = reload && ((changed, deployed) => {
    const c = reload(changed, deployed);
    return c && add(c);
  });
  const list = [...kept.values()].sort((a, b) => (a.base.file === b.base.file ? a.base.line - b.base.line : a.base.file < b.base.file ? -1 : 1));
  return { head: { ...head, cluster: add(head.cluster), ...(reloaded ? { reload: reloaded } : {}) }, kept: list };
}

/** The parts of `a`, then those of `b`. */
function joined(a: ObjectParts, b: ObjectParts): ObjectParts {
  return {
    namespaces: [...a.namespaces, ...b.namespaces],
    workloads: [...a.workloads, ...b.workloads],
    policies: [...a.policies, ...b.policies],
    services: [...a.services, ...b.services],
    ingressBackends: [...a.ingressBackends, ...b.ingressBackends],
    clusterPolicies: [...a.clusterPolicies, ...b.clusterPolicies],
  };
}
