/**
 * Shows configured names for external ranges (`externalNames: {"10.0.0.0/8": corp}`) next to the raw
 * CIDRs. Plain text: Markdown renderers add their own formatting.
 */
import type { AddressSet, PeerRef } from '../engine/index.js';
import { parseCidr, peerId } from '../engine/index.js';

export function peerLabeller(names: Readonly<Record<string, string>>): (p: PeerRef) => string {
  const known: { set: AddressSet; name: string }[] = [];
  for (const [cidr, name] of Object.entries(names)) {
    const parsed = parseCidr(cidr);
    if (parsed.ok) known.push({ set: parsed.set, name });
  }
  return (p) => {
    const id = peerId(p);
    if (p.type !== 'external') return id;
    const match = known.find((k) => p.addresses.isSubsetOf(k.set));
    return match ? `${match.name} (${id})` : id;
  };
}
