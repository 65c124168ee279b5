/**
 * An object defined more than once (same kind, namespace and name): `kubectl apply -f` applies every
 * copy in order, so the last one is what the cluster ends up with. Files are read in path order, as
 * `kubectl apply -f <folder>` walks them. Byte-identical copies (a `namespace.yaml` repeated in every
 * app folder) change nothing and are not worth a warning.
 */
import type { Cluster, NetworkPolicy, SourceRef } from '../engine/model.js';
import { workloadObjectKey } from '../engine/model.js';
import { ciliumObjectKey } from './kinds/cilium-policy.js';
import { calicoObjectKey } from './kinds/calico-policy.js';
import { objectText } from './describe-object.js';
import type { Diagnostic } from './diagnostics.js';
import type { DocumentModel, ManifestDocument } from './load.js';
import { documentLine } from './document-line.js';
import { FIRST_STAGE_NAMESPACES } from './first-stage-copies.js';

/**
 * For each object key, the index of the document holding its last copy the API server accepts. A map
 * with no key accepted twice is marked (`onlyCopies`): then no document shadows another, and neither
 * `shadowedObjects` nor `duplicateWarnings` needs to look (most builds: a 10k-workload side saves two
 * lookups per object).
 */
export function lastCopies(documents: readonly ManifestDocument[]): Map<string, number> {
  const last = new Map<string, number>();
  let accepted = 0;
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i];
    const objects = doc.objects;
    // Most documents reject nothing: no search of an empty list per key. Indexed: no iterator per document.
    if (doc.rejected.length === 0) {
      for (let k = 0; k < objects.length; k++) last.set(objects[k], i);
      accepted += objects.length;
    } else {
      for (let k = 0; k < objects.length; k++) {
        if (doc.rejected.includes(objects[k])) continue;
        last.set(objects[k], i);
        accepted++;
      }
    }
  }
  if (accepted === last.size) onlyCopies.add(last);
  return last;
}

/** Maps of `lastCopies` in which every accepted key occurs once (no copy replaces another). */
const onlyCopies = new WeakSet<ReadonlyMap<string, number>>();

/** The objects of document `i` that a later copy replaces (see `duplicateWarnings` for what is said of them). */
export function shadowedObjects(documents: readonly ManifestDocument[], i: number, last: ReadonlyMap<string, number>): ReadonlySet<string> {
  if (onlyCopies.has(last)) return NOTHING_SHADOWED;
  const doc = documents[i];
  // Most documents shadow nothing: they share one empty set instead of each allocating its own.
  let shadowed: Set<string> | undefined;
  for (const key of doc.objects) {
    const j = last.get(key);
    if (j === undefined || j === i || doc.rejected.includes(key)) continue;
    (shadowed ??= new Set()).add(key);
  }
  return shadowed ?? NOTHING_SHADOWED;
}

/**
 * One DUPLICATE_OBJECT warning per object whose copies differ (byte-identical ones change nothing), at the
 * copy that wins, naming every place a copy is written: one file a Kustomize build includes through several
 * kustomizations, each changing it (labels, a namespace), is one place said with its number of copies,
 * not a warning per copy. With one earlier copy the warning says what that copy did.
 */
export function duplicateWarnings(documents: readonly ManifestDocument[], last: ReadonlyMap<string, number>): Diagnostic[] {
  if (onlyCopies.has(last)) return [];
  const copies = new Map<string, number[]>();
  documents.forEach((doc, i) => {
    for (const key of doc.objects) if (!doc.rejected.includes(key) && last.get(key) !== i) (copies.get(key) ?? copies.set(key, []).get(key)!).push(i);
  });
  const out: Diagnostic[] = [];
  for (const [key, earlier] of copies) {
    const j = last.get(key)!;
    const winner = documents[j];
    const differing = earlier.filter((i) => !sameText(documents[i].text, winner.text));
    if (differing.length === 0) continue;
    out.push({ severity: 'warning', code: 'DUPLICATE_OBJECT', ...duplicateWarning(key, documents, earlier, differing, j), ref: at(winner) });
  }
  return out;
}

/** The warning's message and, for copies in several places, its parts (Diagnostic `duplicate`). */
function duplicateWarning(key: string, documents: readonly ManifestDocument[], earlier: readonly number[], differing: readonly number[], j: number): Pick<Diagnostic, 'message' | 'duplicate'> {
  const [kind, namespace, ...rest] = key.split('/');
  const object = `${kind} ${kind === 'Namespace' || namespace === '' ? rest.join('/') : `${namespace}/${rest.join('/')}`}`;
  // The warning stands at the last copy: `here`, never its own file:line again.
  const winner = where(at(documents[j]));
  const place = (i: number) => (where(at(documents[i])) === winner ? 'here' : where(at(documents[i])));
  const told = (earlierPlaces: readonly string[], ignored: string, message: string) => ({ message, duplicate: { object, earlier: earlierPlaces, ignored } });
  if (differing.length === 1) {
    const what = objectText(documents[differing[0]].model, key);
    const ignored = `the earlier copy${what ? `, which ${what},` : ''} is ignored`;
    return told([place(differing[0])], ignored, `${object} is defined more than once (${place(differing[0])} and here): kubectl apply keeps the last copy, this one, so it is analysed and ${ignored}`);
  }
  // Every copy's place in order, each once, with its number of copies (the last copy's place included).
  const counts = new Map<string, number>();
  for (const i of [...earlier, j]) counts.set(place(i), (counts.get(place(i)) ?? 0) + 1);
  const total = earlier.length + 1;
  const ignored = `the ${differing.length} earlier ones that differ from it are ignored`;
  if (counts.size === 1) return { message: `${object} is defined ${total} times by this document, which several kustomizations include and change (labels, a namespace …): kubectl apply keeps the last copy, which is analysed; ${ignored}` };
  // `here` last: the copy kept is the last one.
  const places = [...counts].sort(([a], [b]) => Number(a === 'here') - Number(b === 'here')).map(([p, n]) => (n === 1 ? p : `${p} ×${n}`));
  return told(places.slice(0, -1), ignored, `${object} is defined ${total} times (${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}): kubectl apply keeps the last copy, this one, so it is analysed and ${ignored}`);
}

/**
 * Where a copy is cited: its document's file:line; a document of the first-stage stream (first-stage-copies.ts), made up
 * of copies written elsewhere, at its Namespace's own document (the stream's source line).
 */
const at = (d: ManifestDocument): SourceRef => (d.file === FIRST_STAGE_NAMESPACES && d.model.namespaces[0]?.ref) || { file: d.file, line: documentLine(d) };

const NOTHING_SHADOWED: ReadonlySet<string> = new Set();

const where = (r: SourceRef) => `${r.file}:${r.line}`;

/** Byte-identical documents; a document's end may or may not carry the file's final newline. */
const sameText = (a: string, b: string) => a.trimEnd() === b.trimEnd();

/** The object a NetworkPolicy-tier part of another kind comes from (`Kind/namespace/name`, `Kind//name` cluster-scoped). */
function policyObjectKey(kind: NonNullable<NetworkPolicy['kind']>, name: string, namespace: string): string {
  if (kind === 'CalicoNetworkPolicy' || kind === 'CalicoGlobalNetworkPolicy') return calicoObjectKey({ kind, name, namespace });
  return ciliumObjectKey({ kind, name, namespace });
}

/** The model of a document without the objects named (by `Kind/namespace/name`). */
export function withoutObjects(m: DocumentModel, keys: ReadonlySet<string>): DocumentModel {
  const out = (key: string) => !keys.has(key);
  return { ...modelParts(m, out), unmodelled: m.unmodelled.filter((o) => out(o.key)), hostNetwork: m.hostNetwork, ...(m.clusterwide ? { clusterwide: m.clusterwide.filter((c) => out(c.object)) } : {}), ...(m.calico ? { calico: m.calico.filter((c) => out(c.key)) } : {}), ...(m.calicoTiers ? { calicoTiers: m.calicoTiers.filter((c) => out(c.key)) } : {}), ...(m.cidrGroups ? { cidrGroups: m.cidrGroups.filter((g) => out(g.key)) } : {}), ...(m.ciliumDeferred ? { ciliumDeferred: m.ciliumDeferred.filter((d) => out(d.key)) } : {}), ...(m.workloadRefs ? { workloadRefs: m.workloadRefs.filter((d) => out(d.key)) } : {}), ...(m.zeroReplicas ? { zeroReplicas: m.zeroReplicas.filter((z) => out(z.key)) } : {}), ...(m.objectGenerates ? { objectGenerates: m.objectGenerates.filter((g) => out(g.object)) } : {}), ...(m.otherObjects ? { otherObjects: m.otherObjects } : {}), ...(m.dragonflyOperatorVersions ? { dragonflyOperatorVersions: m.dragonflyOperatorVersions } : {}), ...(m.chartSources ? { chartSources: m.chartSources } : {}), ...(m.chartRefReleases ? { chartRefReleases: m.chartRefReleases.filter((r) => out(r.key)) } : {}) };
}

/** The parts of a model or cluster that hold objects by kind (what `objects` keys name). */
export type ModelParts = Pick<Cluster, 'namespaces' | 'workloads' | 'policies' | 'services' | 'ingressBackends'> & { readonly clusterPolicies?: Cluster['clusterPolicies'] };

/** `ModelParts` as lists of one's own. */
export type ObjectParts = Required<{ -readonly [K in keyof ModelParts]: NonNullable<ModelParts[K]>[number][] }>;

/** The objects of `m` whose `Kind/namespace/name` key `keep` accepts, in order. */
export function modelParts(m: ModelParts, keep: (key: string) => boolean): ObjectParts {
  return {
    namespaces: m.namespaces.filter((n) => keep(`Namespace/${n.name}/${n.name}`)),
    workloads: m.workloads.filter((w) => keep(workloadObjectKey(w))),
    policies: m.policies.filter((p) => keep(p.kind ? policyObjectKey(p.kind, p.name, p.namespace) : `NetworkPolicy/${p.id}`)),
    services: m.services.filter((s) => keep(`Service/${s.namespace}/${s.name}`)),
    ingressBackends: m.ingressBackends.filter((b) => keep(`Ingress/${b.namespace}/${b.ingress}`)),
    // Cluster-scoped: the key's namespace part is empty.
    clusterPolicies: (m.clusterPolicies ?? []).filter((p) => keep(p.kind === 'CiliumNetworkPolicy' || p.kind === 'CiliumClusterwideNetworkPolicy' ? ciliumObjectKey({ kind: p.kind, name: p.name }) : p.kind === 'CalicoNetworkPolicy' || p.kind === 'CalicoGlobalNetworkPolicy' ? `${p.kind}/${p.kind === 'CalicoGlobalNetworkPolicy' ? '/' : ''}${p.name}` : `${p.kind}//${p.name}`)),
  };
}

/** `model` (a document's or a cluster) with its object parts that `keep` accepts, then `parts` (objects it gains, e.g. base's versions). */
export function withParts<M extends ModelParts>(model: M, keep: (key: string) => boolean, parts: ObjectParts): M {
  return { ...model, ...joinedParts(modelParts(model, keep), parts) };
}

/** The parts of `a`, then those of `b`. */
function joinedParts(a: ObjectParts, b: ObjectParts): ObjectParts {
  return {
    namespaces: [...a.namespaces, ...b.namespaces],
    workloads: [...a.workloads, ...b.workloads],
    policies: [...a.policies, ...b.policies],
    services: [...a.services, ...b.services],
    ingressBackends: [...a.ingressBackends, ...b.ingressBackends],
    clusterPolicies: [...a.clusterPolicies, ...b.clusterPolicies],
  };
}
