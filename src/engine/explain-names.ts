/**
 * Why port names toward pods the manifests do not hold opened or closed (PairDiff `namedPorts`): the rules
 * that name them on the side that allows (region-port-names.ts decides which names pass), and on the other
 * side the same rule edited, its policy absent, or the policies that isolate without naming them. The
 * numbers of the pair are explained by explain.ts; these reasons are added to its.
 */
import type { Connectivity } from './connectivity.js';
import type { PairDiff } from './diff.js';
import type { Reason, Side } from './explain.js';
import { classOfPeer } from './explain.js';
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
  const sc = classOfPeer(allowing, pair.src);
  const dc = classOfPeer(allowing, pair.dst);
  if (sc === undefined || dc === undefined) return [];
  const out: Reason[] = [];
  for (const [direction, subject, peer] of [['egress', sc, dc], ['ingress', dc, sc]] as const) {
    const rules = allowing.compiled.rulesOf[direction][subject].filter((r) => r.hasNamedPorts && r.peerClasses.includes(peer) && gives(ruleNames(r), wanted));
    for (const r of rules) {
      out.push({ kind: 'allowed-by-rule', side: allowName, direction, policy: r.policy.id, rule: r.index, ref: r.rule.ref });
      out.push(...counterpart(blocking, blockName, direction, classOfPeer(blocking, direction === 'egress' ? pair.src : pair.dst), r.policy.id, r.index, r.policy.ref));
    }
    for (const tier of ['Admin', 'Baseline'] as const) {
      for (const r of allowing.tiers.rulesOf[tier][direction][subject]) {
        if (r.action === 'Deny' || !(r.allPods || r.peerClasses.includes(peer)) || !gives(tierRuleNames(r), wanted)) continue;
        out.push({ kind: 'tier-rule', side: allowName, direction, tier, action: r.action, policy: r.policy.id, rule: r.index, ref: r.rule.ref });
      }
    }
  }
  return out;
}

/** On the blocking side: the same rule (edited), else its policy's absence, else what isolates the subject there. */
function counterpart(blocking: Connectivity, name: Side, direction: Direction, subject: number | undefined, policy: string, rule: number, ref: SourceRef): Reason[] {
  const defined = blocking.cluster.policies.find((p) => p.id === policy);
  if (!defined) return [{ kind: 'policy-absent', side: name, policy, ref }];
  const same = defined[direction][rule];
  if (same) return [{ kind: 'rule-differs', side: name, direction, policy, rule, ref: same.ref }];
  if (subject === undefined) return [];
  return blocking.compiled.capturedBy[direction][subject].map((p) => ({ kind: 'isolated-by', side: name, direction, policy: p.id, ref: p.ref }));
}
