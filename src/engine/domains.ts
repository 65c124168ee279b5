/**
 * Destinations named by DNS: ClusterNetworkPolicy (and experimental AdminNetworkPolicy) egress
 * `domainNames`. Each name a policy writes is one `domain` peer. A name resolves to addresses the
 * manifests do not hold, so besides rules naming it, only rules toward any destination or toward every
 * address of a family (`0.0.0.0/0`, `::/0`) match it; narrower CIDRs are taken not to.
 */
import { AddressSet } from './address-set.js';
import { isCaptured } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { mergeByOrder, tierVerdict } from './direction-rows.js';
import type { CompiledTierRule } from './tiers.js';

/** Every domain name the cluster-wide policies name, sorted. */
export function domainNames(conn: Connectivity): string[] {
  return [...new Set(conn.tiers.rules.flatMap((r) => r.domains))].sort();
}

/**
 * "`*.kubernetes.io` matches subdomains of kubernetes.io … however "kubernetes.io" … do not" (DomainName):
 * does `pattern` match every name `name` stands for (itself a name or a wildcard)?
 */
export function domainCovers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  return name.endsWith(suffix) && name.length > suffix.length;
}

export function reachesAnyAddress(anyPeer: boolean, addresses: AddressSet): boolean {
  return anyPeer || AddressSet.ALL_V4.isSubsetOf(addresses) || AddressSet.ALL_V6.isSubsetOf(addresses);
}

export function tierRuleReachesDomain(rule: CompiledTierRule, name: string): boolean {
  return rule.domains.some((d) => domainCovers(d, name)) || reachesAnyAddress(false, rule.peerAddresses);
}

/** What pods of class `cls` may send to `name`: their egress, tier by tier (a domain has no ingress side). */
export function domainConn(conn: Connectivity, cls: number, name: string): ConnectionSet {
  const matching = mergeByOrder(conn.tiers.rulesOf.Admin.egress[cls], conn.tiers.rulesOf.Baseline.egress[cls]).filter((r) => tierRuleReachesDomain(r, name));
  const captured = isCaptured(conn.compiled, 'egress', cls);
  if (!captured && matching.length === 0) return ConnectionSet.ALL;
  let np = ConnectionSet.NONE;
  for (const rule of conn.compiled.rulesOf.egress[cls]) {
    if (reachesAnyAddress(rule.rule.peers === 'any', rule.peerAddresses)) np = np.union(rule.conns(null));
  }
  return tierVerdict(matching, captured ? np : 'notCaptured', (r) => r.conns(null));
}
