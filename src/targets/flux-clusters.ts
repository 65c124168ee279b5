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

/**
 * `targets` with each Flux target that names no cluster given the cluster of its parent (the Flux target
 * whose path folder holds its controller object, as Flux's parent substitution finds it), followed up to
 * the first that names one. The trees whose roots name none, of two targets or more, are one cluster each,
 * named by the root (roots written in the same folder, `cluster-meta` and `cluster-apps` beside each other,
 * are one tree, named by that folder). A Flux target alone stays its own cluster. In place.
 */
export function inheritFluxClusters(targets: TargetSpec[]): void {
  const flux = targets.map((t, i) => [t, i] as const).filter(([t]) => t.origin === 'flux' && t.ref !== undefined);
  if (flux.length < 2) return;
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
  const trees = new Map<string, { roots: Set<number>; members: number[] }>();
  for (const [, i] of flux) {
    if (targets[i].cluster !== undefined) continue;
    const j = top(i);
    if (targets[j].cluster !== undefined) {
      targets[i] = { ...targets[i], cluster: targets[j].cluster };
      continue;
    }
    const folder = dirOf(targets[j].ref!.file);
    const tree = trees.get(folder) ?? trees.set(folder, { roots: new Set(), members: [] }).get(folder)!;
    tree.roots.add(j);
    tree.members.push(i);
  }
  const named = [...trees].filter(([, tree]) => tree.members.length >= 2).map(([folder, tree]) => ({ folder, tree, name: tree.roots.size === 1 ? ownName(targets[[...tree.roots][0]].name) : folder || '.' }));
  // Roots of several trees of one name (three clusters' `cluster-apps`, made unique as `cluster-apps#2`, `#3`):
  // each cluster is told by its folder too (`cluster-apps (kubernetes/network/flux)`), a reviewer cannot tell `#2`.
  const clashes = (name: string) => named.filter((n) => n.name === name).length > 1;
  for (const { folder, tree, name } of named) {
    const cluster = clashes(name) ? `${name} (${folder || '.'})` : name;
    for (const i of tree.members) targets[i] = { ...targets[i], cluster, fluxTree: true };
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
  if (!head.some((t) => t.fluxTree)) return [...head];
  const names = new Set(base.map((t) => t.name));
  return head.map((t) => {
    if (!t.fluxTree || names.has(t.name) || !listedByFailedParent(t, onBase)) return t;
    const { cluster: _cluster, fluxTree: _tree, ...rest } = t;
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
 * Whether base's text of a Flux target's file holds its Kustomization: a document of that kind and name
 * (`TargetController.name`), or one whose name is written with a variable (`${APP}`), which may be it.
 * A file base has without it is a Kustomization the change adds beside others in the file (real-eval 30,
 * soulwhisper/home-ops a5de1fb8c: `buzz-agent` added to `buzz/ks.yaml` took the app's Deployment and policy
 * from `buzz`, and read apart from its cluster, the move read as 66 paths closed and the paths of a new
 * cluster), not one base's failed parent build left unlisted.
 */
function kustomizationOnBase(text: string | undefined, t: TargetSpec): boolean {
  if (text === undefined) return false;
  const name = t.controller?.name ?? ownName(t.name);
  return parseDocuments(text, 'kubectl', false).some((doc) => {
    const v = doc.value;
    if (!isObject(v) || v.kind !== 'Kustomization' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) return false;
    const written = isObject(v.metadata) ? v.metadata.name : undefined;
    return typeof written !== 'string' || written === name || written.includes('${');
  });
}
