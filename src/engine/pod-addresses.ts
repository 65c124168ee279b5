/**
 * Whether addresses a rule names (a NetworkPolicy `ipBlock`) may hold pod IPs. The model reads an ipBlock as
 * never selecting pods (the Kubernetes API leaves it to the network plugin: "ipBlock … should not be pods"),
 * but plugins that match pod IPs by address (Calico) admit pods through it. With the pod network configured
 * (`podCIDRs`, `--pod-cidr`: Cluster.podNetwork), the block may hold pods when it overlaps it; without, when it
 * overlaps the private ranges pod networks are drawn from (RFC 1918's 10.0.0.0/8, 172.16.0.0/12 and
 * 192.168.0.0/16; RFC 4193's fc00::/7). tiers.ts `networkCoversPods` asks the same of `networks` peers. Pure.
 */
import { AddressSet } from './address-set.js';
import { parseCidr } from './cidr.js';

/** The ranges a pod network is drawn from when none is configured. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].reduce((acc, c) => {
  const parsed = parseCidr(c);
  if (!parsed.ok) throw new Error(`private range ${c}: ${parsed.message}`);
  return acc.union(parsed.set);
}, AddressSet.NONE);

/** Does `block` overlap the pod network (`podNetwork`; absent or empty: the private ranges)? */
export function mayHoldPods(block: AddressSet, podNetwork: AddressSet | undefined): boolean {
  const pods = podNetwork && !podNetwork.isEmpty() ? podNetwork : PRIVATE;
  return !block.intersect(pods).isEmpty();
}
