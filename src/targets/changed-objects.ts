/**
 * What the cluster models of a change remove, and what the other models' heads still deploy, for pods a
 * removed policy selected: what analysis/gone-pods.ts weighs beside a model's own sides. A policy and the Service
 * serving its pods may sit in different targets (real-eval 10 E, longhorn 6663b975: the example policy is in
 * the plain-manifests target, the Service in `deploy/longhorn.yaml`, a bundle analysed apart).
 *
 * Read from each model's sides as the analysis loads them (kustomizations rendered, namespaces placed), not
 * from the changed files' text: a Service or a policy that a kustomization stops listing is removed although
 * its own file is unchanged. An object is removed from a model when its base deploys it (kind, namespace,
 * name) and its head does not. Another model's head that still serves, makes, selects or names those pods
 * keeps their paths opened, as the model's own head does. Two models that each name their cluster, not the
 * same one, are no evidence for each other (a Service staging removes says nothing of production's pods).
 *
 * Cheap when no policy goes: models are loaded here only when some model's differing files name a policy kind
 * less often in head or hold a kustomization, and then only those whose files differ between sides (the loads
 * and renders are kept for the analysis that follows); a model whose sides are the same is loaded for what it
 * still deploys only when one of its files holds a label value some removed policy selects by.
 */
import type { ChangedObject, ChangedObjects } from '../analysis/gone-pods.js';
import { POLICY_KIND, requiredLabels } from '../analysis/gone-pods.js';
import type { Labels } from '../engine/model.js';
import { isKustomizationPath, kustomizationDirs } from '../kustomize/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests, namedDocumentsOf } from '../manifests/load.js';
import type { NamedDocument } from '../manifests/named-documents.js';
import { namedDocument } from '../manifests/named-documents.js';
import { differingBoth } from '../manifests/texts-by-path.js';
import { dirOf } from '../util/repo-paths.js';

/** One cluster model's files as analysed on each side, and the cluster it names, if any. */
export interface ModelFiles {
  readonly cluster?: string;
  readonly base: readonly ManifestFile[];
  readonly head: readonly ManifestFile[];
}

/**
 * For each model (same order): what it and the other models that may share its cluster remove, and what those
 * other models' heads hold for the removed policies' pods.
 */
export function changedObjects(models: readonly ModelFiles[]): ChangedObjects[] {
  const none: ChangedObjects = { removed: [], held: [] };
  // The kind's name also ends AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy.
  const count = (files: readonly ManifestFile[]) => files.reduce((n, f) => n + f.text.split('NetworkPolicy').length - 1, 0);
  const differing = models.map(differingFiles);
  // Some model may lose a policy: every model whose sides differ is read (the Service may go from another).
  if (!differing.some((d) => count(d.base) > count(d.head) || [...d.base, ...d.head].some((f) => isKustomizationPath(f.path)))) return models.map(() => none);
  const changed = differing.map((d) => d.base.length + d.head.length > 0);
  // A model of plain files only deploys what each file says: what it removes is in the files that differ
  // (loading the whole model on both sides cost a next push of the 10k bench a third of a second more).
  const plainRemovals = models.map((m, i) => (changed[i] && !hasKustomization(m, differing[i]) ? plainRemoved(m, differing[i]) : undefined));
  const heads = models.map((m, i) => (changed[i] && !plainRemovals[i] ? deployedObjects(m.head) : undefined));
  const removed = models.map((m, i) => {
    if (!changed[i]) return [];
    if (plainRemovals[i]) return plainRemovals[i]!;
    const head = new Set(heads[i]!.map(keyOf));
    return deployedObjects(m.base).filter((o) => !head.has(keyOf(o)));
  });
  // Label values the removed policies select by: what a head object must hold to refer to their pods.
  const values = new Set(removed.flat().flatMap((o) => (POLICY_KIND.test(o.kind) ? Object.values(o.selector ?? {}) : [])));
  if (values.size === 0) return models.map(() => none);
  const valueList = [...values];
  const mentioning = (m: ModelFiles) => m.head.filter((f) => valueList.some((v) => f.text.includes(v)));
  // An object that names a value is written in a file whose text holds it: a plain model's other files are not read.
  const held = models.map((m, i) => (heads[i] ?? (hasKustomization(m, differing[i]) ? (mentioning(m).length ? deployedObjects(m.head) : []) : deployedObjects(mentioning(m)))).filter((o) => namesAny(o, values)));
  return models.map((m, i) => {
    const shares = (j: number) => !(m.cluster !== undefined && models[j].cluster !== undefined && m.cluster !== models[j].cluster);
    // Its own removals too (kinds the engine does not read, a HelmRelease, are named here only); its own head is the analysis's.
    return { removed: removed.flatMap((r, j) => (shares(j) ? r : [])), held: held.flatMap((h, j) => (j !== i && shares(j) ? h : [])) };
  });
}

/**
 * Whether either side of a model holds a kustomization. Head's files are base's of the same path and text
 * and head's differing files: when base holds none, only those may (a warm process's next push hands the
 * very list of base files again, whose answer is kept, and a new list of head files: its ~10,000 paths of
 * the 10k bench are not gone through).
 */
function hasKustomization(m: ModelFiles, differing: { readonly head: readonly ManifestFile[] }): boolean {
  return holdsKustomization(m.base) || differing.head.some((f) => isKustomizationPath(f.path));
}

/**
 * Per list of files (weakly; a list is never changed once made): whether it holds a kustomization. A warm
 * process's next push hands this module the very list of base files again (targets/side-reuse.ts keeps each
 * side's unit files): base's ~20,000 paths of the 10k bench are then not gone through again.
 */
const kustomized = new WeakMap<readonly ManifestFile[], boolean>();

function holdsKustomization(files: readonly ManifestFile[]): boolean {
  let known = kustomized.get(files);
  if (known === undefined) kustomized.set(files, (known = files.some((f) => isKustomizationPath(f.path))));
  return known;
}

/**
 * What a model of plain files removes, read from its differing files: objects base's differing files define
 * that head's differing files do not, nor a file both sides share (read only where its text names one of them).
 */
function plainRemoved(m: ModelFiles, differing: { base: readonly ManifestFile[]; head: readonly ManifestFile[] }): ChangedObject[] {
  const head = new Set(deployedObjects(differing.head).map(keyOf));
  const gone = deployedObjects(differing.base).filter((o) => !head.has(keyOf(o)));
  if (gone.length === 0) return gone;
  const differs = new Set(differing.head.map((f) => f.path));
  const naming = m.head.filter((f) => !differs.has(f.path) && gone.some((o) => f.text.includes(o.name)));
  if (naming.length === 0) return gone;
  const stays = new Set(deployedObjects(naming).map(keyOf));
  return gone.filter((o) => !stays.has(keyOf(o)));
}

/** A model's files whose path and text are not on its other side. */
function differingFiles(m: ModelFiles): { base: readonly ManifestFile[]; head: readonly ManifestFile[] } {
  // Compared once per pair of lists: the analysis's untouched files are the same comparison (manifests/texts-by-path.ts).
  return differingBoth(m.base, m.head);
}

const keyOf = (o: ChangedObject) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** Whether an object's labels, selectors or name hold one of `values`. */
function namesAny(o: ChangedObject, values: ReadonlySet<string>): boolean {
  const holds = (l: Labels | undefined) => l !== undefined && Object.values(l).some((v) => values.has(v));
  return values.has(o.name) || holds(o.selector) || holds(o.podLabels) || (o.peers ?? []).some(holds);
}

/**
 * What one side of a model deploys, as loaded: its Services (selector), workloads (pod labels), NetworkPolicies
 * (podSelector and rule peers, as the labels each requires), and every other object of its plain files and
 * builds by kind, namespace and name (a HelmRelease too: kinds the engine does not read count as named objects).
 * A file a kustomization folder holds is deployed only as its build renders it.
 */
function deployedObjects(files: readonly ManifestFile[]): ChangedObject[] {
  const { cluster, renders } = loadManifests(files);
  const out: ChangedObject[] = [
    ...cluster.services.map((s) => ({ kind: 'Service', name: s.name, namespace: s.namespace, ...(s.selector ? { selector: s.selector } : {}) })),
    ...cluster.workloads.map((w) => ({ kind: w.kind, name: w.name, namespace: w.namespace, podLabels: w.podLabels })),
    ...cluster.policies.map((p) => {
      const peers = [...p.ingress, ...p.egress].flatMap((r) => (r.peers === 'any' ? [] : r.peers.flatMap((x) => (x.kind === 'pods' ? [requiredLabels(x.pods)] : []))));
      return { kind: 'NetworkPolicy', name: p.name, namespace: p.namespace, selector: requiredLabels(p.podSelector), ...(peers.length ? { peers } : {}) };
    }),
  ];
  const known = new Set(out.map(keyOf));
  const add = (o: ChangedObject | undefined) => {
    if (!o || known.has(keyOf(o))) return;
    known.add(keyOf(o));
    out.push(o);
  };
  const dirs = new Set(kustomizationDirs(new Map(files.map((f) => [f.path, f.text]))));
  const used = new Set(renders.flatMap((r) => [...r.used.keys()]));
  // Every object, kinds the loader does not model (a HelmRelease) too: a plain model calls this on its differing files only.
  for (const f of files) {
    if (used.has(f.path) || dirs.has(dirOf(f.path))) continue;
    // The loader's read of the text names them when this process holds it (a warm next push parses nothing here).
    for (const named of namedDocumentsOf(f)) add(placed(named, f));
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const r of renders) for (const o of r.objects) add(placed(namedDocument(o.value), byPath.get(r.file)));
  return out;
}

/** One named object placed as its file's target places it (the override, else as written, else the default). */
function placed(named: NamedDocument | undefined, file: ManifestFile | undefined): ChangedObject | undefined {
  if (!named) return undefined;
  const namespace = file?.overrideNamespace ?? named.namespace ?? file?.defaultNamespace;
  return { kind: named.kind, name: named.name, ...(namespace !== undefined ? { namespace } : {}) };
}
