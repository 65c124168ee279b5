/**
 * The JSON's abstract pairs coarsened: regions of label space (pods the manifests do not hold) whose change
 * rows are identical — the same `base`, `head`, `opened`, `closed` and reasons (their own names aside) with
 * every other end — are written as one pair end, a *region group*, instead of one pair per region
 * combination. longhorn 4f339f83 cut `longhorn-system` into ~300 label combinations (pods carrying the
 * labels of two components) whose 28,704 pairs per bundle have ~60 distinct rows: one pair per row now.
 *
 * Nothing is lost: a group end names the selectors its regions share (`namespace` or `namespaceSelector`,
 * `podSelector`: every pod of the group matches them, though they may match more), its `id` says it is a
 * group (`P (group 3: 20 regions)`), and `regionGroup` points into the document's `regionGroups[]`, where
 * `peers` lists each region as the pair would have named it (with its `except`). A pair with a group end
 * says its change of every pod of every region of that end with every pod of the other end; `regionPairs`
 * counts the pairs it stands for. Regions and pairs whose row is their own are written as before.
 *
 * Soundness (docs/cli.md "Region groups"): destinations are grouped first, by their row over raw source
 * ends (the same change with every source); then sources, by their row over destination groups (or the
 * other way round, whichever leaves fewer pairs). A pair of groups (S, D) is then complete and uniform: for
 * s in S and d, d' in D the change of (s, d) is that of (s, d'), and every s in S has the same change
 * toward D (no change at all being a change: S × D are all pairs, or none is).
 */
import type { ExplainedPair } from '../analysis/types.js';
import type { AbstractPeer, LabelSelector, PairField, PeerRef, Reason, Requirement } from '../engine/index.js';
import { NAMESPACE_NAME_LABEL, abstractPeer, pairConns, peerId, peerNumbering } from '../engine/index.js';
import type { PeerJson } from './peer-json.js';
import { abstractPeerJson, peerJson } from './peer-json.js';

/** One `regionGroups[]` entry: the regions a group end stands for, each as the pair would have named it. */
export interface RegionGroupJson {
  readonly id: string;
  readonly peers: readonly PeerJson[];
}

export interface CoarsePairs {
  /** The pairs, each a JSON object as `write` gives it, group ends in place of region ends. */
  readonly pairs: object[];
  readonly regionGroups: RegionGroupJson[];
}

/** Stand-ins for a pair's own ends in the reasons compared (a `not-isolated` reason names its subject). */
const SRC = '\u0000src';
const DST = '\u0000dst';

/**
 * The pairs as the JSON writes them (`write(pair)`), coarsened. `nextGroup()` numbers the groups (one
 * counter per document, so that group ids are unique over every target).
 */
export function coarsePairs(pairs: readonly ExplainedPair[], write: (p: ExplainedPair) => object, nextGroup: () => number): CoarsePairs {
  const srcKeys = pairs.map((p) => peerId(p.src));
  const dstKeys = pairs.map((p) => peerId(p.dst));
  // Ends grouped by number (`peerNumbering`): an end's id can be tens of thousands of characters.
  const number = peerNumbering();
  const srcNums = pairs.map((p) => number(p.src));
  const dstNums = pairs.map((p) => number(p.dst));
  // Each distinct signature as a short number: rows are sets of keys made of it, one per pair.
  const sigIds = new Map<string, string>();
  const sigs = pairs.map((p, i) => {
    const sig = changeSignature(p, srcKeys[i], dstKeys[i]);
    let id = sigIds.get(sig);
    if (id === undefined) sigIds.set(sig, (id = String(sigIds.size)));
    return id;
  });
  // Destinations by their row over raw sources, then sources by their row over destination groups; or
  // the other way round: whichever leaves fewer pairs.
  const dstFirst = grouped(pairs, sigs, srcNums, dstNums, 'dst');
  const srcFirst = grouped(pairs, sigs, srcNums, dstNums, 'src');
  const { srcGroup, dstGroup, members } = srcFirst.members.size < dstFirst.members.size ? srcFirst : dstFirst;
  const regionGroups: RegionGroupJson[] = [];
  // Group ends written, per grouping and group (a region may head a source group and a destination group).
  const written = new Map<Grouping, Map<number, PeerJson>>();
  const groupEnd = (grouping: Grouping, key: number): PeerJson | undefined => {
    const ends = grouping.members(key);
    if (ends.length < 2) return undefined;
    const rep = grouping.of(key);
    const byRep = written.get(grouping) ?? written.set(grouping, new Map()).get(grouping)!;
    let end = byRep.get(rep);
    if (!end) {
      const shared = sharedPeer(ends.map((e) => (e as Extract<PeerRef, { type: 'pods' }>).peer));
      const id = `${shared.id} (group ${nextGroup()}: ${ends.length} regions)`;
      regionGroups.push({ id, peers: ends.map(peerJson) });
      byRep.set(rep, (end = { ...abstractPeerJson(shared), id, regionGroup: id }));
    }
    return end;
  };
  const out: object[] = [];
  for (const list of members.values()) {
    const first = pairs[list[0]];
    const src = groupEnd(srcGroup, srcNums[list[0]]);
    const dst = groupEnd(dstGroup, dstNums[list[0]]);
    if (!src && !dst) {
      out.push(write(first));
      continue;
    }
    // The reasons of every member are the first's but for their own ends' names: named after the groups.
    const renamed = { ...first, whyOpened: ownNames(first.whyOpened, srcKeys[list[0]], dstKeys[list[0]], src?.id, dst?.id), whyClosed: ownNames(first.whyClosed, srcKeys[list[0]], dstKeys[list[0]], src?.id, dst?.id) };
    const json = write(renamed) as Record<string, unknown>;
    out.push({ ...json, ...(src ? { src } : {}), ...(dst ? { dst } : {}), regionPairs: list.length });
  }
  return { pairs: out, regionGroups };
}

/** Both ends grouped, `first` by its row over the other's raw ends, then the other by its row over `first`'s groups; the pairs per pair of groups. */
function grouped(pairs: readonly ExplainedPair[], sigs: readonly string[], srcKeys: readonly number[], dstKeys: readonly number[], first: 'src' | 'dst') {
  let srcGroup: Grouping;
  let dstGroup: Grouping;
  if (first === 'dst') {
    dstGroup = groupEnds(pairs, 'dst', (i) => `${srcKeys[i]}\u0001${sigs[i]}`, dstKeys);
    srcGroup = groupEnds(pairs, 'src', (i) => `${dstGroup.of(dstKeys[i])}\u0001${sigs[i]}`, srcKeys);
  } else {
    srcGroup = groupEnds(pairs, 'src', (i) => `${dstKeys[i]}\u0001${sigs[i]}`, srcKeys);
    dstGroup = groupEnds(pairs, 'dst', (i) => `${srcGroup.of(srcKeys[i])}\u0001${sigs[i]}`, dstKeys);
  }
  const members = new Map<string, number[]>();
  pairs.forEach((_, i) => {
    const k = `${srcGroup.of(srcKeys[i])}\u0002${dstGroup.of(dstKeys[i])}`;
    (members.get(k) ?? members.set(k, []).get(k)!).push(i);
  });
  return { srcGroup, dstGroup, members };
}

/** Ends grouped by their rows: `of(key)` the group's first end key, `members(key)` the ends of its group (PeerRefs); keys are the ends' numbers. */
interface Grouping {
  of(key: number): number;
  members(key: number): readonly PeerRef[];
}

/**
 * Ends of `end` (pods the manifests do not hold only; other ends are their own group) grouped by their
 * row: the set of `entry(i)` over the pairs i they are that end of.
 */
function groupEnds(pairs: readonly ExplainedPair[], end: 'src' | 'dst', entry: (i: number) => string, keys: readonly number[]): Grouping {
  const rows = new Map<number, Set<string>>();
  const refs = new Map<number, PeerRef>();
  pairs.forEach((p, i) => {
    if (p[end].type !== 'pods') return;
    const k = keys[i];
    if (!refs.has(k)) refs.set(k, p[end]);
    (rows.get(k) ?? rows.set(k, new Set()).get(k)!).add(entry(i));
  });
  const byRow = new Map<string, number>();
  const of = new Map<number, number>();
  const members = new Map<number, PeerRef[]>();
  for (const [k, row] of rows) {
    const text = [...row].sort().join('\u0003');
    const rep = byRow.get(text) ?? byRow.set(text, k).get(text)!;
    of.set(k, rep);
    (members.get(rep) ?? members.set(rep, []).get(rep)!).push(refs.get(k)!);
  }
  return { of: (k) => of.get(k) ?? k, members: (k) => members.get(of.get(k) ?? k) ?? [] };
}

const FIELDS: readonly PairField[] = ['base', 'head', 'opened', 'closed'];

/** Everything the JSON says of a pair but its ends: sets, peer changes, hedges and reasons (own ends' names as stand-ins). */
function changeSignature(p: ExplainedPair, src: string, dst: string): string {
  const own = JSON.stringify([
    FIELDS.map((f) => pairConns(p, f)?.toJSON() ?? null),
    p.peerChanges,
    p.unchangedForSome?.toJSON() ?? null,
    // The whole sets of a reduced pair (PairDiff `whole`): pairs alike but for them are not one group.
    p.whole ? [p.whole.base?.toJSON() ?? null, p.whole.head?.toJSON() ?? null] : null,
    p.narrowerForSome?.map((x) => [x.opened?.toJSON() ?? null, x.closed?.toJSON() ?? null, x.pairs.map((e) => [peerId(e.src), peerId(e.dst)])]) ?? null,
    // A label-combination opening is never one group with another pair.
    p.combinedLabels === true,
  ]);
  // Each part is a whole JSON array, so the joined parts tell signatures apart as one array of them would.
  return `${own}${reasonsJson(ownNames(p.whyOpened, src, dst, SRC, DST))}${reasonsJson(ownNames(p.whyClosed, src, dst, SRC, DST))}`;
}

/** JSON of reason lists, per list: pairs of one rule share their reasons' list (ownNames keeps a list it renames nothing in). */
const reasonJson = new WeakMap<readonly Reason[], string>();
function reasonsJson(reasons: readonly Reason[]): string {
  let json = reasonJson.get(reasons);
  if (json === undefined) reasonJson.set(reasons, (json = JSON.stringify(reasons)));
  return json;
}

/**
 * Reasons with the pair's own end they name renamed: a `not-isolated` reason's subject is the source in
 * egress, the destination in ingress (`src`, `dst`: the ends' ids; `asSrc`, `asDst`: the new names, or
 * undefined to keep them). A pair of a region with itself names it in either direction alike. The list
 * itself when it renames nothing.
 */
function ownNames(reasons: readonly Reason[], src: string, dst: string, asSrc: string | undefined, asDst: string | undefined): readonly Reason[] {
  const renamed = reasons.map((r) => {
    if (r.kind !== 'not-isolated') return r;
    const [own, as] = r.direction === 'egress' ? [src, asSrc] : [dst, asDst];
    return r.workload === own && as !== undefined ? { ...r, workload: as } : r;
  });
  return renamed.every((r, i) => r === reasons[i]) ? reasons : renamed;
}

/**
 * The abstract peer named by the requirements every one of `peers` has (namespace by name or selector,
 * pod selector): each of their pods matches it. Namespaces by name count as their name label.
 */
function sharedPeer(peers: readonly AbstractPeer[]): AbstractPeer {
  const names = new Set(peers.map((p) => p.namespace));
  const namespace: string | LabelSelector =
    names.size === 1 && peers[0].namespace !== undefined
      ? peers[0].namespace
      : sharedSelector(peers.map((p) => (p.namespace !== undefined ? { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace }, expressions: [] } : p.namespaceSelector!)));
  return abstractPeer(namespace, sharedSelector(peers.map((p) => p.podSelector)));
}

/** The labels and expressions every selector has. */
function sharedSelector(selectors: readonly LabelSelector[]): LabelSelector {
  const [first, ...rest] = selectors;
  const matchLabels = Object.fromEntries(Object.entries(first.matchLabels).filter(([k, v]) => rest.every((s) => s.matchLabels[k] === v)));
  const key = (r: Requirement) => JSON.stringify([r.key, r.op, r.values]);
  const expressions = first.expressions.filter((r) => rest.every((s) => s.expressions.some((x) => key(x) === key(r))));
  return { matchLabels, expressions };
}
