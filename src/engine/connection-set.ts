import { PortSet } from './port-set.js';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The contract's JSON form of a connection set. */
/** Per set, how many union / intersect results are remembered (bounds memory on adversarial input). */
const MEMO_LIMIT = 16;

export type ConnectionSetJson = { all: true } | { protocols: Partial<Record<Protocol, [number, number][]>> };

/**
 * Allowed traffic between two peers: one PortSet per protocol, all three always present, so a set has one
 * representation. Instances are interned by key, so equal sets are usually the same object.
 */
export class ConnectionSet {
  private static readonly interned = new Map<string, ConnectionSet>();
  static readonly NONE = ConnectionSet.make(PortSet.NONE, PortSet.NONE, PortSet.NONE);
  static readonly ALL = ConnectionSet.make(PortSet.ALL, PortSet.ALL, PortSet.ALL);

  readonly key: string;

  private constructor(
    readonly tcp: PortSet,
    readonly udp: PortSet,
    readonly sctp: PortSet,
    key: string,
  ) {
    this.key = key;
  }

  static make(tcp: PortSet, udp: PortSet, sctp: PortSet): ConnectionSet {
    const key = `T${tcp.toKey()}U${udp.toKey()}S${sctp.toKey()}`;
    const known = ConnectionSet.interned.get(key);
    if (known) return known;
    const c = new ConnectionSet(tcp, udp, sctp, key);
    if (ConnectionSet.interned.size < 100_000) ConnectionSet.interned.set(key, c);
    return c;
  }

  /** Memo of union, intersect and subtract results between interned sets, which recur across thousands of pairs. */
  private unions: Map<ConnectionSet, ConnectionSet> | undefined;
  private intersections: Map<ConnectionSet, ConnectionSet> | undefined;
  private differences: Map<ConnectionSet, ConnectionSet> | undefined;

  static of(protocol: Protocol, ports: PortSet): ConnectionSet {
    return ConnectionSet.make(
      protocol === 'TCP' ? ports : PortSet.NONE,
      protocol === 'UDP' ? ports : PortSet.NONE,
      protocol === 'SCTP' ? ports : PortSet.NONE,
    );
  }

  /**
   * One port of one protocol, kept per protocol and port: a named port resolves to the same few container
   * ports on thousands of destination classes, and building the set (a PortSet, then the interning key)
   * each time was most of what resolving them allocated. At most 3 × 65,535 entries.
   */
  private static readonly singlePorts = new Map<Protocol, Map<number, ConnectionSet>>();

  static port(protocol: Protocol, port: number): ConnectionSet {
    let byPort = ConnectionSet.singlePorts.get(protocol);
    if (!byPort) ConnectionSet.singlePorts.set(protocol, (byPort = new Map()));
    let c = byPort.get(port);
    if (!c) byPort.set(port, (c = ConnectionSet.of(protocol, PortSet.range(port))));
    return c;
  }

  ports(protocol: Protocol): PortSet {
    switch (protocol) {
      case 'TCP':
        return this.tcp;
      case 'UDP':
        return this.udp;
      case 'SCTP':
        return this.sctp;
      default: {
        const never: never = protocol;
        throw new Error(`unknown protocol ${String(never)}`);
      }
    }
  }

  union(o: ConnectionSet): ConnectionSet {
    if (this === o || o === ConnectionSet.NONE || this === ConnectionSet.ALL) return this;
    if (this === ConnectionSet.NONE || o === ConnectionSet.ALL) return o;
    let c = this.unions?.get(o);
    if (c === undefined) {
      c = ConnectionSet.make(this.tcp.union(o.tcp), this.udp.union(o.udp), this.sctp.union(o.sctp));
      if ((this.unions ??= new Map()).size < MEMO_LIMIT) this.unions.set(o, c);
    }
    return c;
  }

  intersect(o: ConnectionSet): ConnectionSet {
    if (this === o || o === ConnectionSet.ALL || this === ConnectionSet.NONE) return this;
    if (this === ConnectionSet.ALL || o === ConnectionSet.NONE) return o;
    let c = this.intersections?.get(o);
    if (c === undefined) {
      c = ConnectionSet.make(this.tcp.intersect(o.tcp), this.udp.intersect(o.udp), this.sctp.intersect(o.sctp));
      if ((this.intersections ??= new Map()).size < MEMO_LIMIT) this.intersections.set(o, c);
    }
    return c;
  }

  subtract(o: ConnectionSet): ConnectionSet {
    if (o === ConnectionSet.NONE || this === ConnectionSet.NONE) return this;
    if (this === o || o === ConnectionSet.ALL) return ConnectionSet.NONE;
    let c = this.differences?.get(o);
    if (c === undefined) {
      c = ConnectionSet.make(this.tcp.subtract(o.tcp), this.udp.subtract(o.udp), this.sctp.subtract(o.sctp));
      if ((this.differences ??= new Map()).size < MEMO_LIMIT) this.differences.set(o, c);
    }
    return c;
  }

  isEmpty(): boolean {
    return this.key === ConnectionSet.NONE.key;
  }

  isAll(): boolean {
    return this.key === ConnectionSet.ALL.key;
  }

  equals(o: ConnectionSet): boolean {
    return this === o || this.key === o.key;
  }

  isSubsetOf(o: ConnectionSet): boolean {
    return this.subtract(o).isEmpty();
  }

  toJSON(): ConnectionSetJson {
    if (this.isAll()) return { all: true };
    const protocols: Partial<Record<Protocol, [number, number][]>> = {};
    for (const p of PROTOCOLS) {
      const ps = this.ports(p);
      if (!ps.isEmpty()) protocols[p] = ps.intervals.map(([a, b]) => [a, b]);
    }
    return { protocols };
  }

  /** The peer tools' text form: `All Connections`, or `TCP 80,8080-8090,UDP 53` (protocols alphabetical). */
  toText(): string {
    return this.protocolTexts().join(',');
  }

  /**
   * The same inside a sentence, listed as people list (proseList): `TCP 80, 443 and 8443`, `TCP 9094 and UDP 9094`,
   * `TCP 80 and 443; UDP 53`; the whole set is `any port`, as sentences say it (report/mismatch-text.ts connText),
   * not the notation's `All Connections` (new-user 49 #4: "now admits … on All Connections"). Tables, list rows,
   * pictures, the peer notation lines and JSON use toText (OUTPUT-CONTRACT).
   */
  toProse(): string {
    return this.isAll() ? ANY_PORT : proseList(this.proseParts());
  }

  /** Each protocol in the peer tools' notation, set apart by a comma and a space: `TCP 53, UDP 53` (a rule's list quoted in brackets, a picture's edge). */
  toListed(): string {
    return this.protocolTexts().join(', ');
  }

  /** toProse's items, one a protocol: `TCP 80, 443 and 8443`, `UDP 53` (the whole set: `any port`). */
  proseParts(): string[] {
    return this.isAll() ? [ANY_PORT] : this.protocolTexts((ps) => ps.toProse());
  }

  private protocolTexts(numbers: (ps: PortSet) => string = (ps) => ps.toKey()): string[] {
    if (this.isAll()) return ['All Connections'];
    if (this.isEmpty()) return ['No Connections'];
    const parts: string[] = [];
    for (const p of [...PROTOCOLS].sort()) {
      const ps = this.ports(p);
      if (!ps.isEmpty()) parts.push(`${p} ${numbers(ps)}`);
    }
    return parts;
  }

  static fromJSON(json: ConnectionSetJson): ConnectionSet {
    if ('all' in json) return ConnectionSet.ALL;
    let out = ConnectionSet.NONE;
    for (const p of PROTOCOLS) {
      const list = json.protocols[p];
      if (list) out = out.union(ConnectionSet.of(p, PortSet.of(list)));
    }
    return out;
  }
}

/** Every port of every protocol, in a sentence. */
export const ANY_PORT = 'any port';

/**
 * Items of a port set inside a sentence: `a`, `a and b`, `a, b and c`; items that list numbers of their own
 * (`TCP 80 and 443`) are set apart by semicolons instead, as a list of lists is written: `TCP 80 and 443; UDP 53`.
 * Commas and "and" inside parentheses (`TCP grpc (9090 on a, 9091 on b)`) do not count.
 */
export function proseList(items: readonly string[]): string {
  if (items.length < 2) return items[0] ?? '';
  const listing = items.some((i) => /, | and /.test(i.replace(/\([^()]*\)/g, '')));
  return listing ? items.join('; ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
