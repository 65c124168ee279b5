/**
 * Which regions of label space a workload of the manifests represents, worked out once per analysis: a
 * diff asks it from the pair filter, the remainder of named ports, the reconciliation, the wider-region
 * pairs and the summary, and locating every workload of both sides costs more than all of them (so only
 * the namespaces asked about are located).
 */
import type { Cluster, RegionSet, Workload } from '../engine/index.js';

/** Membership of regions in a set of them (`has` alone: the set is worked out as it is asked). */
export type RegionMembership = Pick<ReadonlySet<number>, 'has'>;

interface Memo {
  /** Per workload object (head reuses base's objects for unchanged files): its region, `null` when unlocated. */
  readonly regionOf: WeakMap<Workload, number | null>;
  readonly represented: WeakMap<Cluster, WeakMap<Cluster, RegionMembership>>;
}

const memos = new WeakMap<RegionSet, Memo>();

function memoOf(regions: RegionSet): Memo {
  let memo = memos.get(regions);
  if (!memo) memos.set(regions, (memo = { regionOf: new WeakMap(), represented: new WeakMap() }));
  return memo;
}

/**
 * The region of a workload's pods (`RegionSet.locate` by its namespace and pod labels; undefined when the
 * bound cut the partition short), memoised per region set and workload object.
 */
export function regionOfWorkload(regions: RegionSet, w: Workload): number | undefined {
  const { regionOf } = memoOf(regions);
  let r = regionOf.get(w);
  if (r === undefined) regionOf.set(w, (r = regions.locate(w.namespace, w.podLabels) ?? null));
  return r ?? undefined;
}

/**
 * Regions holding a workload that exists on both sides (same id), in the same region on both: membership
 * by region index of `regions`, memoised per region set and pair of clusters. A workload's region is one
 * of its own namespace's (`locate` cuts each namespace on its own), so the workloads of a namespace are
 * located when one of its regions is first asked about: a diff asks about the regions at its pairs' ends,
 * a few namespaces' worth, not about every workload of both sides.
 */
export function representedRegions(regions: RegionSet, base: Cluster, head: Cluster): RegionMembership {
  const memo = memoOf(regions);
  const byHead = memo.represented.get(base) ?? memo.represented.set(base, new WeakMap()).get(base)!;
  let out = byHead.get(head);
  if (!out) byHead.set(head, (out = lazilyRepresented(regions, base, head)));
  return out;
}

function lazilyRepresented(regions: RegionSet, base: Cluster, head: Cluster): RegionMembership {
  // Per namespace, head's workloads that base has too (by id; a repeated id in base: its last one), with base's.
  let both: Map<string, [Workload, Workload][]> | undefined;
  const byNamespace = new Map<string, Set<number>>();
  const namespaceSet = (namespace: string): Set<number> => {
    let set = byNamespace.get(namespace);
    if (set) return set;
    if (!both) {
      const inBase = new Map(base.workloads.map((w) => [w.id, w]));
      both = new Map();
      for (const w of head.workloads) {
        const before = inBase.get(w.id);
        if (!before) continue;
        const list = both.get(w.namespace);
        if (list) list.push([w, before]);
        else both.set(w.namespace, [[w, before]]);
      }
    }
    set = new Set();
    for (const [w, before] of both.get(namespace) ?? []) {
      const r = regionOfWorkload(regions, w);
      if (r !== undefined && regionOfWorkload(regions, before) === r) set.add(r);
    }
    byNamespace.set(namespace, set);
    return set;
  };
  return {
    has: (r) => {
      const region = regions.regions[r];
      return region !== undefined && namespaceSet(region.namespace).has(r);
    },
  };
}
