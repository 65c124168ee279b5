/**
 * Which workloads a change between two clusters can touch. A pair's allowed traffic depends only on its
 * two ends (namespace and its labels, pod labels, named ports) and on the policies that select either
 * end as their subject. So a pair whose ends are both unchanged, and selected on both sides only by
 * unchanged policies, has the same traffic on both sides: the diff need only look at pairs with an end
 * in this set, and its cost follows the change instead of the cluster.
 *
 * Objects are compared by identity first (the loader hands head the very objects of base's unchanged
 * files), then by content without positions (a policy moved down a file allows the same traffic).
 */
import { AddressSet } from './address-set.js';
import type { Connectivity } from './connectivity.js';
import { byId, keyedChanges, repeatsKeys } from './keyed-changes.js';

/** Cluster fields this analysis follows; any other field that differs makes it give up (`null`). */
const TRACKED = new Set<string>(['namespaces', 'workloads', 'policies', 'clusterPolicies', 'services', 'ingressBackends', 'scopedPolicies']);

/**
 * Ids of the workloads whose pairs may differ between `base` and `head` (present on one side only,
 * changed, in a namespace whose labels changed, or a subject of a policy that changed on either side);
 * `null` when a change reaches beyond that (e.g. the pod network), so every pair must be compared.
 * Services and Ingresses are not followed: they only steer the ingress controller, which the diff
 * compares for every workload.
 */
export function touchedWorkloads(base: Connectivity, head: Connectivity): Set<string> | null {
  const a = base.cluster as unknown as Record<string, unknown>;
  const b = head.cluster as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!TRACKED.has(key) && !same(a[key], b[key])) return null;
  }
  const touched = new Set<string>();
  const changedNamespaces = new Set<string>();
  for (const [name, ns] of base.index.namespaces) {
    const other = head.index.namespaces.get(name);
    if (!other || !same(ns.labels, other.labels)) changedNamespaces.add(name);
  }
  for (const name of head.index.namespaces.keys()) if (!base.index.namespaces.has(name)) changedNamespaces.add(name);
  for (const id of changedIds(base.cluster.workloads, head.cluster.workloads, changedNamespaces)) touched.add(id);
  const subjects = (side: Connectivity, classes: readonly number[] | undefined) => {
    for (const c of classes ?? []) {
      const cls = side.index.classes[c];
      for (const w of cls.workloads) touched.add(w.id);
      // A region of label space (abstract peers) is a diff entry too, under this id (engine/diff.ts).
      if (cls.region) touched.add(regionEntryId(cls.region.index));
    }
  };
  for (const side of [base, head]) {
    for (const c of side.index.regionClasses) if (c.region!.known && changedNamespaces.has(c.namespace)) touched.add(regionEntryId(c.region!.index));
  }
  // Every NetworkPolicy-tier part evaluated: the loader's policies and the engine's copies of cluster-scoped
  // parts in the index's other namespaces (cluster-scope.ts; a part changed: its copies changed, and their
  // subjects, regions of namespaces the manifests do not hold, are touched as any subject is).
  for (const id of changedIds(base.policies, head.policies)) {
    subjects(base, base.compiled.subjectsOf.get(id));
    subjects(head, head.compiled.subjectsOf.get(id));
  }
  for (const id of changedIds(base.cluster.clusterPolicies ?? [], head.cluster.clusterPolicies ?? [])) {
    subjects(base, base.tiers.subjectsOf.get(id));
    subjects(head, head.tiers.subjectsOf.get(id));
  }
  return touched;
}

export function regionEntryId(region: number): string {
  return `~region${region}`;
}

/**
 * Lists by id, kept per list (the very array, never mutated once loaded): each rollback confirmation asks
 * about base's and head's lists again (rollback-confirm.ts), and about one reverted cluster's twice.
 */
const byIdOf = new WeakMap<readonly { readonly id: string }[], ReadonlyMap<string, { readonly id: string }>>();

function idMap<T extends { readonly id: string }>(xs: readonly T[]): ReadonlyMap<string, T> {
  let m = byIdOf.get(xs) as ReadonlyMap<string, T> | undefined;
  if (!m) {
    const built = new Map<string, T>();
    for (const x of xs) built.set(x.id, x);
    byIdOf.set(xs, (m = built));
  }
  return m;
}

/**
 * Ids defined on one side only, or defined differently (each base object against head's last of its id),
 * and every id of a namespace in `whole`. Without such namespaces and without repeated ids in `base`, by
 * `keyedChanges`, which aligns identical objects first: the rollback's confirmations compare head's and
 * base's lists with a reverted cluster's, which keeps most of head's very objects in order (100k workloads:
 * no Map of the reverted list and no lookup per object, every confirmation).
 */
function changedIds<T extends { readonly id: string; readonly namespace?: string }>(base: readonly T[], head: readonly T[], whole: ReadonlySet<string> = NO_NAMESPACES): string[] {
  const out: string[] = [];
  if (whole.size === 0 && !repeatsKeys(base, byId)) {
    keyedChanges(base, head, byId, sameModel, (x, y) => out.push((x ?? y)!.id));
    return out;
  }
  const h = idMap(head);
  const b = idMap(base);
  for (const x of base) {
    const other = h.get(x.id);
    if (!other || (x.namespace !== undefined && whole.has(x.namespace)) || !sameModel(x, other)) out.push(x.id);
  }
  for (const x of head) if (!b.has(x.id) || (x.namespace !== undefined && whole.has(x.namespace))) out.push(x.id);
  return out;
}

const NO_NAMESPACES: ReadonlySet<string> = new Set();

/** Equal for the engine: the same object, or the same content once positions (`ref`) are left out. */
export function same(x: unknown, y: unknown): boolean {
  return x === y || canonical(x) === canonical(y);
}

/**
 * Equal positions included: the same object, or the same content with every `ref` (file:line) equal.
 * What a report cites must be identical for a result computed from one to serve the other.
 */
export function identical(x: unknown, y: unknown): boolean {
  return x === y || canonical(x, true) === canonical(y, true);
}

let opaque = 0;

/**
 * `same` for the cluster's model objects (never mutated once loaded), each object's canonical text kept
 * while it lives: the rollback search compares base's very objects with each reverted cluster's, and a
 * reverted build's objects recur whenever its render is reused (re17-HomeLab 0d921485: 0.4 of 2.7 s in
 * the search stringified them again). An object holding an opaque part keeps its first text, which
 * equals no other object's, as before.
 */
function sameModel(x: object, y: object): boolean {
  return x === y || keptCanonical(x) === keptCanonical(y);
}

const canonicalOf = new WeakMap<object, string | undefined>();

function keptCanonical(v: object): string | undefined {
  if (canonicalOf.has(v)) return canonicalOf.get(v);
  const text = canonical(v);
  canonicalOf.set(v, text);
  return text;
}

function canonical(v: unknown, withRefs = false): string | undefined {
  return JSON.stringify(v, (key, value: unknown) => {
    // How a selector is written (PodPeer.namespaceSelectorWritten) is what a report quotes, not what the peer is.
    if ((key === 'ref' || key === 'namespaceSelectorWritten') && !withRefs) return undefined;
    if (typeof value === 'bigint') return `${value}n`;
    if (value instanceof AddressSet) return { intervals: value.intervals };
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const proto: unknown = Object.getPrototypeOf(value);
      // An object JSON cannot see into (a class with private state): never taken as equal to another.
      if (proto !== Object.prototype && proto !== null) return `\u0000opaque ${opaque++}`;
    }
    return value;
  });
}
