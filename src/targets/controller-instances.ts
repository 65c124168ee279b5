/**
 * Controller instances on several clusters: one Argo CD, like one Flux, holds one object of a kind, namespace
 * and name, so the same controller object defined in two folders is two instances of that controller, each on
 * its own cluster (`clusters/a/`, `clusters/b/`, each a cluster's roots; `contrib/flux/<cluster>/`, each
 * rendering one Flux install whose sync Kustomization it patches to its cluster's path). Read as one, the
 * second cluster's targets were `apps#2` beside the first's in one model, their objects duplicates "kubectl
 * apply keeps the last copy" of, and a commit adding a whole cluster folder read as no change (real
 * repositories 44, soerenschneider 779d610). Single-instance repositories, where no such object is defined
 * twice, are untouched.
 *
 * Argo CD (`Application`, `ApplicationSet`): what each instance sends to its local cluster (`in-cluster`,
 * `https://kubernetes.default.svc`: Argo CD's "Declarative Setup", the cluster Argo CD runs in) is on that
 * folder's cluster, `in-cluster (clusters/a)`. Flux (`Kustomization`): a root that names no cluster
 * (flux-clusters.ts) is on its folder's cluster, `gitops-cluster (contrib/flux/a)`, and its tree with it.
 */
import type { ControllerObject } from './controller-objects.js';
import type { TargetSpec } from './types.js';
import { LOCAL_CLUSTER } from './cluster-secrets.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

/** The folder a controller object is defined in: the kustomization folder whose build renders it, else its file's folder. */
export function definingFolder(o: Pick<ControllerObject, 'ref' | 'via'>): string {
  return o.via ?? dirOf(o.ref.file);
}

/** The controllers whose instances are told apart by folder. */
export type InstanceController = 'argocd' | 'flux';

/** Per controller, the folders each defining an instance of it, sorted; a controller with none is absent. */
export type InstanceFolders = Readonly<Partial<Record<InstanceController, readonly string[]>>>;

/** The controller whose object each kind is. */
const CONTROLLER_OF: Readonly<Partial<Record<ControllerObject['kind'], InstanceController>>> = { Application: 'argocd', ApplicationSet: 'argocd', FluxKustomization: 'flux' };

/**
 * The folders of controller instances: for each controller, each folder defining an object of it (Argo CD:
 * `Application`, `ApplicationSet`; Flux: `Kustomization`) whose kind, namespace and name another folder
 * defines too. Empty when there is no such object. A Flux Kustomization counts only where a Flux applies it
 * (`fluxApplied`, `fluxApplies`): a copy left in an old folder no Flux path reaches is no second Flux.
 */
export function instanceFolders(objects: readonly ControllerObject[], fluxApplied: (o: ControllerObject) => boolean = () => true): InstanceFolders {
  const folders = new Map<string, { readonly controller: InstanceController; readonly in: Set<string> }>();
  for (const o of objects) {
    const controller = CONTROLLER_OF[o.kind];
    if (controller === undefined || (controller === 'flux' && !fluxApplied(o))) continue;
    const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    (folders.get(key) ?? folders.set(key, { controller, in: new Set() }).get(key)!).in.add(definingFolder(o));
  }
  const out: Partial<Record<InstanceController, string[]>> = {};
  for (const { controller, in: f } of folders.values()) if (f.size > 1) out[controller] = [...(out[controller] ?? []), ...f];
  for (const c of Object.keys(out) as InstanceController[]) out[c] = [...new Set(out[c])].sort();
  return out;
}

/**
 * Whether a Flux applies Flux Kustomization `o`, given the path folders of this side's Flux Kustomizations (`paths`,
 * '' the repository's top): its file is under one of them (a child; a bootstrap sync under its own path, which Flux
 * applies again), or a kustomization folder renders it (`via`: the folder an install applies, `flux bootstrap
 * --path`, each cluster's patch of one sync). A copy of a Kustomization in a folder neither reaches (an old folder
 * left behind) defines no instance, though read alone it is a root like one: which roots were bootstrapped is not
 * in the repository, but a copy of one is no Flux of its own.
 */
export function fluxApplies(paths: readonly string[]): (o: Pick<ControllerObject, 'ref' | 'via'>) => boolean {
  return (o) => o.via !== undefined || paths.some((p) => inFolder(o.ref.file, p));
}

/** The folders of `more` not among `own`, per controller; empty when there are none. */
export function instancesNotIn(more: InstanceFolders, own: InstanceFolders): InstanceFolders {
  const out: Partial<Record<InstanceController, readonly string[]>> = {};
  for (const c of Object.keys(more) as InstanceController[]) {
    const left = (more[c] ?? []).filter((f) => !(own[c] ?? []).includes(f));
    if (left.length) out[c] = left;
  }
  return out;
}

/** Both sets of folders, per controller, sorted. */
export function joinedInstances(a: InstanceFolders, b: InstanceFolders): InstanceFolders {
  const out: Partial<Record<InstanceController, readonly string[]>> = {};
  for (const c of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<InstanceController>) out[c] = [...new Set([...(a[c] ?? []), ...(b[c] ?? [])])].sort();
  return out;
}

/** Whether no controller has an instance folder. */
export function noInstances(folders: InstanceFolders): boolean {
  return Object.values(folders).every((f) => f === undefined || f.length === 0);
}

/** The cluster name of the local cluster of the Argo CD defined in `folder`: `in-cluster (clusters/a)`. */
export function instanceCluster(folder: string): string {
  return `${LOCAL_CLUSTER.name} (${folder || '.'})`;
}

/**
 * Argo CD targets sent to the local cluster (`in-cluster`) whose controller object is defined in one of
 * `instances` (instanceFolders' `argocd`, this side's and the other side's) or below it, the deepest: given that
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
