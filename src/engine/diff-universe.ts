/**
 * The diff's entries (diff.ts): head's workloads, then base's that head lacks, then the regions of label
 * space, each with its class on both sides; the entries of each class per side; the workloads one side
 * lacks. They depend only on the two sides' class indices, workload lists and regions, so they are kept:
 * a rollback confirmation diffs base against a reverted head whose workloads and namespaces are head's
 * very objects (the revert changed policies only), whose class index is then head's (class-index-reuse.ts),
 * and its diff over a few touched entries would otherwise rebuild all of this for every workload and region
 * of the cluster (10,000 workloads: some 11,000 entries, each looked up by id on both sides).
 */
import type { ClassIndex } from './peer-classes.js';
import type { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import type { Direction, Workload } from './model.js';
import type { PeerRef } from './peers.js';
import type { ClassMembers } from './class-members.js';
import { classMembers } from './class-members.js';
import type { Region, RegionSet } from './regions.js';
import { forgetTransposes } from './pair-table.js';
import { regionEntryId } from './touched.js';

/** A workload, or a region of label space (when both sides were computed with the same regions). */
export interface Entry {
  readonly id: string;
  readonly peer: PeerRef;
  readonly workload?: Workload;
  /** The entry's class on base and on head, -1 where it does not exist. */
  readonly base: number;
  readonly head: number;
  /** A region's `matchedSelectors` (its pairs' rank against the region pair bound); 0 for a workload. */
  readonly rank: number;
  /** The region, for a region entry. */
  readonly region?: Region;
}

/** What a diff of two sides knows before it looks at any pair. Never changed once made (shared by the diffs of the same sides). */
export interface DiffUniverse {
  readonly entries: readonly Entry[];
  readonly members: { readonly base: ClassMembers; readonly head: ClassMembers };
  /** Workloads head lacks (`removed`) and base lacks (`added`), in entry order. */
  readonly added: readonly Workload[];
  readonly removed: readonly Workload[];
  /** Per entry, whether its id is in `scope` (a fresh array). */
  marks(scope: ReadonlySet<string>): boolean[];
}

interface Kept {
  readonly regions: RegionSet | undefined;
  readonly baseWorkloads: readonly Workload[];
  readonly headWorkloads: readonly Workload[];
  readonly universe: DiffUniverse;
}

/** A few universes per pair of class indices (head's, then base's: held weakly, so they live no longer than both). */
let kept = new WeakMap<ClassIndex, WeakMap<ClassIndex, Kept[]>>();
const RECENT = 4;

/**
 * The universe of a diff of `base` and `head` over `regions`: one already made for the same class indices,
 * regions and workload lists (the very objects, in the same order) when there is one, else a new one.
 */
export function diffUniverse(base: Connectivity, head: Connectivity, regions: RegionSet | undefined): DiffUniverse {
  let byBase = kept.get(head.index);
  if (!byBase) kept.set(head.index, (byBase = new WeakMap()));
  let recent = byBase.get(base.index);
  if (!recent) byBase.set(base.index, (recent = []));
  const baseWorkloads = base.cluster.workloads;
  const headWorkloads = head.cluster.workloads;
  for (const k of recent) {
    if (k.regions === regions && sameList(k.baseWorkloads, baseWorkloads) && sameList(k.headWorkloads, headWorkloads)) return k.universe;
  }
  const universe = buildUniverse(base, head, regions);
  recent.unshift({ regions, baseWorkloads, headWorkloads, universe });
  recent.length = Math.min(recent.length, RECENT);
  return universe;
}

/** The same objects in the same order (a list is never changed once loaded, but a reverted cluster's is another array). */
function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function buildUniverse(base: Connectivity, head: Connectivity, regions: RegionSet | undefined): DiffUniverse {
  const entries = universe(base, head, regions);
  const members = { base: classMembers(entries, 'base', base.index.classes.length), head: classMembers(entries, 'head', head.index.classes.length) };
  // One pass, no array per entry (11k entries at 10k workloads).
  const added: Workload[] = [];
  const removed: Workload[] = [];
  for (const e of entries) {
    if (!e.workload) continue;
    if (e.base < 0) added.push(e.workload);
    if (e.head < 0) removed.push(e.workload);
  }
  // Each id's entry, made on the second scoped diff (a universe used once asks every entry, as cheap as
  // making the map); `null`: some id names two entries (then every entry is asked).
  let places: Map<string, number> | null | undefined;
  let asked = 0;
  const marks = (scope: ReadonlySet<string>): boolean[] => {
    if (asked++ === 0) return entries.map((e) => scope.has(e.id));
    if (places === undefined) {
      const built = new Map<string, number>();
      for (let i = 0; i < entries.length; i++) {
        if (built.has(entries[i].id)) break;
        built.set(entries[i].id, i);
      }
      places = built.size === entries.length ? built : null;
    }
    if (places === null || scope.size >= entries.length) return entries.map((e) => scope.has(e.id));
    const out = new Array<boolean>(entries.length).fill(false);
    for (const id of scope) {
      const i = places.get(id);
      if (i !== undefined) out[i] = true;
    }
    return out;
  };
  return { entries, members, added, removed, marks };
}

function universe(base: Connectivity, head: Connectivity, regions: RegionSet | undefined): Entry[] {
  // Head's workloads, then base's that head lacks; a repeated id keeps its first place and its last object.
  const entries: Entry[] = [];
  const at = new Map<string, number>();
  // A reverted head whose workloads are base's has base's very index (class-index-reuse.ts): one lookup then.
  const sameIndex = base.index === head.index;
  const entry = (workload: Workload): Entry => {
    const b = base.index.classOf.get(workload.id) ?? -1;
    return { id: workload.id, peer: workloadPeer(workload), workload, base: b, head: sameIndex ? b : (head.index.classOf.get(workload.id) ?? -1), rank: 0 };
  };
  for (const w of head.cluster.workloads) {
    const k = at.get(w.id);
    if (k === undefined) {
      at.set(w.id, entries.length);
      entries.push(entry(w));
    } else entries[k] = entry(w);
  }
  for (const w of base.cluster.workloads) {
    if (at.has(w.id)) continue;
    at.set(w.id, entries.length);
    entries.push(entry(w));
  }
  if (!regions) return entries;
  const { ids, peers } = regionPeers(regions);
  regions.regions.forEach((r, i) => entries.push({ id: ids[i], peer: peers[i], base: base.index.regionClasses[r.index].index, head: head.index.regionClasses[r.index].index, rank: r.matchedSelectors, region: r }));
  return entries;
}

/** Each workload's peer, one object per workload (peers are plain data: every diff may share them). */
const workloadPeers = new WeakMap<Workload, PeerRef>();

function workloadPeer(workload: Workload): PeerRef {
  let peer = workloadPeers.get(workload);
  if (!peer) workloadPeers.set(workload, (peer = { type: 'workload', workload }));
  return peer;
}

/**
 * A region as a pair end: named on first read (`RegionSet.nameOf`), and, where that name also holds other
 * regions, less those (`RegionSet.exceptOf`), so that the end is exactly its region.
 */
export function regionEnd(regions: RegionSet, index: number): PeerRef {
  return {
    type: 'pods',
    region: index,
    get peer() {
      return regions.nameOf(index);
    },
    get except() {
      const e = regions.exceptOf(index);
      return e.length > 0 ? e : undefined;
    },
  };
}

/** Per RegionSet, each region's entry id and peer, shared by the diffs over it (a push diffs several times). */
const regionPeersOf = new WeakMap<RegionSet, { readonly ids: readonly string[]; readonly peers: readonly PeerRef[] }>();

function regionPeers(regions: RegionSet): { readonly ids: readonly string[]; readonly peers: readonly PeerRef[] } {
  let known = regionPeersOf.get(regions);
  if (!known) {
    const ids = regions.regions.map((r) => regionEntryId(r.index));
    // Named on first use: only regions that end up in a report need a name.
    const peers = regions.regions.map((r) => regionEnd(regions, r.index));
    regionPeersOf.set(regions, (known = { ids, peers }));
  }
  return known;
}

export interface Block {
  readonly base: ConnectionSet | null;
  readonly head: ConnectionSet | null;
  readonly members: readonly number[];
}

/**
 * Blocks made for recent diffs over the same entries (a kept universe), with the defaults they were made
 * from: a diff whose sides' defaults are, class by class, the same sets (a rollback search's confirmations
 * against reverted heads that differ from head only in policies selecting nothing new) groups the entries alike.
 */
let keptBlocks = new WeakMap<readonly Entry[], { readonly direction: Direction; readonly base: readonly ConnectionSet[]; readonly head: readonly ConnectionSet[]; readonly blocks: readonly Block[] }[]>();
const RECENT_BLOCKS = 4;

/** The same set class by class (sets are interned: equal sets are mostly the very object). */
function sameSets(a: readonly ConnectionSet[], b: readonly ConnectionSet[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i].key !== b[i].key) return false;
  return true;
}

/** The entries grouped by their default in `direction` on each side (`null` where an entry does not exist), in order of first member. */
export function blocks(base: Connectivity, head: Connectivity, entries: readonly Entry[], direction: Direction): readonly Block[] {
  let recent = keptBlocks.get(entries);
  if (!recent) keptBlocks.set(entries, (recent = []));
  const b = base.defaults[direction];
  const h = head.defaults[direction];
  for (const k of recent) if (k.direction === direction && sameSets(k.base, b) && sameSets(k.head, h)) return k.blocks;
  const made = groupedBlocks(base, head, entries, direction);
  recent.unshift({ direction, base: b, head: h, blocks: made });
  recent.length = Math.min(recent.length, RECENT_BLOCKS);
  return made;
}

function groupedBlocks(base: Connectivity, head: Connectivity, entries: readonly Entry[], direction: Direction): Block[] {
  const groups = new Map<string, { base: ConnectionSet | null; head: ConnectionSet | null; members: number[] }>();
  entries.forEach((e, i) => {
    const b = e.base >= 0 ? base.defaults[direction][e.base] : null;
    const h = e.head >= 0 ? head.defaults[direction][e.head] : null;
    const key = `${b?.key ?? '-'}|${h?.key ?? '-'}`;
    const g = groups.get(key);
    if (g) g.members.push(i);
    else groups.set(key, { base: b, head: h, members: [i] });
  });
  return [...groups.values()];
}

/** Forget every kept universe, block grouping and row transposition (benchmarks and tests: a cold diff). */
export function forgetKeptDiffs(): void {
  kept = new WeakMap();
  keptBlocks = new WeakMap();
  forgetTransposes();
}
