import * as iv from './interval-set.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

const portDomain: iv.Domain<number> = { next: (x) => x + 1, prev: (x) => x - 1 };

/** An immutable, canonical set of ports in 1..65535. */
export class PortSet {
  static readonly NONE = new PortSet([]);
  static readonly ALL = new PortSet([[MIN_PORT, MAX_PORT]]);

  private constructor(readonly intervals: iv.Intervals<number>) {}

  static of(intervals: iv.Intervals<number>): PortSet {
    const n = iv.normalize(portDomain, intervals.map(([a, b]) => [Math.max(a, MIN_PORT), Math.min(b, MAX_PORT)] as const));
    return PortSet.wrap(n);
  }

  static range(first: number, last: number = first): PortSet {
    return PortSet.of([[first, last]]);
  }

  private static wrap(intervals: iv.Intervals<number>): PortSet {
    if (intervals.length === 0) return PortSet.NONE;
    if (intervals.length === 1 && intervals[0][0] === MIN_PORT && intervals[0][1] === MAX_PORT) return PortSet.ALL;
    return new PortSet(intervals);
  }

  union(o: PortSet): PortSet {
    if (this === PortSet.ALL || o === PortSet.NONE) return this;
    if (o === PortSet.ALL || this === PortSet.NONE) return o;
    return PortSet.wrap(iv.union(portDomain, this.intervals, o.intervals));
  }

  intersect(o: PortSet): PortSet {
    if (this === PortSet.ALL || o === PortSet.NONE) return o;
    if (o === PortSet.ALL || this === PortSet.NONE) return this;
    return PortSet.wrap(iv.intersect(this.intervals, o.intervals));
  }

  subtract(o: PortSet): PortSet {
    if (o === PortSet.NONE || this === PortSet.NONE) return this;
    if (o === PortSet.ALL) return PortSet.NONE;
    return PortSet.wrap(iv.subtract(portDomain, this.intervals, o.intervals));
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  isAll(): boolean {
    return this === PortSet.ALL;
  }

  equals(o: PortSet): boolean {
    return this === o || iv.equals(this.intervals, o.intervals);
  }

  isSubsetOf(o: PortSet): boolean {
    return this.subtract(o).isEmpty();
  }

  has(port: number): boolean {
    return iv.contains(this.intervals, port);
  }

  private key: string | undefined;

  /** The numbers inside a sentence, as people list them: `80`, `80 and 443`, `80, 443 and 8000-8090` (toKey: the notation). */
  toProse(): string {
    const items = this.intervals.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
    return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  }

  toKey(): string {
    // Sets are immutable: the key is computed once (ConnectionSet interning asks for it on every make).
    return (this.key ??= this.intervals.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(','));
  }
}
