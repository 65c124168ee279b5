/**
 * Connection sets of one explain query as text and JSON. Asked by port name toward pods the manifests do
 * not hold (PairQuery `portName`), every set is the numbers that port may carry and still be allowed:
 * all of a protocol's reads as the name (`TCP http`, JSON `{"namedPorts": {"TCP": ["http"]}}`, as diff
 * writes it), part of it as the name on those numbers (`TCP http if numbered 8080`, JSON the numbers).
 */
import type { PairQuery } from '../engine/index.js';
import { ConnectionSet, NamedConns, PortSet, PROTOCOLS, proseList } from '../engine/index.js';
import { connText } from './mismatch-text.js';

/** Per protocol of `c`: the name when every number is in, else the numbers. */
function split(c: ConnectionSet, name: string): { whole: NamedConns; numbers: ConnectionSet } {
  const full = PROTOCOLS.filter((p) => c.ports(p).equals(PortSet.ALL));
  const numbers = full.reduce((acc, p) => acc.subtract(ConnectionSet.of(p, PortSet.ALL)), c);
  return { whole: NamedConns.of(ConnectionSet.NONE, full.map((protocol) => ({ protocol, name }))), numbers };
}

/** The text of a set of query `q`'s traffic. */
export function askedConnText(q: Pick<PairQuery, 'portName'>): (c: ConnectionSet) => string {
  const name = q.portName;
  if (name === undefined) return connText;
  return (c) => {
    if (c.isEmpty()) return connText(c);
    const { whole, numbers } = split(c, name);
    const parts = whole.isEmpty() ? [] : [whole.toProse()];
    for (const p of PROTOCOLS) if (!numbers.ports(p).isEmpty()) parts.push(`${p} ${name} if numbered ${numbers.ports(p).toProse()}`);
    return proseList(parts);
  };
}

/** The JSON of a set of query `q`'s traffic (`null` when empty); names beside the numbers they are not. */
export function askedConnJson(q: Pick<PairQuery, 'portName'>): (c: ConnectionSet) => object | null {
  const name = q.portName;
  return (c) => {
    if (c.isEmpty()) return null;
    if (name === undefined) return c.toJSON();
    const { whole, numbers } = split(c, name);
    return NamedConns.of(numbers, whole.entries()).toJSON();
  };
}
