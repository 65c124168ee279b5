/** PortSet and AddressSet share one algebra: one table of small literal sets runs against both. */
import { AddressSet, PortSet } from '../../src/engine/index.js';

type Pairs = [number, number][];

interface SetLike<S> {
  union(o: S): S;
  intersect(o: S): S;
  subtract(o: S): S;
  equals(o: S): boolean;
  isSubsetOf(o: S): boolean;
  isEmpty(): boolean;
}

interface Flavour<S extends SetLike<S>> {
  of(pairs: Pairs): S;
  pairs(s: S): Pairs;
}

const ports: Flavour<PortSet> = {
  of: (p) => PortSet.of(p),
  pairs: (s) => s.intervals.map(([a, b]) => [a, b]),
};

const addresses: Flavour<AddressSet> = {
  of: (p) => AddressSet.of(p.map(([a, b]) => [BigInt(a), BigInt(b)])),
  pairs: (s) => s.intervals.map(([a, b]) => [Number(a), Number(b)]),
};

type Op = 'union' | 'intersect' | 'subtract';

const algebra: [string, Op, Pairs, Pairs, Pairs][] = [
  ['union of disjoint sets keeps both, sorted', 'union', [[20, 30]], [[1, 5]], [[1, 5], [20, 30]]],
  ['union merges adjacent intervals into one', 'union', [[1, 3]], [[4, 6]], [[1, 6]]],
  ['union merges overlapping intervals', 'union', [[1, 10]], [[5, 20]], [[1, 20]]],
  ['union fills a gap and joins three intervals', 'union', [[1, 3], [7, 9]], [[4, 6]], [[1, 9]]],
  ['union with the empty set is the set', 'union', [[2, 4]], [], [[2, 4]]],
  ['union of empty with a set is the set', 'union', [], [[2, 4]], [[2, 4]]],
  ['intersect keeps the common part', 'intersect', [[1, 10]], [[5, 20]], [[5, 10]]],
  ['intersect of disjoint sets is empty', 'intersect', [[1, 4]], [[5, 9]], []],
  ['intersect of touching single points keeps the point', 'intersect', [[1, 5]], [[5, 9]], [[5, 5]]],
  ['intersect splits across several intervals', 'intersect', [[1, 100]], [[3, 4], [50, 60], [99, 200]], [[3, 4], [50, 60], [99, 100]]],
  ['intersect with the empty set is empty', 'intersect', [[1, 9]], [], []],
  ['subtract a middle part splits the interval', 'subtract', [[1, 10]], [[4, 6]], [[1, 3], [7, 10]]],
  ['subtract the left end', 'subtract', [[1, 10]], [[1, 3]], [[4, 10]]],
  ['subtract the right end', 'subtract', [[1, 10]], [[8, 20]], [[1, 7]]],
  ['subtract a covering set leaves nothing', 'subtract', [[3, 5]], [[1, 10]], []],
  ['subtract several holes from one interval', 'subtract', [[1, 20]], [[2, 3], [5, 5], [10, 30]], [[1, 1], [4, 4], [6, 9]]],
  ['subtract one hole spanning several intervals', 'subtract', [[1, 3], [5, 7], [9, 11]], [[2, 10]], [[1, 1], [11, 11]]],
  ['subtract a disjoint set changes nothing', 'subtract', [[1, 3]], [[4, 9]], [[1, 3]]],
  ['subtract from the empty set is empty', 'subtract', [], [[1, 3]], []],
];

const relations: [string, Pairs, Pairs, { equals: boolean; xInY: boolean; yInX: boolean }][] = [
  ['adjacent intervals equal their merged form', [[1, 2], [3, 4]], [[1, 4]], { equals: true, xInY: true, yInX: true }],
  ['input order does not matter', [[7, 9], [1, 2]], [[1, 2], [7, 9]], { equals: true, xInY: true, yInX: true }],
  ['a strict part is a subset, not equal', [[2, 3]], [[1, 4]], { equals: false, xInY: true, yInX: false }],
  ['overlapping sets are neither subset of the other', [[1, 5]], [[3, 8]], { equals: false, xInY: false, yInX: false }],
  ['the empty set is a subset of everything', [], [[1, 1]], { equals: false, xInY: true, yInX: false }],
  ['two empty sets are equal', [], [], { equals: true, xInY: true, yInX: true }],
  ['a set with a hole is a subset of the hull', [[1, 2], [5, 6]], [[1, 6]], { equals: false, xInY: true, yInX: false }],
];

function runShared<S extends SetLike<S>>(name: string, f: Flavour<S>): void {
  describe(`${name}: shared algebra`, () => {
    it.each(algebra)('%s', (_case, op, x, y, want) => {
      expect(f.pairs(f.of(x)[op](f.of(y)))).toEqual(want);
    });

    it.each(relations)('%s', (_case, x, y, want) => {
      const sx = f.of(x);
      const sy = f.of(y);
      expect({ equals: sx.equals(sy), xInY: sx.isSubsetOf(sy), yInX: sy.isSubsetOf(sx) }).toEqual(want);
      expect(sy.equals(sx)).toBe(want.equals);
    });

    it('normalises its input to sorted, non-overlapping, non-adjacent intervals', () => {
      expect(f.pairs(f.of([[9, 12], [1, 3], [2, 5], [6, 6], [14, 15]]))).toEqual([[1, 6], [9, 12], [14, 15]]);
    });

    it('drops reversed (empty) intervals', () => {
      expect(f.pairs(f.of([[5, 4]]))).toEqual([]);
      expect(f.of([[5, 4]]).isEmpty()).toBe(true);
    });

    it('never changes its operands', () => {
      const x = f.of([[1, 10]]);
      const y = f.of([[4, 6]]);
      x.union(y);
      x.subtract(y);
      x.intersect(y);
      expect(f.pairs(x)).toEqual([[1, 10]]);
      expect(f.pairs(y)).toEqual([[4, 6]]);
    });
  });
}

runShared('PortSet', ports);
runShared('AddressSet', addresses);

describe('PortSet', () => {
  it('clamps to 1..65535', () => {
    expect(PortSet.of([[0, 10]]).intervals).toEqual([[1, 10]]);
    expect(PortSet.of([[65000, 70000]]).intervals).toEqual([[65000, 65535]]);
  });

  it('range(p) is the single port p, range(a, b) the inclusive range', () => {
    expect(PortSet.range(80).intervals).toEqual([[80, 80]]);
    expect(PortSet.range(8000, 8010).intervals).toEqual([[8000, 8010]]);
  });

  it('any set covering 1..65535 is ALL', () => {
    const whole = PortSet.range(1, 100).union(PortSet.range(101, 65535));
    expect(whole.isAll()).toBe(true);
    expect(whole.equals(PortSet.ALL)).toBe(true);
  });

  it('ALL minus a range is the two sides', () => {
    expect(PortSet.ALL.subtract(PortSet.range(80)).intervals).toEqual([[1, 79], [81, 65535]]);
  });

  it('ALL and NONE are identities of intersect and union', () => {
    const s = PortSet.range(80, 90);
    expect(s.intersect(PortSet.ALL).equals(s)).toBe(true);
    expect(s.union(PortSet.NONE).equals(s)).toBe(true);
    expect(s.union(PortSet.ALL).isAll()).toBe(true);
    expect(s.intersect(PortSet.NONE).isEmpty()).toBe(true);
    expect(s.subtract(PortSet.ALL).isEmpty()).toBe(true);
  });

  it('has() answers membership', () => {
    const s = PortSet.of([[80, 80], [8000, 8010]]);
    expect([79, 80, 81, 8000, 8005, 8010, 8011].map((p) => s.has(p))).toEqual([false, true, false, true, true, true, false]);
  });

  it('toKey writes single ports bare and ranges with a dash', () => {
    expect(PortSet.of([[80, 80], [8000, 8010]]).toKey()).toBe('80,8000-8010');
  });
});

describe('AddressSet', () => {
  it('IPv4 everything and IPv6 everything make ALL', () => {
    expect(AddressSet.ALL_V4.union(AddressSet.ALL_V6).equals(AddressSet.ALL)).toBe(true);
    expect(AddressSet.ALL.subtract(AddressSet.ALL_V4).equals(AddressSet.ALL_V6)).toBe(true);
  });

  it('ALL is written as one IPv4 and one IPv6 range', () => {
    expect(AddressSet.ALL.toRanges()).toEqual(['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  });

  it('toRanges writes first-last ranges in address order', () => {
    const s = AddressSet.of([[0x0a000000n, 0x0a0000ffn], [0x01020304n, 0x01020304n]]);
    expect(s.toRanges()).toEqual(['1.2.3.4-1.2.3.4', '10.0.0.0-10.0.0.255']);
  });

  it('has() answers membership', () => {
    const s = AddressSet.of([[10n, 20n]]);
    expect([9n, 10n, 20n, 21n].map((x) => s.has(x))).toEqual([false, true, true, false]);
  });
});
