/**
 * Class indices by their inputs. The same workloads and namespaces (the very same objects, in any
 * order) give the same classes, so an index built for one side serves another: a pull request that
 * changes only policies has head's workloads identical to base's (the loader hands head base's
 * unchanged documents), and a rollback candidate that reverts the workload changes has base's again.
 * Reusing the index reuses its memo of selector evaluations too. Entries are held weakly: an index
 * lives only as long as a connectivity uses it.
 */
import type { Namespace, Workload } from './model.js';
import type { ClassIndex } from './peer-classes.js';
import { buildClassIndex } from './peer-classes.js';
import type { RegionSet } from './regions.js';

interface Entry {
  readonly namespaces: WeakRef<readonly Namespace[]>;
  readonly workloads: WeakRef<readonly Workload[]>;
  /** Held weakly too: a RegionSet holds both sides' clusters and partitions, which a warm process must not keep. */
  readonly regions: WeakRef<RegionSet> | undefined;
  readonly index: WeakRef<ClassIndex>;
}

/** A few recent indices: base, head and a rollback candidate of one diff. */
const RECENT = 4;
const recent: Entry[] = [];

/** `buildClassIndex`, or an index already built from the same namespace and workload objects. */
export function classIndexFor(namespaces: readonly Namespace[], workloads: readonly Workload[], regions?: RegionSet): ClassIndex {
  for (const e of recent) {
    const index = e.index.deref();
    // An entry built with regions never serves a call without them (its RegionSet may be gone: deref() undefined).
    const sameRegions = e.regions === undefined ? regions === undefined : regions !== undefined && e.regions.deref() === regions;
    if (index && sameRegions && sameObjects(e.namespaces.deref(), namespaces) && sameObjects(e.workloads.deref(), workloads)) return index;
  }
  const index = buildClassIndex(namespaces, workloads, regions);
  recent.unshift({ namespaces: new WeakRef(namespaces), workloads: new WeakRef(workloads), regions: regions && new WeakRef(regions), index: new WeakRef(index) });
  recent.length = Math.min(recent.length, RECENT);
  return index;
}

/** The same objects, as sets (lists of distinct objects: one per namespace name, one per workload id). */
function sameObjects<T extends object>(a: readonly T[] | undefined, b: readonly T[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  if (a === b) return true;
  const known = new Set<T>(a);
  return b.every((x) => known.has(x));
}
