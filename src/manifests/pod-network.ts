/**
 * The cluster's pod network (configuration `podCIDRs`, CLI `--pod-cidr`). Pod IPs are not in manifests;
 * knowing the ranges they come from decides whether an AdminNetworkPolicy / ClusterNetworkPolicy
 * `networks` peer covers the pods (engine/tiers.ts).
 */
import { AddressSet } from '../engine/address-set.js';
import { parseCidr } from '../engine/cidr.js';
import type { LoadResult } from './load.js';

/** The union of the CIDRs, or the first one that does not parse (as a sentence naming it). */
export function parsePodCidrs(cidrs: readonly string[]): { readonly network: AddressSet } | { readonly error: string } {
  let network = AddressSet.NONE;
  for (const c of cidrs) {
    const parsed = parseCidr(c);
    if (!parsed.ok) return { error: `pod CIDR "${c}": ${parsed.message}` };
    network = network.union(parsed.set);
  }
  return { network };
}

/** The loaded cluster with its pod network set (unchanged when none is configured). */
export function withPodNetwork(load: LoadResult, network: AddressSet | undefined): LoadResult {
  if (!network || network.isEmpty()) return load;
  return { ...load, cluster: { ...load.cluster, podNetwork: network } };
}
