/**
 * Lines whose region verdicts are shared (analysis/peer-exceptions.ts `lineSignature`): port names that add
 * no port to a line's numbers are never read by a verdict, so such a line shares the verdicts of the same
 * line without names; a name that adds a port keeps the line's verdicts its own.
 */
import { lineSignature } from '../../src/analysis/peer-exceptions.js';
import { ConnectionSet, NamedConns, PortSet } from '../../src/engine/index.js';

const tcp = (...ports: number[]) => ConnectionSet.of('TCP', PortSet.of(ports.map((p) => [p, p])));
const opened = tcp(80, 8080);
const line = { end: 'dst' as const, others: [{ base: 3, head: 4 }], opened, closed: ConnectionSet.NONE };
const withNames = (http: ConnectionSet) => ({ ...line, named: { opened: NamedConns.exact(opened, new Map([['http', http]])), closed: NamedConns.NONE } });

describe('lineSignature', () => {
  test('a name within the numbers: the signature of the line without names', () => {
    const narrowing = withNames(tcp(80));
    expect(narrowing.named.opened.portNames()).toEqual(['http']);
    expect(lineSignature(narrowing)).toBe(lineSignature(line));
  });

  test('a name adding a port: a signature of its own', () => {
    const adding = withNames(tcp(80, 8080, 9090));
    expect(lineSignature(adding)).not.toBe(lineSignature(line));
    expect(lineSignature(adding)).not.toBe(lineSignature(withNames(tcp(80, 8080, 9443))));
  });

  test('other ends and change still part the signatures', () => {
    expect(lineSignature({ ...line, others: [{ base: 3, head: 5 }] })).not.toBe(lineSignature(line));
    expect(lineSignature({ ...line, end: 'src' })).not.toBe(lineSignature(line));
    expect(lineSignature({ ...line, opened: tcp(80) })).not.toBe(lineSignature(line));
  });
});
