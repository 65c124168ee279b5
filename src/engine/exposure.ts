/**
 * Exposure (`list --exposure`): per workload and direction, what its own policies allow with pods the
 * manifests do not hold, following the peer tool's exposure analysis (np-guard netpol-analyzer):
 * abstract peers are the rules' pod peers, one per distinct pair of selectors; a workload's row with
 * `entire-cluster` is what it allows with every pod, and a row with another abstract peer is the whole
 * set allowed with it (entire-cluster part included), written only when it differs. A workload no policy
 * selects in a direction is unprotected there. A workload that a cluster-wide policy (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, ClusterNetworkPolicy) selects in a direction is protected there, and its
 * rows come from the tiered evaluation that `list`/`diff` use (tier-verdict.ts), over label-space regions
 * (regions.ts): `entire-cluster` is what it allows with a pod no rule singles out, an abstract peer's set is
 * what it allows with every region the peer holds, and `conn: null` marks a peer a higher-priority Admin
 * rule cuts off while the rest of the cluster gets something. One-sided on purpose: it shows what a policy admits,
 * whatever the other pod's own policies say, since those pods are not in the manifests.
 */
import type { AbstractPeer } from './abstract-peers.js';
import { ENTIRE_CLUSTER, abstractPeer, abstractPeerMatches, containsBySelectors, onlyMatchLabels, peerOfRule } from './abstract-peers.js';
import type { CompiledRule } from './compile.js';
import { isNamedPort } from './compile.js';
import type { Connectivity } from './connectivity.js';
import { computeConnectivity, isFree } from './connectivity.js';
import { buildRegions } from './regions.js';
import type { RegionSet } from './regions.js';
import type { Direction, Workload } from './model.js';
import { DIRECTIONS } from './model.js';
import { NamedConns } from './named-conns.js';
import { defaultConns, oneSidedConns } from './region-port-names.js';
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

/**
 * Exposure rows of every workload. With cluster-wide policies, the cluster is evaluated again over the
 * regions of label space its selectors cut (the same regions `diff` uses for abstract peers), so that an
 * abstract peer's verdict is the tiered one.
 */
export function computeExposure(given: Connectivity): Exposure {
  const tiered = (given.cluster.clusterPolicies ?? []).length > 0;
  const regions = tiered ? buildRegions([given.cluster]) : undefined;
  const conn = regions ? computeConnectivity(given.cluster, regions) : given;
  const catalog = abstractPeers(conn);
  const rows: Record<Direction, ExposureRow[]> = { ingress: [], egress: [] };
  const unprotected: { workload: Workload; direction: Direction }[] = [];
  for (const cls of conn.index.classes) {
    if (cls.region) continue;
    for (const direction of DIRECTIONS) {
      if (isFree(conn, direction, cls.index)) {
        for (const workload of cls.workloads) {
          unprotected.push({ workload, direction });
          rows[direction].push({ workload, peer: ENTIRE_CLUSTER, conn: NamedConns.ALL });
        }
        continue;
      }
      const underTiers = regions !== undefined && hasTierRules(conn, direction, cls.index);
      const found = underTiers ? tieredExposure(conn, regions, cls, direction, catalog) : classExposure(conn, cls, direction, catalog);
      for (const [peer, c] of found) {
        for (const workload of cls.workloads) rows[direction].push({ workload, peer, conn: c });
      }
    }
  }
  return { ingress: rows.ingress, egress: rows.egress, unprotected };
}

function hasTierRules(conn: Connectivity, direction: Direction, cls: number): boolean {
  return conn.tiers.rulesOf.Admin[direction][cls].length > 0 || conn.tiers.rulesOf.Baseline[direction][cls].length > 0;
}

/**
 * Rows of a class that tier rules select in `direction`: `entire-cluster` is the row's default (what it
 * allows with a pod no rule singles out; no row when that is nothing); a peer's set is what it allows with
 * every region the peer holds, written when it differs, `null` when it is nothing while entire-cluster is not.
 */
function tieredExposure(conn: Connectivity, regions: RegionSet, cls: PodClass, direction: Direction, catalog: readonly AbstractPeer[]): [AbstractPeer, NamedConns | null][] {
  // Egress names toward pods the manifests do not hold stay names (their container ports are unknown).
  const entire = defaultConns(conn, direction, cls.index);
  const out: [AbstractPeer, NamedConns | null][] = entire.isEmpty() ? [] : [[ENTIRE_CLUSTER, entire]];
  for (const peer of catalog) {
    if (peer.id === ENTIRE_CLUSTER.id) continue;
    let c: NamedConns | undefined;
    for (const r of regions.heldBy(peer)) {
      const regionClass = conn.index.regionClasses[r];
      if (!regionClass) continue;
      const v = oneSidedConns(conn, direction, cls.index, regionClass.index);
      c = c === undefined ? v : c.intersect(v);
    }
    if (c === undefined || c.equals(entire)) continue;
    out.push([peer, c.isEmpty() ? null : c]);
  }
  return withoutHeldRows(out);
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
  for (const policy of conn.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.peers === 'any') continue;
      for (const p of rule.peers) if (p.kind === 'pods') out.set(peerOfRule(policy, p).id, peerOfRule(policy, p));
    }
  }
  for (const policy of conn.cluster.clusterPolicies ?? []) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const p of rule.peers) {
        if (p.kind !== 'pods') continue;
        const peer = abstractPeer(p.namespaces, p.pods);
        if (!out.has(peer.id)) out.set(peer.id, peer);
      }
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
  return withoutHeldRows(out);
}

/**
 * Rows less each peer's whose set another row's peer holding it (by the selectors' text) already says: a
 * peer gets at least what a peer holding it gets, so an equal set adds nothing, and reads as special access
 * (`observability/[pod with {app=prometheus}]` beside `observability/[all pods]`, both TCP 8080, the second
 * from a rule for other pods). Of two peers holding each other, the first is kept.
 */
function withoutHeldRows<C extends NamedConns | null>(rows: readonly [AbstractPeer, C][]): [AbstractPeer, C][] {
  const same = (a: C, b: C) => (a === null || b === null ? a === b : a.equals(b));
  return rows.filter(([peer, c], i) => !rows.some(([other, d], j) => j !== i && same(c, d) && containsBySelectors(other, peer) && (j < i || !containsBySelectors(peer, other))));
}
