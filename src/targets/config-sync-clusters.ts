/**
 * Config Sync's cluster selection: an object annotated `configsync.gke.io/cluster-name-selector: a,b`
 * applies only on the clusters so named, one annotated `configmanagement.gke.io/cluster-selector: NAME`
 * only on clusters whose labels (a `Cluster` object of `clusterregistry.k8s.io`, named like the cluster)
 * the `ClusterSelector` NAME matches; objects of a Namespace a cluster does not get are not applied
 * there either. Both need the cluster's name (Config Sync's `clusterName`), which the repository does not
 * hold: the clusters it names (Cluster objects, cluster-name-selector values) are each analysed as a
 * target of their own, `T (cluster NAME)`, the Config Sync placement keeping what applies there
 * (config-sync.ts).
 */
import type { Labels } from '../engine/model.js';
import { matches } from '../engine/selectors.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { readLabelSelector } from './config-sync-selector.js';
import type { RepoFiles } from './repo-files.js';
import type { Notice, TargetSpec } from './types.js';

export const CLUSTER_NAME_ANNOTATION = 'configsync.gke.io/cluster-name-selector';
export const CLUSTER_SELECTOR_ANNOTATION = 'configmanagement.gke.io/cluster-selector';

/** One cluster a Config Sync repository names: its labels and, per ClusterSelector of the repository, whether it selects it. */
export interface ConfigSyncCluster {
  readonly name: string;
  readonly labels: Labels;
  /** ClusterSelector name → selects this cluster; `null`: the selector cannot be read. */
  readonly selectors: Readonly<Record<string, boolean | null>>;
  /** The target's name before it was split per cluster (absent: it kept its name and `cluster`). */
  readonly splitFrom?: string;
}

/** `a, b ,c` → `['a', 'b', 'c']` (the annotation's comma-separated cluster names). */
export function clusterNames(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Every target split into one per cluster the repository names, when some object of it selects
 * clusters; a target with a `cluster` already keeps it as the cluster's name. Unchanged (and no
 * notice) when no object carries a cluster annotation.
 */
export function splitByConfigSyncCluster(targets: readonly TargetSpec[], files: RepoFiles): { targets: TargetSpec[]; notices: Notice[] } {
  // Both annotations hold `gke.io/`: one scan of the files settles a repository without Config Sync cluster selection.
  if (!files.files.some((f) => f.text.includes('gke.io/'))) return { targets: [...targets], notices: [] };
  const candidates = files.files.filter((f) => /\.(ya?ml|json)$/.test(f.path) && (f.text.includes(CLUSTER_NAME_ANNOTATION) || f.text.includes(CLUSTER_SELECTOR_ANNOTATION) || f.text.includes('clusterregistry.k8s.io') || f.text.includes('ClusterSelector')));
  if (!candidates.some((f) => f.text.includes(CLUSTER_NAME_ANNOTATION) || f.text.includes(CLUSTER_SELECTOR_ANNOTATION))) return { targets: [...targets], notices: [] };
  const labelsOf = new Map<string, Labels>();
  const named = new Set<string>();
  const rawSelectors = new Map<string, unknown>();
  for (const f of candidates) {
    for (const d of parseDocuments(f.text, f.path.endsWith('.json'))) {
      const v = d.value;
      if (!isObject(v) || !isObject(v.metadata)) continue;
      const name = typeof v.metadata.name === 'string' ? v.metadata.name : undefined;
      const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : '';
      if (v.kind === 'Cluster' && apiVersion.startsWith('clusterregistry.k8s.io/') && name) labelsOf.set(name, stringLabels(v.metadata.labels));
      if (v.kind === 'ClusterSelector' && apiVersion.startsWith('configmanagement.gke.io/') && name) rawSelectors.set(name, isObject(v.spec) ? v.spec.selector : undefined);
      const annotations = isObject(v.metadata.annotations) ? v.metadata.annotations : {};
      const value = annotations[CLUSTER_NAME_ANNOTATION];
      if (typeof value === 'string') for (const n of clusterNames(value)) named.add(n);
    }
  }
  const names = [...new Set([...labelsOf.keys(), ...named])].sort();
  const clusterOf = (name: string): ConfigSyncCluster => {
    const labels = labelsOf.get(name) ?? {};
    const selectors: Record<string, boolean | null> = {};
    for (const [s, raw] of rawSelectors) {
      const selector = readLabelSelector(raw);
      selectors[s] = selector ? matches(selector, labels) : null;
    }
    return { name, labels, selectors };
  };
  const out: TargetSpec[] = [];
  for (const t of targets) {
    if (t.cluster !== undefined) out.push({ ...t, configSyncCluster: clusterOf(t.cluster) });
    else if (names.length === 0) out.push(t);
    else for (const name of names) out.push(onCluster(t, { ...clusterOf(name), splitFrom: t.name }));
  }
  const notices: Notice[] = [
    names.length
      ? {
          code: 'CONFIG_SYNC',
          message: `Config Sync cluster selectors: each target is analysed once per cluster the repository names (${names.join(', ')}); a cluster it does not name gets only the objects without a cluster selector, and is not analysed on its own`,
        }
      : { code: 'CONFIG_SYNC', message: 'Config Sync cluster selectors: the repository names no cluster (no Cluster object, no cluster-name-selector), so objects with a cluster selector are analysed as applied nowhere' },
  ];
  return { targets: out, notices };
}

function onCluster(t: TargetSpec, cluster: ConfigSyncCluster): TargetSpec {
  return { ...t, name: `${t.name} (cluster ${cluster.name})`, cluster: cluster.name, configSyncCluster: cluster, why: `${t.why}, as Config Sync applies it on cluster ${cluster.name}` };
}

/**
 * Both sides split alike: where one side's target is split per cluster and the other side's target of
 * that name is not (the change adds or removes the repository's last cluster annotation), the unsplit
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

/** `metadata.labels` as written, its string values only (a value of another type is not a label). */
export function stringLabels(raw: unknown): Labels {
  const out: Record<string, string> = {};
  if (isObject(raw)) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}
