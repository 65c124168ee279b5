/**
 * Peers for people, short and exact: `shop/payments` when no other workload of that namespace has the
 * same name (else the full `shop/payments[Deployment]`), external addresses as CIDRs (`10.0.0.0/8`,
 * not ranges), and a configured name where one covers them (`corp (10.0.0.0/8)`). JSON keeps the ids.
 */
import type { PeerRef, Workload } from '../engine/index.js';
import { AddressSet, EXCEPTIONS_NAMED, parseCidr, peerId, toCidrs } from '../engine/index.js';

export type PeerLabel = (p: PeerRef) => string;

/** `workloads`: every workload the output may name (base and head for a diff), to tell when a kind is needed. */
export function peerLabels(workloads: Iterable<Workload>, externalNames: Readonly<Record<string, string>> = {}): PeerLabel {
  const kindsByName = new Map<string, Set<string>>();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.name}`;
    kindsByName.set(key, (kindsByName.get(key) ?? new Set()).add(w.kind));
  }
  const named = namedRanges(externalNames);
  return (p) => {
    switch (p.type) {
      case 'workload': {
        const key = `${p.workload.namespace}/${p.workload.name}`;
        return (kindsByName.get(key)?.size ?? 1) > 1 ? p.workload.id : key;
      }
      case 'external':
        return externalLabel(p.addresses, named);
      case 'pods':
        return podsLabel(p);
      case 'ingress-controller':
      case 'domain':
        return peerId(p);
    }
  };
}

/** Pods the manifests do not hold: `P (except a, b, c and 4 more)` past EXCEPTIONS_NAMED exceptions (the JSON lists them all), else the id. */
function podsLabel(p: PeerRef & { type: 'pods' }): string {
  const except = p.except ?? [];
  if (except.length <= EXCEPTIONS_NAMED) return peerId(p);
  const named = except.slice(0, EXCEPTIONS_NAMED - 1);
  return `${p.peer.id} (except ${named.map((e) => e.id).join(', ')} and ${except.length - named.length} more)`;
}

type Named = readonly { readonly set: AddressSet; readonly name: string }[];

function namedRanges(externalNames: Readonly<Record<string, string>>): Named {
  const named: { set: AddressSet; name: string }[] = [];
  for (const [cidr, name] of Object.entries(externalNames)) {
    const parsed = parseCidr(cidr);
    if (parsed.ok) named.push({ set: parsed.set, name });
  }
  return named;
}

function externalLabel(addresses: AddressSet, named: Named): string {
  const text = addressText(addresses);
  const match = named.find((k) => addresses.isSubsetOf(k.set));
  return match ? `${match.name} (${text})` : text;
}

/** Addresses for people: `0.0.0.0/0, ::/0`; a range that is not one CIDR stays `first-last`. */
export function addressText(set: AddressSet): string {
  return set.intervals
    .flatMap(([a, b]) => {
      const piece = AddressSet.of([[a, b]]);
      const cidrs = toCidrs(piece);
      const ranges = piece.toRanges();
      return cidrs.length <= ranges.length ? cidrs : ranges;
    })
    .join(', ');
}

/**
 * Text and Markdown peers that keep the contract's ids for workloads, with addresses as CIDRs and,
 * given `externalNames` (CIDR → name, as in the App's configuration), named where a name covers them.
 */
export function peerText(externalNames: Readonly<Record<string, string>> = {}): PeerLabel {
  const named = namedRanges(externalNames);
  return (p) => (p.type === 'external' ? externalLabel(p.addresses, named) : p.type === 'pods' ? podsLabel(p) : peerId(p));
}

export const displayPeer: PeerLabel = peerText();

/** `label` remembering what it said of each peer object (a headline labels the same ends many times). */
export function memoisedLabel(label: PeerLabel): PeerLabel {
  const said = new WeakMap<PeerRef, string>();
  return (p) => {
    let text = said.get(p);
    if (text === undefined) said.set(p, (text = label(p)));
    return text;
  };
}
