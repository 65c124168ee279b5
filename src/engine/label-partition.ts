/**
 * Partition refinement of a label space by label selectors: the space of label sets is cut into the
 * parts that no selector tells apart, so one representative label set per part stands for every label
 * set of the part under every selector. Per key, a selector constrains the key's value to a set of
 * tokens: each value some selector names, OTHER (any value no selector names) and ABSENT (no such
 * label), with apimachinery semantics (`NotIn` and `DoesNotExist` are satisfied by absence).
 */
import type { LabelSelector, Labels } from './model.js';

const ABSENT = '\u0000absent';
const OTHER = '\u0000other';
/** A value no selector can name (label values are alphanumerics, `-`, `_`, `.`), so OTHER stays OTHER. */
export const OTHER_VALUE = '~other';

/** A product of per-key token sets; a key not in the map may take any token of its domain. */
type Box = ReadonlyMap<string, ReadonlySet<string>>;

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
  const parts = new Map<string, Part>();
  for (const { box, matched } of boxes) {
    const key = matched.join(',');
    if (!parts.has(key)) parts.set(key, { labels: representative(box), matched });
  }
  return { parts: [...parts.values()], incomplete };
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
