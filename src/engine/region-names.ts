/**
 * A region's name that describes the region, not a wider set: the holding abstract peer (the rule peer,
 * subject or namespace that regions.ts picks) plus, where that peer also holds pods of other regions,
 * the requirements that exclude them, in the contract's notation (`{app=api,env NotIn (prod)}`,
 * `{tier DoesNotExist}`, a namespace part `{kubernetes.io/metadata.name NotIn (shop),team=commerce}`).
 * Every candidate is checked against the cut that made the region (the boxes of the same selectors,
 * cut once per selector list): a name is used only when it holds exactly the region's label sets; the simplest such name
 * (fewest added requirements) wins. When no single selector says it (a region that is a union of boxes),
 * the holding peer is kept, less its requirements that split the region (RegionSet.exceptOf then names the
 * other regions it holds, checked box by box in a known namespace, regions.ts).
 */
import type { AbstractPeer } from './abstract-peers.js';
import { abstractPeer, requirements } from './abstract-peers.js';
import type { Box, BoxCut, BoxRelation } from './label-partition.js';
import { ConjunctionTest, boxTest, cutBoxes } from './label-partition.js';
import type { LabelSelector, Labels, Requirement } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import { EVERYTHING, matches, requirementMatches } from './selectors.js';
import { selectorKey } from './selector-key.js';
import { SizedCache } from './sized-cache.js';

/** How one side (pod labels, or namespace labels of the namespaces the manifests do not know) of a region was cut. */
export interface RegionCut {
  readonly selectors: readonly LabelSelector[];
  /** Indices into `selectors` the region matches. */
  readonly matched: readonly number[];
  /** A label set in the region. */
  readonly labels: Labels;
  /** `partitionLabels`' start (the other-namespace space). */
  readonly start?: ReadonlyMap<string, { readonly values: readonly string[]; readonly other: boolean }>;
  /** Label sets of known namespaces (namespace side only): excluded by name when the name would hold them. */
  readonly known?: ReadonlyMap<string, readonly Labels[]>;
  /**
   * `partitionLabels`' `inside`: only the pods of these selectors (indices into `selectors`, a namespace's
   * changed subjects) were cut this way. A name is then checked against those boxes only, so it keeps the
   * requirements of the ones the region matches: it never reaches pods of the space left uncut.
   */
  readonly inside?: readonly number[];
}

const MAX_TRIES = 64;

/**
 * `peer` made exact for the region cut as `pods` and, in the namespaces the manifests do not know,
 * `namespaces` (a string: the known namespace holding the region, named by name); `peer` itself when it
 * already is exact, or when no selector says the region.
 */
export function exactRegionName(peer: AbstractPeer, pods: RegionCut, namespaces: RegionCut | string, maxBoxes: number): AbstractPeer {
  const key = `${maxBoxes}\u0001${contentKey(peer, [peer.namespace ?? null, peer.namespaceSelector ?? null, peer.podSelector])}\u0001${cutKey(pods)}\u0001${typeof namespaces === 'string' ? `=${namespaces}` : cutKey(namespaces)}`;
  const known = keptNames.get(key);
  if (known !== undefined) return known ?? peer;
  const name = namedExactly(peer, pods, namespaces, maxBoxes);
  keptNames.set(key, name === peer ? null : name);
  return name;
}

/**
 * Names by the content of their inputs (null: the holding peer itself), kept between analyses: a warm
 * process (the App's next push of a pull request) cuts mostly the same regions again, and naming each
 * costs a partition per candidate requirement. A name depends on nothing else, so a kept one is exact.
 * Bounded by an estimate of the bytes its entries hold (keptNameBytes), oldest first, not by their
 * count: keys grow with the cut's selectors and labels. A 10,000-workload diff keeps ~400 names (~0.5 MB).
 */
const DEFAULT_NAME_BYTES = 32 * 1024 * 1024;
let keptNames = namesCache(DEFAULT_NAME_BYTES);

function namesCache(maxBytes: number): SizedCache<string, AbstractPeer | null> {
  // One entry may take a 64th of the budget: a huge one does not flush the rest.
  return new SizedCache<string, AbstractPeer | null>(maxBytes, keptNameBytes, maxBytes / 64);
}

/**
 * What a kept name costs, in bytes: an estimate fitted to V8's heap (Node 20; measured by clearing the
 * names of the 300 / 3,000 / 10,000-workload bench diffs): a key, built by concatenation, costs ~400
 * bytes of string pieces and map entry beside its characters; a peer (its id string and the selector
 * objects it is written from) about two bytes a character of its JSON, plus its headers.
 */
export function keptNameBytes(key: string, name: AbstractPeer | null): number {
  return 400 + key.length + (name === null ? 0 : 100 + 2 * JSON.stringify(name).length);
}

/** The kept names' estimated bytes and count, and the content ids' count and characters (tests and benchmarks). */
export function keptNamesSize(): { bytes: number; count: number; maxBytes: number; contentIds: number; contentChars: number } {
  return { bytes: keptNames.size, count: keptNames.count, maxBytes: keptNames.maxSize, contentIds: contentIds.size, contentChars };
}

/** Bound the kept names by `maxBytes` (estimated; default 32 MiB), forgetting those kept so far. */
export function limitRegionNames(maxBytes = DEFAULT_NAME_BYTES): void {
  keptNames = namesCache(maxBytes);
}

/** Forget every kept name, namespace part and content id (benchmarks and tests measure cold runs with it). */
export function clearRegionNames(): void {
  keptNames.clear();
  namespaceParts = new WeakMap();
  contentIds.clear();
  contentChars = 0;
}

/**
 * Short ids for inputs shared by many regions (a namespace's cutting selectors), by content; ids are never
 * reused, so forgetting the contents (past MAX_CONTENT_CHARS, kept in a long-lived process) only costs
 * misses of names kept under the old ids.
 */
const contentIds = new Map<string, number>();
const MAX_CONTENT_CHARS = 8_000_000;
const MAX_CONTENT_IDS = 200_000;
let contentChars = 0;
const idOf = new WeakMap<object, string>();
let nextId = 0;

function contentKey(owner: object, content: unknown): string {
  let id = idOf.get(owner);
  if (id !== undefined) return id;
  const json = JSON.stringify(content);
  let n = contentIds.get(json);
  if (n === undefined) {
    if (contentIds.size >= MAX_CONTENT_IDS || contentChars >= MAX_CONTENT_CHARS) {
      contentIds.clear();
      contentChars = 0;
    }
    contentIds.set(json, (n = nextId++));
    contentChars += json.length;
  }
  idOf.set(owner, (id = `#${n}`));
  return id;
}

/**
 * Whether `selector` holds each part of `cut` (the regions `parts` keys, `matched` joined; every part when
 * absent) whole: all of the part's boxes inside it or all outside, none split. False when the bound cut
 * the space short. A name that holds its regions whole can take the other regions it holds out by their
 * names (`RegionSet.exceptOf`); one that splits a region cannot.
 */
export function holdsPartsWhole(selector: LabelSelector, cut: Pick<RegionCut, 'selectors' | 'start' | 'inside'>, maxBoxes: number, parts?: ReadonlySet<string>): boolean {
  const boxes = boxesOf(cut, maxBoxes);
  if (boxes.cut.incomplete) return false;
  const test = boxes.testOf(selector, keyOfSelector(selector));
  const seen = new Map<string, BoxRelation>();
  for (const { box, part } of boxes.all) {
    if (parts && !parts.has(part)) continue;
    const r = test(box);
    if (r !== 'inside' && r !== 'outside') return false;
    const before = seen.get(part);
    if (before === undefined) seen.set(part, r);
    else if (before !== r) return false;
  }
  return true;
}

/**
 * Whether `selector` less every one of `except` holds exactly the part `want` (`matched` joined) of `cut`:
 * each box of that part inside `selector` and outside every exception, each other box outside `selector`
 * or inside an exception (which then takes out whatever of it `selector` holds, even where `selector`
 * splits it). False when the bound cut the space short. The selectors are the same namespace's pod
 * selectors (Kubernetes LabelSelector semantics).
 */
export function holdsPartLess(selector: LabelSelector, except: readonly LabelSelector[], cut: Pick<RegionCut, 'selectors' | 'start' | 'inside'>, want: string, maxBoxes: number): boolean {
  const boxes = boxesOf(cut, maxBoxes);
  if (boxes.cut.incomplete) return false;
  const test = boxes.testOf(selector, keyOfSelector(selector));
  const tests = except.map((e) => boxes.testOf(e, keyOfSelector(e)));
  for (const { box, part } of boxes.all) {
    const r = test(box);
    if (part === want) {
      if (r !== 'inside' || tests.some((t) => t(box) !== 'outside')) return false;
    } else if (r !== 'outside' && !tests.some((t) => t(box) === 'inside')) return false;
  }
  return true;
}

/**
 * The fewest of `candidates` (pod selectors of the same namespace; asked for only when `selector` alone is
 * not exact), greedily the one taking most first and at most `max`, such that `selector` less them holds
 * exactly the part `want` (`matched` joined) of `cut`, as `holdsPartLess` says: their indices, `[]` when
 * `selector` alone does, null when no such list is found — the bound cut the space short, `selector`
 * leaves out some pods of the part, or the boxes of other parts it holds pods of are not each held whole
 * by a candidate that holds none of the part's, `max` at most.
 */
export function exceptionsForPart(
  selector: LabelSelector,
  candidates: () => readonly LabelSelector[],
  cut: Pick<RegionCut, 'selectors' | 'start' | 'inside'>,
  want: string,
  maxBoxes: number,
  max: number,
): number[] | null {
  const boxes = boxesOf(cut, maxBoxes);
  if (boxes.cut.incomplete) return null;
  const test = boxes.testOf(selector, keyOfSelector(selector));
  // The boxes of other parts `selector` holds some pods of: each must be taken out whole by a candidate
  // (where `selector` splits such a box, the candidate also takes out pods `selector` does not hold: no matter).
  const extra: Box[] = [];
  for (const { box, part } of boxes.all) {
    const r = test(box);
    if (part === want) {
      if (r !== 'inside') return null;
    } else if (r !== 'outside') extra.push(box);
  }
  if (extra.length === 0) return [];
  const own = boxes.parts.get(want) ?? [];
  const takes: { readonly at: number; readonly boxes: readonly number[] }[] = [];
  candidates().forEach((c, at) => {
    const t = boxes.testOf(c, keyOfSelector(c));
    if (own.some((b) => t(b) !== 'outside')) return;
    const held: number[] = [];
    for (let k = 0; k < extra.length; k++) if (t(extra[k]) === 'inside') held.push(k);
    if (held.length > 0) takes.push({ at, boxes: held });
  });
  const left = new Set(extra.keys());
  const chosen: number[] = [];
  while (left.size > 0 && chosen.length < max) {
    let best: { at: number; boxes: readonly number[]; gain: number } | undefined;
    for (const c of takes) {
      let gain = 0;
      for (const k of c.boxes) if (left.has(k)) gain++;
      if (gain > (best?.gain ?? 0)) best = { ...c, gain };
    }
    if (!best) break;
    chosen.push(best.at);
    for (const k of best.boxes) left.delete(k);
  }
  return left.size === 0 ? chosen : null;
}

/**
 * Whether every pod `inner` selects `outer` selects too: per key `outer` constrains, each value `inner`
 * allows there (the values either names, another value, or none) `outer` allows. Keys are independent
 * in a selector, so this is exact for a satisfiable `inner`.
 */
export function selectorWithin(inner: LabelSelector, outer: LabelSelector): boolean {
  const own = requirements(inner);
  const theirs = requirements(outer);
  for (const k of new Set(theirs.map((r) => r.key))) {
    const named = new Set([...own, ...theirs].filter((r) => r.key === k).flatMap((r) => r.values));
    // A value neither names: the first of `~0`, `~00`, … that is not a named one.
    let other = '~0';
    while (named.has(other)) other += '0';
    const at = (v: string | undefined): Labels => (v === undefined ? {} : { [k]: v });
    for (const v of [...named, other, undefined]) {
      const labels = at(v);
      if (own.every((r) => r.key !== k || requirementMatches(r, labels)) && !theirs.every((r) => r.key !== k || requirementMatches(r, labels))) return false;
    }
  }
  return true;
}

/**
 * A name for a region of a cut the bound stopped short (`pods.selectors`: those applied): `peer` (the
 * holding peer) narrowed by the requirements of every applied selector that holds the region. Exclusions
 * are not worked out (a cut near the bound has thousands of boxes to test them against), so the name may
 * hold other regions too, but every label the region's selectors require is said: a region of app=a pods
 * that also carry component=b is never named as every app=a pod.
 */
export function prefixRegionName(peer: AbstractPeer, pods: RegionCut): AbstractPeer {
  const must = pods.matched.flatMap((i) => requirementsOf(pods.selectors[i]));
  if (must.length === 0) return peer;
  const own = requirements(peer.podSelector);
  const all = withoutImplied(dedupe([...own, ...must]));
  if (all.length === own.length) return peer;
  return abstractPeer(peer.namespace ?? peer.namespaceSelector ?? EVERYTHING, toSelector(all));
}

function cutKey(cut: RegionCut): string {
  const start = cut.start ? contentKey(cut.start, [...cut.start]) : '';
  const known = cut.known ? contentKey(cut.known, [...cut.known]) : '';
  const inside = cut.inside ? cut.inside.join(',') : '';
  return `${contentKey(cut.selectors, cut.selectors)}:${cut.matched.join(',')}:${JSON.stringify(cut.labels)}:${start}:${known}:${inside}`;
}

function namedExactly(peer: AbstractPeer, pods: RegionCut, namespaces: RegionCut | string, maxBoxes: number): AbstractPeer {
  const podSel = exactSelector(peer.podSelector, pods, maxBoxes);
  if (typeof namespaces === 'string') return podSel === peer.podSelector && peer.namespace === namespaces ? peer : abstractPeer(namespaces, podSel);
  const nsSel = exactNamespaceSelector(peer.namespaceSelector ?? EVERYTHING, namespaces, maxBoxes);
  if (podSel === peer.podSelector && nsSel === peer.namespaceSelector) return peer;
  return abstractPeer(nsSel, podSel);
}

/**
 * Per namespace cut object, holder selector object and bound: `exactNamespaceSelector`'s answer. The regions of
 * one part of the namespaces the manifests do not know share that part's cut object (regions.ts `nsCut`), and
 * most of them are held by the same namespace selector: their namespace part is worked out once, not per
 * region. Keyed by the very objects (never mutated), so an answer is the one they would give again, the
 * holder itself included where it is exact. Weak: gone with the region set.
 */
let namespaceParts = new WeakMap<RegionCut, WeakMap<LabelSelector, Map<number, LabelSelector>>>();

function exactNamespaceSelector(base: LabelSelector, cut: RegionCut, maxBoxes: number): LabelSelector {
  let byHolder = namespaceParts.get(cut);
  if (!byHolder) namespaceParts.set(cut, (byHolder = new WeakMap()));
  let byBound = byHolder.get(base);
  if (!byBound) byHolder.set(base, (byBound = new Map()));
  let part = byBound.get(maxBoxes);
  if (!part) byBound.set(maxBoxes, (part = namespaceSelectorOf(base, cut, maxBoxes)));
  return part;
}

/** `base` made exact for the namespace cut, the known namespaces it would hold excluded by name (exactNamespaceSelector, from scratch). */
function namespaceSelectorOf(base: LabelSelector, cut: RegionCut, maxBoxes: number): LabelSelector {
  const inner = exactSelector(base, cut, maxBoxes);
  // Known namespaces are regions of their own: exclude by name those the selector would also hold.
  const names = cut.known ? knownHeld(cut.known, inner) : [];
  if (names.length === 0) return inner;
  return toSelector([...requirements(inner), { key: NAMESPACE_NAME_LABEL, op: 'NotIn', values: names }]);
}

/** Per known-namespace map, per selector text: the names of the known namespaces it holds, sorted. */
const heldKnown = new WeakMap<ReadonlyMap<string, readonly Labels[]>, Map<string, readonly string[]>>();

/**
 * The known namespaces `selector` holds (one of their label sets matches), sorted by name; kept per selector
 * text: the regions of one part of the other namespaces share their namespace selector, and each would
 * test every known namespace again.
 */
function knownHeld(known: ReadonlyMap<string, readonly Labels[]>, selector: LabelSelector): readonly string[] {
  let bySelector = heldKnown.get(known);
  if (!bySelector) heldKnown.set(known, (bySelector = new Map()));
  const k = keyOfSelector(selector);
  let names = bySelector.get(k);
  if (!names) bySelector.set(k, (names = [...known].filter(([, sets]) => sets.some((l) => matches(selector, l))).map(([n]) => n).sort()));
  return names;
}

/** `base` narrowed to exactly the region's label sets, or `base` itself when it already is one or none is found. */
function exactSelector(holder: LabelSelector, cut: RegionCut, maxBoxes: number): LabelSelector {
  const boxes = boxesOf(cut, maxBoxes);
  if (boxes.cut.incomplete) return holder;
  const base = confined(holder, cut);
  const want = cut.matched.join(',');
  const region = boxes.parts.get(want) ?? [];
  // Exact: every box of the region inside the selector, every other box outside it (a box it splits is neither).
  const holdsRegion = (s: LabelSelector, id = keyOfSelector(s)) => {
    const test = boxes.testOf(s, id);
    return region.every((box) => test(box) === 'inside');
  };
  const withinRegion = (s: LabelSelector) => {
    const touched = boxes.touchedBy(s, keyOfSelector(s));
    return touched.size === 0 || (touched.size === 1 && touched.has(want));
  };
  if (holdsRegion(base) && withinRegion(base)) return base;
  const have = requirements(base);
  const must = cut.matched.flatMap((i) => requirementsOf(cut.selectors[i]));
  // Per selector the region does not match: the negations of its requirements the region's labels satisfy.
  const matched = new Set(cut.matched);
  const outs: Requirement[][] = [];
  for (let i = 0; i < cut.selectors.length; i++) {
    if (matched.has(i)) continue;
    outs.push(negationsOf(cut.selectors[i]).filter((r) => requirementMatches(r, cut.labels)));
  }
  // A candidate (base's requirements, the region's selectors', one negation per other selector) is within
  // the region by construction; it holds the region when each of its requirements holds every box of the
  // region. The first such candidate in the order the combinations are tried is the pick of the first
  // holding negation per selector, found directly instead of by trying up to MAX_TRIES of them.
  const holding = new Map<string, boolean>();
  const holds1 = (r: Requirement) => {
    const k = key(r);
    let h = holding.get(k);
    if (h === undefined) holding.set(k, (h = holdsRegion({ matchLabels: {}, expressions: [r] }, `\u0003${k}`)));
    return h;
  };
  // No exact name found: the holding peer narrowed by every selector holding the region (still wider than
  // it, but never dropping a label they require: a region of app=a pods that carry component=b too must
  // not read as every app=a pod), and by each other selector's first negation that holds the whole region
  // (a region outside a changed subject `app DoesNotExist` reads `app Exists`, not the subject's pods too).
  // The holder's requirements that do not hold the whole region are left out: a holder picked by the
  // region's representative (a policy subject the cut of a namespace outside the focus did not use) may
  // split the region, and a name must hold every pod of its region (its exceptions take out the rest).
  const fallback = () => {
    const apart = outs.flatMap((list) => {
      const r = list.find(holds1);
      return r ? [r] : [];
    });
    const all = withoutImplied(dedupe([...have.filter(holds1), ...must, ...apart]));
    // `base` only when nothing was added: withoutImplied may have traded base's `k Exists` for a region
    // selector's `k In (…)` (same count, narrower name), which must not read as base's wider one.
    const own = new Set(have.map(key));
    return all.length === dedupe(have).length && all.every((r) => own.has(key(r))) ? base : toSelector(all);
  };
  if (outs.some((list) => list.length === 0)) return fallback();
  if (!have.every(holds1) || !must.every(holds1)) return fallback();
  let rank = 0;
  const choice: Requirement[] = [];
  for (const list of outs) {
    const at = list.findIndex(holds1);
    if (at < 0) return fallback();
    choice.push(list[at]);
    // Its rank among the combinations (the first list varies slowest): beyond MAX_TRIES, none is tried.
    rank = rank * list.length + at;
    if (rank >= MAX_TRIES) return fallback();
  }
  let reqs = dedupe([...have, ...must, ...choice]);
  // Simplest true form: drop each added requirement that the name does not need (a wider selector
  // still holds the region: it must stay within it). The conjunction test re-tests only the boxes the
  // dropped requirement's key does not wholly allow, not every box against a new selector.
  const test = new ConjunctionTest(boxes.cut, boxes.all.map(({ part }) => part === want), reqs);
  const incremental = test.exact(reqs);
  const own = new Set(have.map(key));
  // Requirements are unique by key (dedupe), so leaving out the object leaves out the requirement.
  const dropped = new Set<Requirement>();
  const all = reqs;
  for (let i = all.length - 1; i >= 0; i--) {
    const r = all[i];
    if (own.has(key(r))) continue;
    if (incremental) {
      if (test.without(r)) dropped.add(r);
      continue;
    }
    const fewer = reqs.filter((x) => x !== r);
    if (withinRegion(toSelector(fewer))) reqs = fewer;
  }
  return toSelector(dropped.size === 0 ? reqs : reqs.filter((r) => !dropped.has(r)));
}

/**
 * `holder` within the space a cut made only inside some selectors (`RegionCut.inside`): with the
 * requirements of those the region matches (`holder` itself when it has them all). Names are checked
 * against that cut's boxes alone, so a name must not reach beyond them.
 */
function confined(holder: LabelSelector, cut: RegionCut): LabelSelector {
  if (!cut.inside) return holder;
  const inside = new Set(cut.inside);
  const have = requirements(holder);
  const all = dedupe([...have, ...cut.matched.filter((i) => inside.has(i)).flatMap((i) => requirementsOf(cut.selectors[i]))]);
  return all.length === dedupe(have).length ? holder : toSelector(all);
}

/** A cut's boxes, cut once, grouped by the part (the matched selectors) they belong to. */
interface CutBoxes {
  readonly cut: BoxCut;
  /** Per part key (`matched` joined): its boxes. */
  readonly parts: ReadonlyMap<string, readonly Box[]>;
  /** Every box with its part key. */
  readonly all: readonly { readonly box: Box; readonly part: string }[];
  /** `boxTest` of a selector (`id`: its canonical text), compiled once per cut: the regions of a cut try the same requirements. */
  testOf(s: LabelSelector, id: string): (box: Box) => BoxRelation;
  /** The parts with a box the selector does not leave wholly outside, worked out once per cut. */
  touchedBy(s: LabelSelector, id: string): ReadonlySet<string>;
}

/**
 * The boxes of a cut, cut once: the regions of one namespace (or of one part of the other namespaces)
 * share their selector list, so every candidate name of every one of them is checked against the same
 * boxes instead of cutting the space again per candidate.
 */
const cutMemo = new WeakMap<readonly LabelSelector[], Map<RegionCut['start'], Map<string, CutBoxes>>>();

function boxesOf(cut: Pick<RegionCut, 'selectors' | 'start' | 'inside'>, maxBoxes: number): CutBoxes {
  let byStart = cutMemo.get(cut.selectors);
  if (!byStart) cutMemo.set(cut.selectors, (byStart = new Map()));
  let byBound = byStart.get(cut.start);
  if (!byBound) byStart.set(cut.start, (byBound = new Map()));
  const k = `${maxBoxes}:${cut.inside ? cut.inside.join(',') : ''}`;
  let boxes = byBound.get(k);
  if (!boxes) byBound.set(k, (boxes = groupBoxes(cutBoxes(cut.selectors, maxBoxes, cut.start, cut.inside))));
  return boxes;
}

function groupBoxes(cut: BoxCut): CutBoxes {
  const parts = new Map<string, Box[]>();
  const all = cut.boxes.map(({ box, matched }) => {
    const part = matched.join(',');
    (parts.get(part) ?? parts.set(part, []).get(part)!).push(box);
    return { box, part };
  });
  const tests = new Map<string, (box: Box) => BoxRelation>();
  const touched = new Map<string, ReadonlySet<string>>();
  const testOf = (s: LabelSelector, id: string) => {
    let test = tests.get(id);
    if (!test) tests.set(id, (test = boxTest(cut, s)));
    return test;
  };
  const touchedBy = (s: LabelSelector, id: string) => {
    let out = touched.get(id);
    if (!out) {
      const test = testOf(s, id);
      const set = new Set<string>();
      for (const { box, part } of all) if (!set.has(part) && test(box) !== 'outside') set.add(part);
      touched.set(id, (out = set));
    }
    return out;
  };
  return { cut, parts, all, testOf, touchedBy };
}

function negate(r: Requirement): Requirement {
  switch (r.op) {
    case 'In':
      return { key: r.key, op: 'NotIn', values: r.values };
    case 'NotIn':
      return { key: r.key, op: 'In', values: r.values };
    case 'Exists':
      return { key: r.key, op: 'DoesNotExist', values: [] };
    case 'DoesNotExist':
      return { key: r.key, op: 'Exists', values: [] };
  }
}

/** `selectorKey` per selector object: the holding peers' selectors are asked about once per region. */
const selectorKeys = new WeakMap<LabelSelector, string>();

function keyOfSelector(s: LabelSelector): string {
  let k = selectorKeys.get(s);
  if (k === undefined) selectorKeys.set(s, (k = selectorKey(s)));
  return k;
}

/** Requirements and their negations per selector of a cut: the same for every region of the cut. */
const requirementMemo = new WeakMap<LabelSelector, { readonly own: readonly Requirement[]; readonly negated: readonly Requirement[] }>();

function memoOf(s: LabelSelector): { readonly own: readonly Requirement[]; readonly negated: readonly Requirement[] } {
  let m = requirementMemo.get(s);
  if (!m) {
    const own = requirements(s);
    requirementMemo.set(s, (m = { own, negated: own.map(negate) }));
  }
  return m;
}

const requirementsOf = (s: LabelSelector) => memoOf(s).own;
const negationsOf = (s: LabelSelector) => memoOf(s).negated;

const keys = new WeakMap<Requirement, string>();

function key(r: Requirement): string {
  let k = keys.get(r);
  if (k === undefined) keys.set(r, (k = `${r.key}\u0000${r.op}\u0000${[...r.values].sort().join('\u0000')}`));
  return k;
}

/** Each requirement once by its key, at its first place; the last of equal ones is kept (as a Map set in order would). */
/** `rs` without a `k Exists` that an `In` on the same key implies (`{app=a,app Exists}` reads `{app=a}`). */
function withoutImplied(rs: Requirement[]): Requirement[] {
  const valued = new Set(rs.filter((r) => r.op === 'In').map((r) => r.key));
  return valued.size === 0 ? rs : rs.filter((r) => r.op !== 'Exists' || !valued.has(r.key));
}

function dedupe(rs: readonly Requirement[]): Requirement[] {
  const at = new Map<string, number>();
  const out: Requirement[] = [];
  for (const r of rs) {
    const k = key(r);
    const i = at.get(k);
    if (i === undefined) {
      at.set(k, out.length);
      out.push(r);
    } else out[i] = r;
  }
  return out;
}

/** One value `In` becomes `k=v` (unless the key already has one); the rest stay expressions. */
/**
 * Requirements as a selector in its simplest form, per key (the same pods): `In` lists intersected and
 * less the `NotIn` values (`{app In (a,b),app NotIn (b)}` is `{app=a}`), an `Exists` an `In` implies
 * dropped, a `NotIn` a `DoesNotExist` implies dropped, one value written as a label (`matchLabels`).
 * A contradictory key (no value left, or `Exists` with `DoesNotExist`) is kept as written.
 */
function toSelector(rs: readonly Requirement[]): LabelSelector {
  const byKey = new Map<string, Requirement[]>();
  for (const r of dedupe(rs)) (byKey.get(r.key) ?? byKey.set(r.key, []).get(r.key)!).push(r);
  const matchLabels: Record<string, string> = {};
  const expressions: Requirement[] = [];
  for (const [key, list] of byKey) {
    let values: Set<string> | undefined;
    const notIn = new Set<string>();
    let exists = false;
    let absent = false;
    for (const r of list) {
      if (r.op === 'In') values = values ? new Set(r.values.filter((v) => values!.has(v))) : new Set(r.values);
      else if (r.op === 'NotIn') for (const v of r.values) notIn.add(v);
      else if (r.op === 'Exists') exists = true;
      else absent = true;
    }
    const left = values && [...values].filter((v) => !notIn.has(v)).sort();
    if ((left && (left.length === 0 || absent)) || (absent && exists)) {
      expressions.push(...list);
      continue;
    }
    if (left) {
      if (left.length === 1) matchLabels[key] = left[0];
      else expressions.push({ key, op: 'In', values: left });
    } else if (absent) expressions.push({ key, op: 'DoesNotExist', values: [] });
    else {
      if (exists) expressions.push({ key, op: 'Exists', values: [] });
      if (notIn.size > 0) expressions.push({ key, op: 'NotIn', values: [...notIn].sort() });
    }
  }
  return { matchLabels, expressions };
}
