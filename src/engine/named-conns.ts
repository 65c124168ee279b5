/**
 * A connection set toward pods whose container ports are unknown (abstract peers): numeric ports, plus
 * port names that could not be resolved to numbers, per protocol (`ANY` for a name given without one).
 * A name stands for "that container port of the destination pod, whatever its number".
 */
import type { ConnectionSetJson, Protocol } from './connection-set.js';
import { ConnectionSet, PROTOCOLS } from './connection-set.js';

export type NameProtocol = Protocol | 'ANY';

export type NamedConnsJson = ConnectionSetJson | { protocols: Partial<Record<Protocol, [number, number][]>>; namedPorts: Partial<Record<NameProtocol, string[]>> };

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

  /** What `this` has and `o` lacks: numeric difference, and the names `o` does not name (kept even if `o` has their number: it is unknown). */
  subtract(o: NamedConns): NamedConns {
    const theirs = new Set(o.names);
    return NamedConns.of(this.conn.subtract(o.conn), this.entries().filter((n) => !theirs.has(`${n.protocol}/${n.name}`)));
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
    return { protocols: 'protocols' in base ? base.protocols : {}, namedPorts };
  }

  /** `TCP 80,http,UDP 53`; a name without protocol after an empty one: ` local-port`. */
  toText(): string {
    if (this.names.length === 0) return this.conn.toText();
    const parts: string[] = [];
    const byProtocol = new Map<string, string[]>();
    for (const { protocol, name } of this.entries()) byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), name]);
    if (byProtocol.has('ANY')) parts.push(` ${byProtocol.get('ANY')!.join(',')}`);
    for (const p of [...PROTOCOLS].sort()) {
      const ports = this.conn.ports(p);
      const tokens = [...(ports.isEmpty() ? [] : [ports.toKey()]), ...(byProtocol.get(p) ?? [])];
      if (tokens.length) parts.push(`${p} ${tokens.join(',')}`);
    }
    return parts.join(',');
  }
}
