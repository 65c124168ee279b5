import fc from 'fast-check';
import { PairKeys } from '../../src/engine/pair-keys.js';

/** What the keys should give: each once, ascending. */
function expected(keys: readonly number[]): number[] {
  return [...new Set(keys)].sort((a, b) => a - b);
}

describe('PairKeys', () => {
  it('gives each key once, ascending, whether it stays a list or turns into a bit set', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 0, max: n * n - 1 }), { maxLength: 6000 }))),
        ([n, keys]) => {
          const pk = new PairKeys(n);
          for (const k of keys) pk.add(k);
          expect([...pk.distinct()]).toEqual(expected(keys));
        },
      ),
      { numRuns: 200, seed: 20261203 },
    );
  });

  it('turns dense lists into a bit set (many repeats over few pairs) and keeps sparse ones a list', () => {
    // 40 entries: 1,600 pairs; 20,000 keys repeat each pair many times (the list would outgrow the bits).
    const dense = new PairKeys(40);
    for (let i = 0; i < 20000; i++) dense.add((i * 7919) % 1600);
    const out = dense.distinct();
    expect(out.length).toBe(1600);
    expect(out[0]).toBe(0);
    expect(out[1599]).toBe(1599);
    // A list's distinct is a view of its own buffer; a bit set's is a fresh array of exactly its keys.
    expect(out.buffer.byteLength).toBe(1600 * 8);
    // 100,000 entries: 10^10 pairs, beyond the bit set's bound: a list, however many keys.
    const sparse = new PairKeys(100000);
    for (let i = 0; i < 5000; i++) sparse.add(9_999_999_999 - i * 3);
    const keys = sparse.distinct();
    expect(keys.length).toBe(5000);
    expect(keys[0]).toBe(9_999_999_999 - 4999 * 3);
    expect(keys.buffer.byteLength).toBeGreaterThan(5000 * 8);
  });
});
