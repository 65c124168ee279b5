/**
 * A repository whose Flux targets form one cluster on each side, named differently on each: a restructure of
 * the repository's layout, not one cluster removed beside another added. The cluster of a Flux Kustomization that
 * names none by `kubeConfig` is named by the repository's layout (the `clusters/<name>/` folder of Flux's
 * bootstrap, else the tree of Kustomizations it belongs to: flux.ts, flux-clusters.ts); moving the Flux roots
 * renames it while the cluster the controllers run in stays. Read as a new cluster beside a removed one, every
 * path of the old closed and every path of the new opened, and a namespace-by-namespace migration (every app
 * under a new namespace, so no file and no object pairs the two) could not be told from replacing the cluster
 * (edgard/home-ops 5394ea04: the bootstrap tree `flux-system` became `cluster/flux`; wahooli/gitops-repo
 * 9d47dc4a: `cluster/` became `clusters/vm/`, some targets keeping their names). They are compared as one
 * cluster, under head's name with base's (`cluster/flux (was flux-system)`), with a note saying what the other
 * reading would be. Not when a side holds clusters of other kinds (named by `kubeConfig`, by Argo CD
 * destinations or by the configuration: real clusters), nor when a side holds two clusters or more.
 */
import type { Notice, TargetSpec } from './types.js';
import { escapeRegExp } from '../util/reg-exp.js';

/** Base's only cluster (`from`) taken as head's only one (`to`). */
export interface RenamedCluster {
  readonly from: string;
  readonly to: string;
}

/**
 * The rename, when each side's targets that have a cluster form one cluster named by the layout, the two names
 * differing, and some target of base's is not head's by name: targets of one name on both sides are one model
 * already (head's cluster), so when every one of base's is, nothing would read as removed and nothing is said.
 */
export function soleClusterRename(base: readonly TargetSpec[], head: readonly TargetSpec[]): RenamedCluster | undefined {
  const from = layoutCluster(base);
  const to = layoutCluster(head);
  if (from === undefined || to === undefined || from === to) return undefined;
  const headNames = new Set(head.map((t) => t.name));
  return base.some((t) => t.cluster === from && !headNames.has(t.name)) ? { from, to } : undefined;
}

/** `base` with the renamed cluster's targets on head's cluster (the others as they are). */
export function onRenamedCluster(base: readonly TargetSpec[], rename: RenamedCluster | undefined): readonly TargetSpec[] {
  return rename ? base.map((t) => (t.cluster === rename.from ? { ...t, cluster: rename.to } : t)) : base;
}

/** The model's name, `to (was from)`, for the model named after the renamed cluster; other names unchanged. */
export function renamedModelName(name: string, rename: RenamedCluster | undefined): string {
  return rename && name === rename.to ? `${rename.to} (was ${rename.from})` : name;
}

export function renamedClusterNotice(rename: RenamedCluster): Notice {
  return {
    code: 'CLUSTER_RENAMED',
    message: `Base's Flux targets form one cluster, ${rename.from}, and head's one cluster, ${rename.to}, each named by where the repository keeps its Flux roots: compared as one cluster whose roots the change moved. If ${rename.to} is another cluster, ${rename.from} is removed and every path of ${rename.to} is new`,
  };
}

/** A side's one cluster, when every target that has a cluster is a Flux target of it and the layout names it. */
function layoutCluster(side: readonly TargetSpec[]): string | undefined {
  const clusters = new Set(side.flatMap((t) => (t.cluster === undefined ? [] : [t.cluster])));
  if (clusters.size !== 1) return undefined;
  const [name] = clusters;
  const members = side.filter((t) => t.cluster === name);
  if (!members.every((t) => t.origin === 'flux')) return undefined;
  // Named by the layout: a tree of Kustomizations naming none, or the bootstrap folder (not a kubeConfig Secret of that name elsewhere).
  const folder = new RegExp(`(?:^|/)clusters/${escapeRegExp(name)}/`);
  return members.some((t) => t.fluxTree || (t.ref !== undefined && folder.test(t.ref.file))) ? name : undefined;
}
