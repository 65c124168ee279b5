import fc from 'fast-check';
import { ConnectionSet } from '../../src/engine/connection-set.js';
import type { DirectionRow } from '../../src/engine/direction-rows.js';
import { PairTable, forgetTransposes } from '../../src/engine/pair-table.js';
import { PortSet } from '../../src/engine/port-set.js';

const port = (p: number) => ConnectionSet.of('TCP', PortSet.range(p, p));

/** A row naming `peers` (each with its own port) over a default of port 1. */
function row(peers: readonly number[]): DirectionRow {
  return { default: port(1), peers: Int32Array.from(peers), conns: peers.map((p) => port(100 + p)) };
}

/** What a pair is by definition: each row's entry for the other end (its default when not named), intersected. */
function naive(egress: DirectionRow, ingress: DirectionRow, s: number, d: number): ConnectionSet {
  const find = (r: DirectionRow, p: number) => {
    const k = [...r.peers].indexOf(p);
    return k < 0 ? r.default : r.conns[k];
  };
  return find(egress, d).intersect(find(ingress, s));
}

/** A row that allows everything: `naive` with it gives the other row's entry alone. */
const FREE: DirectionRow = { default: ConnectionSet.ALL, peers: new Int32Array(0), conns: [] };

describe('PairTable lookups', () => {
  it('find every peer as the row lists it, in dense rows (a position per class) and sparse ones (binary search)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            // Rows with few or many peers, so both kinds of finder are used; rows shared by several classes.
            fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), { minLength: 1, maxLength: 6 }),
            fc.array(fc.nat(), { minLength: n, maxLength: n }),
            fc.array(fc.nat(), { minLength: n, maxLength: n }),
          ),
        ),
        ([n, peerLists, eg, ing]) => {
          const rows = peerLists.map(row);
          const egress = eg.map((k) => rows[k % rows.length]);
          const ingress = ing.map((k) => rows[(k + 1) % rows.length]);
          const table = new PairTable(n, egress, ingress);
          // A wider table sharing the rows (direction-rows.ts shares them across class counts): peers past a row's last are its default.
          const wideEgress = [...egress, ...egress.slice(0, 5)];
          const wideIngress = [...ingress, ...ingress.slice(0, 5)];
          const wide = new PairTable(wideEgress.length, wideEgress, wideIngress);
          for (let s = 0; s < n; s++) {
            for (let d = 0; d < n; d++) {
              expect(table.conn(s, d).key).toBe(naive(egress[s], ingress[d], s, d).key);
              expect(table.oneSided('egress', s, d).key).toBe(naive(egress[s], FREE, s, d).key);
            }
            for (let d = 0; d < wideEgress.length; d++) expect(wide.conn(s, d).key).toBe(naive(wideEgress[s], wideIngress[d], s, d).key);
          }
        },
      ),
      { numRuns: 100, seed: 20261203 },
    );
  });
});

describe('PairTable neighbours', () => {
  it('destinationsOf and sourcesOf: the egress (ingress) row\'s peers, then the holders of rows naming the class, each once, asked in any order and again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), { minLength: 1, maxLength: 5 }),
            fc.array(fc.nat(), { minLength: n, maxLength: n }),
            fc.array(fc.nat(), { minLength: n, maxLength: n }),
            fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 * n }),
          ),
        ),
        ([n, peerLists, eg, ing, asked]) => {
          const rows = peerLists.map(row);
          const egress = eg.map((k) => rows[k % rows.length]);
          const ingress = ing.map((k) => rows[(k + 1) % rows.length]);
          const table = new PairTable(n, egress, ingress);
          // By definition, in the order a Set of them keeps: own peers first, then each holder of a row naming c.
          const expected = (c: number, own: readonly DirectionRow[], other: readonly DirectionRow[]) => {
            const seen = new Set<number>(own[c].peers);
            const named = [...new Set(other.filter((r) => r.peers.length > 0 && [...r.peers].includes(c)))];
            const order = [...new Set(other.filter((r) => r.peers.length > 0))].filter((r) => named.includes(r));
            // Holders come by class, per distinct row in the order rows are first held.
            for (const r of order) other.forEach((x, k) => x === r && seen.add(k));
            return [...seen].sort((a, b) => a - b);
          };
          for (const c of [...asked, ...asked]) {
            expect([...table.destinationsOf(c)].sort((a, b) => a - b)).toEqual(expected(c, egress, ingress));
            expect([...table.sourcesOf(c)].sort((a, b) => a - b)).toEqual(expected(c, ingress, egress));
            expect(new Set(table.destinationsOf(c)).size).toBe(table.destinationsOf(c).length);
          }
        },
      ),
    );
  });
});

describe('PairTable transpositions kept across tables', () => {
  it('give every table the neighbours a table turned from scratch gives, tables sharing some of their row objects', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            // A pool of rows; each table picks, per class and direction, one of them (so tables share rows, often the first).
            fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), { minLength: 1, maxLength: 4 }),
            fc.array(fc.tuple(fc.array(fc.nat(), { minLength: n, maxLength: n }), fc.array(fc.nat(), { minLength: n, maxLength: n })), { minLength: 2, maxLength: 5 }),
          ),
        ),
        ([n, peerLists, picks]) => {
          forgetTransposes();
          const pool = peerLists.map(row);
          const tables = picks.map(([eg, ing]) => [eg.map((k) => pool[k % pool.length]), ing.map((k) => pool[k % pool.length])] as const);
          const neighbours = (t: PairTable) => [...Array(n).keys()].map((c) => [[...t.destinationsOf(c)].sort(), [...t.sourcesOf(c)].sort()]);
          const kept = tables.map(([eg, ing]) => neighbours(new PairTable(n, eg, ing)));
          tables.forEach(([eg, ing], i) => {
            forgetTransposes();
            expect(kept[i]).toEqual(neighbours(new PairTable(n, eg, ing)));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
