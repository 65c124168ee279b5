import fc from 'fast-check';
import { appendShared, sharedEmptyLists } from '../../src/engine/shared-lists.js';

describe('shared per-class lists', () => {
  it('hold what pushing to one list per class would hold, one array per distinct list', () => {
    const classes = 12;
    const steps = fc.array(fc.tuple(fc.subarray([...Array(classes).keys()]), fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 3 })), { maxLength: 15 });
    fc.assert(
      fc.property(steps, (appends) => {
        const shared = sharedEmptyLists<number>(classes);
        const plain = Array.from({ length: classes }, (): number[] => []);
        for (const [members, added] of appends) {
          appendShared(shared, members, added);
          for (const s of members) plain[s].push(...added);
        }
        expect(shared).toEqual(plain);
        for (let a = 0; a < classes; a++) for (let b = 0; b < classes; b++) {
          if (JSON.stringify(plain[a]) === JSON.stringify(plain[b]) && sameHistory(appends, a, b)) expect(shared[a]).toBe(shared[b]);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('never changes an array a class already holds', () => {
    const lists = sharedEmptyLists<string>(3);
    appendShared(lists, [0, 1], ['a']);
    const held = lists[0];
    appendShared(lists, [0], ['b']);
    expect(held).toEqual(['a']);
    expect(lists[0]).toEqual(['a', 'b']);
    expect(lists[1]).toBe(held);
    expect(lists[2]).toEqual([]);
  });
});

/** Classes that were appended to by exactly the same steps (then they must share their list). */
function sameHistory(appends: readonly [number[], number[]][], a: number, b: number): boolean {
  return appends.every(([members, added]) => added.length === 0 || members.includes(a) === members.includes(b));
}
