/**
 * Config Sync's cluster selection: an object annotated `configsync.gke.io/cluster-name-selector: a,b`
 * applies only on the clusters so named, one annotated `configmanagement.gke.io/cluster-selector: NAME`
 * only on clusters whose labels (a `Cluster` object of `clusterregistry.k8s.io`, named like the cluster)
 * the `ClusterSelector` NAME matches; objects of a Namespace a cluster does not get are not applied
 * there either. Both need the cluster's name (Config Sync's `clusterName`), which the repository does not
 * hold: the clusters it names (Cluster objects, cluster-name-selector values) are each analysed as a
 * target of their own, `T (cluster NAME)`, the Config Sync placement keeping what applies there
 * (config-sync.ts). Only targets that read such objects are split, on the clusters of the Config Sync
 * source those objects belong to (config-sync-scopes.ts): a samples repository whose one sample names
 * clusters does not turn every other folder into those clusters (real-eval 9, C2).
 */
import type { Labels } from '../engine/model.js';
import { matches } from '../engine/selectors.js';
import { readLabelSelector } from './config-sync-selector.js';
import type { ConfigSyncScope } from './config-sync-scopes.js';
import { configSyncScopes, scopeClusterNames } from './config-sync-scopes.js';
import { kustomizationClosure } from './kustomizations.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { rootPaths } from './root-paths.js';
import type { SideIndex } from './target-files.js';
import type { Notice, TargetSpec } from './types.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

export { CLUSTER_NAME_ANNOTATION, CLUSTER_SELECTOR_ANNOTATION, clusterNames, stringLabels } from './config-sync-scopes.js';

/** One cluster a Config Sync repository names: its labels and, per ClusterSelector of the repository, whether it selects it. */
export interface ConfigSyncCluster {
  readonly name: string;
  readonly labels: Labels;
  /** ClusterSelector name → selects this cluster; `null`: the selector cannot be read. */
  readonly selectors: Readonly<Record<string, boolean | null>>;
  /** The target's name before it was split per cluster (absent: it kept its name and `cluster`). */
  readonly splitFrom?: string;
}

/**
 * Every target whose files hold a Config Sync cluster-selection object (a Cluster, a ClusterSelector, an
 * object with a cluster annotation) split into one per cluster its Config Sync source names
 * (config-sync-scopes.ts); a target with a `cluster` already keeps it as the cluster's name. Targets
 * without such objects are left as they are, and so is every target of a repository without cluster
 * annotations (no notice).
 */
export function splitByConfigSyncCluster(targets: readonly TargetSpec[], side: SideIndex): { targets: TargetSpec[]; notices: Notice[] } {
  // Cluster objects alone select nothing: only a source whose objects carry a cluster annotation splits targets.
  const scopes = configSyncScopes(side.files).filter((s) => s.annotated);
  if (scopes.length === 0) return { targets: [...targets], notices: [] };
  const out: TargetSpec[] = [];
  /** Per scope root, the targets analysed on its clusters. */
  const split = new Map<string, string[]>();
  for (const t of targets) {
    const includes = includedBy(t, side);
    const touched = scopes.filter((s) => [...s.files].some(includes));
    const names = [...new Set(touched.flatMap(scopeClusterNames))].sort();
    if (t.cluster !== undefined) out.push({ ...t, configSyncCluster: clusterOf(t.cluster, touched) });
    else if (names.length === 0) out.push(t);
    else for (const name of names) out.push(onCluster(t, { ...clusterOf(name, touched), splitFrom: t.name }));
    if (t.cluster === undefined) for (const s of touched) split.set(s.root, [...(split.get(s.root) ?? []), t.name]);
  }
  const notices = scopes.filter((s) => split.has(s.root)).map((s): Notice => {
    const names = scopeClusterNames(s);
    const source = s.root === '' ? 'the repository' : `the Config Sync source ${s.root}`;
    if (names.length === 0) return { code: 'CONFIG_SYNC', message: `Config Sync cluster selectors: ${source} names no cluster (no Cluster object, no cluster-name-selector), so objects with a cluster selector are analysed as applied nowhere` };
    const these = split.get(s.root)!;
    const rest = targets.length > these.length ? '; the other targets hold no cluster selection of it and are analysed alone' : '';
    const what = these.length === 1 && these[0] === s.root ? `${source} is analysed once per cluster it names` : `${these.join(', ')} ${these.length === 1 ? 'is' : 'are'} analysed once per cluster ${source} names`;
    return { code: 'CONFIG_SYNC', message: `Config Sync cluster selectors: ${what} (${names.join(', ')})${rest}; a cluster it does not name gets only the objects without a cluster selector, and is not analysed on its own` };
  });
  return { targets: out, notices };
}

/** A cluster with the labels and ClusterSelector verdicts of the scopes a target reads (a later scope wins a name both define). */
function clusterOf(name: string, scopes: readonly ConfigSyncScope[]): ConfigSyncCluster {
  const labels = scopes.reduce<Labels | undefined>((l, s) => s.clusters.get(name) ?? l, undefined) ?? {};
  const selectors: Record<string, boolean | null> = {};
  for (const s of scopes) {
    for (const [name, raw] of s.selectors) {
      const selector = readLabelSelector(raw);
      selectors[name] = selector ? matches(selector, labels) : null;
    }
  }
  return { name, labels, selectors };
}

/**
 * Whether a path is among the files a target reads, as far as its roots tell before anything is rendered:
 * a kustomization root's build (every file it reads), a file root, a folder root's files (its own only
 * when the target does not recurse).
 */
function includedBy(t: TargetSpec, side: SideIndex): (path: string) => boolean {
  const exact = new Set<string>();
  const folders: string[] = [];
  for (const root of t.roots) {
    for (const p of rootPaths(root, side.files)) {
      const k = side.kustomizations.get(p) ?? (isKustomizationPath(p) ? side.kustomizations.get(dirOf(p)) : undefined);
      if (k) for (const q of kustomizationClosure(k, side.kustomizations, side.files).consumed) exact.add(q);
      else if (side.files.byPath.has(p)) exact.add(p);
      else folders.push(p);
    }
  }
  const recurse = t.recurse !== false;
  return (path) => exact.has(path) || folders.some((f) => inFolder(path, f) && (recurse || dirOf(path) === f));
}

function onCluster(t: TargetSpec, cluster: ConfigSyncCluster): TargetSpec {
  return { ...t, name: `${t.name} (cluster ${cluster.name})`, cluster: cluster.name, configSyncCluster: cluster, why: `${t.why}, as Config Sync applies it on cluster ${cluster.name}` };
}

/**
 * Both sides split alike: where one side's target is split per cluster and the other side's target of
 * that name is not (the change adds or removes the target's last cluster annotation), the unsplit
 * one is split into the same clusters (it has no annotated object, so each copy is the whole target), so
 * each cluster is compared with itself instead of a target only one side has.
 */
export function alignConfigSyncClusters<B extends { readonly targets: readonly TargetSpec[] } | undefined, H extends { readonly targets: readonly TargetSpec[] }>(head: H, base: B): [H, B] {
  const align = <S extends { readonly targets: readonly TargetSpec[] }>(side: S, other: { readonly targets: readonly TargetSpec[] }): S => {
    const split = new Map<string, ConfigSyncCluster[]>();
    for (const t of other.targets) {
      const from = t.configSyncCluster?.splitFrom;
      if (from !== undefined) split.set(from, [...(split.get(from) ?? []), t.configSyncCluster!]);
    }
    if (split.size === 0 || !side.targets.some((t) => split.has(t.name) && !t.configSyncCluster)) return side;
    const targets = side.targets.flatMap((t) => (split.has(t.name) && !t.configSyncCluster ? split.get(t.name)!.map((c) => onCluster(t, { name: c.name, labels: {}, selectors: {}, splitFrom: t.name })) : [t]));
    return { ...side, targets };
  };
  if (base === undefined) return [head, base];
  return [align(head, base), align(base, head) as B];
}
