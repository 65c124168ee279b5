/**
 * A NetworkPolicy of a cluster by its id (`namespace/name`), as `cluster.policies.find(p => p.id === id)`
 * gives it (the first of that id), from an index built once per policy list: explanations look policies up
 * per changed pair, and a linear search over thousands of policies per pair was a visible share of a diff.
 */
import type { Cluster, NetworkPolicy } from './model.js';

const indexes = new WeakMap<readonly NetworkPolicy[], ReadonlyMap<string, NetworkPolicy>>();

/** The first policy of `cluster.policies` whose id is `id`; undefined when there is none. */
export function policyById(cluster: Pick<Cluster, 'policies'>, id: string): NetworkPolicy | undefined {
  let index = indexes.get(cluster.policies);
  if (!index) {
    const map = new Map<string, NetworkPolicy>();
    for (const p of cluster.policies) if (!map.has(p.id)) map.set(p.id, p);
    indexes.set(cluster.policies, (index = map));
  }
  return index.get(id);
}
