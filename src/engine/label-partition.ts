/**
 * Partition refinement of a label space by label selectors: the space of label sets is cut into the
 * parts that no selector tells apart, so one representative label set per part stands for every label
 * set of the part under every selector. Per key, a selector constrains the key's value to a set of
 * tokens: each value some selector names, OTHER (any value no selector names) and ABSENT (no such
 * label), with apimachinery semantics (`NotIn` and `DoesNotExist` are satisfied by absence).
 */
import type { LabelSelector, Labels, Requirement } from './model.js';

const ABSENT = '\u0000absent';
const OTHER = '\u0000other';
/** A value no selector can name (label values are alphanumerics, `-`, `_`, `.`), so OTHER stays OTHER. */
export const OTHER_VALUE = '~other';

/** A product of per-key token sets; a key not in the map may take any token of its domain. */
export type Box = ReadonlyMap<string, ReadonlySet<string>>;

export interface Part {
  /** A label set inside the part (OTHER written as `~other`). */
  readonly labels: Labels;
  /** Indices (into the selectors given) of the selectors that match the part, ascending. */
  readonly matched: readonly number[];
}

export interface Partition {
  readonly parts: readonly Part[];
  /** The box budget ran out before every selector was applied: parts may not be uniform for the rest. */
  readonly incomplete: boolean;
  /** How many selectors (the first ones) cut the parts: all of them unless `incomplete`. */
  readonly applied: number;
}

/** Per key, the tokens a selector allows; a key the selector does not mention is unconstrained. */
function constraints(selector: LabelSelector, domains: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const narrow = (key: string, allowed: (t: string) => boolean) => {
    const prev = out.get(key) ?? domains.get(key)!;
    out.set(key, new Set([...prev].filter(allowed)));
  };
  for (const [k, v] of Object.entries(selector.matchLabels)) narrow(k, (t) => t === v);
  for (const r of selector.expressions) {
    switch (r.op) {
      case 'In':
        narrow(r.key, (t) => r.values.includes(t));
        break;
      case 'NotIn':
        narrow(r.key, (t) => !r.values.includes(t));
        break;
      case 'Exists':
        narrow(r.key, (t) => t !== ABSENT);
        break;
      case 'DoesNotExist':
        narrow(r.key, (t) => t === ABSENT);
        break;
      default: {
        const never: never = r.op;
        throw new Error(`unknown operator ${String(never)}`);
      }
    }
  }
  return out;
}

/** `constraints` as a list of keys and their allowed tokens, in the selector's order (walked by index in `cutBoxes`). */
function keyConstraints(selector: LabelSelector, domains: ReadonlyMap<string, ReadonlySet<string>>): { readonly key: string; readonly allowed: ReadonlySet<string> }[] {
  const out: { key: string; allowed: ReadonlySet<string> }[] = [];
  constraints(selector, domains).forEach((allowed, key) => out.push({ key, allowed }));
  return out;
}

/** How many tokens of `tokens` `allowed` holds (`Set.forEach`: no iterator step allocated where the caller is not optimized). */
function countIn(tokens: ReadonlySet<string>, allowed: ReadonlySet<string>): number {
  let n = 0;
  tokens.forEach((t) => {
    if (allowed.has(t)) n++;
  });
  return n;
}

function domainsOf(selectors: readonly LabelSelector[], fixed: ReadonlyMap<string, readonly string[]>): Map<string, Set<string>> {
  const domains = new Map<string, Set<string>>();
  const add = (k: string, values: readonly string[]) => {
    let d = domains.get(k);
    if (!d) domains.set(k, (d = new Set([ABSENT, OTHER])));
    for (const v of values) d.add(v);
  };
  for (const s of selectors) {
    for (const [k, v] of Object.entries(s.matchLabels)) add(k, [v]);
    for (const r of s.expressions) add(r.key, r.values);
  }
  for (const [k, values] of fixed) add(k, values);
  return domains;
}

/**
 * Cuts the label space by `selectors`. `start` restricts the space first: per key, the label values
 * allowed (`null` for "any value the selectors do not name", i.e. OTHER); a key in `start` is always
 * present. Boxes are split by each selector into the inside and at most one outside box per key it
 * constrains; when more than `maxBoxes` boxes would exist the remaining selectors are not applied and
 * the result says so. Boxes with the same matched selectors form one part.
 *
 * `inside` (indices into `selectors`): only the label sets some of these selectors match are cut; the
 * rest is left out of the parts (a caller that cuts it otherwise, regions.ts `coarseCut`). Boxes wholly
 * outside them are dropped as soon as they are made, so the bound counts only boxes that become parts:
 * a namespace's changed policies' pods cut by its ~30 selectors of other keys stay within the bound while
 * the whole namespace's pod space, whose product of keys the caller throws away, would not.
 */
export function partitionLabels(
  selectors: readonly LabelSelector[],
  maxBoxes: number,
  start: ReadonlyMap<string, { readonly values: readonly string[]; readonly other: boolean }> = new Map(),
  inside?: readonly number[],
): Partition {
  const { boxes, incomplete, applied } = cutBoxes(selectors, maxBoxes, start, inside);
  const parts = new Map<string, Part>();
  for (const { box, matched } of boxes) {
    const key = matched.join(',');
    if (!parts.has(key)) parts.set(key, { labels: incomplete ? plainRepresentative(box) : representative(box), matched });
  }
  return { parts: [...parts.values()], incomplete, applied };
}

/** The boxes of a cut, each with the selectors it matches, and the per-key token domains they are written in. */
export interface BoxCut {
  readonly boxes: readonly { readonly box: Box; readonly matched: readonly number[] }[];
  readonly domains: ReadonlyMap<string, ReadonlySet<string>>;
  readonly incomplete: boolean;
  /** How many selectors (the first ones) cut the boxes. */
  readonly applied: number;
}

/** The box refinement behind `partitionLabels` (same arguments), boxes kept apart. */
export function cutBoxes(
  selectors: readonly LabelSelector[],
  maxBoxes: number,
  start: ReadonlyMap<string, { readonly values: readonly string[]; readonly other: boolean }> = new Map(),
  inside?: readonly number[],
): BoxCut {
  const domains = domainsOf(selectors, new Map([...start].map(([k, s]) => [k, s.values])));
  const first = new Map<string, ReadonlySet<string>>();
  for (const [k, s] of start) first.set(k, new Set([...s.values, ...(s.other ? [OTHER] : [])]));
  let boxes: { box: Box; matched: number[] }[] = [{ box: first, matched: [] }];
  let incomplete = false;
  let applied = 0;
  const within = inside === undefined ? undefined : inside.map((i) => keyConstraints(selectors[i], domains));
  // A box no `inside` selector can match (on some key it allows none of the box's tokens) never becomes a
  // part: dropped when made.
  const outsideAll = (box: Box) =>
    within !== undefined &&
    within.every((cons) => {
      for (let c = 0; c < cons.length; c++) if (countIn(box.get(cons[c].key) ?? domains.get(cons[c].key)!, cons[c].allowed) === 0) return true;
      return false;
    });
  if (outsideAll(first)) boxes = [];
  for (let i = 0; i < selectors.length; i++) {
    const cons = keyConstraints(selectors[i], domains);
    const next: { box: Box; matched: number[] }[] = [];
    // `from`: the box cut; passed on as it is, it was tested when made.
    const keep = (b: { box: Box; matched: number[] }, from: Box) => {
      if (within === undefined || b.box === from || !outsideAll(b.box)) next.push(b);
    };
    // Indexed loops, no iterator: most of a process's cuts run before V8 optimizes this function, where a
    // `for…of` allocates per step (a 10k diff's regions and their names cut ~30 MB of boxes and iterators).
    for (let b = 0; b < boxes.length; b++) {
      const { box, matched } = boxes[b];
      // Boxes are never changed once made: a box the selector leaves as it is on a key is shared, not
      // copied (a copy per key and box made ~130 MB of maps naming a 10k diff's regions), and the prefix
      // is copied once, on its first change.
      let prefix = box;
      let owned: Map<string, ReadonlySet<string>> | undefined;
      let inside = true;
      for (let c = 0; c < cons.length; c++) {
        const { key: k, allowed } = cons[c];
        const had = prefix.get(k);
        const current = had ?? domains.get(k)!;
        const out = current.size - countIn(current, allowed);
        if (current.size === 0) {
          inside = false;
          break;
        }
        if (out === current.size) {
          // Wholly outside: the box as it is (with the key's tokens written in).
          keep({ box: had ? prefix : new Map(prefix).set(k, current), matched }, box);
          inside = false;
          break;
        }
        if (out > 0) {
          const outside = new Set<string>();
          const kept = new Set<string>();
          current.forEach((t) => (allowed.has(t) ? kept : outside).add(t));
          keep({ box: new Map(prefix).set(k, outside), matched }, box);
          prefix = owned ??= new Map(prefix);
          owned.set(k, kept);
        } else if (!had) {
          prefix = owned ??= new Map(prefix);
          owned.set(k, current);
        }
      }
      if (inside) keep({ box: prefix, matched: [...matched, i] }, box);
    }
    if (next.length > maxBoxes) {
      incomplete = true;
      break;
    }
    boxes = next;
    applied = i + 1;
  }
  return { boxes, domains, incomplete, applied };
}

/** Where a box lies with respect to a selector: wholly inside it, wholly outside, or split by it. */
export type BoxRelation = 'inside' | 'outside' | 'split';

/**
 * How `selector` meets `box` (a box of `cut`). The selector may name values the cut does not: then the
 * cut's OTHER token stands for those values and the rest, and is split when they are told apart.
 */
export function boxRelation(box: Box, cut: BoxCut, selector: LabelSelector): BoxRelation {
  return boxTest(cut, selector)(box);
}

/** Per key the selector constrains: the cut's tokens it accepts, and how it meets the key's OTHER token. */
interface KeyTest {
  readonly key: string;
  readonly domain: ReadonlySet<string>;
  readonly accepted: ReadonlySet<string>;
  readonly other: BoxRelation;
}

/** `boxRelation` for many boxes of one cut: the selector is compiled against the cut's domains once. */
export function boxTest(cut: BoxCut, selector: LabelSelector): (box: Box) => BoxRelation {
  const byKey = new Map<string, Requirement[]>();
  for (const [k, v] of Object.entries(selector.matchLabels)) push(byKey, k, { key: k, op: 'In', values: [v] });
  for (const r of selector.expressions) push(byKey, r.key, r);
  const tests: KeyTest[] = [...byKey].map(([key, reqs]) => {
    const domain = cut.domains.get(key) ?? NO_LABEL_NAMED;
    const accepted = new Set([...domain].filter((t) => t !== OTHER && reqs.every((r) => accepts(r, t))));
    // OTHER: each value the selector names that the cut does not, and the values nobody names.
    const subs = [...reqs.flatMap((r) => r.values.filter((v) => !domain.has(v))), OTHER];
    const sat = subs.filter((x) => reqs.every((r) => accepts(r, x))).length;
    return { key, domain, accepted, other: sat === 0 ? 'outside' : sat === subs.length ? 'inside' : 'split' };
  });
  return (box) => {
    let split = false;
    for (const t of tests) {
      const tokens = box.get(t.key) ?? t.domain;
      let sat = false;
      let unsat = false;
      for (const x of tokens) {
        const r: BoxRelation = x === OTHER ? t.other : t.accepted.has(x) ? 'inside' : 'outside';
        if (r !== 'outside') sat = true;
        if (r !== 'inside') unsat = true;
      }
      if (!sat) return 'outside';
      if (unsat) split = true;
    }
    return split ? 'split' : 'inside';
  };
}

/** A key no selector of the cut names: any label set may lack it or carry any value. */
const NO_LABEL_NAMED: ReadonlySet<string> = new Set([ABSENT, OTHER]);

/** Does a label value token (ABSENT, OTHER: a value the requirement does not name, or a value) satisfy `r`? */
function accepts(r: Requirement, t: string): boolean {
  switch (r.op) {
    case 'In':
      return t !== ABSENT && t !== OTHER && r.values.includes(t);
    case 'NotIn':
      return t === ABSENT || t === OTHER || !r.values.includes(t);
    case 'Exists':
      return t !== ABSENT;
    case 'DoesNotExist':
      return t === ABSENT;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** One key of a cut in a candidate's terms: its tokens, per box the tokens it holds (null: every token, the box does not constrain the key), and per requirement on it the tokens it allows. */
interface Column {
  readonly index: Map<string, number>;
  readonly boxes: readonly (Int32Array | null)[];
  readonly masks: Map<string, Uint8Array>;
}

/** Columns per cut, by key and the values only the candidates name: the regions of one cut share them. */
const columnCache = new WeakMap<BoxCut, Map<string, Column>>();

function columnOf(cut: BoxCut, k: string, values: ReadonlySet<string>): Column {
  const named = cut.domains.get(k) ?? new Set([ABSENT, OTHER]);
  const fresh = [...values].filter((v) => !named.has(v)).sort();
  const cacheKey = [k, ...fresh].join('\u0000');
  let byKey = columnCache.get(cut);
  if (!byKey) columnCache.set(cut, (byKey = new Map()));
  const known = byKey.get(cacheKey);
  if (known) return known;
  const tokens = [...named, ...fresh];
  const index = new Map(tokens.map((t, i) => [t, i]));
  const boxes = cut.boxes.map(({ box }) => {
    const own = box.get(k);
    if (!own) return null;
    const held: number[] = [];
    for (const t of own) {
      held.push(index.get(t)!);
      if (t === OTHER) for (const v of fresh) held.push(index.get(v)!);
    }
    return Int32Array.from(held);
  });
  const column = { index, boxes, masks: new Map<string, Uint8Array>() };
  byKey.set(cacheKey, column);
  return column;
}

const requirementIds = new WeakMap<Requirement, string>();

/** A requirement's canonical text (values sorted), kept per requirement object: the same ones are tried again and again. */
function requirementId(r: Requirement): string {
  let id = requirementIds.get(r);
  if (id === undefined) requirementIds.set(r, (id = `${r.key}\u0000${r.op}\u0000${[...r.values].sort().join('\u0000')}`));
  return id;
}

export class ConjunctionTest {
  private readonly columns = new Map<string, Column>();
  /** Per requirement (by `requirementId`), the tokens of its key it allows. */
  private readonly masks = new Map<string, Uint8Array>();
  /** Per key, per box: 2 = every token allowed, 1 = some, 0 = none (under the requirements on that key). */
  private readonly status = new Map<string, Uint8Array>();
  private readonly notAll: Int32Array;
  private readonly none: Int32Array;
  private bad: number;
  /** The current conjunction: per key, its requirements' ids. */
  private readonly current = new Map<string, string[]>();
  /** Per key of the current conjunction, per token: how many of its requirements reject the token. */
  private readonly rejected = new Map<string, Int32Array>();

  constructor(
    private readonly cut: BoxCut,
    private readonly inRegion: readonly boolean[],
    universe: readonly Requirement[],
  ) {
    const values = new Map<string, Set<string>>();
    for (const r of universe) for (const v of r.values) (values.get(r.key) ?? values.set(r.key, new Set()).get(r.key)!).add(v);
    for (const r of universe) if (!values.has(r.key)) values.set(r.key, new Set());
    for (const [k, vs] of values) this.columns.set(k, columnOf(cut, k, vs));
    for (const r of universe) {
      const column = this.columns.get(r.key)!;
      const id = requirementId(r);
      let mask = column.masks.get(id);
      if (!mask) {
        const allowed = constraints({ matchLabels: {}, expressions: [r] }, new Map([[r.key, new Set(column.index.keys())]])).get(r.key)!;
        mask = new Uint8Array(column.index.size);
        for (const t of allowed) mask[column.index.get(t)!] = 1;
        column.masks.set(id, mask);
      }
      this.masks.set(id, mask);
    }
    this.notAll = new Int32Array(cut.boxes.length);
    this.none = new Int32Array(cut.boxes.length);
    // With no requirement every box is wholly inside: those outside the region break exactness.
    this.bad = inRegion.filter((x) => !x).length;
  }

  /** Does the conjunction of `reqs` (all from the universe) hold exactly the region? Makes it the current conjunction. */
  exact(reqs: readonly Requirement[]): boolean {
    for (const k of [...this.status.keys()]) this.setColumn(k, undefined);
    this.current.clear();
    for (const r of reqs) {
      const ids = this.current.get(r.key) ?? this.current.set(r.key, []).get(r.key)!;
      const id = requirementId(r);
      if (!ids.includes(id)) ids.push(id);
    }
    this.rejected.clear();
    for (const [k, ids] of this.current) {
      this.setColumn(k, this.allowed(ids));
      const counts = new Int32Array(this.columns.get(k)!.index.size);
      for (const id of ids) {
        const mask = this.masks.get(id)!;
        for (let t = 0; t < counts.length; t++) counts[t] += 1 - mask[t];
      }
      this.rejected.set(k, counts);
    }
    return this.holds();
  }

  /**
   * The current conjunction without `r`, if it still holds the region exactly (then it becomes the
   * current one); else the current one stays and the answer is false. Dropping a requirement only
   * widens its key's tokens, so only boxes not yet wholly allowed on that key are looked at.
   */
  without(r: Requirement): boolean {
    const id = requirementId(r);
    const ids = this.current.get(r.key) ?? [];
    if (!ids.includes(id)) return this.holds();
    const fewer = ids.filter((x) => x !== id);
    const mask = this.masks.get(id)!;
    const counts = this.rejected.get(r.key)!;
    const drop = () => {
      this.current.set(r.key, fewer);
      for (let t = 0; t < counts.length; t++) counts[t] -= 1 - mask[t];
    };
    // Implied by the key's other requirements (`app=a` makes `app NotIn (b)` say nothing): every token it
    // rejects another rejects too, so no box changes.
    let widens = false;
    for (let t = 0; t < counts.length && !widens; t++) widens = mask[t] === 0 && counts[t] === 1;
    if (!widens) {
      if (this.holds()) drop();
      return this.holds();
    }
    // The key's tokens without r: those no other requirement rejects.
    let allowed: Uint8Array | undefined;
    if (fewer.length > 0) {
      allowed = new Uint8Array(counts.length);
      for (let t = 0; t < counts.length; t++) allowed[t] = counts[t] - (1 - mask[t]) === 0 ? 1 : 0;
    }
    const column = this.status.get(r.key)!;
    const masks = this.columns.get(r.key)!.boxes;
    const count = allowed ? allowedCount(allowed) : 0;
    const changed: number[] = [];
    for (let b = 0; b < column.length; b++) {
      if (column[b] === 2) continue;
      const to = allowed ? statusOf(masks[b], allowed, count) : 2;
      if (to === column[b]) continue;
      changed.push(b, column[b]);
      this.setStatus(column, b, to);
    }
    if (this.holds()) {
      drop();
      return true;
    }
    for (let i = changed.length - 2; i >= 0; i -= 2) this.setStatus(column, changed[i], changed[i + 1]);
    return false;
  }

  /** The intersection of the masks of requirements on one key (undefined: none, every token allowed). */
  private allowed(ids: readonly string[]): Uint8Array | undefined {
    let out: Uint8Array | undefined;
    for (const id of ids) {
      const m = this.masks.get(id)!;
      if (!out) out = m.slice();
      else for (let i = 0; i < out.length; i++) out[i] &= m[i];
    }
    return out;
  }

  /** Replaces key `k`'s column of statuses. */
  private setColumn(k: string, allowed: Uint8Array | undefined): void {
    const old = this.status.get(k);
    if (old) for (let b = 0; b < old.length; b++) this.setStatus(old, b, 2);
    if (!allowed) {
      this.status.delete(k);
      return;
    }
    const column = new Uint8Array(this.cut.boxes.length).fill(2);
    const masks = this.columns.get(k)!.boxes;
    const count = allowedCount(allowed);
    for (let b = 0; b < masks.length; b++) this.setStatus(column, b, statusOf(masks[b], allowed, count));
    this.status.set(k, column);
  }

  /** One box's status on one key, keeping the box's counts of not-all and none keys and the count of boxes that break exactness. */
  private setStatus(column: Uint8Array, b: number, to: number): void {
    const from = column[b];
    if (from === to) return;
    const wasBad = this.isBad(b);
    if (from !== 2) this.notAll[b]--;
    if (from === 0) this.none[b]--;
    if (to !== 2) this.notAll[b]++;
    if (to === 0) this.none[b]++;
    column[b] = to;
    this.bad += Number(this.isBad(b)) - Number(wasBad);
  }

  /** A box of the region not wholly inside, or a box outside the region not wholly outside. */
  private isBad(b: number): boolean {
    return this.inRegion[b] ? this.notAll[b] !== 0 : this.none[b] === 0;
  }

  private holds(): boolean {
    return this.bad === 0;
  }
}

/** How many tokens a mask allows. */
function allowedCount(allowed: Uint8Array): number {
  let n = 0;
  for (let t = 0; t < allowed.length; t++) n += allowed[t];
  return n;
}

/** 2: every token the box holds (null: every token) is allowed, 1: some are, 0: none is. `count`: how many tokens `allowed` allows. */
function statusOf(held: Int32Array | null, allowed: Uint8Array, count: number): number {
  let some = false;
  let all = true;
  if (held === null) {
    return count === allowed.length ? 2 : count > 0 ? 1 : 0;
  } else {
    for (let i = 0; i < held.length; i++) {
      if (allowed[held[i]]) some = true;
      else all = false;
    }
  }
  return all ? 2 : some ? 1 : 0;
}

/** One label set of the box: a named value where the box allows one, else OTHER, else no label. */
/**
 * A label set of the box for a cut the bound stopped short: without a key where the box allows its absence,
 * else with a value no selector names, else a named one. A named value the box allows may be one a
 * selector not applied tells apart (a renamed selector's new value), and the region's one representative
 * would then judge the whole region as such pods.
 */
function plainRepresentative(box: Box): Labels {
  const labels: Record<string, string> = {};
  for (const [k, tokens] of box) {
    if (tokens.has(ABSENT)) continue;
    if (tokens.has(OTHER)) labels[k] = OTHER_VALUE;
    else {
      const named = [...tokens].sort()[0];
      if (named !== undefined) labels[k] = named;
    }
  }
  return labels;
}

function representative(box: Box): Labels {
  const labels: Record<string, string> = {};
  for (const [k, tokens] of box) {
    const named = [...tokens].filter((t) => t !== ABSENT && t !== OTHER).sort()[0];
    if (named !== undefined) labels[k] = named;
    else if (tokens.has(OTHER)) labels[k] = OTHER_VALUE;
  }
  return labels;
}
