/**
 * The cluster of a Flux Kustomization that names none (no `kubeConfig.secretRef`, not under a
 * `clusters/<name>/` folder: flux.ts). Flux reconciles a Kustomization into the cluster of the Flux that
 * applied it, and a Kustomization without `kubeConfig` applies its children into its own cluster, so every
 * Kustomization of one tree (a root and those its builds deploy, the flux-cluster-template layout's
 * `kubernetes/flux/cluster/ks.yaml` → `kubernetes/apps/<ns>/<app>/ks.yaml`) is one cluster. Analysed
 * apart, a namespace's default-deny (in the namespace layer's build) and its apps' allow rules (in each
 * app's build) never met: every allow read as isolating, a policy moved from one layer to the other read
 * as closing paths, and a Kyverno generator of default-deny in its own Kustomization went unsaid
 * (real-eval 22, webgrip/homelab-cluster). Semantics: Flux's Kustomization API reference (`spec.kubeConfig`:
 * "When not specified, the Kustomization reconciles into the cluster the controller runs in").
 */
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { TargetSpec } from './types.js';
import { deepestHolder } from './flux-parent-substitution.js';
import { dirOf } from '../util/repo-paths.js';
import { definingFolder } from './controller-instances.js';

/**
 * `targets` with each Flux target that names no cluster given the cluster of its parent (the Flux target
 * whose path folder holds its controller object, as Flux's parent substitution finds it), followed up to
 * the first that names one. The trees whose roots name none, of two targets or more, are one cluster each,
 * named by the root (roots written in the same folder, `cluster-meta` and `cluster-apps` beside each other,
 * are one tree, named by that folder). A Flux target alone stays its own cluster. Roots defined in a folder
 * of `instances` (the Flux instance folders of controller-instances.ts, this side's and the other's) are
 * one tree per such folder, not per the folder of their file, which the instances' roots share (each
 * folder renders one `flux/base/sync.yaml`), and roots defined below such a folder join its tree: each a cluster
 * of its own, a lone root too, named by the root its folder defines and the folder (`gitops (flux/a)`) on both sides
 * of a change, and marked `fluxInstance`. In place.
 */
export function inheritFluxClusters(targets: TargetSpec[], instances: readonly string[] = []): void {
  const flux = targets.map((t, i) => [t, i] as const).filter(([t]) => t.origin === 'flux' && t.ref !== undefined);
  if (flux.length < (instances.length ? 1 : 2)) return;
  const instanceFolders = new Set(instances);
  /**
   * The instance folder target `j` (a root) is defined in (the kustomization folder rendering it, else its file's), or
   * below, the deepest, if any: a root in a subfolder of a Flux's folder is that Flux's. The repository's top is an
   * instance folder of what it defines itself only, or every root would be on its cluster.
   */
  const instanceOf = (j: number): string | undefined => {
    const folder = definingFolder({ ref: targets[j].ref!, via: targets[j].parentBuild });
    if (instanceFolders.has(folder)) return folder;
    return instances.filter((f) => f !== '' && folder.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
  };
  const parent = new Map<number, number | undefined>(flux.map(([t, i]) => [i, fluxParentOf(t, flux)]));
  /**
   * The first target up `i`'s chain of parents that names a cluster, else the top of the chain. Kustomizations
   * that deploy each other (a root defined in a file below its child's path, the child in the root's) are a cycle:
   * its first target is the top for each of them, so they are one tree, not two of which one holds the root alone.
   */
  const top = (i: number): number => {
    const chain = [i];
    let j = i;
    for (let up = parent.get(j); targets[j].cluster === undefined && up !== undefined; up = parent.get(j)) {
      const at = chain.indexOf(up);
      if (at >= 0) return Math.min(...chain.slice(at));
      chain.push(up);
      j = up;
    }
    return j;
  };
  const trees = new Map<string, { folder: string; instance: boolean; roots: Set<number>; members: number[] }>();
  for (const [, i] of flux) {
    if (targets[i].cluster !== undefined) continue;
    const j = top(i);
    if (targets[j].cluster !== undefined) {
      const { fluxInstance } = targets[j];
      targets[i] = { ...targets[i], cluster: targets[j].cluster, ...(fluxInstance !== undefined ? { fluxInstance } : {}) };
      continue;
    }
    const instance = instanceOf(j);
    const folder = instance ?? dirOf(targets[j].ref!.file);
    const key = `${instance !== undefined ? 'instance' : 'file'}\0${folder}`;
    const tree = trees.get(key) ?? trees.set(key, { folder, instance: instance !== undefined, roots: new Set(), members: [] }).get(key)!;
    tree.roots.add(j);
    tree.members.push(i);
  }
  // An instance's tree is named by the roots its folder itself defines: one defined below joins it, and leaves its name as it was.
  const naming = (tree: { folder: string; instance: boolean; roots: Set<number> }) => {
    const own = tree.instance ? [...tree.roots].filter((j) => definingFolder({ ref: targets[j].ref!, via: targets[j].parentBuild }) === tree.folder) : [];
    return own.length ? own : [...tree.roots];
  };
  const named = [...trees.values()].filter((tree) => tree.instance || tree.members.length >= 2).map((tree) => {
    const roots = naming(tree);
    return { tree, name: roots.length === 1 ? ownName(targets[roots[0]].name) : tree.folder || '.' };
  });
  // Roots of several trees of one name (three clusters' `cluster-apps`, made unique as `cluster-apps#2`, `#3`):
  // each cluster is told by its folder too (`cluster-apps (kubernetes/network/flux)`), a reviewer cannot tell `#2`.
  // An instance's always is: its root is defined in other folders too, maybe only on the other side of the change.
  const clashes = (name: string) => named.filter((n) => n.name === name).length > 1;
  for (const { tree, name } of named) {
    const folder = tree.folder || '.';
    const cluster = (tree.instance || clashes(name)) && name !== folder ? `${name} (${folder})` : name;
    const mark = tree.instance ? { fluxInstance: tree.folder } : { fluxTree: true };
    for (const i of tree.members) targets[i] = { ...targets[i], cluster, ...mark };
  }
}

/** A target's name without the `#N` that tells apart targets of one name (discover.ts `uniqueName`). */
function ownName(name: string): string {
  return name.replace(/#\d+$/, '');
}

/** The index of the Flux target whose (one) path folder holds `t`'s controller object, the deepest such folder; never `t` itself. */
function fluxParentOf(t: TargetSpec, flux: readonly (readonly [TargetSpec, number])[]): number | undefined {
  const k = deepestHolder(t.ref!.file, flux.map(([p]) => (p === t || p.roots.length !== 1 ? undefined : p.roots[0])));
  return k === undefined ? undefined : flux[k][1];
}

/**
 * `head` with its tree-placed targets that are new only because base's build did not list them apart
 * again (no cluster): a child Kustomization whose document base's file has, rendered from a parent build
 * (`parentBuild`), yet no target of base. Its parent's build probably failed on base (Flux keeps what it
 * last applied), which parent-failed-on-base.ts tells of a model only head has; inside the tree's model
 * its paths would read as plainly opened. `onBase`: base's text of a file (undefined: base has none).
 */
export function apartWhenNewInTree(base: readonly TargetSpec[], head: readonly TargetSpec[], onBase: (path: string) => string | undefined): TargetSpec[] {
  // A Flux instance's root is on its folder's cluster whatever base built (controller-instances.ts); the children of its tree are as any tree's.
  const inTree = (t: TargetSpec) => t.fluxTree === true || (t.fluxInstance !== undefined && t.ref !== undefined && definingFolder({ ref: t.ref, via: t.parentBuild }) !== t.fluxInstance);
  if (!head.some(inTree)) return [...head];
  const names = new Set(base.map((t) => t.name));
  return head.map((t) => {
    if (!inTree(t) || names.has(t.name) || !listedByFailedParent(t, onBase)) return t;
    const { cluster: _cluster, fluxTree: _tree, fluxInstance: _instance, ...rest } = t;
    return rest;
  });
}

/**
 * Whether a Flux target base has no target of may be new only because its parent's build failed on base: rendered
 * from a parent build (`parentBuild`), its Kustomization document already in base's file (`kustomizationOnBase`).
 * Flux keeps what that parent last applied, so such a child probably ran all along (parent-failed-on-base.ts).
 * `onBase`: base's text of a file (undefined: base has none).
 */
export function listedByFailedParent(t: TargetSpec, onBase: (path: string) => string | undefined): boolean {
  return t.parentBuild !== undefined && t.ref !== undefined && kustomizationOnBase(onBase(t.ref.file), t);
}

/**
 * Whether base's text of a Flux target's file holds its Kustomization: a document of that kind, name and namespace
 * (`TargetController`; a document without a namespace may be it, as its build may set one), or one whose name or
 * namespace is written with a variable (`${APP}`), which may be it.
 * A file base has without it is a Kustomization the change adds beside others in the file (real-eval 30,
 * soulwhisper/home-ops a5de1fb8c: `buzz-agent` added to `buzz/ks.yaml` took the app's Deployment and policy
 * from `buzz`, and read apart from its cluster, the move read as 66 paths closed and the paths of a new
 * cluster), not one base's failed parent build left unlisted.
 */
function kustomizationOnBase(text: string | undefined, t: TargetSpec): boolean {
  if (text === undefined) return false;
  const name = t.controller?.name ?? ownName(t.name);
  const namespace = t.controller?.namespace;
  // A name or namespace written with a variable may be it; a namespace written as another is another Kustomization.
  const may = (written: unknown, value: string | undefined) => typeof written !== 'string' || value === undefined || written === value || written.includes('${');
  return parseDocuments(text, 'kubectl', false).some((doc) => {
    const v = doc.value;
    if (!isObject(v) || v.kind !== 'Kustomization' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) return false;
    const meta = isObject(v.metadata) ? v.metadata : {};
    return may(meta.name, name) && may(meta.namespace, namespace);
  });
}
