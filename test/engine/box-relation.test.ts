/**
 * `boxRelation` (label-partition.ts) against cutting the space again: whether a selector holds exactly
 * one part of a cut, decided from the cut's own boxes, equals what partitioning by the cut's selectors
 * plus that selector says (region-names.ts used to cut again for every candidate name).
 */
import fc from 'fast-check';
import type { LabelSelector, Requirement } from '../../src/engine/model.js';
import type { Box } from '../../src/engine/label-partition.js';
import { boxRelation, cutBoxes, partitionLabels } from '../../src/engine/label-partition.js';
import { params } from '../property/harness.js';

const KEYS = ['app', 'tier', 'env'] as const;
// `d` is never named by the cut's selectors below: the selector under test may name values the cut does not.
const cutValues = fc.constantFrom('a', 'b', 'c');
const anyValues = fc.constantFrom('a', 'b', 'c', 'd');

const requirement = (values: fc.Arbitrary<string>): fc.Arbitrary<Requirement> =>
  fc.record({
    key: fc.constantFrom(...KEYS),
    op: fc.constantFrom('In' as const, 'NotIn' as const, 'Exists' as const, 'DoesNotExist' as const),
    values: fc.uniqueArray(values, { minLength: 1, maxLength: 2 }),
  }).map((r) => (r.op === 'Exists' || r.op === 'DoesNotExist' ? { ...r, values: [] } : r));

const selector = (values: fc.Arbitrary<string>): fc.Arbitrary<LabelSelector> =>
  fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...KEYS), values, { maxKeys: 2 }), expressions: fc.array(requirement(values), { maxLength: 2 }) });

/** The reference: cut by the selectors and `s`; `s` is exact for `want` when it matches exactly the pieces of that part. */
function exactByRecutting(selectors: readonly LabelSelector[], s: LabelSelector, want: string, start?: Parameters<typeof partitionLabels>[2]): boolean {
  // A start key's "other values" include those only `s` names: name them in the start, or cutting again loses them.
  const named = (k: string, sels: readonly LabelSelector[]) =>
    sels.flatMap((x) => [...(x.matchLabels[k] !== undefined ? [x.matchLabels[k]] : []), ...x.expressions.filter((r) => r.key === k).flatMap((r) => r.values)]);
  const widened = start && new Map([...start].map(([k, v]) => [k, v.other ? { ...v, values: [...new Set([...v.values, ...named(k, [s]).filter((x) => !named(k, selectors).includes(x))])] } : v]));
  const p = partitionLabels([...selectors, s], 1 << 20, widened);
  const last = selectors.length;
  return p.parts.every((part) => part.matched.includes(last) === (part.matched.filter((i) => i !== last).join(',') === want));
}

// label-partition.ts's token for "no such label" (the other tokens are values, and OTHER, which no requirement names).
const ABSENT = '\u0000absent';

function accepts(r: Requirement, t: string): boolean {
  if (r.op === 'Exists') return t !== ABSENT;
  if (r.op === 'DoesNotExist') return t === ABSENT;
  return r.values.includes(t) === (r.op === 'In');
}

/** The reference cut: every box copied per key a selector constrains, as cutBoxes did before it shared boxes. */
function copyingCut(selectors: readonly LabelSelector[], domains: ReadonlyMap<string, ReadonlySet<string>>, start?: Parameters<typeof cutBoxes>[2]): { box: Box; matched: number[] }[] {
  const first = new Map<string, ReadonlySet<string>>();
  for (const [k, s] of start ?? []) first.set(k, new Set([...s.values, ...(s.other ? ['\u0000other'] : [])]));
  let boxes: { box: Box; matched: number[] }[] = [{ box: first, matched: [] }];
  selectors.forEach((s, i) => {
    const reqs = [...Object.entries(s.matchLabels).map(([key, v]): Requirement => ({ key, op: 'In', values: [v] })), ...s.expressions];
    // Per key in order first constrained, the tokens every requirement on it accepts.
    const cons = new Map<string, Set<string>>();
    for (const r of reqs) cons.set(r.key, new Set([...(cons.get(r.key) ?? domains.get(r.key)!)].filter((t) => accepts(r, t))));
    const next: { box: Box; matched: number[] }[] = [];
    for (const { box, matched } of boxes) {
      let prefix = new Map(box);
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
    boxes = next;
  });
  return boxes;
}

function exactByBoxes(selectors: readonly LabelSelector[], s: LabelSelector, want: string, start?: Parameters<typeof partitionLabels>[2]): boolean {
  const cut = cutBoxes(selectors, 1 << 20, start);
  return cut.boxes.every(({ box, matched }) => boxRelation(box, cut, s) === (matched.join(',') === want ? 'inside' : 'outside'));
}

describe('boxRelation', () => {
  it('says which selectors hold exactly one part, as cutting again does', () => {
    const start = fc.option(fc.constant(new Map([['env', { values: ['a', 'b'], other: true }]])), { nil: undefined });
    fc.assert(
      fc.property(fc.array(selector(cutValues), { maxLength: 4 }), fc.array(selector(anyValues), { minLength: 1, maxLength: 4 }), start, (selectors, candidates, from) => {
        const parts = partitionLabels(selectors, 1 << 20, from).parts;
        // Candidates: random ones, and each part's own selectors (often exact).
        for (const part of parts) {
          const want = part.matched.join(',');
          const own: LabelSelector = { matchLabels: {}, expressions: part.matched.flatMap((i) => [...Object.entries(selectors[i].matchLabels).map(([key, v]) => ({ key, op: 'In' as const, values: [v] })), ...selectors[i].expressions]) };
          for (const s of [...candidates, own]) expect(exactByBoxes(selectors, s, want, from)).toBe(exactByRecutting(selectors, s, want, from));
        }
      }),
      params(300),
    );
  });

  it('cuts the boxes a copy per key and box makes (boxes are shared where a selector leaves them as they are)', () => {
    const start = fc.option(fc.constant(new Map([['env', { values: ['a', 'b'], other: true }]])), { nil: undefined });
    fc.assert(
      fc.property(fc.array(selector(anyValues), { maxLength: 5 }), start, (selectors, from) => {
        const cut = cutBoxes(selectors, 1 << 20, from);
        const written = (boxes: readonly { box: Box; matched: readonly number[] }[]) => boxes.map(({ box, matched }) => ({ box: [...box].map(([k, t]) => [k, [...t]]), matched }));
        expect(written(cut.boxes)).toEqual(written(copyingCut(selectors, cut.domains, from)));
      }),
      params(300),
    );
  });

  it('splits the OTHER token by a value only the selector names', () => {
    const cut = cutBoxes([{ matchLabels: { app: 'a' }, expressions: [] }], 64);
    const other = cut.boxes.find((b) => b.matched.length === 0)!;
    expect(boxRelation(other.box, cut, { matchLabels: { app: 'd' }, expressions: [] })).toBe('split');
    expect(boxRelation(other.box, cut, { matchLabels: {}, expressions: [{ key: 'app', op: 'In', values: ['a'] }] })).toBe('outside');
    const inside = cut.boxes.find((b) => b.matched.length === 1)!;
    expect(boxRelation(inside.box, cut, { matchLabels: {}, expressions: [{ key: 'app', op: 'Exists', values: [] }] })).toBe('inside');
  });
});
