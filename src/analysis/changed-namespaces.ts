/**
 * The namespaces where head's cluster differs from base's, for head's findings to take base's where the change
 * does not reach (findings/unchanged-from.ts). A namespace is changed when its Namespace object, or the
 * sequence of its workloads, policies, Services or Ingress backends, differs: an element is unchanged when both
 * clusters hold that very object (the loader hands head the very objects of base's unchanged files; a re-read
 * object counts as changed even when equal, which only takes less of base's), and the unchanged elements must
 * keep their order. Every other cluster field (cluster-wide policies, the pod network, …) is cluster-wide:
 * compared as data with every position (head-side.ts `samePositioned`), any difference there, or a reordering,
 * and the answer is undefined (nothing of base's is taken).
 */
import type { Cluster } from '../engine/index.js';
import { samePositioned } from './head-side.js';

/** Cluster fields whose elements each belong to one namespace, with the namespace of an element. */
const NAMESPACED: Readonly<Record<string, (element: never) => string>> = {
  namespaces: (n: { readonly name: string }) => n.name,
  workloads: (w: { readonly namespace: string }) => w.namespace,
  policies: (p: { readonly namespace: string }) => p.namespace,
  services: (s: { readonly namespace: string }) => s.namespace,
  ingressBackends: (b: { readonly namespace: string }) => b.namespace,
};

/** Names of the namespaces whose objects differ between `base` and `head` (either side's); undefined when a cluster-wide field differs. */
export function changedNamespaces(base: Cluster, head: Cluster): ReadonlySet<string> | undefined {
  const changed = new Set<string>();
  const a = base as unknown as Readonly<Record<string, unknown>>;
  const b = head as unknown as Readonly<Record<string, unknown>>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    const namespaceOf = NAMESPACED[key];
    if (!namespaceOf) {
      if (!sameList(x, y)) return undefined;
    } else if (!Array.isArray(x) || !Array.isArray(y) || !namespacesApart(x, y, namespaceOf, changed)) return undefined;
  }
  return changed;
}

/**
 * Adds to `changed` the namespaces of the elements only one list holds (by identity: an element re-read with
 * the same content counts as changed, which only takes less of base's). False when the elements both hold are
 * in another order (a namespace's sequence may then differ with no element changed): the caller gives up.
 */
function namespacesApart(x: readonly unknown[], y: readonly unknown[], namespaceOf: (element: never) => string, changed: Set<string>): boolean {
  // The very same elements in the same order (a list of unchanged files' objects made anew): nothing apart.
  if (x.length === y.length && x.every((v, i) => v === y[i])) return true;
  const inX = membersOf(x);
  const inY = membersOf(y);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    if (!inY.has(x[i])) {
      changed.add(namespaceOf(x[i] as never));
      continue;
    }
    while (j < y.length && !inX.has(y[j])) changed.add(namespaceOf(y[j++] as never));
    // Both hold x[i]: the next element of y both hold must be it.
    if (y[j++] !== x[i]) return false;
  }
  for (; j < y.length; j++) if (!inX.has(y[j])) changed.add(namespaceOf(y[j] as never));
  return true;
}

/**
 * Each list's elements as a set, per list (held weakly; a cluster's list is never changed once made): base's
 * lists serve every push of a warm process, and a push's head's serve both its comparisons (with base, for
 * head's findings; as the last head, with the next push's), so each list is gone through into a set once,
 * not at every comparison (~10,000 policies and workloads a side on the 10k bench).
 */
const members = new WeakMap<readonly unknown[], ReadonlySet<unknown>>();

function membersOf(list: readonly unknown[]): ReadonlySet<unknown> {
  let set = members.get(list);
  if (!set) members.set(list, (set = new Set(list)));
  return set;
}

/** Equal element by element (identity, else as positioned data); two non-lists: as positioned data. */
function sameList(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (!Array.isArray(x) || !Array.isArray(y)) return samePositioned(x, y);
  return x.length === y.length && x.every((v, i) => v === y[i] || samePositioned(v, y[i]));
}
