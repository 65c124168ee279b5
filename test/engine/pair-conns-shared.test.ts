/**
 * `pairConns` reads a pair's public names once per names list and numeric set (pair-conns.ts): pairs of a
 * diff share their lists. Checked against the definition (`NamedConns.of` of the numbers and the parsed
 * names) for pairs sharing one list with different numbers, and for equal lists that are distinct objects.
 */
import { ConnectionSet, NamedConns, PortSet, pairConns } from '../../src/engine/index.js';
import { parseName } from '../../src/engine/named-conns.js';
import type { PairField } from '../../src/engine/pair-conns.js';

const tcp = (...ports: number[]) => ConnectionSet.of('TCP', PortSet.of(ports.map((p) => [p, p] as [number, number])));
const definition = (conn: ConnectionSet | null, names: readonly string[] | undefined) => (conn === null ? null : NamedConns.of(conn, (names ?? []).map(parseName)));
const pair = (opened: ConnectionSet | null, names: readonly string[]) => ({
  base: null,
  head: opened,
  opened,
  closed: null,
  namedPorts: { base: [], head: names, opened: names, closed: [] },
});

describe('pairConns of pairs sharing a names list', () => {
  it('gives each pair its own numbers with the list names, as read directly', () => {
    const shared = ['TCP/http', 'TCP/grpc'];
    const pairs = [pair(tcp(80), shared), pair(tcp(443), shared), pair(ConnectionSet.NONE, shared), pair(tcp(80), [...shared]), pair(tcp(80), ['UDP/dns'])];
    const fields: PairField[] = ['base', 'head', 'opened', 'closed'];
    // Twice over: the second round reads what the first kept.
    for (let round = 0; round < 2; round++) {
      for (const p of pairs) {
        for (const f of fields) {
          const got = pairConns(p, f);
          const want = definition(p[f], p.namedPorts[f]);
          expect(got === null ? null : got.toText()).toEqual(want === null ? null : want.toText());
          if (got && want) expect(got.equals(want)).toBe(true);
        }
      }
    }
  });
});
