/**
 * Traffic between one pod class and the outside world: the address line cut into pieces, each with the
 * connections allowed for every address in it. Pieces never overlap and no two share a connection set.
 */
import { AddressSet } from './address-set.js';
import { ConnectionSet } from './connection-set.js';

export interface AddressPiece {
  readonly addresses: AddressSet;
  readonly conn: ConnectionSet;
}

export type Piecewise = readonly AddressPiece[];

export const ALL_ALLOWED: Piecewise = [{ addresses: AddressSet.ALL, conn: ConnectionSet.ALL }];

export interface Contribution {
  readonly addresses: AddressSet;
  readonly conn: ConnectionSet;
}

/** Union of contributions: each address gets the union of the connections of every contribution containing it. */
export function combine(contributions: readonly Contribution[]): Piecewise {
  const live = contributions.filter((c) => !c.addresses.isEmpty() && !c.conn.isEmpty());
  if (live.length === 0) return [];
  if (live.length === 1) return [{ addresses: live[0].addresses, conn: live[0].conn }];
  const cuts = new Set<bigint>();
  for (const c of live) {
    for (const [a, b] of c.addresses.intervals) {
      cuts.add(a);
      cuts.add(b + 1n);
    }
  }
  const points = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const conns: ConnectionSet[] = new Array<ConnectionSet>(points.length).fill(ConnectionSet.NONE);
  for (const c of live) {
    for (const [a, b] of c.addresses.intervals) {
      let k = lowerBound(points, a);
      for (; k < points.length - 1 && points[k] <= b; k++) conns[k] = conns[k].union(c.conn);
    }
  }
  return group(points.slice(0, -1).map((p, k) => ({ first: p, last: points[k + 1] - 1n, conn: conns[k] })));
}

/** Pieces where two functions over the same line differ, as (addresses, left conn, right conn). */
export function overlay(
  left: Piecewise,
  right: Piecewise,
): { addresses: AddressSet; left: ConnectionSet; right: ConnectionSet }[] {
  const cuts = new Set<bigint>();
  for (const side of [left, right]) {
    for (const piece of side) {
      for (const [a, b] of piece.addresses.intervals) {
        cuts.add(a);
        cuts.add(b + 1n);
      }
    }
  }
  const points = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const lookup = (side: Piecewise, p: bigint) => side.find((piece) => piece.addresses.has(p))?.conn ?? ConnectionSet.NONE;
  const groups = new Map<string, { addresses: [bigint, bigint][]; left: ConnectionSet; right: ConnectionSet }>();
  for (let k = 0; k < points.length - 1; k++) {
    const l = lookup(left, points[k]);
    const r = lookup(right, points[k]);
    if (l.equals(r)) continue;
    const key = `${l.key}|${r.key}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addresses: [], left: l, right: r }));
    g.addresses.push([points[k], points[k + 1] - 1n]);
  }
  return [...groups.values()].map((g) => ({ addresses: AddressSet.of(g.addresses), left: g.left, right: g.right }));
}

function group(elements: { first: bigint; last: bigint; conn: ConnectionSet }[]): Piecewise {
  const byConn = new Map<string, { conn: ConnectionSet; intervals: [bigint, bigint][] }>();
  for (const e of elements) {
    if (e.conn.isEmpty()) continue;
    let g = byConn.get(e.conn.key);
    if (!g) byConn.set(e.conn.key, (g = { conn: e.conn, intervals: [] }));
    g.intervals.push([e.first, e.last]);
  }
  return [...byConn.values()].map((g) => ({ addresses: AddressSet.of(g.intervals), conn: g.conn }));
}

function lowerBound(points: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
