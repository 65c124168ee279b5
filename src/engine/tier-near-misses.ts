/**
 * Near misses of the Allow rules of cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy `Accept`, the Allow rules of Calico tiers): a rule whose subject holds the pod but
 * whose peers miss the other end, or whose ports miss the traffic, and which would allow some of the denied
 * traffic if it matched. That last part is checked, not assumed: the tier chain (tier-verdict.ts) is run
 * again with the rule matching the peer on every denied port, so a rule that an earlier rule (a Deny of a
 * higher priority, a Calico tier before it) or the NetworkPolicy tier (for a Baseline rule) would overrule
 * is no near miss. Each mismatch is a fact of the model, as rule-match.ts says them for NetworkPolicy rules,
 * at the peer's own field (`TierPeer.written`).
 */
import { ConnectionSet } from './connection-set.js';
import { mergeByOrder, tierVerdict } from './direction-rows.js';
import type { CalicoPlacement, ClusterPolicyKind, Direction, SourceRef, Tier, TierPeer } from './model.js';
import type { PodClass } from './peer-classes.js';
import type { Mismatch, RulePeer } from './rule-match.js';
import { closestMisses, failing, peerNamespaceText } from './rule-match.js';
import { isEmptySelector, selectsEveryNamespace } from './selectors.js';
import type { NetworkPolicyTier } from './tier-verdict.js';
import type { CompiledTierRule } from './tiers.js';

/** An Allow rule of the Admin or Baseline tier that comes close, and what of the denied traffic it would allow. */
export interface TierNearMiss {
  readonly tier: Tier;
  readonly kind: ClusterPolicyKind;
  /** The policy's id (`AdminNetworkPolicy/name`, `CalicoNetworkPolicy/ns/name#k`). */
  readonly policy: string;
  readonly direction: Direction;
  /** 0-based position in the policy's `ingress` / `egress` list. */
  readonly rule: number;
  readonly name?: string;
  readonly ref: SourceRef;
  readonly mismatches: readonly Mismatch[];
  /** Of the denied traffic, what the tiers would allow were the rule to match the peer on every denied port. */
  readonly wouldAllow: ConnectionSet;
  /**
   * Where the rule misses the peer: the rule's ports beyond the asked ones, which the edit making it match the
   * peer admits too (a rule without ports: every other port); absent when none, or when only ports miss.
   */
  readonly alsoCovers?: ConnectionSet;
  readonly calico?: CalicoPlacement;
}

/** The evaluation of one direction the near misses are checked against: the matching rules per tier, the NetworkPolicy tier, and the rules' ports. */
export interface TierChain {
  readonly admin: readonly CompiledTierRule[];
  /** The rules after the NetworkPolicies' allows: the NetworkPolicy tier's own, then the Baseline tier's (tiers.ts `rulesOf`). */
  readonly baseline: readonly CompiledTierRule[];
  readonly np: NetworkPolicyTier;
  readonly connsOf: (r: CompiledTierRule) => ConnectionSet;
}

/**
 * The Allow rules of `candidates` (every tier rule whose subject holds the pod, by `order`) that come close to
 * `peer` on `denied`, nearest first (fewest mismatches, then evaluation order). `allowed`: what the chain
 * allows of `wanted` now.
 */
export function tierNearMisses(candidates: readonly CompiledTierRule[], peer: RulePeer, chain: TierChain, wanted: ConnectionSet, allowed: ConnectionSet): TierNearMiss[] {
  const denied = wanted.subtract(allowed);
  if (denied.isEmpty()) return [];
  const out: { miss: TierNearMiss; order: number }[] = [];
  for (const rule of candidates) {
    if (rule.action !== 'Allow') continue;
    const mismatches = ruleMismatches(rule, peer, chain.connsOf(rule), denied);
    if (mismatches === undefined || mismatches.length === 0) continue;
    const wouldAllow = ifMatched(rule, chain, denied).intersect(wanted).subtract(allowed);
    if (wouldAllow.isEmpty()) continue;
    const alsoCovers = mismatches.some((m) => m.kind !== 'ports') ? chain.connsOf(rule).subtract(wanted) : ConnectionSet.NONE;
    const p = rule.policy;
    out.push({
      order: rule.order,
      miss: { tier: p.tier, kind: p.kind, policy: p.id, direction: rule.direction, rule: rule.index, ...(rule.rule.name ? { name: rule.rule.name } : {}), ref: rule.rule.ref, mismatches, wouldAllow, ...(alsoCovers.isEmpty() ? {} : { alsoCovers }), ...(p.calico ? { calico: p.calico } : {}) },
    });
  }
  return out.sort((a, b) => a.miss.mismatches.length - b.miss.mismatches.length || a.order - b.order).map((x) => x.miss);
}

/** The chain's verdict with `rule` matching the peer on its own ports and every denied one. */
function ifMatched(rule: CompiledTierRule, chain: TierChain, denied: ConnectionSet): ConnectionSet {
  // A copy of the rule, so that `connsOf` tells it apart; the rule itself is among the matching ones when only its ports miss.
  const forced: CompiledTierRule = { ...rule };
  const without = (rules: readonly CompiledTierRule[]) => rules.filter((r) => r !== rule);
  const admin = rule.policy.tier === 'Admin' ? mergeByOrder(without(chain.admin), [forced]) : without(chain.admin);
  const baseline = rule.policy.tier !== 'Admin' ? mergeByOrder(without(chain.baseline), [forced]) : without(chain.baseline);
  const connsOf = (r: CompiledTierRule) => (r === forced ? chain.connsOf(rule).union(denied) : chain.connsOf(r));
  return tierVerdict(mergeByOrder(admin, baseline), chain.np, connsOf);
}

/**
 * Why `rule` does not take `denied` from `peer`: the nearest failing peers' mismatches, then the ports it
 * leaves out; undefined when no peer of it is of the peer's kind or can be read against it (nodes, domain
 * names, namespaces related by labels: no field to name a fix in).
 */
function ruleMismatches(rule: CompiledTierRule, peer: RulePeer, conns: ConnectionSet, denied: ConnectionSet): Mismatch[] | undefined {
  const out: Mismatch[] = [];
  if (!matchesPeer(rule, peer)) {
    // A peer of the other kind (pods for an address, addresses for a pod) is no near miss: no edit of its field makes it match.
    const perEntry = rule.rule.peers.map((p, i) => peerMisses(p, i, peer)).filter((m): m is Mismatch[] => m !== undefined && m.length > 0 && !m.some(otherKind));
    if (perEntry.length === 0) return undefined;
    out.push(...closestMisses(perEntry));
  }
  const missing = denied.subtract(conns);
  if (!missing.isEmpty()) out.push({ kind: 'ports', ref: portsRef(rule), missing, ruleConns: conns, unresolved: [] });
  return out;
}

const otherKind = (m: Mismatch) => m.kind === 'pods-for-address' || m.kind === 'ip-block-for-pod';

/** Where a rule's ports are written: its first port entry, else the rule. */
function portsRef(rule: CompiledTierRule): SourceRef {
  return rule.rule.ports === 'any' ? rule.rule.ref : (rule.rule.ports[0]?.ref ?? rule.rule.ref);
}

function matchesPeer(rule: CompiledTierRule, peer: RulePeer): boolean {
  switch (peer.kind) {
    case 'pod':
      return rule.allPods || rule.peerClasses.includes(peer.cls.index);
    case 'addresses':
      return peer.addresses.isSubsetOf(rule.peerAddresses);
    case 'ingress-controller':
      return rule.allPods;
  }
}

/** One peer's mismatches with `peer` (empty: it matches); undefined for a peer no field of which says why. */
function peerMisses(p: TierPeer, i: number, peer: RulePeer): Mismatch[] | undefined {
  const at = { entry: i, ref: p.ref, ...('written' in p && p.written !== undefined ? { written: p.written } : {}) };
  if (p.kind === 'networks') {
    if (peer.kind === 'addresses') {
      const outside = peer.addresses.subtract(p.block);
      return outside.isEmpty() ? [] : [{ kind: 'ip-block', ...at, cidr: p.cidrs.join(', '), outside }];
    }
    // A network covering the pod network selects pods too (`allPods`, or the class among `peerClasses`): then another peer missed.
    return [{ kind: 'ip-block-for-pod', ...at, cidr: p.cidrs.join(', ') }];
  }
  if (p.kind !== 'pods') return undefined;
  switch (peer.kind) {
    case 'addresses':
      return [{ kind: 'pods-for-address', ...at }];
    case 'ingress-controller':
      return selectsEveryNamespace(p.namespaces) && isEmptySelector(p.pods) ? [] : [{ kind: 'not-every-pod', ...at }];
    case 'pod':
      return podMisses(p, at, peer.cls, peer.workload);
  }
}

function podMisses(p: TierPeer & { kind: 'pods' }, at: { entry: number; ref: SourceRef; written?: string }, cls: PodClass, workload: string): Mismatch[] {
  const namespace = peerNamespaceText(cls);
  return [
    ...failing(p.namespaces, cls.nsLabels).map((requirement): Mismatch => ({ kind: 'namespace-selector', ...at, requirement, namespace, actual: cls.nsLabels[requirement.key] ?? null })),
    ...failing(p.pods, cls.podLabels).map((requirement): Mismatch => ({ kind: 'pod-selector', ...at, requirement, workload, actual: cls.podLabels[requirement.key] ?? null })),
  ];
}
