/**
 * A sentence's peers with their addresses joined: the external peers of a list (pieces of the address space
 * the policies' CIDRs cut, each a peer of the contract) as one peer holding all their addresses, where the
 * first of them stood. A rule to 10.0.0.0/9 beside another policy naming 10.0.0.12/32 opens two pieces,
 * `10.0.0.0/9 (except 10.0.0.12/32)` and `10.0.0.12/32`; a line that names them together (same change, same
 * ports) says `10.0.0.0/9`, as the rule wrote it (real-eval 25: JamesAtIntegratnIO/gitops_homelab_2_0
 * adcfb22, "to 3 address ranges"). The pairs and the JSON keep the pieces.
 */
import { AddressSet, type PeerRef } from '../engine/index.js';

/** `peers` with every external peer after the first folded into the first (its addresses the union); the same list when it holds fewer than two. */
export function withAddressesMerged(peers: readonly PeerRef[]): readonly PeerRef[] {
  const external = peers.filter((p): p is Extract<PeerRef, { type: 'external' }> => p.type === 'external');
  if (external.length < 2) return peers;
  const addresses = external.reduce((all, p) => all.union(p.addresses), AddressSet.NONE);
  const first = peers.indexOf(external[0]);
  const merged: PeerRef = { type: 'external', addresses };
  return peers.flatMap((p, i): PeerRef[] => (i === first ? [merged] : p.type === 'external' ? [] : [p]));
}
