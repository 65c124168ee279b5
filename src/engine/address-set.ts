import * as iv from './interval-set.js';

/**
 * Addresses of both IP versions live on one bigint line: IPv4 at [0, 2^32-1], IPv6 shifted above it
 * at [2^32, 2^32 + 2^128 - 1]. One interval set then covers both versions without overlap.
 */
export const V4_SIZE = 1n << 32n;
export const V6_OFFSET = V4_SIZE;
export const V6_SIZE = 1n << 128n;
const LAST = V6_OFFSET + V6_SIZE - 1n;

const addressDomain: iv.Domain<bigint> = { next: (x) => x + 1n, prev: (x) => x - 1n };

/** An immutable, canonical set of IPv4 and IPv6 addresses. */
export class AddressSet {
  static readonly NONE = new AddressSet([]);
  static readonly ALL = new AddressSet([[0n, LAST]]);
  static readonly ALL_V4 = new AddressSet([[0n, V4_SIZE - 1n]]);
  static readonly ALL_V6 = new AddressSet([[V6_OFFSET, LAST]]);

  private constructor(readonly intervals: iv.Intervals<bigint>) {}

  static of(intervals: iv.Intervals<bigint>): AddressSet {
    return AddressSet.wrap(iv.normalize(addressDomain, intervals));
  }

  private static wrap(intervals: iv.Intervals<bigint>): AddressSet {
    if (intervals.length === 0) return AddressSet.NONE;
    if (intervals.length === 1 && intervals[0][0] === 0n && intervals[0][1] === LAST) return AddressSet.ALL;
    return new AddressSet(intervals);
  }

  union(o: AddressSet): AddressSet {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    return AddressSet.wrap(iv.union(addressDomain, this.intervals, o.intervals));
  }

  intersect(o: AddressSet): AddressSet {
    return AddressSet.wrap(iv.intersect(this.intervals, o.intervals));
  }

  subtract(o: AddressSet): AddressSet {
    if (o.isEmpty() || this.isEmpty()) return this;
    return AddressSet.wrap(iv.subtract(addressDomain, this.intervals, o.intervals));
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  equals(o: AddressSet): boolean {
    return this === o || iv.equals(this.intervals, o.intervals);
  }

  isSubsetOf(o: AddressSet): boolean {
    return this.subtract(o).isEmpty();
  }

  has(address: bigint): boolean {
    return iv.contains(this.intervals, address);
  }

  /** Ranges written `first-last`, IPv4 first, split where an interval crosses from v4 to v6. */
  toRanges(): string[] {
    const out: string[] = [];
    for (const [a, b] of this.intervals) {
      if (a < V6_OFFSET && b >= V6_OFFSET) {
        out.push(`${formatAddress(a)}-${formatAddress(V6_OFFSET - 1n)}`, `${formatAddress(V6_OFFSET)}-${formatAddress(b)}`);
      } else {
        out.push(`${formatAddress(a)}-${formatAddress(b)}`);
      }
    }
    return out;
  }
}

/**
 * The set as the fewest CIDRs (`10.0.0.0/8`, `2001:db8::/32`), IPv4 first: each interval cut into maximal
 * aligned power-of-two blocks. For people; the contract's JSON keeps `first-last` ranges.
 */
export function toCidrs(set: AddressSet): string[] {
  const out: string[] = [];
  for (const [a, b] of set.intervals) {
    for (const [lo, hi, base, bits] of [[a, b < V6_OFFSET ? b : V6_OFFSET - 1n, 0n, 32], [a < V6_OFFSET ? V6_OFFSET : a, b, V6_OFFSET, 128]] as const) {
      for (let x = lo; x <= hi; ) {
        let size = 1n;
        let prefix = bits;
        // Grow the block while it stays aligned and inside [x, hi].
        while (prefix > 0 && (x - base) % (size * 2n) === 0n && x + size * 2n - 1n <= hi) {
          size *= 2n;
          prefix--;
        }
        out.push(`${formatAddress(x)}/${prefix}`);
        x += size;
      }
    }
  }
  return out;
}

/** Formats a point of the shared line as a dotted IPv4 or a compressed IPv6 address. */
export function formatAddress(point: bigint): string {
  if (point < V6_OFFSET) {
    const n = Number(point);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  const v = point - V6_OFFSET;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // Compress the longest run (length >= 2) of zero groups, as RFC 5952 prescribes.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
