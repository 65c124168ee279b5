/**
 * A diff's changed edges as its lines tell them, for the picture (graph.ts). The lines of pods the manifests
 * do not hold fold their ends (covered-ends.ts: an end another end of the line holds is not named; held-
 * workloads.ts: a workload an end holds is named as held today) and tell a workload's pair through the wider
 * region that holds it (`DiffReport.widerRegions`). Drawn from the pairs, the picture showed an end the line
 * had folded away, `[namespace with {team=backend}]/[all pods] (except …, api/[all pods])`, where the line
 * named the end that holds it (new-user trial 45, c1). So an edge with such an end is drawn when a line names
 * it, and as that line names its ends; edges between workloads are drawn from the pairs, as listed.
 */
import type { DiffReport, ExplainedPair, WiderPair } from '../analysis/types.js';
import { standsForAbstract, workloadPairIds } from '../analysis/wider-pair.js';
import type { NamedConns, PeerRef } from '../engine/index.js';
import { endForChange, pairConns, peerId } from '../engine/index.js';
import type { AbstractGroup } from './abstract-groups.js';
import { isAbstractPair, reportAbstractGroups } from './abstract-groups.js';

export type ToldStyle = 'opened' | 'closed';

/** A changed edge: its ends, its ports (`NamedConns`) and its style. */
export interface ToldEdge {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly conn: NamedConns;
  readonly style: ToldStyle;
}

/** The report's lines of one change (abstract-groups.ts), as the caller made them (render-memo.ts) or made here. */
export type GroupsOf = (change: ToldStyle) => readonly AbstractGroup[];

/**
 * The changed edges of `report` in the pairs' order (each pair's opened edge, then its closed one): a pair
 * between workloads as it is; a pair with an abstract end (or a wider region's, after the workload pair it
 * renames) only when a line names both its ends, then with the line's ends; the edges a line names that no
 * pair has (an end told with fewer exceptions) after them, in the lines' order. `today`: end id → the ids of
 * the workloads the lines name as held today by it (the workloads among the report's pair ends, as `PeerRef`).
 */
export function toldEdges(report: Pick<DiffReport, 'pairs' | 'widerRegions'>, groupsOf: GroupsOf = (c) => reportAbstractGroups(report, c)): { edges: ToldEdge[]; today: Map<string, PeerRef[]> } {
  const named = new Map<string, ToldEdge>();
  const todayIds = new Map<string, Set<string>>();
  for (const style of ['opened', 'closed'] as const) {
    for (const g of groupsOf(style)) {
      for (const s of g.subjects) {
        for (const o of g.others) {
          const [src, dst] = g.direction === 'ingress' ? [o, s] : [s, o];
          const key = edgeKey(style, src, dst);
          if (!named.has(key)) named.set(key, { src, dst, conn: g.conn, style });
        }
      }
      for (const [id, ids] of g.today) for (const w of ids) (todayIds.get(id) ?? todayIds.set(id, new Set()).get(id)!).add(w);
    }
  }
  const widerOf = new Map<string, WiderPair[]>();
  for (const w of report.widerRegions ?? []) {
    const key = workloadPairIds(w).join('\u0000');
    (widerOf.get(key) ?? widerOf.set(key, []).get(key)!).push(w);
  }
  const edges: ToldEdge[] = [];
  const drawn = new Set<string>();
  const workloads = new Map<string, PeerRef>();
  const add = (p: ExplainedPair) => {
    for (const style of ['opened', 'closed'] as const) {
      const conn = pairConns(p, style);
      if (!conn) continue;
      if (!isAbstractPair(p)) {
        edges.push({ src: p.src, dst: p.dst, conn, style });
        continue;
      }
      const key = edgeKey(style, endForChange(p.src, style), endForChange(p.dst, style));
      const told = named.get(key);
      if (!told || drawn.has(key)) continue;
      drawn.add(key);
      edges.push(told);
    }
  };
  for (const p of report.pairs) {
    for (const end of [p.src, p.dst]) if (end.type === 'workload') workloads.set(peerId(end), end);
    const wider = widerOf.get(`${peerId(p.src)}\u0000${peerId(p.dst)}`);
    widerOf.delete(`${peerId(p.src)}\u0000${peerId(p.dst)}`);
    // A workload pair with an abstract end that a wider region tells is drawn as that region's only, as the line tells it.
    if (!wider?.some(standsForAbstract)) add(p);
    for (const w of wider ?? []) add(w);
  }
  for (const rest of widerOf.values()) for (const w of rest) add(w);
  for (const [key, e] of named) if (!drawn.has(key)) edges.push(e);
  const today = new Map<string, PeerRef[]>();
  for (const [id, ids] of todayIds) {
    const held = [...ids].flatMap((w) => workloads.get(w) ?? []);
    if (held.length) today.set(id, held);
  }
  return { edges, today };
}

const edgeKey = (style: ToldStyle, src: PeerRef, dst: PeerRef) => `${style}\u0000${peerId(src)}\u0000${peerId(dst)}`;
