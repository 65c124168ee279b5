import type { AbstractPeer, LabelSelector, PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';

export interface SelectorJson {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type PeerJson =
  | { type: 'workload'; namespace: string; name: string; workloadKind: string; id: string }
  | { type: 'external'; ranges: string[]; id: string }
  | { type: 'ingress-controller'; id: string }
  /** `regionGroup`: the end stands for the regions of that `regionGroups[]` entry (report/coarse-pairs.ts). */
  | { type: 'pods'; namespace?: string; namespaceSelector?: SelectorJson; podSelector: SelectorJson; id: string; except?: PeerJson[]; regionGroup?: string }
  | { type: 'domain'; names: string[]; id: string };

export function peerJson(p: PeerRef): PeerJson {
  switch (p.type) {
    case 'workload':
      return { type: 'workload', namespace: p.workload.namespace, name: p.workload.name, workloadKind: p.workload.kind, id: p.workload.id };
    case 'external':
      return { type: 'external', ranges: p.addresses.toRanges(), id: peerId(p) };
    case 'ingress-controller':
      return { type: 'ingress-controller', id: peerId(p) };
    case 'pods':
      // A diff's line named after a rule peer, less the pods whose traffic did not change as it says (analysis/peer-exceptions.ts).
      return p.except?.length ? { ...abstractPeerJson(p.peer), except: p.except.map(abstractPeerJson) } : abstractPeerJson(p.peer);
    case 'domain':
      return { type: 'domain', names: [...p.names], id: peerId(p) };
  }
}

export function abstractPeerJson(p: AbstractPeer): Extract<PeerJson, { type: 'pods' }> {
  const ns = p.namespace !== undefined ? { namespace: p.namespace } : { namespaceSelector: selectorJson(p.namespaceSelector!) };
  return { type: 'pods', ...ns, podSelector: selectorJson(p.podSelector), id: p.id };
}

/** As written in Kubernetes: `matchLabels`, `matchExpressions` (each only when non-empty); `{}` selects everything. */
export function selectorJson(s: LabelSelector): SelectorJson {
  const out: SelectorJson = {};
  if (Object.keys(s.matchLabels).length > 0) out.matchLabels = { ...s.matchLabels };
  if (s.expressions.length > 0) out.matchExpressions = s.expressions.map((r) => ({ key: r.key, operator: r.op, ...(r.values.length ? { values: [...r.values] } : {}) }));
  return out;
}
