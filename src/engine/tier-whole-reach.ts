/**
 * Whether a cluster-wide rule is first to match all of its reach (every pod of its policy's subject, every peer
 * and port it names): only then does what it decides hold for all it names, so that a change it decided can be
 * told in its terms ("closes data/[all pods] to other/[all pods]"). Something evaluated before it may take part of
 * that reach (tier-verdict.ts order; Calico Tier "How policy is evaluated"; network-policy API tiers):
 * - an earlier rule of the Admin tier, or of its own tier, whose peers and ports meet its own: Allow and Deny
 *   decide, a Pass of its own pass group holds the traffic from it (a Pass of another group hands it on to it);
 * - for a rule after the NetworkPolicies' allows (the NetworkPolicy tier's own: Calico's default tier after order
 *   1000), a NetworkPolicy rule of the pod whose peers and ports meet its own: that allow comes first; and a Pass of
 *   that tier's group ahead of the NetworkPolicies, which takes the traffic past them and their tier;
 * - for a Baseline rule, a NetworkPolicy selecting the pod that way: the NetworkPolicy tier then decides all of it.
 * Conservative: peers or ports that may meet (named ports, domains) count as meeting, so `false` may be said of a
 * rule nothing really precedes; `true` only when nothing can.
 */
import { isCaptured } from './compile.js';
import type { CompiledRule } from './compile.js';
import type { Connectivity } from './connectivity.js';
import type { Direction } from './model.js';
import type { PodClass } from './peer-classes.js';
import type { CompiledTierRule } from './tiers.js';
import { ruleListOf } from './tiers.js';
import { sortedMeet } from './sorted-meet.js';

/** Per side, per rule (`policy#direction#index`), the answer: a report asks it once per pair of a group. */
const known = new WeakMap<Connectivity, Map<string, boolean>>();

/**
 * `true` when rule `index` (0-based) of cluster-wide policy `policy` in `direction` is, for every class its
 * policy's subject holds on this side, the first to match every connection it matches; `false` when something
 * before it may take part of them, or the policy or rule is not on this side.
 */
export function decidesWholeReach(conn: Connectivity, policy: string, direction: Direction, index: number): boolean {
  let byRule = known.get(conn);
  if (!byRule) known.set(conn, (byRule = new Map()));
  const key = `${policy}#${direction}#${index}`;
  let out = byRule.get(key);
  if (out === undefined) byRule.set(key, (out = firstForEverySubject(conn, policy, direction, index)));
  return out;
}

function firstForEverySubject(conn: Connectivity, policy: string, direction: Direction, index: number): boolean {
  const subjects = conn.tiers.subjectsOf.get(policy);
  const tier = conn.tiers.rules.find((r) => r.policy.id === policy)?.policy.tier;
  if (!subjects || tier === undefined) return false;
  for (const s of subjects) {
    const mine = (r: CompiledTierRule) => r.policy.id === policy && r.direction === direction && r.index === index && (!r.subjects || r.subjects.includes(s));
    const own = conn.tiers.rulesOf[ruleListOf(tier)][direction][s];
    const rule = own.find(mine);
    if (!rule) continue;
    // Toward an ingress rule's subject the destination is the pod itself; egress ports by name depend on the peer.
    const dst = direction === 'ingress' ? conn.index.classes[s] : null;
    const meets = (a: CompiledTierRule, b: CompiledTierRule) => tierRulesMeet(a, b, dst);
    const captured = isCaptured(conn.compiled, direction, s);
    // The Baseline tier sees nothing of a pod a NetworkPolicy isolates that way (but what a Pass takes past them).
    if (tier === 'Baseline' && captured) return false;
    const admin = tier === 'Admin' ? own.filter((r) => r.order < rule.order || samePriority(r, rule)) : conn.tiers.rulesOf.Admin[direction][s];
    if (admin.some((r) => r !== rule && takesFrom(r, rule) && meets(r, rule))) return false;
    if (tier === 'Admin') continue;
    // Its own tier's rules before it (the NetworkPolicy tier's own, or the Baseline tier's), and of the same priority:
    // a Pass there takes the traffic on to the tier after, past it.
    if (own.some((r) => r !== rule && r.policy.tier === tier && (r.order < rule.order || samePriority(r, rule)) && meets(r, rule))) return false;
    if (tier === 'NetworkPolicy' && captured && conn.compiled.rulesOf[direction][s].some((r) => npMeets(r, rule, dst))) return false;
  }
  return true;
}

/** Another policy of the same tier and priority: their order is undefined (tier-verdict.ts `orders`), so it may come first. */
function samePriority(r: CompiledTierRule, rule: CompiledTierRule): boolean {
  return r.policy !== rule.policy && r.policy.tier === rule.policy.tier && r.policy.priority === rule.policy.priority;
}

/**
 * Whether earlier Admin-tier rule `r` keeps what it matches from `rule`: Allow and Deny always; a Pass when it holds
 * the traffic from the rest of its own pass group (`rule`'s), or takes it past the NetworkPolicies and their tier
 * (a rule of the NetworkPolicy tier's own then never sees it). Otherwise a Pass hands the traffic on to `rule`.
 */
function takesFrom(r: CompiledTierRule, rule: CompiledTierRule): boolean {
  if (r.action !== 'Pass') return true;
  if (rule.policy.tier === 'Admin') return (r.policy.passGroup ?? '') === (rule.policy.passGroup ?? '');
  return rule.policy.tier === 'NetworkPolicy' && r.policy.passSkipsNetworkPolicies === true;
}

/**
 * Whether two tier rules may match a connection in common: peers (pods, addresses, domains) and ports toward `dst`
 * (the subject, for ingress; null for egress, where ports by name depend on the peer and then count as meeting).
 */
function tierRulesMeet(a: CompiledTierRule, b: CompiledTierRule, dst: PodClass | null): boolean {
  const pods = (a.allPods && (b.allPods || b.peerClasses.length > 0)) || (b.allPods && a.peerClasses.length > 0) || sortedMeet(a.peerClasses, b.peerClasses);
  const peers = pods || !a.peerAddresses.intersect(b.peerAddresses).isEmpty() || (a.domains.length > 0 && b.domains.length > 0);
  if (!peers) return false;
  if (dst === null && (!a.uniform || !b.uniform)) return true;
  return !a.conns(dst).intersect(b.conns(dst)).isEmpty();
}

/** Whether NetworkPolicy rule `r` may allow a connection tier rule `rule` matches (ports toward `dst`, as above). */
function npMeets(r: CompiledRule, rule: CompiledTierRule, dst: PodClass | null): boolean {
  const pods = (rule.allPods && r.peerClasses.length > 0) || sortedMeet(r.peerClasses, rule.peerClasses);
  const peers = pods || !r.peerAddresses.intersect(rule.peerAddresses).isEmpty() || (rule.domains.length > 0 && !r.peerAddresses.isEmpty());
  if (!peers) return false;
  if (dst === null && (r.hasNamedPorts || !rule.uniform)) return true;
  return !r.conns(dst).intersect(rule.conns(dst)).isEmpty();
}
