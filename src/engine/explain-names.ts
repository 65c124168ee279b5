/**
 * Why port names toward pods the manifests do not hold opened or closed (PairDiff `namedPorts`): the rules
 * that name them on the side that allows (region-port-names.ts decides which names pass), and on the other
 * side the same rule edited, its policy absent, or the policies that isolate without naming them; tier
 * rules naming them (Allow / Pass on the allowing side, Deny / Pass on the other). The
 * numbers of the pair are explained by explain.ts; these reasons are added to its.
 */
import type { CompiledRule } from './compile.js';
import type { Connectivity } from './connectivity.js';
import type { PairDiff } from './diff.js';
import type { Reason, Side } from './explain.js';
import { binaryHas, classOfPeer } from './explain.js';
import { tierRulePicks } from './explain-tiers.js';
import { policyById } from './policy-lookup.js';
import type { PeerRef } from './peers.js';
import type { Direction, SourceRef } from './model.js';
import { ruleNames, tierRuleNames } from './region-port-names.js';
import type { PortName } from './region-port-names.js';

const key = (n: PortName) => `${n.protocol}/${n.name}`;

/** Does a rule's name give one of `wanted` (an ANY name gives every protocol's, and an ANY name is met by any)? */
function gives(names: readonly PortName[], wanted: ReadonlySet<string>): boolean {
  return names.some((n) => wanted.has(key(n)) || [...wanted].some((w) => w.endsWith(`/${n.name}`) && (n.protocol === 'ANY' || w.startsWith('ANY/'))));
}

export function explainNames(base: Connectivity, head: Connectivity, pair: PairDiff, what: 'opened' | 'closed'): Reason[] {
  const wanted = new Set(pair.namedPorts?.[what] ?? []);
  if (wanted.size === 0) return [];
  const [allowing, blocking] = what === 'opened' ? [head, base] : [base, head];
  const [allowName, blockName]: [Side, Side] = what === 'opened' ? ['head', 'base'] : ['base', 'head'];
  const out: Reason[] = [];
  for (const [side, name] of [[allowing, allowName], [blocking, blockName]] as const) {
    const sc = classOfPeer(side, pair.src);
    const dc = classOfPeer(side, pair.dst);
    if (dc === undefined || (sc === undefined && pair.src.type !== 'external')) continue;
    // From addresses (an ipBlock / networks source) only the destination's ingress takes part.
    const directions: [Direction, number, PeerRef, number | undefined][] = sc === undefined ? [['ingress', dc, pair.src, undefined]] : [['egress', sc, pair.dst, dc], ['ingress', dc, pair.src, sc]];
    for (const [direction, subject, peer, peerClass] of directions) {
      if (side === allowing) {
        const rules = side.compiled.rulesOf[direction][subject].filter((r) => r.hasNamedPorts && rulePicks(r, peer, peerClass) && gives(ruleNames(r), wanted));
        for (const r of rules) {
          out.push({ kind: 'allowed-by-rule', side: name, direction, policy: r.policy.id, rule: r.index, ref: r.rule.ref });
          out.push(...counterpart(blocking, blockName, direction, classOfPeer(blocking, direction === 'egress' ? pair.src : pair.dst), r.policy.id, r.index, r.policy.ref));
        }
      }
      // Tier rules naming the port: Allow and Pass let it through on the allowing side, Deny and Pass held it back on the other.
      const keep = (action: string) => (side === allowing ? action !== 'Deny' : action !== 'Allow');
      for (const tier of ['Admin', 'Baseline'] as const) {
        for (const r of side.tiers.rulesOf[tier][direction][subject]) {
          if (!keep(r.action) || !tierRulePicks(r, peer, peerClass) || !gives(tierRuleNames(r), wanted)) continue;
          out.push({ kind: 'tier-rule', side: name, direction, tier, action: r.action, policy: r.policy.id, rule: r.index, ref: r.rule.ref });
        }
      }
    }
  }
  return out;
}

/** Does a NetworkPolicy rule match this peer: a pod class by its peers, addresses by its ipBlocks? */
function rulePicks(rule: CompiledRule, peer: PeerRef, peerClass: number | undefined): boolean {
  if (peerClass !== undefined) return binaryHas(rule.peerClasses, peerClass);
  return peer.type === 'external' && !rule.peerAddresses.intersect(peer.addresses).isEmpty();
}

/** On the blocking side: the same rule (edited), else its policy's absence, else what isolates the subject there. */
function counterpart(blocking: Connectivity, name: Side, direction: Direction, subject: number | undefined, policy: string, rule: number, ref: SourceRef): Reason[] {
  const defined = policyById(blocking.cluster, policy);
  if (!defined) return [{ kind: 'policy-absent', side: name, policy, ref }];
  const same = defined[direction][rule];
  if (same) return [{ kind: 'rule-differs', side: name, direction, policy, rule, ref: same.ref }];
  if (subject === undefined) return [];
  return blocking.compiled.capturedBy[direction][subject].map((p) => ({ kind: 'isolated-by', side: name, direction, policy: p.id, ref: p.ref }));
}
