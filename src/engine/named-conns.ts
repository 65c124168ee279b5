/**
 * A connection set toward pods whose container ports are unknown (abstract peers): numeric ports, plus
 * port names that could not be resolved to numbers, per protocol (`ANY` for a name given without one).
 * A name stands for "that container port of the destination pod, whatever its number".
 */
import type { ConnectionSetJson, Protocol } from './connection-set.js';
import { ConnectionSet } from './connection-set.js';

export type NameProtocol = Protocol | 'ANY';

export type NamedConnsJson = ConnectionSetJson | { protocols?: Partial<Record<Protocol, [number, number][]>>; namedPorts: Partial<Record<NameProtocol, string[]>> };

export class NamedConns {
  static readonly NONE = new NamedConns(ConnectionSet.NONE, []);
  static readonly ALL = new NamedConns(ConnectionSet.ALL, []);

  /** `names`: sorted, distinct `PROTOCOL/name`. */
  private constructor(
    readonly conn: ConnectionSet,
    readonly names: readonly string[],
  ) {}

  static of(conn: ConnectionSet, names: Iterable<{ protocol: NameProtocol; name: string }> = []): NamedConns {
    // A protocol already open on every port needs no names; ALL needs none at all.
    const list = [...new Set([...names].filter((n) => n.protocol === 'ANY' ? !conn.isAll() : !conn.ports(n.protocol).isAll()).map((n) => `${n.protocol}/${n.name}`))].sort();
    return list.length === 0 && conn === ConnectionSet.NONE ? NamedConns.NONE : new NamedConns(conn, list);
  }

  get key(): string {
    return `${this.conn.key}|${this.names.join(',')}`;
  }

  union(o: NamedConns): NamedConns {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    return NamedConns.of(this.conn.union(o.conn), [...this.entries(), ...o.entries()]);
  }

  /**
   * What `this` has and `o` lacks: numeric difference, and the names `o` neither names nor covers with a
   * whole protocol (a name is kept even if `o` has some numbers of its protocol: its own number is unknown).
   */
  subtract(o: NamedConns): NamedConns {
    const theirs = new Set(o.names);
    const covered = (n: { protocol: NameProtocol; name: string }) =>
      theirs.has(`${n.protocol}/${n.name}`) || (n.protocol === 'ANY' ? o.conn.isAll() : o.conn.ports(n.protocol).isAll() || theirs.has(`ANY/${n.name}`));
    return NamedConns.of(this.conn.subtract(o.conn), this.entries().filter((n) => !covered(n)));
  }

  /**
   * What both allow: the numbers in both, and a name that the other names too or opens its whole protocol
   * for (a name meeting only some numbers is dropped: whether its number is among them is unknown).
   */
  intersect(o: NamedConns): NamedConns {
    const within = (n: { protocol: NameProtocol; name: string }, other: NamedConns) =>
      other.names.includes(`${n.protocol}/${n.name}`) ||
      other.names.includes(`ANY/${n.name}`) ||
      (n.protocol === 'ANY' ? other.conn.isAll() : other.conn.ports(n.protocol).isAll());
    return NamedConns.of(this.conn.intersect(o.conn), [...this.entries().filter((n) => within(n, o)), ...o.entries().filter((n) => within(n, this))]);
  }

  isEmpty(): boolean {
    return this.conn.isEmpty() && this.names.length === 0;
  }

  equals(o: NamedConns): boolean {
    return this.key === o.key;
  }

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
