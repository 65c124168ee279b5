/** The three kinds of peer of the output contract. */
import type { AddressSet } from './address-set.js';
import type { Workload } from './model.js';

export type PeerRef =
  | { readonly type: 'workload'; readonly workload: Workload }
  | { readonly type: 'external'; readonly addresses: AddressSet }
  | { readonly type: 'ingress-controller' };

export const INGRESS_CONTROLLER: PeerRef = { type: 'ingress-controller' };

export function peerId(p: PeerRef): string {
  switch (p.type) {
    case 'workload':
      return p.workload.id;
    case 'external':
      return p.addresses.toRanges().join(',');
    case 'ingress-controller':
      return '{ingress-controller}';
    default: {
      const never: never = p;
      throw new Error(`unknown peer ${String(never)}`);
    }
  }
}

/** Sort order: workloads by id, then the ingress controller, then external ranges by address. */
export function comparePeers(a: PeerRef, b: PeerRef): number {
  const rank = (p: PeerRef) => (p.type === 'workload' ? 0 : p.type === 'ingress-controller' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.type === 'external' && b.type === 'external') {
    const x = a.addresses.intervals[0]?.[0] ?? 0n;
    const y = b.addresses.intervals[0]?.[0] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  const ia = peerId(a);
  const ib = peerId(b);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
