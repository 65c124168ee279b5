/**
 * What an address peer written with a whole address family (`0.0.0.0/0`, `::/0`) still reaches once its
 * exceptions are taken out: a NetworkPolicy `ipBlock.except`, a Cilium `toCIDRSet[].except`, a Calico
 * `notNets`. The loaders subtract them into the peer's `block` (networking.k8s.io/v1 IPBlock, Cilium's
 * CIDRRule, Calico's EntityRule), so the block alone tells whether PERMISSIVE_RULE's "every address outside
 * the cluster" still holds. Real-eval 23: `toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8,
 * 172.16.0.0/12, 192.168.0.0/16]}]` (internet egress without the private ranges) was said to allow "every
 * address outside the cluster", with the fix "use toCIDRSet with except for private ranges": what it did.
 */
import { AddressSet, parseCidr } from '../engine/index.js';

/** The private (RFC 1918) and unique-local (RFC 4193) ranges, the ones the fix asks to except. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

const privateSets = PRIVATE_RANGES.map((cidr) => {
  const c = parseCidr(cidr);
  if (!c.ok) throw new Error(`bad private range ${cidr}`);
  return { cidr, set: c.set };
});

/**
 * `whole`: the block holds a whole address family (no exception carves it); `public`: exceptions leave out
 * every private range of the families written; `most`: exceptions carve some addresses but not these
 * private ranges, which the block still reaches (`privateLeft`, CIDRs as PRIVATE_RANGES writes them).
 */
export type EveryAddress = { readonly kind: 'whole' } | { readonly kind: 'public' } | { readonly kind: 'most'; readonly privateLeft: readonly string[] };

/** `block`: the peer's addresses, exceptions subtracted. */
export function everyAddressOf(block: AddressSet): EveryAddress {
  if (AddressSet.ALL_V4.isSubsetOf(block) || AddressSet.ALL_V6.isSubsetOf(block)) return { kind: 'whole' };
  const privateLeft = privateSets.filter((p) => !p.set.intersect(block).isEmpty()).map((p) => p.cidr);
  return privateLeft.length === 0 ? { kind: 'public' } : { kind: 'most', privateLeft };
}
