/**
 * What stays the same from one push of a pull request to the next (a warm process, the same base side):
 * the basis on which explain-reuse.ts and diff-reuse.ts take results of the last push. A pair's traffic
 * and its explanation read only its two ends (namespace and its labels, pod labels, named ports, whether
 * each exists) and the policies that select either end, which live in the ends' namespaces
 * (NetworkPolicies) or are cluster-wide. So an end in a namespace where nothing changed between the two
 * heads — positions included, since reasons cite file:line — is as it was; regions of label space
 * (abstract peers) are matched by content, never by index, since the next push may cut them otherwise.
 */
import type { Cluster, PeerRef, Region, RegionSet } from '../engine/index.js';
import { identical } from '../engine/index.js';

export interface StableEnds {
  /** A workload of this namespace is as it was (it exists on both heads or on neither, unchanged). */
  workload(namespace: string): boolean;
  /** A region with this content is as it was (its namespace unchanged; parts of unknown namespaces: no namespace changed). */
  region(r: Region): boolean;
  /** Either of the above for a peer; addresses and DNS names always; the ingress controller never (Services steer it). */
  peer(p: PeerRef, regions: RegionSet | undefined): boolean;
}

/** The last answer per `before` cluster (the diff and the explanations of one push ask the same). */
const lastStable = new WeakMap<Cluster, { readonly after: Cluster; readonly ends: StableEnds | undefined }>();

/** Ends unchanged from `before` (the last push's head) to `after`; undefined when a change reaches every end (cluster-wide policies, the pod network). */
export function stableEnds(before: Cluster, after: Cluster): StableEnds | undefined {
  const known = lastStable.get(before);
  if (known?.after === after) return known.ends;
  const ends = compareEnds(before, after);
  lastStable.set(before, { after, ends });
  return ends;
}

function compareEnds(before: Cluster, after: Cluster): StableEnds | undefined {
  const changed = changedEndNamespaces(before, after);
  if (!changed) return undefined;
  const names = new Map(before.namespaces.map((n) => [n.name, n]));
  const namespacesKept = before.namespaces.length === after.namespaces.length && after.namespaces.every((n) => identical(names.get(n.name), n));
  const workload = (ns: string) => !changed.has(ns);
  const region = (r: Region) => (r.known ? !changed.has(r.namespace) : namespacesKept);
  return {
    workload,
    region,
    peer(p, regions) {
      switch (p.type) {
        case 'workload':
          return workload(p.workload.namespace);
        case 'pods': {
          const r = p.region === undefined ? undefined : regions?.regions[p.region];
          return r !== undefined && region(r);
        }
        case 'ingress-controller':
          return false;
        case 'external':
        case 'domain':
          return true;
      }
    },
  };
}

/**
 * `changedNamespaces(before, after, identical)` (engine/region-focus.ts): the namespaces where a
 * NetworkPolicy, workload, Service or Ingress backend differs (positions included) or the namespace's
 * labels do; null when cluster-wide policies (cluster-scoped parts included) or the pod network differ. Each list's objects by key are
 * kept with the list (weakly), so a push's head, grouped once as `after`, is not grouped again as the
 * next push's `before`; objects are compared by identity first (unchanged files give the very same ones),
 * and lists of the very same objects in the same order are not grouped at all.
 */
export function changedEndNamespaces(before: Cluster, after: Cluster): Set<string> | null {
  // Cluster-scoped NetworkPolicy-tier parts (a CiliumClusterwideNetworkPolicy) reach regions of namespaces the manifests do not hold too (engine/cluster-scope.ts).
  if (!identical(before.clusterPolicies ?? [], after.clusterPolicies ?? []) || !identical(before.scopedPolicies ?? [], after.scopedPolicies ?? []) || !identical(before.podNetwork, after.podNetwork)) return null;
  const changed = new Set<string>();
  const compare = <T extends { readonly namespace: string }>(a: readonly T[], b: readonly T[], key: (x: T) => string) => {
    // The very same objects in the same order (most lists of two heads: unchanged files): nothing changed.
    if (a === b || (a.length === b.length && a.every((v, i) => v === b[i]))) return;
    const x = groupedOnce(a, key);
    const y = groupedOnce(b, key);
    for (const [k, v] of x) {
      const w = y.get(k);
      if (w === undefined || !identical(v, w)) changed.add(v.namespace);
    }
    for (const [k, w] of y) if (!x.has(k)) changed.add(w.namespace);
  };
  compare(before.policies, after.policies, (p) => p.id);
  compare(before.workloads, after.workloads, (w) => w.id);
  compare(before.services, after.services, (s) => `${s.namespace}/${s.name}`);
  compare(before.ingressBackends, after.ingressBackends, (i) => `${i.namespace}/${JSON.stringify({ ...i, ref: undefined })}`);
  const labels = (c: Cluster) => new Map(c.namespaces.map((n) => [n.name, n.labels]));
  const [lb, la] = [labels(before), labels(after)];
  for (const name of new Set([...lb.keys(), ...la.keys()])) if (!identical(lb.get(name), la.get(name))) changed.add(name);
  return changed;
}

/** Objects of a cluster's list by key (the last of a key, as a Map built from the list keeps it), per list. */
const groupedLists = new WeakMap<readonly object[], Map<string, unknown>>();

function groupedOnce<T extends object>(xs: readonly T[], key: (x: T) => string): Map<string, T> {
  let byKey = groupedLists.get(xs) as Map<string, T> | undefined;
  if (!byKey) groupedLists.set(xs, (byKey = new Map(xs.map((x) => [key(x), x]))));
  return byKey;
}

/** Region contents per RegionSet (held weakly), shared by the diff and the explanations of one push. */
const contentsOf = new WeakMap<RegionSet, string[]>();

/**
 * Each region's content as a string, computed once per region when asked: what its evaluation reads
 * (namespace, representative namespace and pod labels). A part of the unknown namespaces is its labels
 * (its internal name `~ns<k>` is only its place in the list).
 */
export function regionContents(regions: RegionSet): (index: number) => string {
  const contents = contentsOf.get(regions) ?? [];
  contentsOf.set(regions, contents);
  return (i) => {
    const r = regions.regions[i];
    return (contents[i] ??= `${r.known ? r.namespace : '~'}\u0000${JSON.stringify(r.nsLabels)}\u0000${JSON.stringify(r.podLabels)}`);
  };
}
