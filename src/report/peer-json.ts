import type { PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';

export type PeerJson =
  | { type: 'workload'; namespace: string; name: string; workloadKind: string; id: string }
  | { type: 'external'; ranges: string[]; id: string }
  | { type: 'ingress-controller'; id: string };

export function peerJson(p: PeerRef): PeerJson {
  switch (p.type) {
    case 'workload':
      return { type: 'workload', namespace: p.workload.namespace, name: p.workload.name, workloadKind: p.workload.kind, id: p.workload.id };
    case 'external':
      return { type: 'external', ranges: p.addresses.toRanges(), id: peerId(p) };
    case 'ingress-controller':
      return { type: 'ingress-controller', id: peerId(p) };
  }
}
