/**
 * A rule's ports as a function of the destination pod class: the numeric ports hold for every
 * destination, named ports add what each destination's container ports resolve them to (computed
 * once per destination class). `null` is a destination that is not a pod (an address): numeric only.
 */
import type { ConnectionSet } from './connection-set.js';
import type { PodClass } from './peer-classes.js';

export function perDestinationPorts(numeric: ConnectionSet, named: ((dst: PodClass) => ConnectionSet) | undefined): (dst: PodClass | null) => ConnectionSet {
  if (!named) return () => numeric;
  const cache = new Map<number, ConnectionSet>();
  return (dst) => {
    if (dst === null) return numeric;
    let c = cache.get(dst.index);
    if (!c) {
      c = numeric.union(named(dst));
      cache.set(dst.index, c);
    }
    return c;
  };
}
