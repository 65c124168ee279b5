/**
 * Paths with pods the manifests do not hold that changed because isolation lapsed or started: a policy
 * removed (added), its podSelector narrowed (widened), or its policyTypes losing (gaining) the direction.
 * Such a change reaches every label combination the other policies cut its pods into, and each
 * combination differs in what other policies allow it, so it reads as many lines of the same cause
 * (longhorn/longhorn 6663b975: one removed policy, 7,728 paths over 11 label combinations). This module
 * finds the cause of each such pair from its reasons (`causeKey`) and resolves it against the clusters
 * (`isolationCauses`), so that the headline and the grouped sections say it once, in the policy's terms.
 *
 * A pair's change is a lapse when its reasons are only that its subject (the destination for ingress,
 * the source for egress) is not isolated that way in head (`not-isolated`) and that one policy isolated it
 * in base (`isolated-by`); a start is the same with base and head swapped. What is then true of every pod
 * of the policy's selector (base's for a lapse, head's for a start) in its namespace that no other policy
 * isolates that way on the side without isolation: the policy isolated it on the other side, so it now
 * admits every source (may reach every destination) the other end's policies allow, on any port (a lapse),
 * or admits (may reach) only what head's policies allow (a start). Not resolved when a side has cluster-wide
 * policies (they decide before and after NetworkPolicies, for pods no pair shows).
 */
import type { AbstractPeer, Cluster, Direction, NamedConns, NetworkPolicy, PeerRef, Reason, Side, SourceRef } from '../engine/index.js';
import { abstractPeer, pairConns, peerId, policyById } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/** How the policy's isolation lapsed or started. */
export type IsolationChange = 'removed' | 'added' | 'policy-types' | 'pod-selector';

export interface IsolationCause {
  /** `causeKey` of its pairs. */
  readonly key: string;
  /** `opened`: isolation lapsed; `closed`: isolation started. */
  readonly change: 'opened' | 'closed';
  /** The direction isolated: ingress tells of destinations, egress of sources. */
  readonly direction: Direction;
  /** The policy id (`namespace/name`). */
  readonly policy: string;
  readonly how: IsolationChange;
  /** The policy's document: base's when removed, else head's. */
  readonly ref: SourceRef;
  readonly side: Side;
  /**
   * Set for a removed policy's paths to or from pods other policies still isolate that way: they lose what
   * its rules allowed that no other policy allows (`change` is then `closed`, `how` `removed`).
   */
  readonly isolatedByOthers?: true;
  /** The policy's podSelector in its namespace: base's for a lapse, head's for a start. */
  readonly subject: AbstractPeer;
  /** Pairs with an end that is pods the manifests do not hold whose change it is. */
  readonly paths: number;
  /** Their distinct subjects (label combinations of the policy's pods). */
  readonly combinations: number;
  /** What those pairs opened (closed), united. */
  readonly conn: NamedConns;
}

/** Fewer subjects than this are told as they are (the cause would only lengthen one line). */
export const CAUSE_MIN_COMBINATIONS = 2;

/**
 * The cause of a pair's `change` when its reasons are only a lapse (start) of one policy's isolation in
 * one direction (the ingress controller's backends aside, which only say how it routes), else undefined:
 * `opened|ingress|ns/name`.
 */
export function causeKey(change: 'opened' | 'closed', reasons: readonly Reason[]): string | undefined {
  return isolationKey(change, reasons) ?? (change === 'closed' ? removedRulesKey(reasons) : undefined);
}

/**
 * A closed pair whose reasons are only that a removed policy's rules allowed it in base (`allowed-by-rule`
 * of one direction, `policy-absent` in head): its subject stays isolated by other policies.
 * `closed|ingress|ns/name|others`.
 */
function removedRulesKey(reasons: readonly Reason[]): string | undefined {
  let direction: Direction | undefined;
  let policy: string | undefined;
  let absent = false;
  for (const r of reasons) {
    if (r.kind === 'ingress-backend') continue;
    if (r.kind === 'allowed-by-rule' && r.side === 'base') {
      if ((direction ??= r.direction) !== r.direction) return undefined;
    } else if (r.kind !== 'policy-absent' || r.side !== 'head') return undefined;
    else absent = true;
    if ((policy ??= r.policy) !== r.policy) return undefined;
  }
  return absent && direction !== undefined ? `closed|${direction}|${policy}|others` : undefined;
}

function isolationKey(change: 'opened' | 'closed', reasons: readonly Reason[]): string | undefined {
  const [open, isolated]: [Side, Side] = change === 'opened' ? ['head', 'base'] : ['base', 'head'];
  let direction: Direction | undefined;
  let policy: string | undefined;
  let unisolated = false;
  for (const r of reasons) {
    if (r.kind === 'ingress-backend') continue;
    if (r.kind !== 'not-isolated' && r.kind !== 'isolated-by') return undefined;
    if ((direction ??= r.direction) !== r.direction) return undefined;
    if (r.kind === 'not-isolated') {
      if (r.side !== open) return undefined;
      unisolated = true;
    } else {
      if (r.side !== isolated || (policy ??= r.policy) !== r.policy) return undefined;
    }
  }
  return unisolated && policy !== undefined ? `${change}|${direction}|${policy}` : undefined;
}

/** The end a cause's direction tells of: the destination for ingress, the source for egress. */
export function causeSubject(p: Pick<ExplainedPair, 'src' | 'dst'>, direction: Direction): PeerRef {
  return direction === 'ingress' ? p.dst : p.src;
}

const isAbstract = (p: ExplainedPair) => p.src.type === 'pods' || p.dst.type === 'pods';

/**
 * The causes of `pairs`' abstract changes with at least CAUSE_MIN_COMBINATIONS subjects, resolved against
 * the clusters; opened first, then by key. A cause is left out when its policy is not what it says on either side
 * (its selector and policyTypes the same on both: a namespace relabelled, say) or a side has cluster-wide
 * policies.
 */
export function isolationCauses(pairs: readonly ExplainedPair[], base: Cluster, head: Cluster): IsolationCause[] {
  if ((base.clusterPolicies ?? []).length > 0 || (head.clusterPolicies ?? []).length > 0) return [];
  const found = new Map<string, { change: 'opened' | 'closed'; direction: Direction; policy: string; paths: number; subjects: Set<string>; conn: NamedConns }>();
  for (const p of pairs) {
    if (!isAbstract(p)) continue;
    for (const change of ['opened', 'closed'] as const) {
      const conn = pairConns(p, change);
      if (!conn) continue;
      const key = causeKey(change, change === 'opened' ? p.whyOpened : p.whyClosed);
      if (!key) continue;
      const [, direction, policy] = key.split('|') as [string, Direction, string, string?];
      const f = found.get(key) ?? found.set(key, { change, direction, policy, paths: 0, subjects: new Set(), conn }).get(key)!;
      if (f.paths > 0) f.conn = f.conn.union(conn);
      f.paths++;
      f.subjects.add(peerId(causeSubject(p, direction)));
    }
  }
  const out: IsolationCause[] = [];
  // Opened first, as the report tells them.
  const order = ([a, x]: [string, { change: string }], [b, y]: [string, { change: string }]) => Number(x.change === 'closed') - Number(y.change === 'closed') || (a < b ? -1 : 1);
  for (const [key, f] of [...found].sort(order)) {
    if (f.subjects.size < CAUSE_MIN_COMBINATIONS) continue;
    const others = key.endsWith('|others');
    const how = others ? removedPolicy(f.direction, policyById(base, f.policy), policyById(head, f.policy)) : isolationChange(f.change, f.direction, policyById(base, f.policy), policyById(head, f.policy));
    if (!how) continue;
    out.push({ key, change: f.change, direction: f.direction, policy: f.policy, ...how, ...(others ? { isolatedByOthers: true as const } : {}), paths: f.paths, combinations: f.subjects.size, conn: f.conn });
  }
  return out;
}

/**
 * How `direction`'s isolation by the policy lapsed (`opened`: it isolated in base) or started (`closed`: in
 * head); undefined when the isolating side's policy does not isolate that way, or nothing of it changed.
 */
function isolationChange(
  change: 'opened' | 'closed',
  direction: Direction,
  base: NetworkPolicy | undefined,
  head: NetworkPolicy | undefined,
): Pick<IsolationCause, 'how' | 'ref' | 'side' | 'subject'> | undefined {
  const [isolating, other] = change === 'opened' ? [base, head] : [head, base];
  if (!isolating || !isolating.affects[direction]) return undefined;
  const subject = abstractPeer(isolating.namespace, isolating.podSelector);
  if (!other) return change === 'opened' ? { how: 'removed', ref: isolating.ref, side: 'base', subject } : { how: 'added', ref: isolating.ref, side: 'head', subject };
  const ref = (head ?? isolating).ref;
  if (!other.affects[direction]) return { how: 'policy-types', ref, side: 'head', subject };
  if (JSON.stringify(other.podSelector) !== JSON.stringify(isolating.podSelector)) return { how: 'pod-selector', ref, side: 'head', subject };
  return undefined;
}

/** A policy removed that isolated `direction` in base. */
function removedPolicy(direction: Direction, base: NetworkPolicy | undefined, head: NetworkPolicy | undefined): Pick<IsolationCause, 'how' | 'ref' | 'side' | 'subject'> | undefined {
  if (!base || head || !base.affects[direction]) return undefined;
  return { how: 'removed', ref: base.ref, side: 'base', subject: abstractPeer(base.namespace, base.podSelector) };
}
