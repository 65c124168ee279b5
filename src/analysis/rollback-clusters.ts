/**
 * The clusters the rollback search evaluates: head with some documents reverted to base. Merging every
 * document again per candidate costs as much as loading the cluster, so head's documents are merged once
 * and each candidate is patched from that: the reverted documents' objects are taken out and their base
 * versions' appended, the rest of each list kept in place (and the very same lists where the revert
 * changes no namespace or workload, so the class index is reused as is: engine/class-index-reuse.ts).
 *
 * The patch equals `mergeDocuments` of the same list (head's documents but the reverted ones, in order,
 * then the reverted ones' base versions) whenever the reverted documents share no object with any other
 * document of the list: then no copy shadows another and no first copy wins over a later one
 * (manifests/last-copy.ts, mergeDocuments). Otherwise the list is merged from scratch.
 */
import type { Cluster } from '../engine/index.js';
import type { DocumentModel, ManifestDocument } from '../manifests/load.js';
import { mergeDocuments } from '../manifests/load.js';

export interface RevertedClusters {
  /** Head with the documents of `revert` (keys) reverted: a document without a base version goes away. */
  after(revert: Iterable<string>): Cluster;
}

/**
 * `head`: head's documents by key, in order; `base`: base's by key. The clusters carry `podNetwork`
 * (the pod network both sides were loaded with). `headCluster`: `mergeDocuments` of head's documents in
 * that order, when the caller has it (the loader's cluster of a plain load, `reload` absent): not merged again.
 */
export function revertedClusters(head: ReadonlyMap<string, ManifestDocument>, base: ReadonlyMap<string, ManifestDocument>, podNetwork: Cluster['podNetwork'], headCluster?: Cluster): RevertedClusters {
  const headList = [...head];
  const merged = headCluster ?? mergeDocuments(headList.map(([, d]) => d));
  // How often each identity occurs among head's documents (an object key, or what mergeDocuments dedupes by).
  const inHead = new Map<string, number>();
  for (const [, d] of headList) for (const id of identities(d)) inHead.set(id, (inHead.get(id) ?? 0) + 1);
  const fromScratch = (revert: readonly string[]): Cluster => {
    const set = new Set(revert);
    const docs: ManifestDocument[] = [];
    for (const [key, d] of headList) if (!set.has(key)) docs.push(d);
    for (const key of revert) {
      const b = base.get(key);
      if (b) docs.push(b);
    }
    return { ...mergeDocuments(docs), podNetwork };
  };
  return {
    after(keys) {
      const revert = [...new Set(keys)];
      const gone: DocumentModel[] = [];
      const back: DocumentModel[] = [];
      // Identities of the reverted documents' head versions leave the list; their base versions' join it.
      const leaving = new Map<string, number>();
      const joining = new Map<string, number>();
      for (const key of revert) {
        const h = head.get(key);
        const b = base.get(key);
        if (h) {
          gone.push(h.model);
          for (const id of identities(h)) leaving.set(id, (leaving.get(id) ?? 0) + 1);
        }
        if (b) {
          back.push(b.model);
          for (const id of identities(b)) joining.set(id, (joining.get(id) ?? 0) + 1);
        }
      }
      // Every identity a reverted document has occurs once in head (before) and at most once after.
      for (const id of leaving.keys()) if ((inHead.get(id) ?? 0) !== 1) return fromScratch(revert);
      for (const [id, n] of joining) if ((inHead.get(id) ?? 0) - (leaving.get(id) ?? 0) + n > 1) return fromScratch(revert);
      return { ...patched(merged, gone, back), podNetwork };
    },
  };
}

/** `cluster` without the objects of `gone` (the very objects), with those of `back` appended; lists untouched by both are kept as they are. */
function patched(cluster: Cluster, gone: readonly DocumentModel[], back: readonly DocumentModel[]): Cluster {
  const part = <K extends 'namespaces' | 'workloads' | 'policies' | 'services' | 'ingressBackends' | 'clusterPolicies'>(k: K): Cluster[K] & readonly unknown[] => {
    const current = (cluster[k] ?? []) as readonly object[];
    const out = gone.flatMap((m) => m[k] as readonly object[]);
    const added = back.flatMap((m) => m[k] as readonly object[]);
    if (out.length === 0 && added.length === 0) return current as Cluster[K] & readonly unknown[];
    const drop = new Set(out);
    return [...(drop.size ? current.filter((x) => !drop.has(x)) : current), ...added] as Cluster[K] & readonly unknown[];
  };
  return {
    namespaces: part('namespaces'),
    workloads: part('workloads'),
    policies: part('policies'),
    services: part('services'),
    ingressBackends: part('ingressBackends'),
    clusterPolicies: part('clusterPolicies'),
  };
}

/**
 * What a document defines, as mergeDocuments and last-copy.ts tell objects apart (one entry per
 * occurrence); kept per document (head shares base's document objects for unchanged files, and the
 * rollback builds two sets of reverted clusters over the same documents).
 */
const identitiesOf = new WeakMap<ManifestDocument, readonly string[]>();
function identities(d: ManifestDocument): readonly string[] {
  let ids = identitiesOf.get(d);
  if (!ids) identitiesOf.set(d, (ids = identitiesNow(d)));
  return ids;
}

function identitiesNow(d: ManifestDocument): string[] {
  const m = d.model;
  return [
    ...d.objects.map((k) => `object\u0000${k}`),
    ...m.namespaces.map((n) => `namespace\u0000${n.name}`),
    ...m.workloads.map((w) => `workload\u0000${w.id}`),
    ...m.policies.map((p) => `policy\u0000${p.id}`),
    ...(m.clusterPolicies ?? []).map((p) => `cluster-policy\u0000${p.id}`),
    ...m.services.map((s) => `service\u0000${s.namespace}/${s.name}`),
  ];
}
