/**
 * Class indices by their inputs. The same workloads and namespaces (the very same objects, in any
 * order) give the same classes, so an index built for one side serves another: a pull request that
 * changes only policies has head's workloads identical to base's (the loader hands head base's
 * unchanged documents), and a rollback candidate that reverts the workload changes has base's again.
 * Reusing the index reuses its memo of selector evaluations too. An index over regions extends the
 * workloads' own index (kept like one built without regions: peer-classes.ts `withRegions`), so the
 * next push of a pull request, whose regions are other objects, builds only the regions' classes. A
 * workloads' index for a list that holds a recent one's workloads and a few more (head after base, when
 * the change adds workloads) extends that one (peer-classes.ts `withWorkloads`): its classes keep their
 * numbers, so the policies compiled over it that reach no added class, and their rows, serve head too.
 *
 * Entries live only as long as their inputs: they are kept in WeakMaps by the RegionSet they were
 * built over (a RegionSet holds both sides' clusters and partitions, which a warm process must not
 * keep), or without regions by one object of their inputs, a few per key. Not by `WeakRef`: creating
 * or dereferencing one keeps its target alive until the current job ends (ECMAScript
 * AddToKeptObjects), and an analysis, its rollback search or a property run of thousands of cases is
 * one synchronous job, so every index ever built stayed alive until it returned (a property run at
 * FUZZ_RUNS=1500 ran out of heap, ~1.3 MB a case). A WeakMap keeps nothing past its key's life.
 */
import type { Namespace, Workload } from './model.js';
import type { ClassIndex } from './peer-classes.js';
import { addedParts, buildClassIndex, withRegions, withWorkloads } from './peer-classes.js';
import type { RegionSet } from './regions.js';

interface Entry {
  readonly namespaces: readonly Namespace[];
  readonly workloads: readonly Workload[];
  readonly index: ClassIndex;
  /** `workloads` as a set, made when another list is compared with it. */
  workloadSet?: ReadonlySet<Workload>;
}

/** A few recent indices per key: base, head and a rollback candidate of one diff. */
const RECENT = 4;
/** Indices built over regions, by their very RegionSet: one over regions never serves a call without them, nor one over other regions. */
const overRegions = new WeakMap<RegionSet, Entry[]>();
/** Indices built without regions, by `anchorOf` their inputs. */
const plain = new WeakMap<object, Entry[]>();
/** The key of inputs with neither workloads nor namespaces. */
const NO_INPUTS = {};

/** `buildClassIndex`, or an index already built from the same namespace and workload objects (and the same RegionSet). */
export function classIndexFor(namespaces: readonly Namespace[], workloads: readonly Workload[], regions?: RegionSet): ClassIndex {
  const anchor = regions ? undefined : anchorOf(namespaces, workloads);
  let recent = regions ? overRegions.get(regions) : plain.get(anchor!);
  if (!recent) {
    recent = [];
    if (regions) overRegions.set(regions, recent);
    else plain.set(anchor!, recent);
  }
  for (const e of recent) if (sameObjects(e.namespaces, namespaces) && sameWorkloads(e, workloads)) return e.index;
  // A recent index of these workloads but a few, extended by theirs (head after base, when the change adds
  // workloads; over regions, base's index over the same regions, so head shares what was compiled over it).
  // Else over regions: the workloads' index (kept without regions) extended by the regions' classes, so a warm
  // process's next push, whose regions are others, reuses the workloads' part of base's and head's.
  const index = extendedRecent(recent, namespaces, workloads) ?? (regions ? withRegions(classIndexFor(namespaces, workloads), regions) : buildClassIndex(namespaces, workloads));
  recent.unshift({ namespaces, workloads, index });
  recent.length = Math.min(recent.length, RECENT);
  return index;
}

/** At most this many added workloads make an extension rather than a fresh build. */
const MAX_ADDED = 64;

/**
 * `withWorkloads` of a recent index whose workloads are all in `workloads` (the same objects) with few
 * more, over the same namespace objects; undefined when none is, or when the added workloads would change
 * one of its classes (peer-classes.ts).
 */
function extendedRecent(recent: readonly Entry[], namespaces: readonly Namespace[], workloads: readonly Workload[]): ClassIndex | undefined {
  for (const e of recent) {
    const extra = workloads.length - e.workloads.length;
    if (extra <= 0 || extra > MAX_ADDED || addedParts(e.index) || !sameObjects(e.namespaces, namespaces)) continue;
    const known = (e.workloadSet ??= new Set(e.workloads));
    const added = workloads.filter((w) => !known.has(w));
    // Every workload of the entry is in the list (the lists hold distinct objects).
    if (added.length !== extra) continue;
    return withWorkloads(e.index, added, workloads);
  }
  return undefined;
}

/** Each list's workload with the least id (base's list is asked for every push of a warm process). */
const leastOf = new WeakMap<readonly Workload[], Workload>();

/** One object of the inputs, the same for the same objects in any order: the workload with the least id, else the namespace with the least name. */
function anchorOf(namespaces: readonly Namespace[], workloads: readonly Workload[]): object {
  const least = leastOf.get(workloads);
  if (least) return least;
  let workload: Workload | undefined;
  for (const w of workloads) if (workload === undefined || w.id < workload.id) workload = w;
  if (workload) {
    leastOf.set(workloads, workload);
    return workload;
  }
  let namespace: Namespace | undefined;
  for (const n of namespaces) if (namespace === undefined || n.name < namespace.name) namespace = n;
  return namespace ?? NO_INPUTS;
}

/** `sameObjects` for an entry's workloads, its set kept with it (most lists compared with it are another push's or candidate's). */
function sameWorkloads(e: Entry, workloads: readonly Workload[]): boolean {
  if (e.workloads.length !== workloads.length) return false;
  if (e.workloads === workloads) return true;
  const known = (e.workloadSet ??= new Set(e.workloads));
  return workloads.every((x) => known.has(x));
}

/** The same objects, as sets (lists of distinct objects: one per namespace name, one per workload id). */
function sameObjects<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  if (a === b) return true;
  const known = new Set<T>(a);
  return b.every((x) => known.has(x));
}
