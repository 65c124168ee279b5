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
 */
export function partitionLabels(
  selectors: readonly LabelSelector[],
  maxBoxes: number,
  start: ReadonlyMap<string, { readonly values: readonly string[]; readonly other: boolean }> = new Map(),
): Partition {
  const { boxes, incomplete } = cutBoxes(selectors, maxBoxes, start);
  const parts = new Map<string, Part>();
  for (const { box, matched } of boxes) {
    const key = matched.join(',');
    if (!parts.has(key)) parts.set(key, { labels: representative(box), matched });
  }
  return { parts: [...parts.values()], incomplete };
}

/** The boxes of a cut, each with the selectors it matches, and the per-key token domains they are written in. */
export interface BoxCut {
  readonly boxes: readonly { readonly box: Box; readonly matched: readonly number[] }[];
  readonly domains: ReadonlyMap<string, ReadonlySet<string>>;
  readonly incomplete: boolean;
}

/** The box refinement behind `partitionLabels` (same arguments), boxes kept apart. */
export function cutBoxes(
  selectors: readonly LabelSelector[],
  maxBoxes: number,
  start: ReadonlyMap<string, { readonly values: readonly string[]; readonly other: boolean }> = new Map(),
): BoxCut {
  const domains = domainsOf(selectors, new Map([...start].map(([k, s]) => [k, s.values])));
  const first = new Map<string, ReadonlySet<string>>();
  for (const [k, s] of start) first.set(k, new Set([...s.values, ...(s.other ? [OTHER] : [])]));
  let boxes: { box: Box; matched: number[] }[] = [{ box: first, matched: [] }];
  let incomplete = false;
  for (let i = 0; i < selectors.length; i++) {
    const cons = constraints(selectors[i], domains);
    const next: { box: Box; matched: number[] }[] = [];
    for (const { box, matched } of boxes) {
      let prefix: Map<string, ReadonlySet<string>> = new Map(box);
      let inside = true;
      for (const [k, allowed] of cons) {
        const current = prefix.get(k) ?? domains.get(k)!;
        const outside = new Set([...current].filter((t) => !allowed.has(t)));
        if (outside.size > 0) next.push({ box: new Map(prefix).set(k, outside), matched });
        const kept = new Set([...current].filter((t) => allowed.has(t)));
        if (kept.size === 0) {
          inside = false;
          break;
        }
        prefix = new Map(prefix).set(k, kept);
      }
      if (inside) next.push({ box: prefix, matched: [...matched, i] });
    }
    if (next.length > maxBoxes) {
      incomplete = true;
      break;
    }
    boxes = next;
  }
  return { boxes, domains, incomplete };
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

/** One label set of the box: a named value where the box allows one, else OTHER, else no label. */
function representative(box: Box): Labels {
  const labels: Record<string, string> = {};
  for (const [k, tokens] of box) {
    const named = [...tokens].filter((t) => t !== ABSENT && t !== OTHER).sort()[0];
    if (named !== undefined) labels[k] = named;
    else if (tokens.has(OTHER)) labels[k] = OTHER_VALUE;
  }
  return labels;
}
