/**
 * A connection set toward pods whose container ports are unknown (abstract peers): numeric ports, plus
 * what a container port of a given name would be allowed. A port of the destination pod is allowed when
 * its protocol and number are in the set kept for its name (`byName`), or, for a name the set does not
 * list (or an unnamed port), in the numeric set `conn`. Kept exactly, so that a rule that denies a port
 * by name (AdminNetworkPolicy `namedPort` Deny) narrows the set as much as one that allows it widens it.
 *
 * The public form is a list of `PROTOCOL/name` (`ANY/name` when every protocol): the names whose set
 * holds every port of that protocol that `conn` does not, read "that container port of the destination
 * pod, whatever its number" (OUTPUT-CONTRACT `namedPorts`); and `PROTOCOL/name@NUMBERS` (NUMBERS as
 * PortSet.toKey, `53,8000-8080`) for a name whose set holds only some of them: "that port, if its number
 * is one of NUMBERS" (JSON `conditionalNamedPorts`, README). The number behind a name on a pod not in the
 * manifests is unknown, so a numbered rule meeting a named one (egress `TCP 53` toward an ingress
 * `port: metrics`) allows the name only on those numbers, as `diff --explain --port NAME` says.
 *
 * A name whose set lacks some of `conn`'s ports is listed too, as an exception: `-PROTOCOL/name` (`-ANY/name`
 * when every protocol) where it lacks every port of that protocol, else `-PROTOCOL/name@NUMBERS`, the numbers
 * of `conn` a port of that name does not get (JSON `exceptNamedPorts`, README): a rule narrowing every port
 * to `port: http` closes `all ports except TCP http` (pods numbering http keep it), an AdminNetworkPolicy
 * `Deny namedPort: http` leaves `all ports except http (any protocol)`.
 */
import type { ConnectionSetJson, Protocol } from './connection-set.js';
import { ConnectionSet, PROTOCOLS, proseList } from './connection-set.js';
import { PortSet } from './port-set.js';

export type NameProtocol = Protocol | 'ANY';

/** A name allowed only on some numbers: `numbers` as the contract's intervals (`[[53, 53]]`). */
export interface ConditionalNamedPortJson {
  readonly protocol: Protocol;
  readonly name: string;
  readonly numbers: [number, number][];
}

/** A name the set's numbers do not reach: `numbers` (of the set's own) when only those, else every port of `protocol`. */
export interface ExceptNamedPortJson {
  readonly protocol: NameProtocol;
  readonly name: string;
  readonly numbers?: [number, number][];
}

export type NamedConnsJson =
  | ConnectionSetJson
  | {
      all?: true;
      protocols?: Partial<Record<Protocol, [number, number][]>>;
      namedPorts?: Partial<Record<NameProtocol, string[]>>;
      conditionalNamedPorts?: ConditionalNamedPortJson[];
      exceptNamedPorts?: ExceptNamedPortJson[];
    };

/**
 * A public name: protocol and name, with `numbers` when the name is allowed only on those numbers; `except`:
 * a port of that name is not allowed (on `numbers`, when given, else on any port of the protocol).
 */
export interface NameEntry {
  readonly protocol: NameProtocol;
  readonly name: string;
  readonly numbers?: PortSet;
  readonly except?: true;
}

/** Separates a conditional public name from its numbers (`TCP/metrics@53`): port names never hold `@`. */
const CONDITION = '@';
/** Leads an exception (`-TCP/http`): protocols never start with it. */
const EXCEPT = '-';

/** A public name (`TCP/http`, `ANY/http`, `TCP/metrics@53,50051`, `-TCP/http`, `-TCP/http@80`) as protocol, name, numbers and `except`. */
export function parseName(n: string): NameEntry {
  const except = n.startsWith(EXCEPT);
  const from = except ? EXCEPT.length : 0;
  const i = n.indexOf('/', from);
  const protocol = n.slice(from, i) as NameProtocol;
  const at = n.indexOf(CONDITION, i + 1);
  const flag = except ? { except: true as const } : {};
  if (at < 0) return { protocol, name: n.slice(i + 1), ...flag };
  return { protocol, name: n.slice(i + 1, at), numbers: parsePorts(n.slice(at + 1)), ...flag };
}

/** Is a public name an exception (`-TCP/http`: a port of that name is not allowed)? */
export function isExceptName(n: string): boolean {
  return n.startsWith(EXCEPT);
}

/** The `PROTOCOL/name` part of a public name (its condition left out). */
export function unconditionalName(n: string): string {
  const at = n.indexOf(CONDITION);
  return at < 0 ? n : n.slice(0, at);
}

/** Is a public name conditional (allowed only on some numbers)? */
export function isConditionalName(n: string): boolean {
  return n.includes(CONDITION);
}

/**
 * The `PROTOCOL/name` of every conditional name in some of `lists` (public names): the names that met a
 * numbered rule there, which `NamedConns.namesWithin` may list with numbers.
 */
export function conditionalKeys(...lists: readonly (readonly string[] | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const list of lists) for (const n of list ?? []) if (isConditionalName(n) && !isExceptName(n)) out.add(unconditionalName(n));
  return out;
}

/** PortSet.toKey's text back to the set. */
function parsePorts(text: string): PortSet {
  return PortSet.of(
    text.split(',').map((part) => {
      const dash = part.indexOf('-');
      return dash < 0 ? [Number(part), Number(part)] : [Number(part.slice(0, dash)), Number(part.slice(dash + 1))];
    }),
  );
}

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

  /**
   * The public names of a change between two sets (`opened` = head − base, `closed` = base − head,
   * `a` and `b` those two): a name listed with numbers only where `a` or `b` lists it so (it met a numbered
   * rule there: `TCP metrics@50051` to `@53,50051` opens `@53`). Where neither does, a name is listed
   * whatever its number as before: a rule adding `port: http` beside `port: 8080` opens `TCP http`,
   * though a pod numbering it 8080 was allowed already (the base set says so).
   */
  namesBeside(a: NamedConns, b: NamedConns): readonly string[] {
    return this.namesWithin(conditionalKeys(a.names, b.names));
  }

  /**
   * The public names with each name's condition decided elsewhere: a name is listed with numbers only
   * where `conditional` holds its `PROTOCOL/name` (`conditionalKeys` of the public names of the sets it
   * was worked out from), else whatever its number. The report's steps after the diff (subtracting what
   * a workload's pair tells, merging pairs) narrow or unite a name's ports without meeting a numbered
   * rule: they keep the form the diff gave, so `TCP grpc` less the 9090 a workload's line tells is still
   * `TCP grpc`, not `TCP grpc (unless numbered 9090)`.
   */
  namesWithin(conditional: ReadonlySet<string>): readonly string[] {
    const names = this.names;
    if (!names.some(isConditionalName)) return names;
    return publicNames(this.conn, this.byName, (p, name) => conditional.has(`${p}/${name}`));
  }

  /**
   * Numbers, plus names each allowed on every port of its protocol (`ANY`: every protocol), or on `numbers`
   * of it when given (a conditional name; never `ANY`).
   */
  static of(conn: ConnectionSet, names?: Iterable<NameEntry>): NamedConns {
    if (names === undefined || (Array.isArray(names) && names.length === 0)) return NamedConns.numbers(conn);
    const byName = new Map<string, ConnectionSet>();
    const entries = [...names];
    // Names first, then exceptions: an exception's numbers are taken out of what its name was given.
    for (const except of [false, true]) {
      for (const n of entries) {
        if ((n.except === true) !== except) continue;
        const ports = n.numbers === undefined || n.protocol === 'ANY' ? protocolConns(n.protocol) : ConnectionSet.of(n.protocol, n.numbers);
        const now = byName.get(n.name) ?? conn;
        byName.set(n.name, except ? now.subtract(ports) : now.union(ports));
      }
    }
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

  /** The public names as protocol and name (and numbers, for a conditional name). */
  entries(): NameEntry[] {
    return this.names.map(parseName);
  }

  /**
   * The contract's form: `namedPorts` for names allowed whatever their number, `conditionalNamedPorts`
   * (`[{protocol, name, numbers}]`, README) for names allowed only on some numbers; either beside
   * `protocols` or alone.
   */
  toJSON(): NamedConnsJson {
    const base = this.conn.toJSON();
    if (this.names.length === 0) return base;
    const namedPorts: Partial<Record<NameProtocol, string[]>> = {};
    const conditional: ConditionalNamedPortJson[] = [];
    const except: ExceptNamedPortJson[] = [];
    const intervals = (numbers: PortSet) => numbers.intervals.map(([a, b]): [number, number] => [a, b]);
    for (const { protocol, name, numbers, except: isExcept } of this.entries()) {
      if (isExcept) except.push({ protocol, name, ...(numbers === undefined ? {} : { numbers: intervals(numbers) }) });
      else if (numbers === undefined || protocol === 'ANY') (namedPorts[protocol] ??= []).push(name);
      else conditional.push({ protocol, name, numbers: intervals(numbers) });
    }
    const names = {
      ...(Object.keys(namedPorts).length > 0 ? { namedPorts } : {}),
      ...(conditional.length > 0 ? { conditionalNamedPorts: conditional } : {}),
      ...(except.length > 0 ? { exceptNamedPorts: except } : {}),
    };
    // Names alone when no number is allowed (OUTPUT-CONTRACT: `namedPorts` beside `protocols` or alone).
    if ('all' in base) return { all: true, ...names };
    return 'protocols' in base && Object.keys(base.protocols).length > 0 ? { protocols: base.protocols, ...names } : names;
  }

  /**
   * The numbers in the peer tools' text form, then each name with its protocol: `TCP 8080, TCP http`,
   * `UDP dns`; a name given without a protocol reads `metrics (any protocol)`, a conditional one
   * `TCP metrics (if numbered 53,50051)`. `note` adds words after a name allowed whatever its number
   * (`TCP grpc (9090 on shop/payments)`), where it gives some.
   */
  toText(note?: (protocol: Protocol, name: string) => string | undefined): string {
    return this.words(false, note);
  }

  /**
   * toText inside a sentence, its items and numbers listed as people list them (ConnectionSet.toProse):
   * `TCP 8080 and TCP http`, `TCP 80 and 443; TCP metrics (if numbered 53 and 50051)`.
   */
  toProse(note?: (protocol: Protocol, name: string) => string | undefined): string {
    return this.words(true, note);
  }

  private words(prose: boolean, note?: (protocol: Protocol, name: string) => string | undefined): string {
    if (this.names.length === 0) return prose ? this.conn.toProse() : this.conn.toText();
    const numbersOf = (ps: PortSet) => (prose ? ps.toProse() : ps.toKey());
    const condition = (numbers: PortSet, conn: PortSet) => conditionText(numbers, conn, numbersOf);
    const entries = this.entries();
    const noted = (protocol: Protocol, name: string) => {
      const words = note?.(protocol, name);
      return words ? `${protocol} ${name} (${words})` : `${protocol} ${name}`;
    };
    const names = entries
      .filter((e) => !e.except)
      .map(({ protocol, name, numbers }) =>
        protocol === 'ANY' ? `${name} (any protocol)` : numbers === undefined ? noted(protocol, name) : `${protocol} ${name} (${condition(numbers, this.conn.ports(protocol))})`,
      );
    // An exception's numbers (absent: all the set's own of that protocol) are left out only where they are
    // every port and the name is not listed beside them (`all ports except TCP http`); of a few numbers they
    // are said as numbers that a pod may give that name, or the line reads as a contradiction (new-user 35:
    // `TCP 8443 except TCP https` for pods that number https 8443 and so had it already; new-user 45, F5:
    // `TCP 5432 except TCP pg (if numbered 5432)` was a puzzle): `TCP 8443 except where it is port https`
    // when the exception lacks every number of the set, else `TCP 80,8080 except TCP 80 where it is port http`.
    const given = new Set(entries.filter((e) => !e.except).map((e) => `${e.protocol}/${e.name}`));
    const whole = (protocol: Protocol, lacking: PortSet) => names.length === 0 && PROTOCOLS.every((p) => (p === protocol ? this.conn.ports(p).equals(lacking) : this.conn.ports(p).isEmpty()));
    // Names lacking every number of the set: one clause, `except where it is port http or metrics`.
    const anywhere: string[] = [];
    const except = entries
      .filter((e) => e.except)
      .flatMap(({ protocol, name, numbers }) => {
        if (protocol === 'ANY') return [`${name} (any protocol)`];
        const own = this.conn.ports(protocol);
        const lacking = numbers ?? own;
        if (own.isAll() && lacking.equals(own) && !given.has(`${protocol}/${name}`)) return [`${protocol} ${name}`];
        if (!whole(protocol, lacking)) return [`${protocol} ${numbersOf(lacking)} where it is port ${name}`];
        anywhere.push(name);
        return [];
      });
    if (anywhere.length) except.push(`where it is port ${anywhere.length === 1 ? anywhere[0] : `${anywhere.slice(0, -1).join(', ')} or ${anywhere[anywhere.length - 1]}`}`);
    const numbers = this.conn.isEmpty() ? [] : this.conn.isAll() ? ['all ports'] : prose ? this.conn.proseParts() : [this.conn.toText()];
    const allowed = prose ? proseList([...numbers, ...names]) : [...numbers, ...names].join(', ');
    return except.length === 0 ? allowed : `${allowed} except ${except.join(', ')}`;
  }
}

/**
 * `if numbered 53,50051` (in a sentence `53 and 50051`: `text`): the numbers a name adds to `conn`'s; or, when
 * shorter to write, `unless numbered 6380`: the numbers on which it is allowed neither by name nor by number.
 */
function conditionText(numbers: PortSet, conn: PortSet, text: (ps: PortSet) => string): string {
  const not = PortSet.ALL.subtract(numbers.union(conn));
  return not.intervals.length < numbers.intervals.length ? `unless numbered ${text(not)}` : `if numbered ${text(numbers)}`;
}

/** NamedConns.numbers' objects, by their set (held weakly). */
const plainSets = new WeakMap<ConnectionSet, NamedConns>();

/**
 * Per name, the protocols whose ports its set holds beyond `conn`'s: `P/name` where with `conn` it holds
 * every port of P, or where `conditional(P, name)` is false (all three read `ANY`), else
 * `P/name@NUMBERS`, the numbers it adds to `conn`'s.
 */
function publicNames(conn: ConnectionSet, byName: ReadonlyMap<string, ConnectionSet>, conditional?: (p: Protocol, name: string) => boolean): string[] {
  const out: string[] = [];
  for (const [name, set] of byName) {
    // The numbers of `conn` a port of this name does not get: always exact (a number a rule gave is not a condition to decide).
    const narrower = PROTOCOLS.filter((p) => !conn.ports(p).isSubsetOf(set.ports(p)));
    const lacksAll = narrower.filter((p) => conn.ports(p).subtract(set.ports(p)).isAll());
    if (lacksAll.length === PROTOCOLS.length) out.push(`${EXCEPT}ANY/${name}`);
    else for (const p of narrower) out.push(lacksAll.includes(p) ? `${EXCEPT}${p}/${name}` : `${EXCEPT}${p}/${name}${CONDITION}${conn.ports(p).subtract(set.ports(p)).toKey()}`);
    const wider = PROTOCOLS.filter((p) => !set.ports(p).isSubsetOf(conn.ports(p)));
    const whole = wider.filter((p) => set.ports(p).union(conn.ports(p)).isAll() || (conditional !== undefined && !conditional(p, name)));
    if (whole.length === PROTOCOLS.length) {
      out.push(`ANY/${name}`);
      continue;
    }
    for (const p of wider) out.push(whole.includes(p) ? `${p}/${name}` : `${p}/${name}${CONDITION}${set.ports(p).subtract(conn.ports(p)).toKey()}`);
  }
  return out.sort();
}
