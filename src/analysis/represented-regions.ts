/**
 * Which regions of label space a workload of the manifests represents, computed once per analysis: a
 * diff asks it from the pair filter, the remainder of named ports, the reconciliation, the wider-region
 * pairs and the summary, and locating every workload of both sides costs more than all of them.
 */
import type { Cluster, RegionSet, Workload } from '../engine/index.js';

interface Memo {
  /** Per workload object (head reuses base's objects for unchanged files): its region, `null` when unlocated. */
  readonly regionOf: WeakMap<Workload, number | null>;
  readonly represented: WeakMap<Cluster, WeakMap<Cluster, ReadonlySet<number>>>;
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
 * Regions holding a workload that exists on both sides (same id), in the same region on both: a set of
 * region indices of `regions`, memoised per region set and pair of clusters (do not mutate it).
 */
export function representedRegions(regions: RegionSet, base: Cluster, head: Cluster): ReadonlySet<number> {
  const memo = memoOf(regions);
  const byHead = memo.represented.get(base) ?? memo.represented.set(base, new WeakMap()).get(base)!;
  let out = byHead.get(head);
  if (out) return out;
  const inBase = new Map(base.workloads.map((w) => [w.id, w]));
  const set = new Set<number>();
  for (const w of head.workloads) {
    const before = inBase.get(w.id);
    if (!before) continue;
    const r = regionOfWorkload(regions, w);
    if (r !== undefined && regionOfWorkload(regions, before) === r) set.add(r);
  }
  byHead.set(head, (out = set));
  return out;
}
