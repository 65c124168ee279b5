/**
 * A source's egress toward one pod as the evaluator decides it (tier-verdict.ts, as direction-rows.ts runs it for
 * every pair): the source's tier rules that pick the pod, in evaluation order, around its NetworkPolicy allow-list's
 * rules that pick it. The pod is a class the manifests hold (picked by class), or one they do not (index -1: a DNS
 * pod findings reason about, picked by its labels). `also` names rules of the source's to read as picking the pod
 * besides, each at its own place in the order: an address rule whose addresses may hold the pod's IP
 * (analysis/pod-address-rules.ts asks what it then admits, so a Deny evaluated before it takes its traffic first).
 * Pure.
 */
import type { CompiledRule } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import { tierVerdict } from './direction-rows.js';
import { binaryHas } from './explain.js';
import type { PodClass } from './peer-classes.js';
import { matches } from './selectors.js';
import type { CompiledTierRule } from './tiers.js';

/** Rules read as picking the pod though their peers do not name it. */
export interface AlsoPicking {
  readonly tier?: readonly CompiledTierRule[];
  readonly np?: CompiledRule;
}

/**
 * What `tierRules` (the source's Admin then Baseline egress rules, in evaluation order) and `np` (its NetworkPolicy
 * egress rules; undefined when no NetworkPolicy isolates its egress) allow toward `pod`, named ports resolved on it.
 */
export function egressTowardPod(tierRules: readonly CompiledTierRule[], np: readonly CompiledRule[] | undefined, pod: PodClass, also: AlsoPicking = {}): ConnectionSet {
  const picking = tierRules.filter((r) => also.tier?.includes(r) || tierRulePicksPod(r, pod));
  let allowList = ConnectionSet.NONE;
  for (const r of np ?? []) if (r === also.np || npRulePicksPod(r, pod)) allowList = allowList.union(r.conns(pod));
  return tierVerdict(picking, np ? allowList : 'notCaptured', (r) => r.conns(pod));
}

/** Whether a tier rule's peers pick `pod`: by class, or by labels for a pod the manifests do not hold. */
export function tierRulePicksPod(r: CompiledTierRule, pod: PodClass): boolean {
  if (r.allPods) return true;
  if (pod.index >= 0) return binaryHas(r.peerClasses, pod.index);
  return r.rule.peers.some((p) => p.kind === 'pods' && matches(p.namespaces, pod.nsLabels) && matches(p.pods, pod.podLabels));
}

/** Whether a NetworkPolicy rule's peers pick `pod`: by class, or by labels for a pod the manifests do not hold. */
export function npRulePicksPod(rule: CompiledRule, pod: PodClass): boolean {
  if (pod.index >= 0) return binaryHas(rule.peerClasses, pod.index);
  return (
    rule.rule.peers === 'any' ||
    rule.rule.peers.some((p) => p.kind === 'pods' && (p.namespaces === 'own' ? rule.policy.namespace === pod.namespace : matches(p.namespaces, pod.nsLabels)) && matches(p.pods, pod.podLabels))
  );
}
