/**
 * The rows and groups `list` prints: the engine's, less those with an end in a namespace the
 * configuration's `ignoreNamespaces` leaves out of the analysis (ignored-namespaces.ts), as `diff` and the
 * App leave them out. Counting (--max-pairs) stays the engine's, before this filter: a bound on memory, it
 * may count rows of ignored namespaces that are then not printed.
 */
import type { ConnectionGroup, ConnectionRow, Connectivity } from '../engine/index.js';
import { groupConnections, streamConnections } from '../engine/index.js';
import { ignoredPeer } from '../analysis/ignored-namespaces.js';
import type { ListOptions } from './list-command.js';

/** Rows one source at a time (streamed as they are written), none with an end in an ignored namespace. */
export function* listRows(conn: Connectivity, options: ListOptions): Generator<ConnectionRow> {
  const hidden = ignoredPeer(options.ignoreNamespaces ?? []);
  for (const row of streamConnections(conn, options)) if (!hidden(row.src) && !hidden(row.dst)) yield row;
}

/** Groups without the peers of ignored namespaces (a group is every source × every destination, so each side is filtered); emptied groups dropped. */
export function listGroups(conn: Connectivity, options: ListOptions): ConnectionGroup[] {
  const groups = groupConnections(conn, options);
  const ignored = options.ignoreNamespaces ?? [];
  if (ignored.length === 0) return groups;
  const hidden = ignoredPeer(ignored);
  return groups.map((g) => ({ ...g, src: g.src.filter((p) => !hidden(p)), dst: g.dst.filter((p) => !hidden(p)) })).filter((g) => g.src.length > 0 && g.dst.length > 0);
}
