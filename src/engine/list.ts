/** All allowed connections of one cluster, as the contract's rows (every ordered pair with traffic, once). */
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { streamConnections } from './list-stream.js';
import type { PeerRef } from './peers.js';

export interface ConnectionRow {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly conn: ConnectionSet;
}

export interface ListOptions {
  /** Also list each workload's traffic to itself (between its own pods); off by default, as the peer tools do. */
  readonly self?: boolean;
  /**
   * Only rows with at least one end in this namespace (`list --namespace`, as `kubectl -n` scopes a
   * listing): a workload of it, as source or destination. Other peer types (external ranges, DNS names,
   * the ingress controller) are in no namespace, so their rows are kept only when the workload end is.
   */
  readonly namespace?: string;
}

/** Every row at once, in the contract's order (see list-stream.ts for counting and streaming them). */
export function listConnections(conn: Connectivity, options: ListOptions = {}): ConnectionRow[] {
  return [...streamConnections(conn, options)];
}

/** Indices grouped by equal sets. */
export function groupBySet(sets: readonly ConnectionSet[]): { set: ConnectionSet; members: number[] }[] {
  const groups = new Map<string, { set: ConnectionSet; members: number[] }>();
  sets.forEach((set, i) => {
    const g = groups.get(set.key);
    if (g) g.members.push(i);
    else groups.set(set.key, { set, members: [i] });
  });
  return [...groups.values()];
}
