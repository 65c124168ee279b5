/**
 * Which Config Sync source a cluster-selection object belongs to (real-eval 9, C2). A Config Sync
 * reconciler syncs one directory of a repository (RootSync/RepoSync `spec.git.dir`, the repository's root
 * by default) and knows only the `Cluster` objects, `ClusterSelector`s and cluster annotations it finds
 * there: the clusters one source names say nothing of another source's objects, nor of a kustomization
 * Config Sync never reads.
 *
 * - A hierarchical source lays its directory out as `system/` (a `Repo`), `clusterregistry/` (Cluster and
 *   ClusterSelector objects), `cluster/` and `namespaces/`: the folder holding `clusterregistry/` or
 *   `system/` is its root, and every such object under it belongs to it (the deepest root wins).
 * - An unstructured source's directory may be laid out any way and the repository does not say which it
 *   is: such objects outside every hierarchical root make one scope, the repository (root `''`), as a
 *   RootSync of the repository's root would read them.
 *
 * A target is analysed per cluster only when its files hold such an object, on the clusters of the
 * scopes those files belong to (config-sync-clusters.ts); a target without any is analysed alone.
 */
import type { Labels } from '../engine/model.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { RepoFiles } from './repo-files.js';
import { inFolder } from '../util/repo-paths.js';
import { hasFact, textFact } from './text-facts.js';

export const CLUSTER_NAME_ANNOTATION = 'configsync.gke.io/cluster-name-selector';
export const CLUSTER_SELECTOR_ANNOTATION = 'configmanagement.gke.io/cluster-selector';

/** One Config Sync source's cluster selection: what its Cluster objects, ClusterSelectors and annotations say. */
export interface ConfigSyncScope {
  /** The source's folder (`''`: the repository). */
  readonly root: string;
  /** Cluster name → its labels (a `Cluster` object of `clusterregistry.k8s.io`). */
  readonly clusters: ReadonlyMap<string, Labels>;
  /** Cluster names a `cluster-name-selector` annotation gives. */
  readonly named: ReadonlySet<string>;
  /** ClusterSelector name → its `spec.selector` as written. */
  readonly selectors: ReadonlyMap<string, unknown>;
  /** Whether some object carries a cluster annotation (without one, nothing selects clusters). */
  readonly annotated: boolean;
  /** The files holding any of these objects. */
  readonly files: ReadonlySet<string>;
}

/** `a, b ,c` → `['a', 'b', 'c']` (the annotation's comma-separated cluster names). */
export function clusterNames(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The cluster names a scope knows, sorted. */
export function scopeClusterNames(scope: ConfigSyncScope): string[] {
  return [...new Set([...scope.clusters.keys(), ...scope.named])].sort();
}

/** A file of a hierarchical source's `system/` and `clusterregistry/` folders: group 1 is the source's folder. */
const SYSTEM = /^(?:(.*)\/)?system\/[^/]+\.ya?ml$/;
const CLUSTER_REGISTRY = /^(?:(.*)\/)?clusterregistry\/[^/]+$/;

const scopesOf = new WeakMap<RepoFiles, ConfigSyncScope[]>();

/** A text that may hold a cluster annotation, a ClusterSelector or a Cluster object; asked once per file (text-facts.ts). */
const MAY_SELECT_CLUSTERS = textFact((text) => text.includes('gke.io/') || text.includes('clusterregistry.k8s.io'));

/**
 * The Config Sync scopes of one side, sorted by root; empty when no file holds a Cluster, a ClusterSelector
 * or a cluster annotation. Only a scope whose objects carry a cluster annotation selects clusters
 * (`annotated`); one without still names its clusters, so a source keeps its target when the change adds
 * its first annotation.
 */
export function configSyncScopes(files: RepoFiles): ConfigSyncScope[] {
  const known = scopesOf.get(files);
  if (known) return known;
  const found = findScopes(files);
  scopesOf.set(files, found);
  return found;
}

function findScopes(files: RepoFiles): ConfigSyncScope[] {
  // Both annotations and ClusterSelectors hold `gke.io/`, Cluster objects `clusterregistry.k8s.io`: one scan settles a repository without them.
  if (!files.files.some((f) => hasFact(f, MAY_SELECT_CLUSTERS))) return [];
  const candidates = files.files.filter((f) => /\.(ya?ml|json)$/.test(f.path) && (f.text.includes(CLUSTER_NAME_ANNOTATION) || f.text.includes(CLUSTER_SELECTOR_ANNOTATION) || f.text.includes('clusterregistry.k8s.io') || f.text.includes('ClusterSelector')));
  if (candidates.length === 0) return [];
  // Hierarchical roots: the folders holding `system/` with a Repo object or `clusterregistry/` with Cluster or ClusterSelector objects.
  const roots = new Set<string>();
  const rootOfLayout = (path: string, dir: RegExp) => {
    const m = dir.exec(path);
    return m ? m[1] ?? '' : undefined;
  };
  for (const f of files.files) {
    const system = rootOfLayout(f.path, SYSTEM);
    if (system !== undefined && f.text.includes('configmanagement.gke.io/') && parseDocuments(f.text, 'yaml').some((d) => isObject(d.value) && d.value.kind === 'Repo')) roots.add(system);
  }
  type Found = { clusters: Map<string, Labels>; named: Set<string>; selectors: Map<string, unknown>; annotated: boolean; files: Set<string> };
  const docs = candidates.map((f) => ({ f, docs: parseDocuments(f.text, 'kubectl') }));
  for (const { f, docs: ds } of docs) {
    const registry = rootOfLayout(f.path, CLUSTER_REGISTRY);
    if (registry !== undefined && ds.some((d) => isObject(d.value) && (d.value.kind === 'Cluster' || d.value.kind === 'ClusterSelector'))) roots.add(registry);
  }
  const sorted = [...roots].sort((a, b) => b.length - a.length);
  const rootOf = (path: string) => sorted.find((r) => inFolder(path, r)) ?? '';
  const scopes = new Map<string, Found>();
  for (const { f, docs: ds } of docs) {
    const root = rootOf(f.path);
    const s = scopes.get(root) ?? scopes.set(root, { clusters: new Map(), named: new Set(), selectors: new Map(), annotated: false, files: new Set() }).get(root)!;
    for (const d of ds) {
      const v = d.value;
      if (!isObject(v) || !isObject(v.metadata)) continue;
      const name = typeof v.metadata.name === 'string' ? v.metadata.name : undefined;
      const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : '';
      const annotations = isObject(v.metadata.annotations) ? v.metadata.annotations : {};
      const value = annotations[CLUSTER_NAME_ANNOTATION];
      const cluster = v.kind === 'Cluster' && apiVersion.startsWith('clusterregistry.k8s.io/');
      const selector = v.kind === 'ClusterSelector' && apiVersion.startsWith('configmanagement.gke.io/');
      const annotated = typeof value === 'string' || typeof annotations[CLUSTER_SELECTOR_ANNOTATION] === 'string';
      if (cluster && name !== undefined) s.clusters.set(name, stringLabels(v.metadata.labels));
      if (selector && name !== undefined) s.selectors.set(name, isObject(v.spec) ? v.spec.selector : undefined);
      if (typeof value === 'string') for (const n of clusterNames(value)) s.named.add(n);
      if (annotated) s.annotated = true;
      if (cluster || selector || annotated) s.files.add(f.path);
    }
  }
  return [...scopes].map(([root, s]) => ({ root, ...s })).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** `metadata.labels` as written, its string values only (a value of another type is not a label). */
export function stringLabels(raw: unknown): Labels {
  const out: Record<string, string> = {};
  if (isObject(raw)) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}
