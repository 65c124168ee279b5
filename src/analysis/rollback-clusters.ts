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
  // How often identities occur among head's documents. The first few patches scan head for their own
  // identities only (a scan builds no key: most clusters are patched once or twice); a search that
  // patches more often gets one index of every identity.
  let scans = 0;
  let everyIdentity: Identities | undefined;
  const occurrencesInHead = (leaving: Identities, joining: Identities, models: readonly DocumentModel[]): Identities => {
    if (everyIdentity) return everyIdentity;
    if (++scans > MAX_SCANS) {
      everyIdentity = new Identities();
      for (const [, d] of headList) forEachIdentity(d, (kind, id) => everyIdentity!.add(kind, id));
      return everyIdentity;
    }
    const found = new Identities();
    const serviceNames = new Set(models.flatMap((m) => m.services.map((s) => s.name)));
    // Per kind, the ids asked about: one lookup per identity of head and no callback (this walks every
    // document of head); a service's key is built only for the names asked about.
    const asked = (kind: IdentityKind) => new Set([...leaving.ids(kind), ...joining.ids(kind)]);
    const [objects, namespaces, workloads, policies, clusterPolicies, services] = IDENTITY_KINDS.map(asked);
    // Indexed loops: no iterator per document and part (code this budget of V8 seldom optimizes; runtime/tier-up.ts).
    for (let i = 0; i < headList.length; i++) {
      const d = headList[i][1];
      const m = d.model;
      for (let j = 0; j < d.objects.length; j++) if (objects.has(d.objects[j])) found.add('object', d.objects[j]);
      for (let j = 0; j < m.namespaces.length; j++) if (namespaces.has(m.namespaces[j].name)) found.add('namespace', m.namespaces[j].name);
      for (let j = 0; j < m.workloads.length; j++) if (workloads.has(m.workloads[j].id)) found.add('workload', m.workloads[j].id);
      for (let j = 0; j < m.policies.length; j++) if (policies.has(m.policies[j].id)) found.add('policy', m.policies[j].id);
      if (m.clusterPolicies?.length) for (const p of m.clusterPolicies) if (clusterPolicies.has(p.id)) found.add('cluster-policy', p.id);
      for (let j = 0; j < m.services.length; j++) {
        const sv = m.services[j];
        if (!serviceNames.has(sv.name)) continue;
        const key = serviceKey(sv.namespace, sv.name);
        if (services.has(key)) found.add('service', key);
      }
    }
    return found;
  };
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
  // A CiliumClusterwideNetworkPolicy's allow rules become one policy per namespace the merged documents define
  // or use (mergeDocuments): no document holds those copies, and which namespaces get one depends on every
  // document. Where either side has such a policy, each revert is merged again (a patch would keep head's copies).
  // Calico's policies likewise: placed by their tiers' order once merged (a GlobalNetworkPolicy's copies per namespace too).
  // A Rollout's spec.workloadRef takes its pods from another document's template (load.ts resolveWorkloadRefs),
  // and may leave that workload out: merged again too, as a patch would keep head's resolution.
  const clusterwide = hasClusterwide(head) || hasClusterwide(base);
  return {
    after(keys) {
      const revert = [...new Set(keys)];
      if (clusterwide) return fromScratch(revert);
      const gone: DocumentModel[] = [];
      const back: DocumentModel[] = [];
      // Identities of the reverted documents' head versions leave the list; their base versions' join it.
      const leaving = new Identities();
      const joining = new Identities();
      for (const key of revert) {
        const h = head.get(key);
        const b = base.get(key);
        if (h) {
          gone.push(h.model);
          forEachIdentity(h, (kind, id) => leaving.add(kind, id));
        }
        if (b) {
          back.push(b.model);
          forEachIdentity(b, (kind, id) => joining.add(kind, id));
        }
      }
      const inHead = occurrencesInHead(leaving, joining, [...gone, ...back]);
      // Every identity a reverted document has occurs once in head (before) and at most once after.
      for (const [kind, id] of leaving.entries()) if (inHead.count(kind, id) !== 1) return fromScratch(revert);
      for (const [kind, id, n] of joining.entries()) if (inHead.count(kind, id) - leaving.count(kind, id) + n > 1) return fromScratch(revert);
      return { ...patched(merged, gone, back), podNetwork };
    },
  };
}

/** Whether some document holds parts made when merged: CiliumClusterwideNetworkPolicy allow rules, Calico policies and tiers, CiliumCIDRGroups and the Cilium policies naming them, Rollouts' workloadRefs, Kyverno rules generating a policy per object, a Dragonfly operator release (which keeps or drops the Dragonflies' policies), an app-template release read by its chartRef source's chart version (a revert of the source's document changes its reading). */
function hasClusterwide(docs: ReadonlyMap<string, ManifestDocument>): boolean {
  // `?.length`, not `(list ?? []).length`: no empty array per absent list and document (nine per document of both sides).
  for (const d of docs.values()) {
    const m = d.model;
    if (m.clusterwide?.length || m.calico?.length || m.calicoTiers?.length || m.cidrGroups?.length || m.ciliumDeferred?.length || m.workloadRefs?.length || m.objectGenerates?.length || m.dragonflyOperatorVersions?.length || m.chartRefReleases?.length) return true;
  }
  return false;
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

/** Patches that scan head for their own identities before one index of every identity is built. */
const MAX_SCANS = 4;

/** The kinds of identity mergeDocuments and last-copy.ts tell objects apart by (in forEachIdentity's order). */
const IDENTITY_KINDS = ['object', 'namespace', 'workload', 'policy', 'cluster-policy', 'service'] as const;
type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * What a document defines, as mergeDocuments and last-copy.ts tell objects apart (one call per
 * occurrence). The scan of head in `occurrencesInHead` walks the same lists in the same order.
 */
function forEachIdentity(d: ManifestDocument, f: (kind: IdentityKind, id: string) => void): void {
  const m = d.model;
  for (const k of d.objects) f('object', k);
  for (const n of m.namespaces) f('namespace', n.name);
  for (const w of m.workloads) f('workload', w.id);
  for (const p of m.policies) f('policy', p.id);
  for (const p of m.clusterPolicies ?? []) f('cluster-policy', p.id);
  for (const s of m.services) f('service', serviceKey(s.namespace, s.name));
}

function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Occurrence counts of identities, by kind then the id (the objects' own id strings: no key is built per identity). */
class Identities {
  private readonly byKind = new Map<IdentityKind, Map<string, number>>();

  add(kind: IdentityKind, id: string): void {
    let m = this.byKind.get(kind);
    if (!m) this.byKind.set(kind, (m = new Map()));
    m.set(id, (m.get(id) ?? 0) + 1);
  }

  has(kind: IdentityKind, id: string): boolean {
    return this.byKind.get(kind)?.has(id) ?? false;
  }

  count(kind: IdentityKind, id: string): number {
    return this.byKind.get(kind)?.get(id) ?? 0;
  }

  /** The ids of one kind. */
  ids(kind: IdentityKind): Iterable<string> {
    return this.byKind.get(kind)?.keys() ?? [];
  }

  *entries(): IterableIterator<[IdentityKind, string, number]> {
    for (const [kind, m] of this.byKind) for (const [id, n] of m) yield [kind, id, n];
  }
}
