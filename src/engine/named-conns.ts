/**
 * A connection set toward pods whose container ports are unknown (abstract peers): numeric ports, plus
 * what a container port of a given name would be allowed. A port of the destination pod is allowed when
 * its protocol and number are in the set kept for its name (`byName`), or, for a name the set does not
 * list (or an unnamed port), in the numeric set `conn`. Kept exactly, so that a rule that denies a port
 * by name (AdminNetworkPolicy `namedPort` Deny) narrows the set as much as one that allows it widens it.
 *
 * The public form (OUTPUT-CONTRACT `namedPorts`) is a list of `PROTOCOL/name` (`ANY/name` when every
 * protocol): the names whose set holds ports of that protocol that `conn` does not. It reads "that
 * container port of the destination pod, whatever its number", an over-approximation: a name the set
 * allows only on some numbers is listed too (the number of a pod not in the manifests is unknown).
 */
import type { ConnectionSetJson, Protocol } from './connection-set.js';
import { ConnectionSet, PROTOCOLS } from './connection-set.js';
import { PortSet } from './port-set.js';

export type NameProtocol = Protocol | 'ANY';

export type NamedConnsJson = ConnectionSetJson | { protocols?: Partial<Record<Protocol, [number, number][]>>; namedPorts: Partial<Record<NameProtocol, string[]>> };

const EVERY_PORT: Readonly<Record<Protocol, ConnectionSet>> = {
  TCP: ConnectionSet.of('TCP', PortSet.ALL),
  UDP: ConnectionSet.of('UDP', PortSet.ALL),
  SCTP: ConnectionSet.of('SCTP', PortSet.ALL),
};

/** Every port of `protocol` (`ANY`: of every protocol); one set per protocol, built once (asked per region pair). */
export function protocolConns(protocol: NameProtocol): ConnectionSet {
  return protocol === 'ANY' ? ConnectionSet.ALL : EVERY_PORT[protocol];
}

export class NamedConns {
  static readonly NONE = new NamedConns(ConnectionSet.NONE, new Map());
  static readonly ALL = new NamedConns(ConnectionSet.ALL, new Map());

  private publicForm: readonly string[] | undefined;
  private namedKey: string | undefined;

  /** `byName`: per container port name, its set where it differs from `conn`. */
  private constructor(
    readonly conn: ConnectionSet,
    private readonly byName: ReadonlyMap<string, ConnectionSet>,
  ) {}

  /** Sorted, distinct `PROTOCOL/name`: the public form (see the file comment); built on first use. */
  get names(): readonly string[] {
    return (this.publicForm ??= this.byName.size === 0 ? [] : publicNames(this.conn, this.byName));
  }

  /** Numbers, plus names each allowed on every port of its protocol (`ANY`: every protocol). */
  static of(conn: ConnectionSet, names?: Iterable<{ protocol: NameProtocol; name: string }>): NamedConns {
    if (names === undefined || (Array.isArray(names) && names.length === 0)) return NamedConns.numbers(conn);
    const byName = new Map<string, ConnectionSet>();
    for (const n of names) byName.set(n.name, (byName.get(n.name) ?? conn).union(protocolConns(n.protocol)));
    return NamedConns.exact(conn, byName);
  }

  /**
   * Numbers alone: one object per (interned) set, asked per region pair by the diff, so that equal sets
   * are the same object there and what is worked out from them (region-port-names.ts) is shared.
   */
  private static numbers(conn: ConnectionSet): NamedConns {
    if (conn.isEmpty()) return NamedConns.NONE;
    if (conn.isAll()) return NamedConns.ALL;
    let v = plainSets.get(conn);
    if (!v) plainSets.set(conn, (v = new NamedConns(conn, new Map())));
    return v;
  }

  /** Numbers, and per name the whole set a port of that name is allowed (names whose set equals `conn` dropped). */
  static exact(conn: ConnectionSet, byName: ReadonlyMap<string, ConnectionSet>): NamedConns {
    const kept = new Map<string, ConnectionSet>();
    for (const name of [...byName.keys()].sort()) {
      const set = byName.get(name)!;
      if (!set.equals(conn)) kept.set(name, set);
    }
    if (kept.size === 0 && conn.isEmpty()) return NamedConns.NONE;
    if (kept.size === 0 && conn.isAll()) return NamedConns.ALL;
    return new NamedConns(conn, kept);
  }

  /** The set a container port called `name` is allowed. */
  forName(name: string): ConnectionSet {
    return this.byName.get(name) ?? this.conn;
  }

  /** Does this set keep some name apart from its numbers? (`portNames().length > 0` without the array: asked per region pair.) */
  hasPortNames(): boolean {
    return this.byName.size > 0;
  }

  /** The names this set keeps apart from its numbers, sorted. */
  portNames(): readonly string[] {
    return [...this.byName.keys()];
  }

  get key(): string {
    if (this.byName.size === 0) return this.conn.key;
    // Kept: sets are compared per region pair (millions of them past the region pair bound).
    return (this.namedKey ??= `${this.conn.key}|${[...this.byName].map(([n, c]) => `${n}=${c.key}`).join(',')}`);
  }

  /** Per name (and for the numbers), `op` of the two sets. */
  private pointwise(o: NamedConns, op: (a: ConnectionSet, b: ConnectionSet) => ConnectionSet): NamedConns {
    if (this.byName.size === 0 && o.byName.size === 0) return NamedConns.of(op(this.conn, o.conn));
    const byName = new Map<string, ConnectionSet>();
    for (const name of new Set([...this.byName.keys(), ...o.byName.keys()])) byName.set(name, op(this.forName(name), o.forName(name)));
    return NamedConns.exact(op(this.conn, o.conn), byName);
  }

  union(o: NamedConns): NamedConns {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    return this.pointwise(o, (a, b) => a.union(b));
  }

  /** What `this` allows and `o` does not, port by port (for each name, and for unnamed ports). */
  subtract(o: NamedConns): NamedConns {
    return this.pointwise(o, (a, b) => a.subtract(b));
  }

  intersect(o: NamedConns): NamedConns {
    return this.pointwise(o, (a, b) => a.intersect(b));
  }

  isEmpty(): boolean {
    return this.conn.isEmpty() && this.byName.size === 0;
  }

  equals(o: NamedConns): boolean {
    return this.key === o.key;
  }

  /** The public names as protocol and name. */
  entries(): { protocol: NameProtocol; name: string }[] {
    return this.names.map((n) => {
      const i = n.indexOf('/');
      return { protocol: n.slice(0, i) as NameProtocol, name: n.slice(i + 1) };
    });
  }

  toJSON(): NamedConnsJson {
    const base = this.conn.toJSON();
    if (this.names.length === 0) return base;
    const namedPorts: Partial<Record<NameProtocol, string[]>> = {};
    for (const { protocol, name } of this.entries()) (namedPorts[protocol] ??= []).push(name);
    // Names alone when no number is allowed (OUTPUT-CONTRACT: `namedPorts` beside `protocols` or alone).
    return 'protocols' in base && Object.keys(base.protocols).length > 0 ? { protocols: base.protocols, namedPorts } : { namedPorts };
  }

  /**
   * The numbers in the peer tools' text form, then each name with its protocol: `TCP 8080, TCP http`,
   * `UDP dns`; a name given without a protocol reads `metrics (any protocol)`.
   */
  toText(): string {
    if (this.names.length === 0) return this.conn.toText();
    const names = this.entries().map(({ protocol, name }) => (protocol === 'ANY' ? `${name} (any protocol)` : `${protocol} ${name}`));
    return [...(this.conn.isEmpty() ? [] : [this.conn.toText()]), ...names].join(', ');
  }
}

/** NamedConns.numbers' objects, by their set (held weakly). */
const plainSets = new WeakMap<ConnectionSet, NamedConns>();

/** Per name, the protocols whose ports its set holds beyond `conn`'s; all three read `ANY`. */
function publicNames(conn: ConnectionSet, byName: ReadonlyMap<string, ConnectionSet>): string[] {
  const out: string[] = [];
  for (const [name, set] of byName) {
    const wider = PROTOCOLS.filter((p) => !set.ports(p).isSubsetOf(conn.ports(p)));
    if (wider.length === PROTOCOLS.length) out.push(`ANY/${name}`);
    else for (const p of wider) out.push(`${p}/${name}`);
  }
  return out.sort();
}
