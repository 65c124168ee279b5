/**
 * Exposure (`list --exposure`): per workload and direction, what its own policies allow with pods the
 * manifests do not hold, following the peer tool's exposure analysis (np-guard netpol-analyzer):
 * abstract peers are the rules' pod peers, one per distinct pair of selectors; a workload's row with
 * `entire-cluster` is what it allows with every pod, and a row with another abstract peer is the whole
 * set allowed with it (entire-cluster part included), written only when it differs. A workload no policy
 * selects in a direction is unprotected there. One-sided on purpose: it shows what a policy admits,
 * whatever the other pod's own policies say, since those pods are not in the manifests.
 */
import type { AbstractPeer } from './abstract-peers.js';
import { ENTIRE_CLUSTER, abstractPeerMatches, containsBySelectors, onlyMatchLabels, peerOfRule } from './abstract-peers.js';
import type { CompiledRule } from './compile.js';
import { isCaptured, isNamedPort } from './compile.js';
import type { Connectivity } from './connectivity.js';
import type { Direction, Workload } from './model.js';
import { DIRECTIONS } from './model.js';
import { NamedConns } from './named-conns.js';
import type { PodClass } from './peer-classes.js';
import { isEmptySelector } from './selectors.js';

export interface ExposureRow {
  readonly workload: Workload;
  readonly peer: AbstractPeer;
  /** `null`: excluded from what the rest of the cluster gets (a higher-priority cluster-wide Deny). */
  readonly conn: NamedConns | null;
}

export interface Exposure {
  /** Abstract peer → workload. */
  readonly ingress: readonly ExposureRow[];
  /** Workload → abstract peer. */
  readonly egress: readonly ExposureRow[];
  readonly unprotected: readonly { readonly workload: Workload; readonly direction: Direction }[];
}

export function computeExposure(conn: Connectivity): Exposure {
  const catalog = abstractPeers(conn);
  const rows: Record<Direction, ExposureRow[]> = { ingress: [], egress: [] };
  const unprotected: { workload: Workload; direction: Direction }[] = [];
  for (const cls of conn.index.classes) {
    if (cls.region) continue;
    for (const direction of DIRECTIONS) {
      if (!isCaptured(conn.compiled, direction, cls.index)) {
        for (const workload of cls.workloads) {
          unprotected.push({ workload, direction });
          rows[direction].push({ workload, peer: ENTIRE_CLUSTER, conn: NamedConns.ALL });
        }
        continue;
      }
      for (const [peer, c] of classExposure(conn, cls, direction, catalog)) {
        for (const workload of cls.workloads) rows[direction].push({ workload, peer, conn: c });
      }
    }
  }
  return { ingress: rows.ingress, egress: rows.egress, unprotected };
}

/**
 * Distinct rule peers of every policy, except a peer of some pods of one namespace named by name, by
 * matchLabels, that a workload of the manifests matches: the workload stands for it. A namespace chosen
 * by labels (`[namespace with {team=commerce}]/…`) also holds namespaces the manifests do not define,
 * so a matching workload does not stand for it and its row is kept (the peer tool drops it too; the
 * one conformance case where that shows is a documented difference).
 */
function abstractPeers(conn: Connectivity): AbstractPeer[] {
  const out = new Map<string, AbstractPeer>();
  for (const policy of conn.cluster.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.peers === 'any') continue;
      for (const p of rule.peers) if (p.kind === 'pods') out.set(peerOfRule(policy, p).id, peerOfRule(policy, p));
    }
  }
  const representedByWorkload = (p: AbstractPeer) =>
    !isEmptySelector(p.podSelector) &&
    p.namespace !== undefined &&
    onlyMatchLabels(p) &&
    conn.index.classes.some((c) => !c.region && c.workloads.length > 0 && abstractPeerMatches(p, c.nsLabels, c.podLabels));
  return [...out.values()].filter((p) => !representedByWorkload(p));
}

/** What one rule allows with an abstract peer: ingress ports resolve on the workload itself; egress names stay names. */
function ruleConns(rule: CompiledRule, cls: PodClass): NamedConns {
  if (rule.direction === 'ingress') return NamedConns.of(rule.conns(cls));
  const names = rule.rule.ports === 'any' ? [] : rule.rule.ports.filter(isNamedPort).map((s) => ({ protocol: s.protocol, name: s.port }));
  return NamedConns.of(rule.conns(null), names);
}

function rulePeers(rule: CompiledRule): AbstractPeer[] | 'any' {
  if (rule.rule.peers === 'any') return 'any';
  return rule.rule.peers.flatMap((p) => (p.kind === 'pods' ? [peerOfRule(rule.policy, p)] : []));
}

function classExposure(conn: Connectivity, cls: PodClass, direction: Direction, catalog: readonly AbstractPeer[]): [AbstractPeer, NamedConns][] {
  const rules = conn.compiled.rulesOf[direction][cls.index].map((rule) => ({ peers: rulePeers(rule), conns: ruleConns(rule, cls) }));
  const allowedWith = (target: AbstractPeer) =>
    rules.filter((r) => r.peers === 'any' || r.peers.some((p) => containsBySelectors(p, target))).reduce((acc, r) => acc.union(r.conns), NamedConns.NONE);
  const entire = allowedWith(ENTIRE_CLUSTER);
  const out: [AbstractPeer, NamedConns][] = entire.isEmpty() ? [] : [[ENTIRE_CLUSTER, entire]];
  for (const peer of catalog) {
    if (peer.id === ENTIRE_CLUSTER.id) continue;
    const c = allowedWith(peer);
    if (!c.isEmpty() && !c.equals(entire)) out.push([peer, c]);
  }
  return out;
}
