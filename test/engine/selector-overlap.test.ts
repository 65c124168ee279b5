/**
 * `mayOverlap` (selector-overlap.ts) of selectors written with label values alone, which it answers without
 * building per-key bounds, against a brute force over every label set of the keys and values the two name:
 * they overlap exactly when some label set matches both. Also against the same selectors written as `In`
 * requirements of one value, which take the general path.
 */
import fc from 'fast-check';
import type { LabelSelector, Labels } from '../../src/engine/model.js';
import { mayOverlap } from '../../src/engine/selector-overlap.js';
import { matches } from '../../src/engine/selectors.js';
import { params } from '../property/harness.js';

const KEYS = ['app', 'tier', 'env', 'constructor'] as const;
const VALUES = ['a', 'b', 'c'] as const;

const plain: fc.Arbitrary<LabelSelector> = fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 }), expressions: fc.constant([]) });

/** Every label set over KEYS, each key absent or one of VALUES. */
function everyLabelSet(): Labels[] {
  let sets: Record<string, string>[] = [{}];
  for (const k of KEYS) sets = sets.flatMap((s) => [s, ...VALUES.map((v) => ({ ...s, [k]: v }))]);
  return sets;
}

const SPACE = everyLabelSet();

describe('mayOverlap of label values alone', () => {
  it('is true exactly when some label set matches both', () => {
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(mayOverlap(a, b)).toBe(SPACE.some((l) => matches(a, l) && matches(b, l)));
      }),
      params(300),
    );
  });

  it('answers as the same selectors written as In requirements', () => {
    const asIn = (s: LabelSelector): LabelSelector => ({ matchLabels: {}, expressions: Object.entries(s.matchLabels).map(([key, v]) => ({ key, op: 'In' as const, values: [v] })) });
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(mayOverlap(a, b)).toBe(mayOverlap(asIn(a), asIn(b)));
      }),
      params(300),
    );
  });
});
