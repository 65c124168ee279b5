/** A set for people, port names included: `any port`, `TCP 443`, `TCP 8080, TCP http` (names toward pods the manifests do not hold). */
import type { ResolvedName } from '../analysis/highlights.js';
import type { NamedConns, PeerRef } from '../engine/index.js';
import { ConnectionSet, NamedConns as Named } from '../engine/index.js';
import { connText } from './mismatch-text.js';
import { plural } from '../util/plural.js';
import { namedItems } from '../util/and-list.js';

/** How many numbers one name's note gives before it counts the rest. */
const NAMED_NUMBERS = 3;

/**
 * `c` in words. `byName` (analysis/highlights.ts Highlight.byName): numbers of `c` that rules give only by a
 * port name some destination workloads number so, while `c` holds that name for other pods too: told with the
 * name, not beside it (`TCP grpc (9090 on shop/payments)`, not `TCP 9090, TCP grpc`; names numbered otherwise
 * on other workloads: `TCP grpc (9090 on a, 9091 on b)`). `peers` names a note's workloads.
 */
export function portsText(c: NamedConns, byName: readonly ResolvedName[] = [], peers: (list: readonly PeerRef[]) => string = () => ''): string {
  if (c.names.length === 0) return connText(c.conn);
  if (byName.length === 0) return c.toProse();
  const numbers = byName.reduce((acc, n) => acc.union(ConnectionSet.port(n.protocol, n.port)), ConnectionSet.NONE);
  const rest = Named.of(c.conn.subtract(numbers), c.entries());
  return rest.toProse((protocol, name) => {
    const of = byName.filter((n) => n.protocol === protocol && n.name === name).sort((a, b) => a.port - b.port);
    if (of.length === 0) return undefined;
    const { named, more } = namedItems(of, NAMED_NUMBERS);
    const told = named.map((n) => `${n.port} on ${peers(n.peers)}`);
    return more > 0 ? `${told.join(', ')} and ${plural(more, 'more number')}` : told.join(', ');
  });
}
