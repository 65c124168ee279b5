/** All allowed connections of one cluster, as the contract's rows (every ordered pair with traffic, once). */
import { isCaptured } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
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
  const open = classes.filter((d) => !isCaptured(conn.compiled, 'ingress', d.index));
  const classPairs: [number, number, ConnectionSet][] = [];
  for (const s of classes) {
    // Neither side isolated: everything is allowed, and no table holds the pair.
    if (!isCaptured(conn.compiled, 'egress', s.index)) for (const d of open) classPairs.push([s.index, d.index, ConnectionSet.ALL]);
  }
  for (const [key, c] of conn.pairs) classPairs.push([Math.floor(key / n), key % n, c]);
  for (const [si, di, c] of classPairs) {
    for (const ws of classes[si].workloads) {
      for (const wd of classes[di].workloads) {
        if (ws !== wd || options.self) rows.push({ src: { type: 'workload', workload: ws }, dst: { type: 'workload', workload: wd }, conn: c });
      }
    }
  }
  for (const cls of classes) {
    for (const w of cls.workloads) {
      const self: PeerRef = { type: 'workload', workload: w };
      for (const piece of conn.external.ingress[cls.index]) rows.push({ src: { type: 'external', addresses: piece.addresses }, dst: self, conn: piece.conn });
      for (const piece of conn.external.egress[cls.index]) rows.push({ src: self, dst: { type: 'external', addresses: piece.addresses }, conn: piece.conn });
      const ic = conn.ingressController[cls.index];
      if (!ic.isEmpty()) rows.push({ src: INGRESS_CONTROLLER, dst: self, conn: ic });
    }
  }
  return rows.sort((a, b) => comparePeers(a.src, b.src) || comparePeers(a.dst, b.dst));
}
