/**
 * How the concrete and the abstract views are reconciled in a diff. Regions of label space that hold a
 * workload present on both sides are represented by it: their pairs say what that workload's pairs
 * already say (the region behaves as the workload under every selector), so they are dropped, as are
 * pairs with a workload that exists on one side only. The pairs left have an end no workload represents (pods the
 * manifests do not hold); those named alike (the same abstract peer, `RegionSet.nameOf`) are merged,
 * their sets and reasons united. A represented region wider than its workload's own pods is also told as
 * the rule peer that admits it (`widerRegionPairs`, text and Markdown only).
 */
import type { AbstractPeer, Connectivity, PairDiff, PeerRef, RegionSet, Workload } from '../engine/index.js';
import { ConnectionSet, regionEnd } from '../engine/index.js';
import { NamedConns, conditionalKeys, decidedNames, exactConns, isEmptySelector, pairConns, peerId, peerNumbering, sortByPeers } from '../engine/index.js';
import type { MaskedEnd, MaskedLine } from './masked-lines.js';
import { changeSignature, endClasses, fullyMasked, maskedEnd, maskedLine } from './masked-lines.js';
import { PairMerger } from './merge-pairs.js';
import { NarrowerParts } from './narrower-for-some.js';
import { namedPortsDecide } from './named-port-use.js';
import { lineNames, peerExceptions, withExceptions } from './peer-exceptions.js';
import { plainRegion } from './plain-region.js';
import { regionOfWorkload, representedRegions } from './represented-regions.js';
import type { RuleNames } from './rule-namer.js';
import { ruleNamer } from './rule-namer.js';
import type { ExplainedPair, WiderPair } from './types.js';
import type { WiderEnd } from './wider-pair.js';
import { bothEnds, widerEnds } from './wider-pair.js';
import { createdNamespaceOpenings, createdNamespaces } from './namespace-lifecycle.js';

export { representedRegions } from './represented-regions.js';

/**
 * `reported(p)`: whether a pair of the diff can stay in the report (its abstract ends are not represented
 * by a workload, and neither end appeared or went away, unless it is a path the policies of a workload added in a
 * namespace the change creates open: `createdNamespaceOpenings`). The analysis asks it before explaining pairs,
 * so that pairs the report drops are never explained; `reconcileAbstract` applies it (again, unless the
 * caller says its pairs all passed: `() => true`).
 */
export function abstractPairFilter(regions: RegionSet, base: Connectivity, head: Connectivity): (p: PairDiff) => boolean {
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const representedEnd = (p: PeerRef) => p.type === 'pods' && p.region !== undefined && represented.has(p.region);
  const opensInCreated = createdNamespaceOpenings(createdNamespaces(base.cluster, head.cluster), () => head);
  return (p) => {
    const abstract = p.src.type === 'pods' || p.dst.type === 'pods';
    if (!abstract) return true;
    // The workload's own pair with the other end says the same, except where port names are involved toward
    // the region: its other pods may number a name differently (region-port-names.ts, representedRemainder).
    if (representedEnd(p.src) || (representedEnd(p.dst) && !p.namedPorts)) return false;
    // A workload that appeared or went away is reported by its concrete pairs; its reach among pods the
    // manifests do not hold is not a change of any policy (`list --exposure` shows it), except what the policies
    // of one added in a namespace the change creates admit (namespace-lifecycle.ts createdNamespaceOpenings).
    return (!p.peerChanges.src && !p.peerChanges.dst) || opensInCreated(p);
  };
}

/**
 * A pair toward a region a workload represents, kept because port names are involved (the region's other
 * pods may number a name differently from the workload): it says only what it adds to the pairs from the
 * same source to the workloads that represent the region (opened and closed minus theirs; base and head
 * lack what those pairs opened and closed of it too, so opened stays head less base and closed base less
 * head). `null`: it adds nothing. Other pairs are returned as they are.
 */
export function representedRemainder(regions: RegionSet, base: Connectivity, head: Connectivity, pairs: readonly PairDiff[]): (p: PairDiff) => PairDiff | null {
  const represented = representedRegions(regions, base.cluster, head.cluster);
  // What the workload pairs already say, per source and the region their destination workload sits in.
  const told = new Map<string, { opened: NamedConns; closed: NamedConns }>();
  for (const q of pairs) {
    if (q.dst.type !== 'workload') continue;
    const region = regionOfWorkload(regions, q.dst.workload);
    if (region === undefined || !represented.has(region)) continue;
    const k = `${endKey(q.src)}\u0000${region}`;
    const t = told.get(k) ?? { opened: NamedConns.NONE, closed: NamedConns.NONE };
    told.set(k, { opened: t.opened.union(exactConns(q, 'opened') ?? NamedConns.NONE), closed: t.closed.union(exactConns(q, 'closed') ?? NamedConns.NONE) });
  }
  return (p) => {
    if (p.dst.type !== 'pods' || p.dst.region === undefined || !represented.has(p.dst.region) || !p.namedPorts) return p;
    const t = told.get(`${endKey(p.src)}\u0000${p.dst.region}`);
    if (!t) return p;
    const [wasOpened, wasClosed] = [exactConns(p, 'opened') ?? NamedConns.NONE, exactConns(p, 'closed') ?? NamedConns.NONE];
    const opened = wasOpened.subtract(t.opened);
    const closed = wasClosed.subtract(t.closed);
    if (opened.isEmpty() && closed.isEmpty()) return null;
    // What the workload pairs tell leaves base and head too, so that the pair stays consistent: opened is
    // head less base and closed base less head (a JSON consumer reads them so), for the ports it speaks of.
    const byWorkloads = wasOpened.subtract(opened).union(wasClosed.subtract(closed));
    const base = (exactConns(p, 'base') ?? NamedConns.NONE).subtract(byWorkloads);
    const head = (exactConns(p, 'head') ?? NamedConns.NONE).subtract(byWorkloads);
    const field = (x: NamedConns) => (x.isEmpty() ? null : x.conn);
    const namedSets = { base, head, opened, closed };
    // Each name keeps the condition the diff gave it: taking out the numbers a workload's line tells is not
    // a numbered rule (`TCP grpc` less 9090 stays `TCP grpc`, not `TCP grpc (unless numbered 9090)`).
    const decided = { base: conditionalKeys(p.namedPorts.base), head: conditionalKeys(p.namedPorts.head) };
    const out = { ...p, base: field(base), head: field(head), opened: field(opened), closed: field(closed), namedPorts: decidedNames(namedSets, decided), namedSets };
    // What the region's pods are allowed whole, before the reduction (the JSON's `whole`): only where the sets as
    // written changed (a reduction of a name's exact ports alone writes the same `base` and `head`).
    const written = (x: PairDiff, f: 'base' | 'head') => JSON.stringify(pairConns(x, f)?.toJSON() ?? null);
    const reduced = written(out, 'base') !== written(p, 'base') || written(out, 'head') !== written(p, 'head');
    return reduced ? { ...out, whole: p.whole ?? { base: pairConns(p, 'base'), head: pairConns(p, 'head') } } : out;
  };
}

/** What the pairs of a region's representing workloads with one other end changed: one change for all, or 'mixed'. */
type WorkloadChange = { readonly opened: ConnectionSet; readonly closed: ConnectionSet } | 'mixed';
const NO_CHANGES: ReadonlyMap<number, WorkloadChange> = new Map();

/** A pair end as a key, a region by its index (naming a region is costly; only reported ones need it). */
function endKey(p: PeerRef): string {
  return p.type === 'pods' && p.region !== undefined ? `#${p.region}` : peerId(p);
}

/**
 * The report's pairs from the explained pairs of the diff, sorted (`sortByPeers`): those `reported` keeps,
 * abstract ends renamed after the rules that decide them and pairs of one name merged.
 */
export function reconcileAbstract(
  pairs: readonly ExplainedPair[],
  regions: RegionSet,
  base: Connectivity,
  head: Connectivity,
  reported: (p: PairDiff) => boolean = abstractPairFilter(regions, base, head),
): ExplainedPair[] {
  // Ends renamed after their policy's subject: the rule peers name what the rule admits, a subject names pods.
  const names: RuleNames = { subjects: new Set(), rulePeers: new Set() };
  const rename = ruleNamer(base, head, names);
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const kept = pairs.filter((p) => reported(p));
  const renamed = kept.map((p) => (p.src.type !== 'pods' && p.dst.type !== 'pods' ? p : rename(p)));
  const pairKey = pairKeys();
  const keys = renamed.map((p) => pairKey(p.src, p.dst));
  // A policy's subject names its regions only where the line speaks of all of them (every region it holds
  // that no workload represents): otherwise each region keeps its own exact name (RegionSet.nameOf).
  const lines = { src: new Map<number, Line>(), dst: new Map<number, Line>() };
  renamed.forEach((p, i) => {
    for (const end of ['src', 'dst'] as const) {
      const x = p[end];
      if (x.type !== 'pods' || x.region === undefined) continue;
      const line = lines[end].get(keys[i]) ?? lines[end].set(keys[i], { regions: new Set(), pairs: [] }).get(keys[i])!;
      line.regions.add(x.region);
      line.pairs.push(i);
    }
  });
  // Per subject, the regions it holds (heldBy looks at every region: once each).
  const heldOf = new Map<string, readonly number[]>();
  // What the pairs of the workloads that represent a region changed (its own pairs are not reported:
  // theirs tell it), per the workload's end and the other end, then per region: one change when all of
  // them changed alike, else 'mixed' (no line's change equals them all). Each line pair's map is looked up once.
  let byOtherEnd: Map<string, Map<number, WorkloadChange>> | undefined;
  const changesToward = (end: 'src' | 'dst', other: PeerRef): ReadonlyMap<number, WorkloadChange> => {
    if (!byOtherEnd) {
      byOtherEnd = new Map();
      for (const p of pairs) {
        for (const e of ['src', 'dst'] as const) {
          const x = p[e];
          // A workload that appeared or went away does not stand for its region (represented-regions.ts).
          const r = x.type === 'workload' && !p.peerChanges[e] ? regionOfWorkload(regions, x.workload) : undefined;
          if (r === undefined || !represented.has(r)) continue;
          const k = `${e}\u0000${endKey(p[e === 'src' ? 'dst' : 'src'])}`;
          const byRegion = byOtherEnd.get(k) ?? byOtherEnd.set(k, new Map()).get(k)!;
          const change = { opened: p.opened ?? ConnectionSet.NONE, closed: p.closed ?? ConnectionSet.NONE };
          const had = byRegion.get(r);
          if (had === undefined) byRegion.set(r, change);
          else if (had !== 'mixed' && !(had.opened.equals(change.opened) && had.closed.equals(change.closed))) byRegion.set(r, 'mixed');
        }
      }
    }
    return byOtherEnd.get(`${end}\u0000${endKey(other)}`) ?? NO_CHANGES;
  };
  const lineChanges = { src: new Map<number, ReadonlyMap<number, WorkloadChange>>(), dst: new Map<number, ReadonlyMap<number, WorkloadChange>>() };
  const workloadChange = (end: 'src' | 'dst', i: number, region: number): WorkloadChange | undefined => {
    let m = lineChanges[end].get(i);
    if (m === undefined) lineChanges[end].set(i, (m = changesToward(end, kept[i][end === 'src' ? 'dst' : 'src'])));
    return m.get(region);
  };
  // Which selectors of the change hold a region (masked-lines.ts): only regions alike under them are told by one line.
  let signatures: ((region: number, end: 'src' | 'dst') => string) | null | undefined;
  const changeSigs = () => (signatures === undefined ? (signatures = changeSignature(base, head)) : signatures);
  const same = (a: ConnectionSet | null | undefined, b: ConnectionSet | null | undefined) => (a ?? ConnectionSet.NONE).equals(b ?? ConnectionSet.NONE);
  // A region a workload represents speaks as the line does when, toward each of the line's other ends, the
  // workload's pair changed exactly as the line's pair with that end did, or did not change while both sides
  // allowed the line's numbers there (its pods had them already: the line then says some pods may have had
  // them). Returns those numbers (NONE when none), or null when the region does not.
  // The verdict depends on a pair's other end and change only: a line's pairs that share both (its regions
  // with one other end) are asked once, the first of them.
  const distinctPairs = (line: Line, end: 'src' | 'dst'): readonly number[] => {
    if (line.distinct) return line.distinct;
    const seen = new Set<string>();
    const other = end === 'src' ? 'dst' : 'src';
    return (line.distinct = line.pairs.filter((i) => {
      const p = kept[i];
      const k = `${endKey(p[other])}\u0000${(p.opened ?? ConnectionSet.NONE).key}\u0000${(p.closed ?? ConnectionSet.NONE).key}`;
      return !seen.has(k) && !!seen.add(k);
    }));
  };
  const representedAlike = (r: number, line: Line, end: 'src' | 'dst'): ConnectionSet | null => {
    let masked = ConnectionSet.NONE;
    for (const i of distinctPairs(line, end)) {
      const q = workloadChange(end, i, r);
      if (q !== undefined) {
        if (q === 'mixed' || !same(kept[i].opened, q.opened) || !same(kept[i].closed, q.closed)) return null;
        continue;
      }
      const other = kept[i][end === 'src' ? 'dst' : 'src'];
      const compared = maskedEnd(base, head, other);
      const change = (kept[i].opened ?? ConnectionSet.NONE).union(kept[i].closed ?? ConnectionSet.NONE);
      if (!compared || !fullyMasked(base, head, r, end, [compared], change)) return null;
      masked = masked.union(change);
    }
    return masked;
  };
  const speaksOfAll = (peer: AbstractPeer, line: Line, end: 'src' | 'dst') => {
    if (line.all === undefined) {
      const held = heldOf.get(peer.id) ?? heldOf.set(peer.id, regions.heldBy(peer)).get(peer.id)!;
      let told = ConnectionSet.NONE;
      const missing = held.filter((r) => {
        if (line.regions.has(r)) return false;
        const alike = represented.has(r) ? representedAlike(r, line, end) : null;
        if (alike) told = told.union(alike);
        return alike === null;
      });
      // A region the line lacks whose traffic with the line's other ends did not change, and which both
      // sides allow all of the line's change (another policy admits it too), is told by the line as well.
      const maskedToo = () => {
        const changeSig = changeSigs();
        if (!changeSig || line.pairs.some((i) => renamed[i].namedPorts)) return false;
        // The other ends as they were met (a region or a workload by its classes, or addresses); the line's change, numbers.
        const others = new Map<string, MaskedEnd>();
        let change = ConnectionSet.NONE;
        for (const i of line.pairs) {
          const other = kept[i][end === 'src' ? 'dst' : 'src'];
          const compared = maskedEnd(base, head, other);
          if (!compared) return false;
          others.set(endKey(other), compared);
          change = change.union(renamed[i].opened ?? ConnectionSet.NONE).union(renamed[i].closed ?? ConnectionSet.NONE);
        }
        const sigs = new Set([...line.regions].map((r) => changeSig(r, end)));
        if (!missing.every((r) => sigs.has(changeSig(r, end)) && fullyMasked(base, head, r, end, others.values(), change))) return false;
        line.masked = change.union(told);
        return true;
      };
      line.all = missing.length === 0 || maskedToo();
      if (line.all && missing.length === 0 && !told.isEmpty()) line.masked = told;
      // The subject's name speaks of its plain pods (plain-region.ts): a line those pods did not change
      // with, that tells them only as having had its ports already, while only label combinations with
      // other selectors changed (a redis policy admitting a client that the Dragonfly operator's policy,
      // selecting `app: dragonfly` alone, denied to redis pods also labelled `app=dragonfly`), would read as
      // their change. Its regions keep their exact names instead.
      if (line.all && line.masked && !line.masked.isEmpty()) {
        const plain = plainRegion(regions, peer);
        if (plain !== undefined && held.includes(plain) && !line.regions.has(plain)) {
          const alike = represented.has(plain) ? representedAlike(plain, line, end) : null;
          if (alike === null || !alike.isEmpty()) {
            line.all = false;
            line.masked = undefined;
          }
        }
      }
    }
    return line.all;
  };
  // A policy's subject names its regions only where the line speaks of all it holds. A rule peer names
  // them only where the regions were cut by its selectors (`holdsExactly`): a diff cuts label space
  // outside the namespaces its change reaches only by their peers, so the peer of an unchanged policy
  // elsewhere (`[namespace with {team=hello}]` admitting a new Namespace `hello-apps {team: hello}`) may
  // hold pods of regions it is not said to hold, whose traffic did not change (those namespaces were
  // admitted on both sides): the regions keep their exact names (`hello-apps/[all pods]`) instead.
  // An end that is its region's own name, with the names it takes out: a subject or rule peer whose
  // selectors read as the region's holding name (`ns2/[all pods]` for a region named `ns2/[all pods] (except
  // …)`) is not, and is checked as one.
  // Each region's own id (its name with the names it takes out) once: asked per end of every pair, twice.
  const ownIds = new Map<number, string>();
  const ownId = (region: number): string => {
    let id = ownIds.get(region);
    if (id === undefined) ownIds.set(region, (id = peerId(regionEnd(regions, region))));
    return id;
  };
  const ownName = (x: PeerRef): boolean => x.type === 'pods' && x.region !== undefined && x.peer.id === regions.nameOf(x.region).id && peerId(x) === ownId(x.region);
  const truthful = (p: ExplainedPair, i: number, end: 'src' | 'dst') => {
    const x = p[end];
    if (x.type !== 'pods' || x.region === undefined || ownName(x)) return true;
    if (!names.subjects.has(x.peer.id)) return regions.holdsExactly(x.peer);
    return speaksOfAll(x.peer, lines[end].get(keys[i])!, end);
  };
  const out: ExplainedPair[] = [];
  // Each abstract pair as named for the report, under its key (`whole`: both ends kept the names the rules gave).
  const truthfulNamed = renamed.map((p, i) => {
    if (p.src.type !== 'pods' && p.dst.type !== 'pods') return undefined;
    const [srcOk, dstOk] = [truthful(p, i, 'src'), truthful(p, i, 'dst')];
    if (srcOk && dstOk) return { pair: p, key: keys[i], whole: true };
    const q = { ...p, src: srcOk ? p.src : kept[i].src, dst: dstOk ? p.dst : kept[i].dst };
    return { pair: q, key: pairKey(q.src, q.dst), whole: false };
  });
  // A line named after a rule peer speaks of the peer's regions whose traffic changed as it says: the others are its exceptions (peer-exceptions.ts).
  const rulePeer = (p: PeerRef) => p.type === 'pods' && p.region !== undefined && !names.subjects.has(p.peer.id) && !ownName(p);
  const named = withExceptions(truthfulNamed, kept, rulePeer, peerExceptions(regions, base, head, represented), (e) => endClasses(base, head, e), pairKey);
  // A merged pair says its change of every pod its ends name: regions that a name would unite with another
  // change (a rule peer `[all pods]` opened on every port for some pods and on TCP 8080 for the rest)
  // keep their own exact names instead, so that no pair claims ports some of its pods do not get.
  const mixed = mixedKeys(named);
  // Mixed lines whose regions changed alike but for what other policies already allow some of them on
  // both sides: one line with the sets of the pods no other selector singles out (masked-lines.ts).
  const folded = new Map<number, MaskedLine>();
  if (mixed.size > 0) {
    const byKey = new Map<number, ExplainedPair[]>();
    for (const n of named) if (n && mixed.has(n.key)) (byKey.get(n.key) ?? byKey.set(n.key, []).get(n.key)!).push(n.pair);
    const rankOf = (e: PeerRef) => (e.type === 'pods' && e.region !== undefined ? (regions.regions[e.region]?.matchedSelectors ?? 0) : 0);
    for (const [key, group] of byKey) {
      const changeSig = changeSigs();
      if (!changeSig) break;
      const endSig = (e: PeerRef, end: 'src' | 'dst') => (e.type === 'pods' && e.region !== undefined ? changeSig(e.region, end) : peerId(e));
      const line = maskedLine(group, (p) => rankOf(p.src) + rankOf(p.dst), (p) => `${endSig(p.src, 'src')}\u0000${endSig(p.dst, 'dst')}`);
      if (line) folded.set(key, line);
    }
  }
  // A mixed line that no masked line folds splits by one end only where the other end's name holds for
  // each part: grouped by the kept name and the other end's exact name, every group with one change and
  // the kept name (an exact name, or a subject that speaks of all its regions in the group) true of it.
  // Of the two ends, the one giving fewer groups is kept; else both ends take their exact names.
  const regrouped = new Map<number, { key: number; exact: 'src' | 'dst' }>();
  const regroupedMasked = new Map<number, ConnectionSet>();
  if (mixed.size > folded.size) {
    const byKey = new Map<number, number[]>();
    named.forEach((n, i) => {
      if (n && mixed.has(n.key) && !folded.has(n.key)) (byKey.get(n.key) ?? byKey.set(n.key, []).get(n.key)!).push(i);
    });
    const sameChange = (a: ExplainedPair, b: ExplainedPair) =>
      (a.opened ?? ConnectionSet.NONE).equals(b.opened ?? ConnectionSet.NONE) && (a.closed ?? ConnectionSet.NONE).equals(b.closed ?? ConnectionSet.NONE);
    for (const list of byKey.values()) {
      let best: { keys: Map<number, number>; exact: 'src' | 'dst'; masked: Map<number, ConnectionSet>; groups: number } | undefined;
      for (const keep of ['src', 'dst'] as const) {
        const exact = keep === 'src' ? 'dst' : 'src';
        const groups = new Map<number, number[]>();
        const keys = new Map<number, number>();
        for (const i of list) {
          const k = keep === 'src' ? pairKey(named[i]!.pair.src, kept[i].dst) : pairKey(kept[i].src, named[i]!.pair.dst);
          keys.set(i, k);
          (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
        }
        const masked = new Map<number, ConnectionSet>();
        const holds = [...groups].every(([k, members]) => {
          const first = named[members[0]]!.pair;
          if (!members.every((i) => sameChange(named[i]!.pair, first) && JSON.stringify(named[i]!.pair.namedPorts ?? null) === JSON.stringify(first.namedPorts ?? null))) return false;
          const ends = members.map((i) => named[i]!.pair[keep]);
          const x = ends[0];
          if (x.type !== 'pods' || x.region === undefined) return true;
          const own = new Set(ends.map((e) => (e.type === 'pods' ? e.region : undefined)));
          // Only a subject (no exceptions) that speaks of all it holds in this group keeps its name; other
          // names (rule peers, a region's own name) fall back to exact names at both ends, as before.
          if (ends.some((e) => e.type !== 'pods' || e.region === undefined || e.except?.length) || !names.subjects.has(x.peer.id)) return false;
          const line: Line = { regions: new Set([...own].filter((r): r is number => r !== undefined)), pairs: members };
          if (!speaksOfAll(x.peer, line, keep)) return false;
          if (line.masked) masked.set(k, line.masked);
          return true;
        });
        if (holds && (!best || groups.size < best.groups)) best = { keys, exact, masked, groups: groups.size };
      }
      if (!best) continue;
      for (const [i, key] of best.keys) regrouped.set(i, { key, exact: best.exact });
      for (const [k, m] of best.masked) regroupedMasked.set(k, (regroupedMasked.get(k) ?? ConnectionSet.NONE).union(m));
    }
  }
  const merged = new PairMerger<number>();
  // What each merged pair's members changed, for those whose port names differ from the line's (narrower-for-some.ts);
  // folded lines are told by `unchangedForSome` instead.
  const narrower = new NarrowerParts<number>();
  renamed.forEach((p, i) => {
    const n = named[i];
    if (!n) out.push(p);
    else if (!mixed.has(n.key) || folded.has(n.key)) {
      merged.add(n.key, n.pair);
      if (!folded.has(n.key)) narrower.add(n.key, n.pair, kept[i]);
    } else {
      const r = regrouped.get(i);
      if (r) merged.add(r.key, { ...n.pair, [r.exact]: kept[i][r.exact] });
      else merged.add(pairKey(kept[i].src, kept[i].dst), kept[i]);
    }
  });
  // Lines that also tell regions fully masked (speaksOfAll), by key: their change is unchanged for some pods.
  const maskedOf = new Map<number, ConnectionSet>();
  named.forEach((n, i) => {
    if (!n || !n.whole || (mixed.has(n.key) && !folded.has(n.key))) return;
    for (const end of ['src', 'dst'] as const) {
      const masked = lines[end].get(keys[i])?.masked;
      if (masked) maskedOf.set(n.key, (maskedOf.get(n.key) ?? ConnectionSet.NONE).union(masked));
    }
  });
  for (const [k, m] of regroupedMasked) maskedOf.set(k, (maskedOf.get(k) ?? ConnectionSet.NONE).union(m));
  const told = merged.entries().map(([key, p]) => {
    const line = folded.get(key);
    const masked = maskedOf.get(key);
    const parts = narrower.of(key, p);
    if (!line && !masked) return parts ? { ...p, narrowerForSome: parts } : p;
    // The pivot's sets are the line's: its whole sets too (a reduced pivot), else none.
    const sets = line ? { base: line.pivot.base, head: line.pivot.head, opened: line.pivot.opened, closed: line.pivot.closed, whole: line.pivot.whole } : {};
    const unchanged = (line?.unchangedForSome ?? ConnectionSet.NONE).union(masked ?? ConnectionSet.NONE).union(p.unchangedForSome ?? ConnectionSet.NONE);
    return { ...p, ...sets, unchangedForSome: unchanged, ...(parts ? { narrowerForSome: parts } : {}) };
  });
  const all = [...out, ...told];
  sortByPeers(all);
  return all;
}

/**
 * Keys under which pairs whose change differs would be merged: their opened or closed port numbers differ.
 * Pairs with the same change merge truthfully (their united base and head differ by exactly that change),
 * while pairs with different changes would claim the union of them for every pod. A pair whose change is
 * only in port names (pods that may define a name a rule now reaches by number) does not count: the merged
 * line tells names beside the numbers it lists, as `unitePairs` does.
 */
function mixedKeys(named: readonly ({ readonly pair: ExplainedPair; readonly key: number } | undefined)[]): Set<number> {
  const first = new Map<number, ExplainedPair>();
  const mixed = new Set<number>();
  const empty = (c: ConnectionSet | null) => c === null || c.isEmpty();
  const same = (a: ConnectionSet | null, b: ConnectionSet | null) => (a ?? ConnectionSet.NONE).equals(b ?? ConnectionSet.NONE);
  for (const n of named) {
    if (!n || mixed.has(n.key) || (empty(n.pair.opened) && empty(n.pair.closed))) continue;
    const f = first.get(n.key);
    if (!f) first.set(n.key, n.pair);
    else if (!same(f.opened, n.pair.opened) || !same(f.closed, n.pair.closed)) mixed.add(n.key);
  }
  return mixed;
}

/** The pairs of one line (source and destination ids, after renaming), with the regions of one end. */
interface Line {
  readonly regions: Set<number>;
  /** Its pairs (indices into the kept and renamed pairs). */
  readonly pairs: number[];
  /** Whether they are all the regions the end's subject holds but those a workload represents whose pairs changed alike (set when asked), or the others are fully masked. */
  all?: boolean;
  /** Set when `all` holds only by regions fully masked: the line's change, which those pods were allowed on both sides. */
  masked?: ConnectionSet;
  /** Its pairs with distinct other ends and changes (the first of each), made when asked. */
  distinct?: readonly number[];
}

/** Ends numbered by id, at most this many (a diff's ends are its workloads, regions, address ranges and domains). */
const MAX_ENDS = 2 ** 26;

/**
 * A pair's key by its ends' ids, as a number (`src * MAX_ENDS + dst`, exact below 2^53): equal exactly when
 * both ids are. Per pair a number, not a string of two ids that each map then hashes (32k pairs at 10k);
 * the ends numbered by `peerNumbering`, which never hashes an end's id with its exceptions.
 */
function pairKeys(): (src: PeerRef, dst: PeerRef) => number {
  const number = peerNumbering();
  const numberOf = (p: PeerRef) => {
    const n = number(p);
    if (n >= MAX_ENDS) throw new Error(`more than ${MAX_ENDS} pair ends`);
    return n;
  };
  return (src, dst) => numberOf(src) * MAX_ENDS + numberOf(dst);
}

/**
 * Pairs whose workload ends sit in regions wider than the workloads' own pods (a region also holds pods
 * that differ in a label the workload has, which no workload stands for), seen as the rule peer that
 * admits (reaches) the region, or as the subject of the workload's own policy when it selects every pod of
 * the namespace: e.g. `ops/tool => db/pg` under a rule admitting namespace `ops` gives `ops/[all pods] =>
 * db/pg`, `today` naming `ops/tool`. The other end may be a workload or pods the manifests do not hold
 * (`mesh/gateway => apps/[pod with {component=registry}]` gives `mesh/[all pods] => …`): the region's own
 * pairs were dropped either way (`abstractPairFilter`). Both ends of a pair between such workloads are
 * renamed in one pair when what it says holds of every pod of both (`bothEnds`): `tenant-a/[all pods]
 * (tenant-a/web today) now admits tenant-b/[all pods] (tenant-b/client today)`, ingress as egress; else
 * each end in a pair of its own. Text and Markdown say so; the JSON keeps the workload's pair only (its
 * sets are the region's: the region behaves as the workload).
 */
export function widerRegionPairs(pairs: readonly ExplainedPair[], regions: RegionSet, base: Connectivity, head: Connectivity): WiderPair[] {
  const names: RuleNames = { subjects: new Set(), rulePeers: new Set() };
  const rename = ruleNamer(base, head, names);
  const represented = representedRegions(regions, base.cluster, head.cluster);
  const namesDecide = namedPortsDecide([base, head]);
  let exceptionsOf: ReturnType<typeof peerExceptions> | undefined;
  // Per workload (its region, namespace and labels decide): a workload is an end of many pairs.
  const wider = new Map<Workload, boolean>();
  const holdsMore = (workload: Workload, region: number) => {
    let h = wider.get(workload);
    if (h === undefined) wider.set(workload, (h = holdsOthers(regions, region, workload.namespace, workload.podLabels)));
    return h;
  };
  const out: WiderPair[] = [];
  for (const p of pairs) {
    const ends: WiderEnd[] = [];
    for (const end of ['src', 'dst'] as const) {
      const x = p[end];
      if (x.type !== 'workload') continue;
      // A workload that appeared or went away: its pair's change is its own, not its region's pods' (they were
      // there on both sides). A destination whose container port names a rule or Service names: the pair's
      // numbers are its own (named-port-use.ts).
      if (p.peerChanges[end] || (end === 'dst' && namesDecide(p.src, x.workload))) continue;
      const region = regionOfWorkload(regions, x.workload);
      if (region === undefined || !represented.has(region) || !holdsMore(x.workload, region)) continue;
      names.subjects.clear();
      names.rulePeers.clear();
      // Named only if read: a rule that decides the end names it, and an end no rule decides is not told.
      const asRegion: PeerRef = { type: 'pods', region, get peer() { return regions.nameOf(region); } };
      // The other end, abstract or not, keeps the name the report gave it: only this end is renamed here.
      const otherEnd = end === 'src' ? 'dst' : 'src';
      const atOther = p[otherEnd];
      const named = rename({ ...p, [end]: asRegion, [otherEnd]: atOther.type === 'pods' ? { ...atOther, region: undefined } : atOther })[end];
      // A rule peer (the other end's rule names the region), or the subject of the workload's own policy
      // when that policy selects every pod of the namespace (`podSelector: {}`: `tools/[all pods] (tools/rotator
      // today) may now send to …`, `tenant-a/[all pods] (tenant-a/web today) no longer admits …`, its pods the
      // manifests do not hold included, operator-made ones too). Not a narrower subject (`shop/[pod with
      // {app=payments}]` names the app its workload is), nor the region's own name where no rule decides
      // (isolation added or removed).
      if (named.type !== 'pods' || !(names.rulePeers.has(named.peer.id) || (names.subjects.has(named.peer.id) && wholeNamespace(named.peer)))) continue;
      // A rule peer the regions were not cut by may hold pods whose traffic did not change (reconcileAbstract
      // `truthful`): the region is told by its own exact name. One that was is told with its exceptions, as
      // the abstract line of the same peer, other end and change (peer-exceptions.ts).
      const own: PeerRef = regionEnd(regions, region);
      const other = endClasses(base, head, atOther);
      // Its port names asked too, as the abstract line's are (peer-exceptions.ts).
      const portNames = lineNames([p]);
      const line = other && { end, regions: new Set([region]), others: [other], otherEnds: [atOther], opened: p.opened ?? ConnectionSet.NONE, closed: p.closed ?? ConnectionSet.NONE, ...(portNames ? { named: portNames } : {}) };
      const ex = line && regions.holdsExactly(named.peer) ? (exceptionsOf ??= peerExceptions(regions, base, head, represented))(named.peer, line) : null;
      const told: PeerRef = ex === null || ex.detached.has(region) ? own : ex.except.length ? { ...named, except: ex.except } : named;
      // Exactly the region (its own name, or a peer that holds no other): the pair's sets are its pods' own.
      const exact = told === own || (told.type === 'pods' && !told.except?.length && sameRegions(regions.heldBy(named.peer), region));
      // The peer's pods the name tells that had some of the change on both sides: the line's hedge says so.
      const masked = told !== own && ex?.masked && !ex.masked.isEmpty() ? { masked: ex.masked } : {};
      ends.push({ end, told, workload: x.workload.id, exact, ...masked });
    }
    for (const renamed of bothEnds(ends)) {
      const pair = renamed.reduce<ExplainedPair>((q, e) => ({ ...q, [e.end]: e.told }), p);
      const masked = renamed.reduce((u, e) => (e.masked ? u.union(e.masked) : u), p.unchangedForSome ?? ConnectionSet.NONE);
      out.push({ ...pair, ...(masked.isEmpty() ? {} : { unchangedForSome: masked }), today: widerEnds(renamed) });
    }
  }
  return out;
}

/** Whether `held` (regions a peer holds) is `region` alone. */
const sameRegions = (held: readonly number[], region: number): boolean => held.length === 1 && held[0] === region;

/** `NS/[all pods]`: every pod of one namespace by name. */
function wholeNamespace(peer: AbstractPeer): boolean {
  return peer.namespace !== undefined && isEmptySelector(peer.podSelector);
}

/**
 * Does the region hold pods without one of `podLabels`, or with another value for it? A workload without
 * labels: does it hold labelled pods (a label no selector reads keeps a pod in its region, so it does
 * unless the bound cut the namespace short)? Its rule peer (`mesh/[all pods]`) then says more than the
 * workload, as for a labelled one beside it (mesh/[all pods] (mesh/gateway, mesh/once today)).
 */
function holdsOthers(regions: RegionSet, region: number, namespace: string, podLabels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(podLabels);
  if (keys.length === 0) return regions.locate(namespace, { [UNREAD_KEY]: 'x' }) === region;
  return keys.some((k) => {
    const { [k]: _dropped, ...without } = podLabels;
    return regions.locate(namespace, without) === region || regions.locate(namespace, { ...podLabels, [k]: `${podLabels[k]}-other\u0000` }) === region;
  });
}

/** A label key no selector reads (not a valid Kubernetes key). */
const UNREAD_KEY = 'reachdiff.invalid/\u0000unread';
