/**
 * Whether addresses a rule names (a NetworkPolicy `ipBlock`, a Calico rule's `nets`, an AdminNetworkPolicy's
 * `networks`) may hold pod IPs. The model reads them as never selecting pods (the Kubernetes API leaves it to the
 * network plugin: "ipBlock … should not be pods"), but plugins that match pod IPs by address (Calico, for ipBlock and
 * nets alike) admit pods through them. A block may hold pods when it overlaps `podAddresses`: the pod network when
 * configured (`podCIDRs`, `--pod-cidr`: Cluster.podNetwork), else the ranges pod networks are drawn from
 * (ASSUMED_POD_RANGES). tiers.ts `networkCoversPods` asks the same of `networks` peers. Pure.
 */
import { AddressSet } from './address-set.js';
import { parseCidr } from './cidr.js';
import type { ClusterPolicyKind } from './model.js';

/**
 * The ranges a pod network is assumed drawn from when none is configured, as written: RFC 1918's private ranges,
 * RFC 6598's shared address space (100.64.0.0/10: carrier-grade NAT, which clusters also take pod networks from,
 * such as EKS custom networking) and RFC 4193's unique local IPv6 addresses. A cluster whose pods have public
 * addresses (an IPv6 cluster on global unicast addresses, such as EKS in IPv6 mode) needs its pod network configured.
 */
export const ASSUMED_POD_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

const ASSUMED = ASSUMED_POD_RANGES.reduce((acc, c) => {
  const parsed = parseCidr(c);
  if (!parsed.ok) throw new Error(`assumed pod range ${c}: ${parsed.message}`);
  return acc.union(parsed.set);
}, AddressSet.NONE);

/** The addresses pods may have: the pod network (`podNetwork`; absent or empty: ASSUMED_POD_RANGES). */
export function podAddresses(podNetwork: AddressSet | undefined): AddressSet {
  return podNetwork && !podNetwork.isEmpty() ? podNetwork : ASSUMED;
}

/**
 * Whether a policy of `kind` (absent: a Kubernetes NetworkPolicy) may match pods by the addresses its rules name.
 * Cilium's never do: its CIDR rules and the `world` entity are for peers that are not Cilium endpoints, which it
 * matches by identity ("IP/CIDR based: … if the remote peer is not an endpoint", docs.cilium.io, Layer 3
 * policies). Calico matches `nets` by the packet's address (EntityRule: "nets … match packets with IP in any of
 * the listed CIDRs"), pods' included, as it does a NetworkPolicy's ipBlock; the AdminNetworkPolicy API checks
 * cluster-internal traffic against `networks` too.
 */
export function matchesPodsByAddress(kind: ClusterPolicyKind | undefined): boolean {
  return !kind?.startsWith('Cilium');
}
