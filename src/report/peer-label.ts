/**
 * Peers for people, short and exact: `shop/payments` when no other workload of that namespace has the
 * same name (else the full `shop/payments[Deployment]`), external addresses as CIDRs (`10.0.0.0/8`,
 * not ranges), and a configured name where one covers them (`corp (10.0.0.0/8)`). JSON keeps the ids.
 */
import type { AddressSet, PeerRef, Workload } from '../engine/index.js';
import { parseCidr, peerId, toCidrs } from '../engine/index.js';

export type PeerLabel = (p: PeerRef) => string;

/** `workloads`: every workload the output may name (base and head for a diff), to tell when a kind is needed. */
export function peerLabels(workloads: Iterable<Workload>, externalNames: Readonly<Record<string, string>> = {}): PeerLabel {
  const kindsByName = new Map<string, Set<string>>();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.name}`;
    kindsByName.set(key, (kindsByName.get(key) ?? new Set()).add(w.kind));
  }
  const named: { set: AddressSet; name: string }[] = [];
  for (const [cidr, name] of Object.entries(externalNames)) {
    const parsed = parseCidr(cidr);
    if (parsed.ok) named.push({ set: parsed.set, name });
  }
  return (p) => {
    switch (p.type) {
      case 'workload': {
        const key = `${p.workload.namespace}/${p.workload.name}`;
        return (kindsByName.get(key)?.size ?? 1) > 1 ? p.workload.id : key;
      }
      case 'external': {
        const cidrs = toCidrs(p.addresses).join(',');
        const match = named.find((k) => p.addresses.isSubsetOf(k.set));
        return match ? `${match.name} (${cidrs})` : cidrs;
      }
      case 'ingress-controller':
      case 'pods':
      case 'domain':
        return peerId(p);
    }
  };
}
