/** All allowed connections of one cluster, as the contract's rows (every ordered pair with traffic, once). */
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { domainConn, domainNames } from './domains.js';
import type { PeerRef } from './peers.js';
import { INGRESS_CONTROLLER, comparePeers } from './peers.js';

export interface ConnectionRow {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly conn: ConnectionSet;
}

export interface ListOptions {
  /** Also list each workload's traffic to itself (between its own pods); off by default, as the peer tools do. */
  readonly self?: boolean;
}

export function listConnections(conn: Connectivity, options: ListOptions = {}): ConnectionRow[] {
  const rows: ConnectionRow[] = [];
  const { classes } = conn.index;
  const n = classes.length;
  const classPairs: [number, number, ConnectionSet][] = [];
  // Pairs left implicit have the block value: the source's egress default ∩ the destination's ingress
  // default. Classes are grouped by their defaults, so an empty block is skipped whole.
  const ingressGroups = groupBySet(conn.defaults.ingress);
  for (const { set: e, members: sources } of groupBySet(conn.defaults.egress)) {
    for (const { set: i, members: dsts } of ingressGroups) {
      const c = e.intersect(i);
      if (c.isEmpty()) continue;
      for (const s of sources) for (const d of dsts) if (!conn.pairs.has(s * n + d)) classPairs.push([s, d, c]);
    }
  }
  for (const [key, c] of conn.pairs) if (!c.isEmpty()) classPairs.push([Math.floor(key / n), key % n, c]);
  for (const [si, di, c] of classPairs) {
    for (const ws of classes[si].workloads) {
      for (const wd of classes[di].workloads) {
        if (ws !== wd || options.self) rows.push({ src: { type: 'workload', workload: ws }, dst: { type: 'workload', workload: wd }, conn: c });
      }
    }
  }
  const domains = domainNames(conn);
  for (const cls of classes) {
    const toDomains = domains.map((name) => ({ name, conn: domainConn(conn, cls.index, name) })).filter((d) => !d.conn.isEmpty());
    for (const w of cls.workloads) {
      const self: PeerRef = { type: 'workload', workload: w };
      for (const d of toDomains) rows.push({ src: self, dst: { type: 'domain', names: [d.name] }, conn: d.conn });
      for (const piece of conn.external.ingress[cls.index]) rows.push({ src: { type: 'external', addresses: piece.addresses }, dst: self, conn: piece.conn });
      for (const piece of conn.external.egress[cls.index]) rows.push({ src: self, dst: { type: 'external', addresses: piece.addresses }, conn: piece.conn });
      const ic = conn.ingressController[cls.index];
      if (!ic.isEmpty()) rows.push({ src: INGRESS_CONTROLLER, dst: self, conn: ic });
    }
  }
  return rows.sort((a, b) => comparePeers(a.src, b.src) || comparePeers(a.dst, b.dst));
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
