/**
 * Whether the Admin tier decides every connection of a pod class in one direction before the NetworkPolicy
 * tier, whatever the peer, port or address: then no NetworkPolicy selecting those pods (or ceasing to) can
 * change a path of theirs in that direction.
 *
 * It does when one of the class's Admin-tier rules matches every pod, every outside address and every port,
 * and sends what it matches anywhere but the NetworkPolicies: Allow or Deny (final), or a Pass of the group
 * holding the NetworkPolicy tier (Calico's default tier: `ClusterPolicy.passSkipsNetworkPolicies`, past them to
 * the tiers after). What earlier rules match they decide first; Passes held by earlier groups meet this rule at
 * the group's start; Passes of its own group must skip the NetworkPolicies too, else they reach them at the
 * group's end (tier-verdict.ts `runSequence`, `combineTiers`; Calico Tier "How policy is evaluated").
 */
import { AddressSet } from './address-set.js';
import type { Connectivity } from './connectivity.js';
import type { Direction } from './model.js';
import type { CompiledTierRule } from './tiers.js';

/** The first Admin-tier rule for class `cls` (an index of `conn.index.classes`) in `direction` that decides all of its traffic, if any. */
export function catchAllBeforeNetworkPolicies(conn: Connectivity, direction: Direction, cls: number): CompiledTierRule | undefined {
  const rules = conn.tiers.rulesOf.Admin[direction][cls] ?? [];
  for (const r of rules) {
    if (r.subjects && !r.subjects.includes(cls)) continue;
    if (!r.allPods || !r.peerAddresses.equals(AddressSet.ALL) || !r.uniform || !r.conns(null).isAll()) continue;
    const group = r.policy.passGroup ?? '';
    const skips = r.policy.passSkipsNetworkPolicies === true;
    if (r.action === 'Pass' && !skips) continue;
    // A Pass of the same group held back reaches the NetworkPolicies unless the group skips them.
    if (!skips && rules.some((x) => x.action === 'Pass' && (x.policy.passGroup ?? '') === group)) continue;
    return r;
  }
  return undefined;
}
