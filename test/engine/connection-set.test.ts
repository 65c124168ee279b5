import { ConnectionSet, PortSet } from '../../src/engine/index.js';

const tcp = (a: number, b = a) => ConnectionSet.of('TCP', PortSet.range(a, b));
const udp = (a: number, b = a) => ConnectionSet.of('UDP', PortSet.range(a, b));
const sctp = (a: number, b = a) => ConnectionSet.of('SCTP', PortSet.range(a, b));
const allOf = (p: 'TCP' | 'UDP' | 'SCTP') => ConnectionSet.of(p, PortSet.ALL);

describe('ConnectionSet.toJSON', () => {
  it.each<[string, ConnectionSet, unknown]>([
    ['ALL is {all: true}', ConnectionSet.ALL, { all: true }],
    ['TCP, UDP and SCTP on all ports, built piece by piece, is {all: true}', allOf('TCP').union(allOf('UDP')).union(allOf('SCTP')), { all: true }],
    ['all ports assembled from ranges is {all: true}', tcp(1, 100).union(tcp(101, 65535)).union(allOf('UDP')).union(allOf('SCTP')), { all: true }],
    ['TCP and UDP on all ports without SCTP is spelt out', allOf('TCP').union(allOf('UDP')), { protocols: { TCP: [[1, 65535]], UDP: [[1, 65535]] } }],
    ['ALL minus one SCTP port is spelt out', ConnectionSet.ALL.subtract(sctp(9)), { protocols: { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 8], [10, 65535]] } }],
    ['a single TCP port', tcp(80), { protocols: { TCP: [[80, 80]] } }],
    ['adjacent ranges merge', tcp(80, 89).union(tcp(90, 99)), { protocols: { TCP: [[80, 99]] } }],
    ['protocols without ports are left out', udp(53).union(tcp(443)), { protocols: { TCP: [[443, 443]], UDP: [[53, 53]] } }],
    ['NONE has no protocols', ConnectionSet.NONE, { protocols: {} }],
  ])('%s', (_name, set, json) => {
    expect(set.toJSON()).toEqual(json);
  });
});

describe('ConnectionSet.toText', () => {
  it.each<[string, ConnectionSet, string]>([
    ['ALL is "All Connections"', ConnectionSet.ALL, 'All Connections'],
    ['NONE is "No Connections"', ConnectionSet.NONE, 'No Connections'],
    ['protocols are alphabetical, ports comma-separated', udp(53).union(tcp(80)).union(tcp(8080, 8090)).union(sctp(9)), 'SCTP 9,TCP 80,8080-8090,UDP 53'],
    ['one protocol on all ports', allOf('TCP'), 'TCP 1-65535'],
  ])('%s', (_name, set, text) => {
    expect(set.toText()).toBe(text);
  });
});

describe('ConnectionSet algebra', () => {
  it('union, intersect and subtract act per protocol', () => {
    const x = tcp(80, 90).union(udp(53));
    const y = tcp(85, 100).union(sctp(1));
    expect(x.union(y).toText()).toBe('SCTP 1,TCP 80-100,UDP 53');
    expect(x.intersect(y).toText()).toBe('TCP 85-90');
    expect(x.subtract(y).toText()).toBe('TCP 80-84,UDP 53');
  });

  it('equal sets are equal whatever way they were built', () => {
    expect(tcp(1, 10).union(tcp(11, 20)).equals(tcp(1, 20))).toBe(true);
    expect(ConnectionSet.ALL.subtract(ConnectionSet.NONE).equals(ConnectionSet.ALL)).toBe(true);
    expect(tcp(1).equals(udp(1))).toBe(false);
  });

  it('isSubsetOf compares every protocol', () => {
    expect(tcp(80).isSubsetOf(ConnectionSet.ALL)).toBe(true);
    expect(tcp(80).isSubsetOf(udp(80))).toBe(false);
    expect(ConnectionSet.NONE.isSubsetOf(tcp(1))).toBe(true);
  });

  it('isEmpty and isAll', () => {
    expect(tcp(1).subtract(tcp(1)).isEmpty()).toBe(true);
    expect(ConnectionSet.ALL.subtract(tcp(1)).isAll()).toBe(false);
    expect(ConnectionSet.ALL.subtract(tcp(1)).union(tcp(1)).isAll()).toBe(true);
  });

  it('fromJSON reads back what toJSON writes', () => {
    for (const s of [ConnectionSet.ALL, ConnectionSet.NONE, tcp(80).union(udp(53, 60)), ConnectionSet.ALL.subtract(sctp(9))]) {
      expect(ConnectionSet.fromJSON(s.toJSON()).equals(s)).toBe(true);
    }
  });
});

describe('ConnectionSet.port', () => {
  it('is the one-port set of that protocol, the same object each time', () => {
    for (const [p, make] of [['TCP', tcp], ['UDP', udp], ['SCTP', sctp]] as const) {
      for (const port of [1, 53, 8080, 65535]) {
        expect(ConnectionSet.port(p, port).equals(make(port))).toBe(true);
        expect(ConnectionSet.port(p, port)).toBe(ConnectionSet.port(p, port));
      }
    }
    expect(ConnectionSet.port('TCP', 80).equals(ConnectionSet.port('UDP', 80))).toBe(false);
  });
});
