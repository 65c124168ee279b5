/**
 * Head's merged cluster as base's patched by the documents the change touches. Head gets base's very
 * document objects for every file it did not change (load.ts `loadFileOnce`), so when no object is written
 * twice on either side and every document holds only objects whose merge is a plain list (Namespaces,
 * workloads, NetworkPolicies, Services, Ingress backends), `mergeDocuments` of head's documents is base's
 * merged lists with each removed document's objects left out and each new document's put in its place:
 * the merge keeps the first copy of each key in document order, and with no key twice that is every object
 * in document order. Anything else (a key written twice, a kind whose merge reads the whole build: Calico,
 * Cilium cluster-wide parts, AdminNetworkPolicy, Kyverno generate rules, Rollout `workloadRef`s, chart
 * sources, Dragonfly releases) and the merge is done in full.
 */
import type { Cluster, IngressBackend, Namespace, NetworkPolicy, Service, Workload } from '../engine/model.js';
import type { DocumentModel, ManifestDocument } from './load.js';

/** A full merge, as `mergeDocuments` leaves it for patching. */
interface MergeRecord {
  readonly documents: readonly ManifestDocument[];
  readonly cluster: Cluster;
  readonly keys: MergeKeys;
  /** Worked out on the first patch: per list, where each document's objects start; null when the merge cannot be patched. */
  starts?: Readonly<Record<ListPart, Int32Array>> | null;
}

/** The maps `mergeDocuments` builds, by the key each list is kept by (a Service by namespace, then name), and every object key. */
export interface MergeKeys {
  readonly objects: ReadonlyMap<string, unknown>;
  readonly namespaces: ReadonlyMap<string, unknown>;
  readonly workloads: ReadonlyMap<string, unknown>;
  readonly policies: ReadonlyMap<string, unknown>;
  readonly services: ReadonlyMap<string, ReadonlySet<string>>;
}

type ListPart = 'namespaces' | 'workloads' | 'policies' | 'services' | 'ingressBackends';

const LIST_PARTS: readonly ListPart[] = ['namespaces', 'workloads', 'policies', 'services', 'ingressBackends'];

/**
 * Model fields the merge does not read, or reads only with a field that makes a document not plain:
 * `unmodelled` and `hostNetwork` are read after the merge from the documents (load.ts `blindSpots`),
 * `zeroReplicas` only for Rollouts' `workloadRef`s and builds of several, `otherObjects` only for
 * Kyverno generate rules, `unreadReleases` only by a diff from the documents (analysis/unrendered-releases.ts;
 * always beside `releaseNamespaces`, which makes its document not plain).
 */
type OutsideMerge = 'unmodelled' | 'hostNetwork' | 'zeroReplicas' | 'otherObjects' | 'unreadReleases';

/**
 * Every other field of a document's model: the merge reads each across the whole build (or, for
 * `clusterPolicies`, keeps it in a list of its own), so a document holding one is not plain. The type
 * names every field of `DocumentModel`: a field added there must be placed here or in `OutsideMerge`.
 */
const BUILD_WIDE: { readonly [K in Exclude<keyof DocumentModel, ListPart | OutsideMerge>]-?: true } = {
  clusterPolicies: true,
  clusterwide: true,
  calico: true,
  calicoTiers: true,
  cidrGroups: true,
  ciliumDeferred: true,
  releaseNamespaces: true,
  workloadRefs: true,
  operatorResources: true,
  dragonflyOperatorVersions: true,
  objectGenerates: true,
  chartSources: true,
  chartRefReleases: true,
};
const BUILD_WIDE_FIELDS = Object.keys(BUILD_WIDE) as (keyof typeof BUILD_WIDE)[];

/** Records by the documents merged (base's `LoadResult.documents`, the very array). */
const records = new WeakMap<readonly ManifestDocument[], MergeRecord>();

/** More new documents than this share of head's and the merge is done in full (a patch would be no cheaper). */
const MAX_NEW_SHARE = 0.25;

/** How far ahead of the last matched one a document of the record is looked for (past the documents of removed files). */
const MAX_SKIP = 256;

/** Whether a document's merge is a plain list: no build-wide field holds anything (a field that is no list counts as holding). */
function plainModel(m: DocumentModel): boolean {
  for (let i = 0; i < BUILD_WIDE_FIELDS.length; i++) {
    const value: unknown = m[BUILD_WIDE_FIELDS[i]];
    if (value !== undefined && (!Array.isArray(value) || value.length > 0)) return false;
  }
  return true;
}

/**
 * Remember a full merge of `documents` into `cluster` for `patchedMerge` (whether it can serve is worked out
 * on the first patch). `cluster` must be what `mergeDocuments` returned for `documents` with no build of
 * several (nothing left unsettled), `keys` the maps it built.
 */
export function recordMerge(documents: readonly ManifestDocument[], cluster: Cluster, keys: MergeKeys): void {
  records.set(documents, { documents, cluster, keys });
}

/**
 * Per list, where each document's objects start (`documents.length + 1` offsets: document i's are
 * `[start[i], start[i + 1])`), when the record can be patched: every document plain and rejecting
 * nothing, no object key twice, and each merged list exactly the documents' lists one after another (no
 * key twice in any list, checked by length); else null.
 */
function startsOf(record: MergeRecord): Readonly<Record<ListPart, Int32Array>> | null {
  if (record.starts !== undefined) return record.starts;
  const { documents, cluster, keys } = record;
  record.starts = null;
  let objects = 0;
  const starts = {} as Record<ListPart, Int32Array>;
  for (const part of LIST_PARTS) starts[part] = new Int32Array(documents.length + 1);
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i];
    if (d.rejected.length > 0 || !plainModel(d.model)) return null;
    objects += d.objects.length;
    for (const part of LIST_PARTS) starts[part][i + 1] = starts[part][i] + d.model[part].length;
  }
  // No copy replaces another: every key once.
  if (objects !== keys.objects.size) return null;
  for (const part of LIST_PARTS) if (starts[part][documents.length] !== cluster[part].length) return null;
  if (!onlyListParts(cluster)) return null;
  return (record.starts = starts);
}

/** A merged cluster of plain documents: the five lists and an empty `clusterPolicies`, nothing else. */
function onlyListParts(cluster: Cluster): boolean {
  for (const key in cluster) {
    if ((LIST_PARTS as readonly string[]).includes(key)) continue;
    if (key === 'clusterPolicies' && cluster.clusterPolicies?.length === 0) continue;
    return false;
  }
  return true;
}

/**
 * `mergeDocuments(documents)` (no build of several) taken from the recorded merge of `from` (base's
 * documents), or undefined when it cannot be: no record, too many new documents, a new document not plain
 * or rejecting an object, or an object key or list key of a new document that another document still
 * holds. A document of `from` found in `documents` (the very object) contributes base's objects; one not
 * found where expected counts as new, which gives the same lists. Equal to the full merge whenever defined:
 * its lists are the same objects in the same order, and that merge would say nothing (no copies, no
 * build-wide kinds).
 */
export function patchedMerge(documents: readonly ManifestDocument[], from: readonly ManifestDocument[]): Cluster | undefined {
  const record = records.get(from);
  const s = record && startsOf(record);
  if (!record || !s) return undefined;
  // Per document of head, its position in base's (-1: new).
  const baseAt = new Int32Array(documents.length);
  const used = new Uint8Array(from.length);
  const fresh: ManifestDocument[] = [];
  const maxFresh = Math.floor(documents.length * MAX_NEW_SHARE);
  let cursor = 0;
  for (let j = 0; j < documents.length; j++) {
    const d = documents[j];
    let i = cursor;
    const stop = Math.min(from.length, cursor + MAX_SKIP);
    while (i < stop && from[i] !== d) i++;
    if (i < stop) {
      baseAt[j] = i;
      used[i] = 1;
      cursor = i + 1;
      continue;
    }
    baseAt[j] = -1;
    if (fresh.length >= maxFresh || d.rejected.length > 0 || !plainModel(d.model)) return undefined;
    fresh.push(d);
  }
  if (!freshKeysApart(record, s, used, fresh)) return undefined;
  const lists = { namespaces: [] as Namespace[], workloads: [] as Workload[], policies: [] as NetworkPolicy[], services: [] as Service[], ingressBackends: [] as IngressBackend[] };
  const base = record.cluster;
  for (let j = 0; j < documents.length; j++) {
    const i = baseAt[j];
    if (i < 0) {
      const m = documents[j].model;
      append(lists.namespaces, m.namespaces, 0, m.namespaces.length);
      append(lists.workloads, m.workloads, 0, m.workloads.length);
      append(lists.policies, m.policies, 0, m.policies.length);
      append(lists.services, m.services, 0, m.services.length);
      append(lists.ingressBackends, m.ingressBackends, 0, m.ingressBackends.length);
      continue;
    }
    // A run of base's documents in base's order: their objects are one slice of each of base's lists.
    let k = j;
    while (k + 1 < documents.length && baseAt[k + 1] === i + (k + 1 - j)) k++;
    const end = i + (k - j) + 1;
    append(lists.namespaces, base.namespaces, s.namespaces[i], s.namespaces[end]);
    append(lists.workloads, base.workloads, s.workloads[i], s.workloads[end]);
    append(lists.policies, base.policies, s.policies[i], s.policies[end]);
    append(lists.services, base.services, s.services[i], s.services[end]);
    append(lists.ingressBackends, base.ingressBackends, s.ingressBackends[i], s.ingressBackends[end]);
    j = k;
  }
  return { ...lists, clusterPolicies: [] };
}

function append<T>(into: T[], from: readonly T[], start: number, end: number): void {
  for (let i = start; i < end; i++) into.push(from[i]);
}

/**
 * No key of a new document is held by another new document or by a document of the record still used:
 * object keys (what `lastCopies` compares) and the keys the merge's lists are kept by (a Namespace's name,
 * a workload's or policy's id, a Service's namespace and name). Ingress backends are kept whatever repeats.
 */
function freshKeysApart(record: MergeRecord, s: Readonly<Record<ListPart, Int32Array>>, used: Uint8Array, fresh: readonly ManifestDocument[]): boolean {
  if (fresh.length === 0) return true;
  const base = record.cluster;
  // Keys of base's documents head no longer holds: a new document may hold them again.
  const gone = { objects: new Set<string>(), namespaces: new Set<string>(), workloads: new Set<string>(), policies: new Set<string>(), services: new Set<string>() };
  for (let i = 0; i < used.length; i++) {
    if (used[i]) continue;
    for (const key of record.documents[i].objects) gone.objects.add(key);
    for (let k = s.namespaces[i]; k < s.namespaces[i + 1]; k++) gone.namespaces.add(base.namespaces[k].name);
    for (let k = s.workloads[i]; k < s.workloads[i + 1]; k++) gone.workloads.add(base.workloads[k].id);
    for (let k = s.policies[i]; k < s.policies[i + 1]; k++) gone.policies.add(base.policies[k].id);
    for (let k = s.services[i]; k < s.services[i + 1]; k++) gone.services.add(serviceKey(base.services[k]));
  }
  const held = record.keys;
  const seen = { objects: new Set<string>(), namespaces: new Set<string>(), workloads: new Set<string>(), policies: new Set<string>(), services: new Set<string>() };
  const apart = (key: string, part: keyof typeof seen, inBase: boolean) => {
    if (seen[part].has(key) || (inBase && !gone[part].has(key))) return false;
    seen[part].add(key);
    return true;
  };
  for (const d of fresh) {
    for (const key of d.objects) if (!apart(key, 'objects', held.objects.has(key))) return false;
    for (const n of d.model.namespaces) if (!apart(n.name, 'namespaces', held.namespaces.has(n.name))) return false;
    for (const w of d.model.workloads) if (!apart(w.id, 'workloads', held.workloads.has(w.id))) return false;
    for (const p of d.model.policies) if (!apart(p.id, 'policies', held.policies.has(p.id))) return false;
    for (const v of d.model.services) if (!apart(serviceKey(v), 'services', held.services.get(v.namespace)?.has(v.name) === true)) return false;
  }
  return true;
}

/** A Service's namespace and name as one string, unambiguous whatever either holds. */
const serviceKey = (s: Pick<Service, 'namespace' | 'name'>) => `${s.namespace.length}:${s.namespace}/${s.name}`;
