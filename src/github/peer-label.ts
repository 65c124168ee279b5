/**
 * Peer labels for the App: short and exact (report/peer-label.ts), with the configured names for external
 * ranges (`externalNames: {"10.0.0.0/8": corp}`). Plain text: Markdown renderers add their own formatting.
 */
import type { PeerRef, Workload } from '../engine/index.js';
import { peerLabels } from '../report/peer-label.js';

export function peerLabeller(names: Readonly<Record<string, string>>, workloads: readonly Workload[] = []): (p: PeerRef) => string {
  return peerLabels(workloads, names);
}
