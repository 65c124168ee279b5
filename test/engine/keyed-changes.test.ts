import fc from 'fast-check';
import { keyedChanges } from '../../src/engine/keyed-changes.js';

interface Item {
  readonly k: string;
  readonly v: number;
}

type Change = [Item | undefined, Item | undefined];

const byKey = (x: Item) => x.k;
const sameContent = (x: Item, y: Item) => x.k === y.k && x.v === y.v;

/** What comparing a Map of each list by key gives (region-focus.ts before the alignment). */
function naive(before: readonly Item[], after: readonly Item[]): Change[] {
  const out: Change[] = [];
  const a = new Map(before.map((x) => [x.k, x]));
  const b = new Map(after.map((x) => [x.k, x]));
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y === undefined || !sameContent(x, y)) out.push([x, y]);
  }
  for (const [k, y] of b) if (!a.has(k)) out.push([undefined, y]);
  return out;
}

function changes(before: readonly Item[], after: readonly Item[], key = byKey): Change[] {
  const out: Change[] = [];
  keyedChanges(before, after, key, sameContent, (x, y) => out.push([x, y]));
  return out;
}

/** One edit of a list: keep, drop, insert an object of the list (moved or repeated), insert a new object, replace by a new one. */
const edit = fc.tuple(fc.constantFrom('keep', 'drop', 'insertOld', 'insertNew', 'replace'), fc.nat(), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 }));

function edited(before: readonly Item[], edits: readonly (readonly [string, number, number, number])[]): Item[] {
  const out = [...before];
  for (const [op, at, key, v] of edits) {
    const i = out.length === 0 ? 0 : at % out.length;
    const fresh = { k: `k${key}`, v };
    if (op === 'drop') out.splice(i, 1);
    else if (op === 'insertOld' && before.length > 0) out.splice(i, 0, before[at % before.length]);
    else if (op === 'insertNew') out.splice(i, 0, fresh);
    else if (op === 'replace' && out.length > 0) out[i] = fresh;
  }
  return out;
}

describe('keyedChanges', () => {
  it('gives the changes of comparing both lists grouped by key, in the same order (repeated keys and objects, moves, replacements)', () => {
    const item = fc.record({ k: fc.integer({ min: 0, max: 12 }).map((n) => `k${n}`), v: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.array(fc.nat({ max: 39 }), { maxLength: 8 }), fc.array(edit, { maxLength: 10 }), (pool, repeats, edits) => {
        // The same object twice in a list (a document listed twice), beside distinct objects of equal keys.
        const before = [...pool, ...repeats.filter((i) => i < pool.length).map((i) => pool[i])];
        const after = edited(before, edits);
        expect(changes(before, after)).toEqual(naive(before, after));
        expect(changes(after, before)).toEqual(naive(after, before));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });

  it('gives the same on long lists, unique keys, few edits (the aligned way) and shuffled (every key compared)', () => {
    const before = Array.from({ length: 300 }, (_, i) => ({ k: `k${i}`, v: 0 }));
    fc.assert(
      fc.property(fc.array(edit.map(([op, at, , v]) => [op, at, 400 + (at % 50), v] as const), { maxLength: 12 }), fc.boolean(), (edits, shuffle) => {
        const after = edited(before, edits);
        if (shuffle) after.reverse();
        expect(changes(before, after)).toEqual(naive(before, after));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('reads the keys of only the objects the alignment leaves out, once the first list is grouped', () => {
    const before = Array.from({ length: 1000 }, (_, i) => ({ k: `k${i}`, v: 0 }));
    const key = (x: Item) => {
      read++;
      return x.k;
    };
    let read = 0;
    changes(before, [...before.slice(0, 500), { k: 'k500', v: 1 }, ...before.slice(501), { k: 'new', v: 0 }], key);
    read = 0;
    const after = [...before.slice(0, 500), { k: 'k500', v: 1 }, ...before.slice(501), { k: 'new', v: 0 }];
    expect(changes(before, after, key)).toEqual([
      [before[500], after[500]],
      [undefined, after[1000]],
    ]);
    expect(read).toBeLessThan(10);
  });
});
