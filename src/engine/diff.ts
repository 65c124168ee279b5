/**
 * Base vs head: every ordered pair of peers whose allowed traffic differs, a workload with itself
 * included (traffic between its own pods: OUTPUT-CONTRACT "A workload's traffic to itself"). Pairs that are all-allowed on
 * both sides (neither end isolated) are never enumerated; candidates come from the two rule tables and
 * from the workloads whose isolation changed, so the work follows the change, not the cluster's square.
 */
import { ConnectionSet } from './connection-set.js';
import { sideConn, type Connectivity } from './connectivity.js';
import { domainConn, domainNames } from './domains.js';
import type { Labels, Workload } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import type { PeerRef } from './peers.js';
import { INGRESS_CONTROLLER, sortByPeers } from './peers.js';
import { overlay } from './piecewise.js';
import { touchedWorkloads } from './touched.js';
import { NamedConns } from './named-conns.js';
import type { ControllerNames } from './ingress-controller-names.js';
import { controllerNames } from './ingress-controller-names.js';
import { regionExternalNames } from './region-external-names.js';
import type { RegionNames } from './region-pair-names.js';
import { SAME_NAMES, regionNamedSets } from './region-pair-names.js';
import type { ClassMembers } from './class-members.js';
import type { Entry } from './diff-universe.js';
import { blocks, diffUniverse } from './diff-universe.js';
import { PairKeys } from './pair-keys.js';
import { MAX_VALUED_PAIRS, RegionPairBudget, defaultRegionPairs } from './region-pair-budget.js';
import type { RegionSet } from './regions.js';
import { knownNamespaces } from './regions.js';
import { changedRulePairs } from './changed-rule-pairs.js';

export { regionEnd } from './diff-universe.js';

export type WorkloadChange = 'added' | 'removed';

export interface PairDiff {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  /** `null`: no allowed traffic on that side (or the workload does not exist there). */
  readonly base: ConnectionSet | null;
  readonly head: ConnectionSet | null;
  readonly opened: ConnectionSet | null;
  readonly closed: ConnectionSet | null;
  /** Set when an end of the pair is a workload that exists on one side only. */
  readonly peerChanges: { readonly src?: WorkloadChange; readonly dst?: WorkloadChange };
  /**
   * Port names toward a destination whose container ports are unknown (a region: region-port-names.ts),
   * per field, sorted `PROTOCOL/name`; absent when no field has any. A field whose set is only names is
   * `ConnectionSet.NONE`, not null (pair-conns.ts `pairConns` gives the whole set).
   */
  readonly namedPorts?: PairNames;
  /**
   * The exact sets `namedPorts` is the public form of (per name, the ports a port of that name is allowed,
   * pair-conns.ts `exactConns`): set with `namedPorts` by the diff, so that merging pairs unites what each
   * really allows (a name gained only on numbers the merged line already has is then no longer listed).
   * Never rendered.
   */
  readonly namedSets?: PairNamedSets;
  /**
   * Set only on a pair toward a region a workload of the manifests represents whose `base` and `head` were
   * reduced by what that workload's own pair already says (analysis/abstract-pairs.ts `representedRemainder`):
   * everything the region's pods are allowed on each side, in the public form of `base` and `head` (port
   * names included), `null` where nothing. The JSON's `whole {base, head}` (new-user 39 #9).
   */
  readonly whole?: { readonly base: NamedConns | null; readonly head: NamedConns | null };
}

export interface PairNamedSets {
  readonly base: NamedConns;
  readonly head: NamedConns;
  readonly opened: NamedConns;
  readonly closed: NamedConns;
}

export interface PairNames {
  readonly base: readonly string[];
  readonly head: readonly string[];
  readonly opened: readonly string[];
  readonly closed: readonly string[];
}

export interface ConnectivityDiff {
  readonly pairs: readonly PairDiff[];
  readonly added: readonly Workload[];
  readonly removed: readonly Workload[];
  /** Set when the region pair bound (region-pair-budget.ts) left pairs with a region end uncompared: that bound. */
  readonly regionPairsCut?: number;
  /** The region pair bound the diff was held to (`maxRegionPairs`, else its default for the entries), cut or not. */
  readonly regionPairBound?: number;
}

export interface DiffOptions {
  /**
   * `false`: compare every pair from scratch. By default only pairs with an end the change touched are
   * compared (engine/touched.ts), which gives the same pairs at a cost that follows the change.
   */
  readonly scoped?: boolean;
  /**
   * The regions both sides were computed with (computeConnectivity's second argument): they become peers
   * of the diff too, `{type: 'pods', region}` named by `regions.nameOf`.
   */
  readonly regions?: RegionSet;
  /**
   * Only pairs with an end in this set (entry ids: workload ids, `regionEntryId` for regions), instead of
   * those with an end the change touched; the ingress controller's pairs are compared for every entry as
   * always. A caller that knows the diff outside the set (the rollback, from head's diff: pairs a revert
   * does not touch keep head's values) pays only for the pairs inside it.
   */
  readonly within?: ReadonlySet<string>;
  /** Pairs with a region end compared and kept at most (region-pair-budget.ts); by default `defaultRegionPairs` of the entries. */
  readonly maxRegionPairs?: number;
  /**
   * `false`: the pairs as they were met, not sorted (sorting names every region at an end). For callers
   * that only count pairs or keep a few: `sortByPeers` (stable) of any of them gives their order in the
   * sorted diff, since they were met in the same order.
   */
  readonly sorted?: boolean;
}

export function diffConnectivity(base: Connectivity, head: Connectivity, options: DiffOptions = {}): ConnectivityDiff {
  // Kept per pair of sides (diff-universe.ts): a rollback confirmation's reverted head is mostly head's very objects.
  const known = diffUniverse(base, head, options.regions);
  const { entries, members } = known;
  // `within` replaces the change's own scope (a pair with an end in each would be left out of their intersection).
  const scope = options.within ?? (options.scoped === false ? null : touchedWorkloads(base, head));
  const inScope = scope === null ? null : known.marks(scope);
  const pairs: PairDiff[] = [];
  let budget = new RegionPairBudget(options.maxRegionPairs ?? defaultRegionPairs(entries.length), entries.length * entries.length <= MAX_VALUED_PAIRS);
  // Pairs toward regions whose sets hold port names, keyed `s * entries + d` (region-pair-names.ts), and
  // the candidates; past the region pair bound, both again counting only changed pairs, then keeping the
  // most direct regions' pairs (region-pair-budget.ts).
  const listed: ListedCandidates = {};
  const changed = (reaches: ((s: number, d: number) => boolean) | null = null) => {
    const named = options.regions ? regionNamedSets(base, head, entries, members, inScope, budget) : new Map<number, RegionNames>();
    return { named, candidates: candidatePairs(base, head, entries, members, inScope, budget, named, listed, reaches) };
  };
  let { named, candidates } = changed();
  // Where the first pass's cut stands (too many entry pairs to value the candidates: MAX_VALUED_PAIRS), it is
  // done again meeting first the pairs a changed rule reaches (changed-rule-pairs.ts), so that the change's
  // own paths are kept before the bound cuts (Tsuguya/home-cluster 73827ab). A diff within the bound pays nothing.
  const reaches = budget.exhausted && !budget.valued && options.regions ? changedRulePairs(base.cluster, head.cluster, endLabels(base, head, entries)) : null;
  if (reaches) {
    named = new Map();
    candidates = new Float64Array(0);
    budget = new RegionPairBudget(budget.limit, false);
    ({ named, candidates } = changed(reaches));
  }
  while (budget.next()) {
    // The last pass's pairs go first: the next must not hold them beside its own.
    named = new Map();
    candidates = new Float64Array(0);
    ({ named, candidates } = changed());
  }
  const emit = (src: PeerRef, dst: PeerRef, b: ConnectionSet, h: ConnectionSet, changes: PairDiff['peerChanges'], names?: { base: NamedConns; head: NamedConns }) => {
    if (names) {
      emitNamed(pairs, src, dst, names.base, names.head, changes);
      return;
    }
    if (b.equals(h)) return;
    pairs.push({
      src,
      dst,
      base: orNull(b),
      head: orNull(h),
      opened: orNull(h.subtract(b)),
      closed: orNull(b.subtract(h)),
      peerChanges: changes,
    });
  };
  for (let k = 0; k < candidates.length; k++) {
    const key = candidates[k];
    const s = Math.floor(key / entries.length);
    const d = key - s * entries.length;
    const es = entries[s];
    const ed = entries[d];
    const b = sideConn(base, es.base, ed.base);
    const h = sideConn(head, es.head, ed.head);
    const names = named.get(key);
    if (names) named.delete(key);
    // Most candidates are unchanged: no pair, so no changes object either.
    else if (b.equals(h)) continue;
    if (names !== SAME_NAMES) emit(es.peer, ed.peer, b, h, changesOf(es, ed), names);
  }
  // Pairs whose numbers are the same on both sides but whose names may differ.
  for (const [key, names] of named) {
    if (names === SAME_NAMES) continue;
    const [es, ed] = [entries[Math.floor(key / entries.length)], entries[key % entries.length]];
    emit(es.peer, ed.peer, names.base.conn, names.head.conn, changesOf(es, ed), names);
  }
  entries.forEach((e, i) => externalPairs(base, head, e, emit, inScope === null || inScope[i]));
  const domains = [...new Set([...domainNames(base), ...domainNames(head)])].sort();
  entries.forEach((e, i) => {
    if (domains.length > 0 && (inScope === null || inScope[i])) domainPairs(base, head, e, domains, emit);
  });
  const added = [...known.added];
  const removed = [...known.removed];
  if (options.sorted !== false) sortByPeers(pairs);
  return { pairs, added, removed, regionPairBound: budget.limit, ...(budget.exhausted ? { regionPairsCut: budget.limit } : {}) };
}

function orNull(c: ConnectionSet): ConnectionSet | null {
  return c.isEmpty() ? null : c;
}

/** A pair toward a region with port names: compared and subtracted names included (NamedConns). */
function emitNamed(pairs: PairDiff[], src: PeerRef, dst: PeerRef, b: NamedConns, h: NamedConns, changes: PairDiff['peerChanges']): void {
  if (b.equals(h)) return;
  const opened = h.subtract(b);
  const closed = b.subtract(h);
  const field = (x: NamedConns) => (x.isEmpty() ? null : x.conn);
  const names = { base: b.names, head: h.names, opened: opened.namesBeside(b, h), closed: closed.namesBeside(b, h) };
  const withNames = names.base.length > 0 || names.head.length > 0 || names.opened.length > 0 || names.closed.length > 0;
  pairs.push({
    src,
    dst,
    base: field(b),
    head: field(h),
    opened: field(opened),
    closed: field(closed),
    peerChanges: changes,
    ...(withNames ? { namedPorts: names, namedSets: { base: b, head: h, opened, closed } } : {}),
  });
}

/** Each entry's namespace label sets and pod labels, for `changedRulePairs`. */
function endLabels(base: Connectivity, head: Connectivity, entries: readonly Entry[]): { namespaceLabels: readonly Labels[]; podLabels: Labels }[] {
  const known = knownNamespaces([base.cluster, head.cluster]);
  const of = (namespace: string): readonly Labels[] => known.get(namespace) ?? [{ [NAMESPACE_NAME_LABEL]: namespace }];
  return entries.map((e) => {
    if (e.workload) return { namespaceLabels: of(e.workload.namespace), podLabels: e.workload.podLabels };
    const r = e.region!;
    return { namespaceLabels: r.known ? of(r.namespace) : [r.nsLabels ?? {}], podLabels: r.podLabels };
  });
}

function changesOf(s: Entry, d: Entry): PairDiff['peerChanges'] {
  const change = (e: Entry): WorkloadChange | undefined => (e.base < 0 ? 'added' : e.head < 0 ? 'removed' : undefined);
  const out: { src?: WorkloadChange; dst?: WorkloadChange } = {};
  const cs = change(s);
  const cd = change(d);
  if (cs) out.src = cs;
  if (cd) out.dst = cd;
  return out;
}

/**
 * Entry index pairs whose traffic may differ: table entries of either side, and implicit blocks whose value
 * moved. Each pair once, as its key `s * entries.length + d`, ascending (pair-keys.ts). A pair with a region
 * end that `named` does not hold (its names were compared already) counts against `budget`: in the first pass
 * each time it is met; past it, once, and only when its value changed (the candidates are then all listed
 * first, once for the later passes: `listed`). `reaches` (changed-rule-pairs.ts): the pairs a changed rule
 * reaches, counted first — where the first pass's cut stands (a diff too large to value its candidates),
 * those are valued as met (they are few: the changed policies' pods against their changed rules' peers;
 * at most MAX_VALUED_PAIRS valuations), and only the changed ones count, each once; the others wait until the
 * candidates are all met and take what those left of the bound, in the order met.
 */
function candidatePairs(
  base: Connectivity,
  head: Connectivity,
  entries: readonly Entry[],
  members: { readonly base: ClassMembers; readonly head: ClassMembers },
  inScope: readonly boolean[] | null,
  budget: RegionPairBudget,
  named: ReadonlyMap<number, RegionNames>,
  listed: ListedCandidates,
  reaches: ((s: number, d: number) => boolean) | null = null,
): Float64Array {
  if (budget.changedOnly && listed.current) return changedCandidates(base, head, entries, budget, named, listed.current);
  const n = entries.length;
  const keys = new PairKeys(n);
  // The first pass's region pairs no changed rule reaches, as met, while the bound may still take them (the
  // first `limit` meetings: the ones after them could never be kept); `waitedPast`: some were left out.
  const waiting = reaches && !budget.changedOnly && !budget.valued ? new Float64Array(Math.min(budget.limit, n * n)) : null;
  let waited = 0;
  let waitedPast = false;
  // Changed pairs a changed rule reaches, kept (each counted once), and the valuations left.
  const reached = new Set<number>();
  let valuations = MAX_VALUED_PAIRS;
  // s === d is a pair too: a workload's pods (replicas) talk to each other.
  // A pair with a region end counts against the budget (region-pair-budget.ts): every one first, then only
  // those that changed (the others are dropped below anyway); workloads' pairs never count.
  const add = (s: number, d: number) => {
    const es = entries[s];
    const ed = entries[d];
    // Past the first pass, each distinct pair is valued once, below.
    if (!budget.changedOnly && (es.peer.type === 'pods' || ed.peer.type === 'pods') && !named.has(s * n + d)) {
      if (waiting && !reaches!(s, d)) {
        if (waited < waiting.length) waiting[waited++] = s * n + d;
        else waitedPast = true;
        return;
      }
      if (waiting && valuations > 0) {
        // A pair whose value did not change is never reported: it needs no place within the bound.
        valuations--;
        if (sameValue(base, head, es, ed)) return;
        if (reached.has(s * n + d)) return;
        if (budget.take()) reached.add(s * n + d);
        return;
      }
      if (!budget.take()) return;
    }
    keys.add(s * n + d);
  };
  // A first pass past the bound is done when the diff counts again (its pairs are not used); else it goes
  // on for the workloads' pairs.
  const over = () => budget.valued && !budget.changedOnly && budget.exhausted;
  for (const side of ['base', 'head'] as const) {
    const conn = side === 'base' ? base : head;
    const { start, list } = members[side];
    const cn = conn.index.classes.length;
    // Class pairs that rows name (the others have the block value, below); scoped: only those with a
    // class holding a member in scope, found from that class's rows.
    const classInScope = new Uint8Array(cn);
    for (let i = 0; i < entries.length; i++) {
      const c = entries[i][side];
      if (c >= 0 && (!inScope || inScope[i])) classInScope[c] = 1;
    }
    const pairOf = (sc: number, dc: number) => {
      if (over()) return;
      for (let i = start[sc]; i < start[sc + 1]; i++) {
        const s = list[i];
        for (let j = start[dc]; j < start[dc + 1]; j++) {
          const d = list[j];
          if (!inScope || inScope[s] || inScope[d]) add(s, d);
        }
      }
    };
    for (let c = 0; c < cn; c++) {
      // A class in scope has a member (it got its mark from one).
      if (!classInScope[c]) continue;
      if (over()) break;
      for (const dc of conn.pairs.destinationsOf(c)) pairOf(c, dc);
      // A source class in scope lists the pair among its own destinations (the same pairs: the relation is symmetric).
      if (inScope) for (const sc of conn.pairs.sourcesOf(c)) if (!classInScope[sc]) pairOf(sc, c);
    }
  }
  // Implicit pairs have the block value egress default ∩ ingress default; entries are grouped by their
  // defaults on both sides (a missing workload has none), and only blocks whose value moved are listed.
  const egress = blocks(base, head, entries, 'egress');
  const ingress = blocks(base, head, entries, 'ingress');
  for (const e of egress) {
    for (const i of ingress) {
      if (over()) break;
      const b = e.base && i.base ? e.base.intersect(i.base) : ConnectionSet.NONE;
      const h = e.head && i.head ? e.head.intersect(i.head) : ConnectionSet.NONE;
      if (b.equals(h)) continue;
      if (!inScope) {
        for (const s of e.members) for (const d of i.members) add(s, d);
        continue;
      }
      const scopedDst = i.members.filter((d) => inScope[d]);
      for (const s of e.members) for (const d of inScope[s] ? i.members : scopedDst) add(s, d);
    }
  }
  if (waiting) {
    for (const key of reached) keys.add(key);
    for (let k = 0; k < waited && budget.take(); k++) keys.add(waiting[k]);
    // Meetings past those waiting would have been cut too: the pass says so.
    if (waitedPast) budget.take();
  }
  const distinct = keys.distinct();
  if (!budget.changedOnly) return distinct;
  listed.current = { keys: distinct, verdicts: new Uint8Array(distinct.length) };
  return changedCandidates(base, head, entries, budget, named, listed.current);
}

/**
 * Past the first pass, the candidates are the same in every pass (each listed, none counted while listing):
 * listed once, with each region pair's verdict (changed or not) once valued, for the third pass to reuse.
 */
interface ListedCandidates {
  current?: {
    readonly keys: Float64Array;
    /** Per key: 0 not valued yet, CHANGED, SAME. */
    readonly verdicts: Uint8Array;
  };
}

const CHANGED = 1;
const SAME = 2;

/**
 * The listed candidates this pass keeps: every pair between workloads, and region pairs that `named` holds
 * or whose value changed and that `budget` takes, in key order (the rank decides past the bound).
 */
function changedCandidates(base: Connectivity, head: Connectivity, entries: readonly Entry[], budget: RegionPairBudget, named: ReadonlyMap<number, RegionNames>, listed: NonNullable<ListedCandidates['current']>): Float64Array {
  const { keys, verdicts } = listed;
  const n = entries.length;
  const out = new Float64Array(keys.length);
  let kept = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const s = Math.floor(key / n);
    const d = key - s * n;
    const es = entries[s];
    const ed = entries[d];
    if ((es.peer.type === 'pods' || ed.peer.type === 'pods') && !named.has(key)) {
      if (verdicts[k] === 0) {
        verdicts[k] = sameValue(base, head, es, ed) ? SAME : CHANGED;
      }
      if (verdicts[k] === SAME || !budget.take(es.rank + ed.rank)) continue;
    }
    out[kept++] = key;
  }
  return out.slice(0, kept);
}

/** Whether the pair of entries `es` → `ed` is allowed the same connections on both sides (names aside: region-pair-names.ts). */
function sameValue(base: Connectivity, head: Connectivity, es: Entry, ed: Entry): boolean {
  // The same class numbers under the very same rows on both sides: the same set, nothing to look up.
  if (es.base >= 0 && ed.base >= 0 && es.base === es.head && ed.base === ed.head && base.pairs.sameRows(head.pairs, es.base, ed.base)) return true;
  const b = sideConn(base, es.base, ed.base);
  const h = sideConn(head, es.head, ed.head);
  return b === h || b.equals(h);
}

type Emit = (src: PeerRef, dst: PeerRef, b: ConnectionSet, h: ConnectionSet, changes: PairDiff['peerChanges'], names?: { base: NamedConns; head: NamedConns }) => void;

/** Destinations named by DNS: what the workload may send to each name, on both sides. */
function domainPairs(base: Connectivity, head: Connectivity, e: Entry, names: readonly string[], emit: Emit): void {
  const change = e.base < 0 ? 'added' : e.head < 0 ? 'removed' : undefined;
  for (const name of names) {
    const b = e.base >= 0 ? domainConn(base, e.base, name) : ConnectionSet.NONE;
    const h = e.head >= 0 ? domainConn(head, e.head, name) : ConnectionSet.NONE;
    emit(e.peer, { type: 'domain', names: [name] }, b, h, change ? { src: change } : {});
  }
}

/**
 * Addresses outside the cluster to and from one workload (when `withAddresses`: the workload is in
 * scope), and the ingress controller toward it (always: Services and Ingresses steer it).
 */
function externalPairs(base: Connectivity, head: Connectivity, e: Entry, emit: Emit, withAddresses: boolean): void {
  const self = e.peer;
  const change = e.base < 0 ? 'added' : e.head < 0 ? 'removed' : undefined;
  for (const direction of withAddresses ? (['ingress', 'egress'] as const) : []) {
    // Toward a region whose address rules give port names: the names are compared too (region-external-names.ts).
    const named = direction === 'ingress' && self.type === 'pods' ? regionExternalNames(base, head, e.base, e.head) : null;
    if (named) {
      for (const piece of named) emit({ type: 'external', addresses: piece.addresses }, self, piece.base.conn, piece.head.conn, change ? { dst: change } : {}, piece);
      continue;
    }
    const b = e.base >= 0 ? base.external[direction][e.base] : [];
    const h = e.head >= 0 ? head.external[direction][e.head] : [];
    if (b === h) continue;
    for (const piece of overlay(b, h)) {
      const ext: PeerRef = { type: 'external', addresses: piece.addresses };
      if (direction === 'ingress') emit(ext, self, piece.left, piece.right, change ? { dst: change } : {});
      else emit(self, ext, piece.left, piece.right, change ? { src: change } : {});
    }
  }
  const ib = e.base >= 0 ? base.ingressController[e.base] : ConnectionSet.NONE;
  const ih = e.head >= 0 ? head.ingressController[e.head] : ConnectionSet.NONE;
  emit(INGRESS_CONTROLLER, self, ib, ih, change ? { dst: change } : {}, self.type === 'pods' ? controllerPairNames(base, head, e) : undefined);
}

/** Toward a region, the controller's sets with port names on both sides when either gives a name (ingress-controller-names.ts). */
function controllerPairNames(base: Connectivity, head: Connectivity, e: Entry): { base: NamedConns; head: NamedConns } | undefined {
  const b = e.base >= 0 ? controllerNames(base, e.base) : null;
  const h = e.head >= 0 ? controllerNames(head, e.head) : null;
  if (!b && !h) return undefined;
  const side = (x: ControllerNames | null, conn: Connectivity, cls: number) => x?.reach ?? NamedConns.of(cls >= 0 ? conn.ingressController[cls] : ConnectionSet.NONE);
  return { base: side(b, base, e.base), head: side(h, head, e.head) };
}
