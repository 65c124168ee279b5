/**
 * Why a workload that reaches cluster DNS on UDP does not reach it on TCP, so DNS_TCP_MISSING can give the
 * fix for that cause: its egress allow rules lack TCP (add it beside UDP), a Deny rule of the Admin or
 * Baseline tier drops it (an AdminNetworkPolicy or ClusterNetworkPolicy Deny, a Cilium `egressDeny`, which
 * comes before every allow: narrow that rule), or the DNS pods' own ingress does not admit it. Decided by
 * explain's evaluation of the pair (engine/explain-pair.ts), toward the DNS pods or addresses the manifests
 * hold; toward a DNS pod they do not hold, by the source's tier rules that select such a pod.
 */
import type { AddressSet } from '../engine/address-set.js';
import { ConnectionSet } from '../engine/connection-set.js';
import type { Connectivity } from '../engine/connectivity.js';
import { explainPair } from '../engine/explain-pair.js';
import type { DirectionExplanation, TierDecision } from '../engine/explain-pair.js';
import type { SourceRef, Tier, Workload } from '../engine/model.js';
import type { PodClass } from '../engine/peer-classes.js';
import { PortSet } from '../engine/port-set.js';
import { calicoTierName, tierRuleName } from '../engine/policy-terms.js';
import { mergeByOrder } from '../engine/direction-rows.js';
import { npRulePicksPod, tierRulePicksPod } from '../engine/egress-toward-pod.js';

export type TcpCause =
  /**
   * The source's egress rules (NetworkPolicy tier) allow UDP but not TCP; `ref`: the first egress rule that
   * allows UDP on a DNS port toward that DNS, the rule the fix asks to edit (absent when no single rule is known).
   */
  | { readonly kind: 'egress-rules'; readonly ref?: SourceRef }
  /** A Deny rule of the Admin or Baseline tier (Cilium deny rules are Admin-tier Deny rules) drops it. */
  | { readonly kind: 'deny'; readonly rule: string; readonly cilium: boolean; readonly tier: Tier; readonly ref: SourceRef; readonly calicoTier?: string }
  /** The DNS pods' ingress policies do not admit it. */
  | { readonly kind: 'dns-ingress'; readonly policies: readonly { readonly policy: string; readonly ref: SourceRef }[] };

/** Where the workload's DNS traffic goes: DNS pods the manifests hold, DNS addresses, or a DNS pod they do not hold. */
export interface DnsEnds {
  readonly pods: readonly PodClass[];
  readonly addresses: AddressSet;
  readonly abstract?: PodClass;
}

/** The cause of TCP on `ports` toward `ends` being denied to `w` (of class `cls`). */
export function tcpCause(conn: Connectivity, cls: PodClass, w: Workload, ends: DnsEnds, ports: readonly number[]): TcpCause {
  const tcp = ports.reduce((acc, p) => acc.union(ConnectionSet.of('TCP', PortSet.range(p))), ConnectionSet.NONE);
  const dnsWorkload = ends.pods.find((c) => c.workloads.length > 0)?.workloads[0];
  const dst = dnsWorkload ? ({ type: 'workload', workload: dnsWorkload } as const) : !ends.addresses.isEmpty() ? ({ type: 'external', addresses: ends.addresses } as const) : undefined;
  const udp = ports.reduce((acc, p) => acc.union(ConnectionSet.of('UDP', PortSet.range(p))), ConnectionSet.NONE);
  if (!dst) return ends.abstract ? abstractCause(conn, cls, ends.abstract, tcp, udp) : { kind: 'egress-rules' };
  const pair = explainPair(conn, { src: { type: 'workload', workload: w }, dst, ports: tcp });
  // The egress rule that lets UDP through: where the fix adds TCP (found when the cause is the egress rules).
  const udpRule = () => egressRuleRef(explainPair(conn, { src: { type: 'workload', workload: w }, dst, ports: udp }).directions.find((d) => d.direction === 'egress')?.allowing ?? [], udp);
  // The source's egress first: a direction that denies part of TCP says why.
  for (const d of pair.directions) {
    if (tcp.isSubsetOf(d.allowed)) continue;
    return directionCause(d, udpRule);
  }
  return egressRules(udpRule());
}

/** The 'egress-rules' cause, with the UDP rule's position when known. */
function egressRules(ref: SourceRef | undefined): TcpCause {
  return ref ? { kind: 'egress-rules', ref } : { kind: 'egress-rules' };
}

/** The first allowing egress rule (NetworkPolicy tier) whose allowed traffic meets `udp`. */
function egressRuleRef(allowing: readonly { readonly ref: SourceRef; readonly conn: ConnectionSet }[], udp: ConnectionSet): SourceRef | undefined {
  return allowing.find((r) => !r.conn.intersect(udp).isEmpty())?.ref;
}

function directionCause(d: DirectionExplanation, udpRule: () => SourceRef | undefined): TcpCause {
  if (d.tier === 'Admin' || d.tier === 'Baseline') {
    const deny = d.decisions.find((t) => t.action === 'Deny');
    if (deny) return denyCause(deny, d.direction);
  }
  // A Deny of the NetworkPolicy tier's own (Calico's default tier after order 1000) that took what NetworkPolicies left.
  const late = d.tier === 'NetworkPolicy' ? d.decisions.find((t) => t.tier === 'NetworkPolicy' && t.action === 'Deny') : undefined;
  if (late) return denyCause(late, d.direction);
  return d.direction === 'egress' ? egressRules(udpRule()) : { kind: 'dns-ingress', policies: d.isolating };
}

/** `calicoTier`: a Calico rule's tier as written (`Calico tier security (order 100)`), for the fix to name. */
function denyCause(t: Pick<TierDecision, 'tier' | 'kind' | 'policy' | 'rule' | 'name' | 'ref' | 'calico'>, direction: 'ingress' | 'egress'): TcpCause {
  return { kind: 'deny', rule: tierRuleName(t, direction), cilium: t.kind.startsWith('Cilium'), tier: t.tier, ref: t.ref, ...(t.calico ? { calicoTier: calicoTierName(t.calico) } : {}) };
}

/**
 * Toward a DNS pod the manifests do not hold: the first tier rule (in evaluation order) of the source's egress
 * that selects such a pod and matches TCP decides, when it is a Deny.
 */
function abstractCause(conn: Connectivity, cls: PodClass, dnsPod: PodClass, tcp: ConnectionSet, udp: ConnectionSet): TcpCause {
  const rules = mergeByOrder(conn.tiers.rulesOf.Admin.egress[cls.index], conn.tiers.rulesOf.Baseline.egress[cls.index]);
  const first = rules.find((r) => tierRulePicksPod(r, dnsPod) && !r.conns(dnsPod).intersect(tcp).isEmpty());
  if (first?.action === 'Deny') {
    return denyCause({ tier: first.policy.tier, kind: first.policy.kind, policy: first.policy.id, rule: first.index, name: first.rule.name, ref: first.rule.ref, ...(first.policy.calico ? { calico: first.policy.calico } : {}) }, 'egress');
  }
  // The source's NetworkPolicy egress rule that selects such a pod and allows UDP toward it.
  const rule = conn.compiled.rulesOf.egress[cls.index].find((r) => npRulePicksPod(r, dnsPod) && !r.conns(dnsPod).intersect(udp).isEmpty());
  return egressRules(rule?.rule.ref);
}
