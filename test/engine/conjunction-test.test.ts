/**
 * `ConjunctionTest` (which requirements hold exactly a set of a cut's boxes) agrees with refining the
 * whole cut by them (region-names.ts drops requirements from a name with it).
 */
import fc from 'fast-check';
import type { LabelSelector, Requirement } from '../../src/engine/model.js';
import { ConjunctionTest, cutBoxes, partitionLabels } from '../../src/engine/label-partition.js';
import { params } from '../property/harness.js';

const KEYS = ['app', 'tier', 'env'];
// The candidate may name values ('d') and keys ('zone') that no selector of the cut names.
const requirementArb = (keys: string[], values: string[]): fc.Arbitrary<Requirement> =>
  fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), op: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }) }),
    fc.record({ key: fc.constantFrom(...keys), op: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant([]) }),
  );
const selectorArb = (keys: string[], values: string[]): fc.Arbitrary<LabelSelector> =>
  fc.record({
    matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }),
    expressions: fc.array(requirementArb(keys, values), { maxLength: 2 }),
  });
const startArb = fc.option(
  fc.record({ values: fc.uniqueArray(fc.constantFrom('a', 'b', 'd'), { maxLength: 2 }), other: fc.boolean() }).filter((s) => s.values.length > 0 || s.other),
  { nil: undefined },
);

const valuesOf = (sel: LabelSelector, key: string) => [...(sel.matchLabels[key] !== undefined ? [sel.matchLabels[key]] : []), ...sel.expressions.filter((r) => r.key === key).flatMap((r) => r.values)];

/**
 * Does `s` hold exactly the parts matching `want`, by refining the whole cut with `s`? The start's
 * "other values" are the cut's: values only `s` names stay in the space.
 */
function exactByRefinement(selectors: readonly LabelSelector[], s: LabelSelector, want: string, start: Map<string, { values: string[]; other: boolean }> | undefined): boolean {
  const widened = start && new Map([...start].map(([k, st]) => {
    const named = new Set([...st.values, ...selectors.flatMap((x) => valuesOf(x, k))]);
    return [k, { values: [...st.values, ...(st.other ? valuesOf(s, k).filter((v) => !named.has(v)) : [])], other: st.other }];
  }));
  const p = partitionLabels([...selectors, s], 100_000, widened);
  const last = selectors.length;
  return p.parts.every((part) => part.matched.includes(last) === (part.matched.filter((i) => i !== last).join(',') === want));
}

const requirementsOf = (s: LabelSelector): Requirement[] => [...Object.entries(s.matchLabels).map(([key, v]) => ({ key, op: 'In' as const, values: [v] })), ...s.expressions];

describe('label partition boxes', () => {
  it('a conjunction holds a set of boxes exactly when refining the cut by it says so', () => {
    fc.assert(
      fc.property(
        fc.array(selectorArb(KEYS, ['a', 'b', 'c']), { maxLength: 4 }),
        selectorArb([...KEYS, 'zone'], ['a', 'b', 'c', 'd']),
        startArb,
        (selectors, s, start) => {
          const startMap = start ? new Map([['env', start]]) : undefined;
          const cut = cutBoxes(selectors, 100_000, startMap);
          for (const want of new Set(cut.boxes.map((b) => b.matched.join(',')))) {
            const test = new ConjunctionTest(cut, cut.boxes.map((b) => b.matched.join(',') === want), requirementsOf(s));
            expect(test.exact(requirementsOf(s))).toBe(exactByRefinement(selectors, s, want, startMap));
          }
        },
      ),
      params(500),
    );
  });

  it('dropping a requirement answers as testing the shorter conjunction afresh', () => {
    fc.assert(
      fc.property(
        fc.array(selectorArb(KEYS, ['a', 'b', 'c']), { maxLength: 3 }),
        // Distinct requirements, as region names drop them (deduplicated).
        fc.uniqueArray(requirementArb([...KEYS, 'zone'], ['a', 'b', 'd']), { minLength: 1, maxLength: 6, selector: (r) => `${r.key} ${r.op} ${[...r.values].sort().join(',')}` }),
        fc.nat(),
        (selectors, reqs, pick) => {
          const cut = cutBoxes(selectors, 100_000);
          for (const want of new Set(cut.boxes.map((b) => b.matched.join(',')))) {
            const inRegion = cut.boxes.map((b) => b.matched.join(',') === want);
            const test = new ConjunctionTest(cut, inRegion, reqs);
            let current = [...reqs];
            test.exact(current);
            // Drop requirements one by one, as region names do, whatever each answer.
            for (let i = 0; i < reqs.length; i++) {
              const r = current[(pick + i) % current.length];
              if (!r) break;
              const fewer = current.filter((x) => x !== r);
              const fresh = new ConjunctionTest(cut, inRegion, reqs).exact(fewer);
              const wasExact = new ConjunctionTest(cut, inRegion, reqs).exact(current);
              const answer = test.without(r);
              expect(answer).toBe(fresh);
              if (answer) current = fewer;
              else expect(new ConjunctionTest(cut, inRegion, reqs).exact(current)).toBe(wasExact);
            }
          }
        },
      ),
      params(300),
    );
  });

  it('a value the cut never named is part of OTHER: the box of app values other than a is not held by app=d', () => {
    const cut = cutBoxes([{ matchLabels: { app: 'a' }, expressions: [] }], 100);
    const isA = cut.boxes.map((b) => b.matched.length === 1);
    const appIs = (v: string): Requirement => ({ key: 'app', op: 'In', values: [v] });
    const notA = new ConjunctionTest(cut, isA.map((x) => !x), [appIs('d'), { key: 'app', op: 'NotIn', values: ['a'] }]);
    expect(notA.exact([appIs('d')])).toBe(false);
    expect(notA.exact([{ key: 'app', op: 'NotIn', values: ['a'] }])).toBe(true);
    const a = new ConjunctionTest(cut, isA, [appIs('a'), appIs('d'), { key: 'app', op: 'Exists', values: [] }]);
    expect(a.exact([appIs('a')])).toBe(true);
    expect(a.exact([appIs('d')])).toBe(false);
    expect(a.exact([{ key: 'app', op: 'Exists', values: [] }])).toBe(false);
  });
});
