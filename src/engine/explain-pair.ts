/**
 * Why one connection is allowed or dropped (`reachdiff explain`): the verdict per protocol/port range,
 * then per direction that applies (the source's egress, the destination's ingress) the deciding tier,
 * the rules that allow (file:line), the policies that isolate without admitting the peer, and for the
 * rules that come close, each reason they do not match. Pure; computed on demand for one pair.
 *
 * Semantics (NetworkPolicy, networking.k8s.io/v1): a pod no policy selects for a direction allows
 * everything that way; otherwise only the union of the selecting policies' rules. Pod to pod needs
 * both the source's egress and the destination's ingress; traffic with an address outside the cluster
 * needs only the pod's own side.
 */
import type { AddressSet } from './address-set.js';
import { isCaptured } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { classConn } from './connectivity.js';
import type { Direction, IngressBackend, SourceRef } from './model.js';
import type { PodClass } from './peer-classes.js';
import type { PeerRef } from './peers.js';
import { peerId } from './peers.js';
import type { Piecewise } from './piecewise.js';
import type { Mismatch, RulePeer } from './rule-match.js';
import { matchRule } from './rule-match.js';

/** The connection asked about: `ports` is ConnectionSet.ALL when no port was given. */
export interface PairQuery {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly ports: ConnectionSet;
}

/** Which layer decided a direction: a NetworkPolicy, or the default (no policy selects the pod: allow). */
export type Tier = 'NetworkPolicy' | 'default';

export interface RuleFact {
  readonly policy: string;
  readonly direction: Direction;
  /** 0-based position in the policy's `ingress`/`egress` list. */
  readonly rule: number;
  readonly ref: SourceRef;
  /** The asked traffic this rule allows. */
  readonly conn: ConnectionSet;
}

export interface NearMiss {
  readonly policy: string;
  readonly direction: Direction;
  readonly rule: number;
  readonly ref: SourceRef;
  readonly mismatches: readonly Mismatch[];
}

export interface DirectionExplanation {
  readonly direction: Direction;
  /** The workload whose policies decide this direction (`ns/name[Kind]`). */
  readonly subject: string;
  readonly tier: Tier;
  /** Of the asked traffic, what this direction allows (for every asked address when the peer is external). */
  readonly allowed: ConnectionSet;
  readonly allowing: readonly RuleFact[];
  readonly isolating: readonly { readonly policy: string; readonly ref: SourceRef }[];
  /** Rules of the isolating policies that do not allow all of what this direction denies, with why. */
  readonly nearMisses: readonly NearMiss[];
}

/** One part of the verdict; `addresses` when the external end's addresses are not all treated alike. */
export interface VerdictRow {
  readonly addresses?: AddressSet;
  readonly allowed: ConnectionSet;
  readonly denied: ConnectionSet;
}

/** For the ingress controller: the Ingress backends that lead to the destination and their ports before policy. */
export interface IngressRoute {
  readonly backends: readonly IngressBackend[];
  readonly conn: ConnectionSet;
}

export interface PairExplanation {
  readonly query: PairQuery;
  readonly verdict: 'allowed' | 'denied' | 'partly';
  readonly rows: readonly VerdictRow[];
  readonly directions: readonly DirectionExplanation[];
  readonly route?: IngressRoute;
}

/**
 * Explains `query` on one cluster. Both ends must exist in `conn` (a workload by id; the ingress
 * controller only as a source; never two external ends) — the caller resolves and checks them.
 */
export function explainPair(conn: Connectivity, query: PairQuery): PairExplanation {
  const { src, dst, ports } = query;
  const srcClass = classOfPeer(conn, src);
  const dstClass = classOfPeer(conn, dst);
  const directions: DirectionExplanation[] = [];
  if (srcClass) directions.push(explainDirection(conn, 'egress', srcClass, src, rulePeer(dst, dstClass), dstClass, ports));
  if (dstClass) directions.push(explainDirection(conn, 'ingress', dstClass, dst, rulePeer(src, srcClass), dstClass, ports));
  const rows = verdictRows(conn, query, srcClass, dstClass);
  const route = src.type === 'ingress-controller' && dstClass ? ingressRoute(conn, dstClass) : undefined;
  const anyAllowed = rows.some((r) => !r.allowed.isEmpty());
  const anyDenied = rows.some((r) => !r.denied.isEmpty());
  return { query, verdict: anyDenied ? (anyAllowed ? 'partly' : 'denied') : 'allowed', rows, directions, route };
}

/** Workloads and regions of label space (abstract peers) are evaluated as pod classes; addresses and the controller are not. */
function classOfPeer(conn: Connectivity, p: PeerRef): PodClass | null {
  if (p.type === 'workload') {
    const i = conn.index.classOf.get(p.workload.id);
    if (i === undefined) throw new Error(`explainPair: ${p.workload.id} is not in this cluster`);
    return conn.index.classes[i];
  }
  if (p.type === 'pods') {
    const cls = p.region === undefined ? undefined : conn.index.regionClasses[p.region];
    if (!cls) throw new Error(`explainPair: ${p.peer.id} has no region in this cluster`);
    return cls;
  }
  return null;
}

function rulePeer(p: PeerRef, cls: PodClass | null): RulePeer {
  switch (p.type) {
    case 'workload':
    case 'pods':
      return { kind: 'pod', cls: cls!, workload: peerId(p) };
    case 'external':
      return { kind: 'addresses', addresses: p.addresses };
    case 'ingress-controller':
      return { kind: 'ingress-controller' };
  }
}

/** One direction on one cluster; also used to verify a suggested edit on the edited cluster. */
export function explainDirection(
  conn: Connectivity,
  direction: Direction,
  subjectClass: PodClass,
  subject: PeerRef,
  peer: RulePeer,
  dstClass: PodClass | null,
  wanted: ConnectionSet,
): DirectionExplanation {
  const base = { direction, subject: peerId(subject) };
  if (!isCaptured(conn.compiled, direction, subjectClass.index)) {
    return { ...base, tier: 'default', allowed: wanted, allowing: [], isolating: [], nearMisses: [] };
  }
  const allowing: RuleFact[] = [];
  const misses: NearMiss[] = [];
  let allowed = ConnectionSet.NONE;
  for (const rule of conn.compiled.rulesOf[direction][subjectClass.index]) {
    const m = matchRule(conn.index, rule, peer, dstClass, wanted);
    const at = { policy: rule.policy.id, direction, rule: rule.index, ref: rule.rule.ref };
    const granted = m.conns.intersect(wanted);
    if (m.peerMatches && !granted.isEmpty()) {
      allowing.push({ ...at, conn: granted });
      allowed = allowed.union(granted);
    }
    if (m.mismatches.length > 0) misses.push({ ...at, mismatches: m.mismatches });
  }
  if (peer.kind === 'addresses') allowed = everywhere(conn.external[direction][subjectClass.index], peer.addresses).intersect(wanted);
  const isolating = conn.compiled.capturedBy[direction][subjectClass.index].map((p) => ({ policy: p.id, ref: p.ref }));
  // Near misses matter only where something asked is denied; then each says why it does not cover that.
  const denied = wanted.subtract(allowed);
  const nearMisses = denied.isEmpty()
    ? []
    : misses
        .map((m) => narrowTo(m, denied))
        .filter((m) => m.mismatches.length > 0)
        .sort((a, b) => a.mismatches.length - b.mismatches.length); // nearest first (stable: policy order within)
  return { ...base, tier: 'NetworkPolicy', allowed, allowing, isolating, nearMisses };
}

/** A `ports` mismatch keeps only the denied part of what it leaves out, and goes when that is nothing. */
function narrowTo(m: NearMiss, denied: ConnectionSet): NearMiss {
  const mismatches = m.mismatches
    .map((x) => (x.kind === 'ports' ? { ...x, missing: x.missing.intersect(denied) } : x))
    .filter((x) => x.kind !== 'ports' || !x.missing.isEmpty());
  return { ...m, mismatches };
}

/** What every address of `addresses` is allowed (an address no piece covers is allowed nothing). */
function everywhere(pieces: Piecewise, addresses: AddressSet): ConnectionSet {
  let covered = addresses;
  let out = ConnectionSet.ALL;
  for (const p of pieces) {
    if (p.addresses.intersect(addresses).isEmpty()) continue;
    out = out.intersect(p.conn);
    covered = covered.subtract(p.addresses);
  }
  return covered.isEmpty() ? out : ConnectionSet.NONE;
}

function verdictRows(conn: Connectivity, q: PairQuery, srcClass: PodClass | null, dstClass: PodClass | null): VerdictRow[] {
  const row = (allowed: ConnectionSet, addresses?: AddressSet): VerdictRow => {
    const a = allowed.intersect(q.ports);
    return { ...(addresses ? { addresses } : {}), allowed: a, denied: q.ports.subtract(a) };
  };
  if (srcClass && dstClass) return [row(classConn(conn, srcClass.index, dstClass.index))];
  if (q.src.type === 'ingress-controller' && dstClass) return [row(conn.ingressController[dstClass.index])];
  const [cls, direction, other] = srcClass ? [srcClass, 'egress' as const, q.dst] : [dstClass!, 'ingress' as const, q.src];
  if (other.type !== 'external') throw new Error('explainPair: the ingress controller is only ever a source');
  return addressRows(conn.external[direction][cls.index], other.addresses).map((r) => row(r.conn, r.addresses));
}

/** The asked addresses cut by the pieces that treat them differently; one row when all are alike. */
function addressRows(pieces: Piecewise, addresses: AddressSet): { addresses?: AddressSet; conn: ConnectionSet }[] {
  const rows: { addresses: AddressSet; conn: ConnectionSet }[] = [];
  let rest = addresses;
  for (const p of pieces) {
    const part = p.addresses.intersect(addresses);
    if (part.isEmpty()) continue;
    rows.push({ addresses: part, conn: p.conn });
    rest = rest.subtract(part);
  }
  if (!rest.isEmpty()) rows.push({ addresses: rest, conn: ConnectionSet.NONE });
  return rows.length === 1 ? [{ conn: rows[0].conn }] : rows;
}

function ingressRoute(conn: Connectivity, dst: PodClass): IngressRoute {
  return { backends: conn.ingressBackends[dst.index], conn: conn.ingressRoutes[dst.index] };
}
