/**
 * Argo CD instances on several clusters: one Argo CD holds one object of a kind, namespace and name, so the
 * same Application or ApplicationSet (`argocd/apps`) defined in two folders (`clusters/a/`, `clusters/b/`,
 * each a cluster's Argo CD roots) is two Argo CDs, each on its own cluster. What each sends to its local
 * cluster (`in-cluster`, `https://kubernetes.default.svc`: Argo CD's "Declarative Setup", the cluster Argo CD
 * runs in) is then on that folder's cluster, not on one shared `in-cluster`: read as one, the second cluster's
 * Applications were `apps#2` beside the first's, their objects duplicates "kubectl apply keeps the last copy"
 * of, and a commit adding a whole cluster folder read as no change (real repositories 44, soerenschneider
 * 779d610). Single-instance repositories, where no such object is defined twice, are untouched.
 */
import type { ControllerObject } from './controller-objects.js';
import type { TargetSpec } from './types.js';
import { LOCAL_CLUSTER } from './cluster-secrets.js';
import { dirOf } from '../util/repo-paths.js';

/** The folder a controller object is defined in: the kustomization folder whose build renders it, else its file's folder. */
export function definingFolder(o: Pick<ControllerObject, 'ref' | 'via'>): string {
  return o.via ?? dirOf(o.ref.file);
}

/**
 * The folders of Argo CD instances, sorted: each folder defining an `Application` or `ApplicationSet` whose
 * kind, namespace and name another folder defines too. Empty when there is no such object.
 */
export function argoInstanceFolders(objects: readonly ControllerObject[]): string[] {
  const folders = new Map<string, Set<string>>();
  for (const o of objects) {
    if (o.kind !== 'Application' && o.kind !== 'ApplicationSet') continue;
    const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    (folders.get(key) ?? folders.set(key, new Set()).get(key)!).add(definingFolder(o));
  }
  return [...new Set([...folders.values()].filter((f) => f.size > 1).flatMap((f) => [...f]))].sort();
}

/** The cluster name of the local cluster of the Argo CD defined in `folder`: `in-cluster (clusters/a)`. */
export function instanceCluster(folder: string): string {
  return `${LOCAL_CLUSTER.name} (${folder || '.'})`;
}

/**
 * Argo CD targets sent to the local cluster (`in-cluster`) whose controller object is defined in one of
 * `instances` (argoInstanceFolders, this side's and the other side's) or below it, the deepest: given that
 * instance's cluster (`instanceCluster`). `folderOf`: the folder target `i`'s controller object is defined in. In place.
 */
export function localClustersByInstance(targets: TargetSpec[], instances: readonly string[], folderOf: (i: number) => string): void {
  if (instances.length === 0) return;
  targets.forEach((t, i) => {
    if (t.origin !== 'argocd' || t.cluster !== LOCAL_CLUSTER.name || t.ref === undefined) return;
    const folder = folderOf(i);
    const holder = instances.filter((f) => f === folder || f === '' || folder.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
    if (holder !== undefined) targets[i] = { ...t, cluster: instanceCluster(holder) };
  });
}
