/**
 * Whether a `diff --format json` pair is consistent in itself: `opened` within `head` and `closed` within
 * `base`, and no port number allowed on both sides in `opened` or `closed`; by numbers exactly `head − base`
 * and `base − head`. Port names (their numbers unknown) only by the first rule: a name read on both sides
 * may still open for other numbers.
 */
import type { ConnectionSetJson, Protocol } from '../../src/engine/index.js';
import { ConnectionSet, PortSet } from '../../src/engine/index.js';

export interface JsonConns {
  all?: true;
  protocols?: Partial<Record<Protocol, [number, number][]>>;
  namedPorts?: Partial<Record<string, string[]>>;
}

export interface JsonSetsPair {
  src: { id: string };
  dst: { id: string };
  base: JsonConns | null;
  head: JsonConns | null;
  opened: JsonConns | null;
  closed: JsonConns | null;
}

const numbers = (c: JsonConns | null) => (c === null ? ConnectionSet.NONE : c.all ? ConnectionSet.ALL : ConnectionSet.fromJSON({ protocols: c.protocols ?? {} } as ConnectionSetJson));
/** Names as `PROTOCOL/name`; `ANY/name` stands for every protocol. */
const names = (c: JsonConns | null) => new Set(Object.entries(c?.namedPorts ?? {}).flatMap(([protocol, list]) => (list ?? []).map((n) => `${protocol}/${n}`)));
/**
 * A name may be in a side's set: listed there (for its protocol, or `ANY`), or read through the side's numbers
 * (a name is listed only where its set is wider than the numbers of its protocol).
 */
const nameIn = (name: string, set: Set<string>, numbers: ConnectionSet) => {
  const protocol = name.slice(0, name.indexOf('/'));
  const every = protocol === 'ANY' ? ConnectionSet.ALL : ConnectionSet.of(protocol as Protocol, PortSet.ALL);
  return set.has(name) || set.has(`ANY/${name.slice(name.indexOf('/') + 1)}`) || !every.intersect(numbers).isEmpty();
};

/** What is wrong with the pair's sets, one line each (empty: consistent). */
export function pairSetProblems(p: JsonSetsPair): string[] {
  const at = `${p.src.id} => ${p.dst.id}`;
  const [b, h, o, c] = [p.base, p.head, p.opened, p.closed].map(numbers);
  const problems: string[] = [];
  if (!o.isSubsetOf(h)) problems.push(`${at}: opened ${o.toText()} not within head ${h.toText()}`);
  if (!c.isSubsetOf(b)) problems.push(`${at}: closed ${c.toText()} not within base ${b.toText()}`);
  // Numbers exactly: a port name (its number unknown) never stands for a number in these sets.
  if (!o.equals(h.subtract(b))) problems.push(`${at}: opened ${o.toText()} is not head less base, ${h.subtract(b).toText()}`);
  if (!c.equals(b.subtract(h))) problems.push(`${at}: closed ${c.toText()} is not base less head, ${b.subtract(h).toText()}`);
  const both = b.intersect(h);
  if (!o.intersect(both).isEmpty() || !c.intersect(both).isEmpty()) problems.push(`${at}: ${o.union(c).intersect(both).toText()} allowed on both sides yet opened or closed`);
  const [bn, hn] = [names(p.base), names(p.head)];
  for (const n of names(p.opened)) if (!nameIn(n, hn, h)) problems.push(`${at}: opened name ${n} not in head`);
  for (const n of names(p.closed)) if (!nameIn(n, bn, b)) problems.push(`${at}: closed name ${n} not in base`);
  return problems;
}
