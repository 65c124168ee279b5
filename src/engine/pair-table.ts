/**
 * Pod-class pairs without materialising them. The allowed set from class `s` to class `d` is the
 * source's egress row toward `d` intersected with the destination's ingress row from `s`
 * (direction-rows.ts); classes with the same rules share one row object, so the table holds only the
 * distinct rows (a namespace whose pods all admit each other is one row, not the square of its classes)
 * and computes a pair when it is asked for. The sets are interned ConnectionSets, whose intersections
 * are memoised, so asking is cheap.
 */
import type { ConnectionSet } from './connection-set.js';
import type { DirectionRow } from './direction-rows.js';

/**
 * For one distinct row: its positions ordered by peer, so a peer is found by binary search (4 bytes per
 * entry; a Map per row cost ~30 and was the largest part of a table that had been asked).
 */
const byPeer = new WeakMap<DirectionRow, Int32Array>();

function lookup(row: DirectionRow, peer: number): ConnectionSet {
  const { peers } = row;
  if (peers.length === 0) return row.default;
  let order = byPeer.get(row);
  if (!order) {
    order = new Int32Array(peers.length);
    for (let k = 0; k < order.length; k++) order[k] = k;
    order.sort((a, b) => peers[a] - peers[b]);
    byPeer.set(row, order);
  }
  let lo = 0;
  let hi = order.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = peers[order[mid]];
    if (p === peer) return row.conns[order[mid]];
    if (p < peer) lo = mid + 1;
    else hi = mid - 1;
  }
  return row.default;
}

/** Rows of one direction turned around: which classes hold a row naming class `p`. */
interface Transposed {
  /** Per distinct row, the classes holding it. */
  readonly holders: Map<DirectionRow, number[]>;
  /** Per class, the distinct rows naming it as a peer (undefined: none); an array by class, not a Map of numbers. */
  readonly namedBy: readonly (DirectionRow[] | undefined)[];
}

function transpose(rows: readonly DirectionRow[]): Transposed {
  const holders = new Map<DirectionRow, number[]>();
  for (let c = 0; c < rows.length; c++) {
    const r = rows[c];
    if (r.peers.length === 0) continue;
    const list = holders.get(r);
    if (list) list.push(c);
    else holders.set(r, [c]);
  }
  const namedBy = new Array<DirectionRow[] | undefined>(rows.length).fill(undefined);
  for (const r of holders.keys()) {
    const { peers } = r;
    for (let k = 0; k < peers.length; k++) {
      const list = namedBy[peers[k]];
      if (list) list.push(r);
      else namedBy[peers[k]] = [r];
    }
  }
  return { holders, namedBy };
}

export class PairTable implements Iterable<[number, ConnectionSet]> {
  private transposed: { egress: Transposed; ingress: Transposed } | undefined;

  /** `egress[s]`, `ingress[d]`: each class's row (equal rows should be one object). */
  constructor(
    readonly classCount: number,
    private readonly egress: readonly DirectionRow[],
    private readonly ingress: readonly DirectionRow[],
  ) {}

  /** The connections allowed from class `s` to class `d`. */
  conn(s: number, d: number): ConnectionSet {
    return lookup(this.egress[s], d).intersect(lookup(this.ingress[d], s));
  }

  /** One side only: what class `s`'s own `direction` row allows with class `peer` (exposure, whatever the peer's policies say). */
  oneSided(direction: 'ingress' | 'egress', s: number, peer: number): ConnectionSet {
    return lookup(direction === 'ingress' ? this.ingress[s] : this.egress[s], peer);
  }

  /** `egress default of s ∩ ingress default of d`: the value of every pair no row names. */
  block(s: number, d: number): ConnectionSet {
    return this.egress[s].default.intersect(this.ingress[d].default);
  }

  /**
   * Classes `d` such that the pair (s, d) may differ from its block value: named by the egress row of
   * `s`, or holding an ingress row that names `s`. Each class once, in no particular order.
   */
  destinationsOf(s: number): number[] {
    return this.neighbours(s, this.egress[s], this.turned().ingress);
  }

  /** Classes `s` such that the pair (s, d) may differ from its block value (see destinationsOf). */
  sourcesOf(d: number): number[] {
    return this.neighbours(d, this.ingress[d], this.turned().egress);
  }

  /** Pairs whose set differs from the block value, keyed `s * classCount + d`, by source. */
  *[Symbol.iterator](): IterableIterator<[number, ConnectionSet]> {
    const n = this.classCount;
    for (let s = 0; s < n; s++) {
      for (const d of this.destinationsOf(s)) {
        const c = this.conn(s, d);
        if (!c.equals(this.block(s, d))) yield [s * n + d, c];
      }
    }
  }

  /** Pairs whose set differs from the block value (counted by walking them). */
  get size(): number {
    let k = 0;
    for (const _ of this) k++;
    return k;
  }

  /** Peer entries held by the distinct rows of both directions: what the table stores. */
  storedEntries(): number {
    let k = 0;
    for (const rows of [this.egress, this.ingress]) for (const r of new Set(rows)) k += r.peers.length;
    return k;
  }

  private turned(): { egress: Transposed; ingress: Transposed } {
    return (this.transposed ??= { egress: transpose(this.egress), ingress: transpose(this.ingress) });
  }

  private neighbours(c: number, own: DirectionRow, other: Transposed): number[] {
    const rows = other.namedBy[c];
    if (!rows) return [...own.peers];
    const seen = new Set<number>(own.peers);
    for (const r of rows) for (const x of other.holders.get(r)!) seen.add(x);
    return [...seen];
  }
}
