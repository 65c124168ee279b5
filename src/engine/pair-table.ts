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
import { fitted } from '../util/fitted.js';

/**
 * For one distinct row, how a peer is found: a row naming at least one class in DENSE_SHARE of those up to
 * its highest peer has a position per class up to it (4 bytes each: a namespace cut into thousands of
 * label-space regions has rows naming most of them, and a diff valuing millions of their pairs looks each
 * up directly; the table is sized by the row, which tables of other class counts share, direction-rows.ts);
 * a sparser row has its positions ordered by peer, for a binary search (4 bytes per entry; a Map per row
 * cost ~30). A dense table takes at most DENSE_SHARE times the row's own peer list.
 */
interface RowFinder {
  readonly row: DirectionRow;
  /** `positionOf[peer] - 1`: the peer's position in the row; 0: not named. */
  readonly positionOf?: Int32Array;
  /** Positions ordered by peer. */
  readonly order?: Int32Array;
}

/** A row naming at least 1/DENSE_SHARE of the classes up to its highest peer gets a position per class. */
const DENSE_SHARE = 4;

const findersOf = new WeakMap<DirectionRow, RowFinder>();

function finderOf(row: DirectionRow): RowFinder {
  let finder = findersOf.get(row);
  if (finder) return finder;
  const { peers } = row;
  let top = -1;
  for (let k = 0; k < peers.length; k++) if (peers[k] > top) top = peers[k];
  if (peers.length === 0) finder = { row };
  else if (peers.length * DENSE_SHARE > top) {
    const positionOf = new Int32Array(top + 1);
    for (let k = 0; k < peers.length; k++) positionOf[peers[k]] = k + 1;
    finder = { row, positionOf };
  } else {
    const order = new Int32Array(peers.length);
    for (let k = 0; k < order.length; k++) order[k] = k;
    order.sort((a, b) => peers[a] - peers[b]);
    finder = { row, order };
  }
  findersOf.set(row, finder);
  return finder;
}

function lookup(finder: RowFinder, peer: number): ConnectionSet {
  const { row, positionOf, order } = finder;
  if (positionOf) {
    const k = peer < positionOf.length ? positionOf[peer] : 0;
    return k === 0 ? row.default : row.conns[k - 1];
  }
  if (!order) return row.default;
  const { peers } = row;
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

/**
 * Transpositions of recent rows, by their first row: a rollback confirmation's reverted head is a fresh
 * table whose rows are, class by class, the very rows of base's or head's (rows are shared across
 * computations, direction-rows.ts), and turning them around again costs a walk over every row's peers.
 */
let transposed = new WeakMap<DirectionRow, { readonly rows: readonly DirectionRow[]; readonly turned: Transposed }[]>();
const RECENT_TRANSPOSED = 4;

/** `transpose(rows)`, or the one made for rows holding the very same row objects class by class. */
function transposeOf(rows: readonly DirectionRow[]): Transposed {
  if (rows.length === 0) return transpose(rows);
  let recent = transposed.get(rows[0]);
  if (!recent) transposed.set(rows[0], (recent = []));
  for (const k of recent) if (sameRows(k.rows, rows)) return k.turned;
  const turned = transpose(rows);
  recent.unshift({ rows, turned });
  recent.length = Math.min(recent.length, RECENT_TRANSPOSED);
  return turned;
}

/** Forget the kept transpositions (diff-universe.ts `forgetKeptDiffs`). */
export function forgetTransposes(): void {
  transposed = new WeakMap();
}

function sameRows(a: readonly DirectionRow[], b: readonly DirectionRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  // Kept with the table: lists that grew by push fitted to their length (a literal of one is already).
  for (const [r, list] of holders) if (list.length > 1) holders.set(r, fitted(list));
  for (let p = 0; p < namedBy.length; p++) {
    const list = namedBy[p];
    if (list && list.length > 1) namedBy[p] = fitted(list);
  }
  return { holders, namedBy };
}

/** Calls of `neighbours` before its marks are cleared (an Int32Array holds them). */
const SEEN_CALLS = 0x7fffffff;

export class PairTable implements Iterable<[number, ConnectionSet]> {
  private transposed: { egress: Transposed; ingress: Transposed } | undefined;
  /** neighbours' marks: per class, the number of the last call that met it. */
  private seen: Int32Array | undefined;
  private call = 0;
  /** Per class, its rows' finders once asked (classes sharing a row share its finder). */
  private readonly finders: { readonly egress: (RowFinder | undefined)[]; readonly ingress: (RowFinder | undefined)[] };

  /** `egress[s]`, `ingress[d]`: each class's row (equal rows should be one object). */
  constructor(
    readonly classCount: number,
    private readonly egress: readonly DirectionRow[],
    private readonly ingress: readonly DirectionRow[],
  ) {
    this.finders = { egress: new Array<RowFinder | undefined>(classCount), ingress: new Array<RowFinder | undefined>(classCount) };
  }

  /** The connections allowed from class `s` to class `d`. */
  conn(s: number, d: number): ConnectionSet {
    return lookup(this.finder('egress', s), d).intersect(lookup(this.finder('ingress', d), s));
  }

  /**
   * Whether pair (s, d) of this table and pair (s, d) of `other` are computed from the very same two rows
   * (then their sets are equal without looking them up: rows are shared across computations, direction-rows.ts).
   */
  sameRows(other: PairTable, s: number, d: number): boolean {
    return this.egress[s] === other.egress[s] && this.ingress[d] === other.ingress[d];
  }

  /** One side only: what class `s`'s own `direction` row allows with class `peer` (exposure, whatever the peer's policies say). */
  oneSided(direction: 'ingress' | 'egress', s: number, peer: number): ConnectionSet {
    return lookup(this.finder(direction, s), peer);
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

  private finder(direction: 'ingress' | 'egress', c: number): RowFinder {
    const cached = this.finders[direction][c];
    if (cached) return cached;
    const finder = finderOf(direction === 'ingress' ? this.ingress[c] : this.egress[c]);
    this.finders[direction][c] = finder;
    return finder;
  }

  private turned(): { egress: Transposed; ingress: Transposed } {
    return (this.transposed ??= { egress: transposeOf(this.egress), ingress: transposeOf(this.ingress) });
  }

  /**
   * `own`'s peers, then the holders of each row naming `c`, each class once, first come first (as a Set
   * would keep them). Seen classes are marked in one array per table, by the number of the call: rows of
   * cluster-wide policies over thousands of regions name and are held by thousands of classes, and a Set
   * per call cost most of such a diff (bjw-s/home-ops a71f3ddae).
   */
  private neighbours(c: number, own: DirectionRow, other: Transposed): number[] {
    const rows = other.namedBy[c];
    if (!rows) return [...own.peers];
    const seen = (this.seen ??= new Int32Array(this.classCount));
    if (this.call === SEEN_CALLS) {
      seen.fill(0);
      this.call = 0;
    }
    const mark = ++this.call;
    const out: number[] = [];
    const add = (x: number) => {
      if (seen[x] !== mark) {
        seen[x] = mark;
        out.push(x);
      }
    };
    for (const x of own.peers) add(x);
    for (const r of rows) for (const x of other.holders.get(r)!) add(x);
    return out;
  }
}
