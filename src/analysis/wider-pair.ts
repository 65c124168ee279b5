/**
 * A `WiderPair` (a workload pair whose workload ends are told as the wider regions that hold them,
 * abstract-pairs.ts `widerRegionPairs`): which ends one pair renames, and, reading it, which ends were
 * renamed and the ids of the workload pair it stands for. One rule for both ends, so ingress and egress
 * lines are told alike.
 */
import type { ConnectionSet, PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { WiderEnds, WiderPair } from './types.js';

/**
 * An end of a workload pair renamed by `widerRegionPairs`: its peer, the workload it held, whether it is
 * exactly that workload's region, and what some of the peer's other pods had on both sides of the pair's
 * change (peer-exceptions.ts `masked`: told by the line's hedge, `ExplainedPair.unchangedForSome`).
 */
export interface WiderEnd {
  readonly end: 'src' | 'dst';
  readonly told: PeerRef;
  readonly workload: string;
  readonly exact: boolean;
  readonly masked?: ConnectionSet;
}

/**
 * The renamed ends of one workload pair, as the pairs that tell them: both ends in one pair when one of
 * them is exactly its workload's region (each end's exceptions were asked of the other end's region, so the
 * pair then says what every pod of both has); else each end alone, beside the other end's workload (two
 * wide peers may hold pods, one of each, whose traffic the workload pair does not show).
 */
export function bothEnds(ends: readonly WiderEnd[]): (readonly WiderEnd[])[] {
  if (ends.length < 2 || ends.some((e) => e.exact)) return ends.length ? [ends] : [];
  return ends.map((e) => [e]);
}

/** `WiderPair.today` of the ends renamed (at least one). */
export function widerEnds(ends: readonly WiderEnd[]): WiderEnds {
  const src = ends.find((e) => e.end === 'src')?.workload;
  const dst = ends.find((e) => e.end === 'dst')?.workload;
  if (src !== undefined) return dst !== undefined ? { src, dst } : { src };
  if (dst === undefined) throw new Error('a wider pair renames at least one end');
  return { dst };
}

/** The ends of `w` renamed (now `pods` peers), source first, each with the id of the workload it held. */
export function renamedEnds(w: WiderPair): { readonly end: 'src' | 'dst'; readonly workload: string }[] {
  return (['src', 'dst'] as const).flatMap((end) => {
    const workload = w.today[end];
    return workload === undefined ? [] : [{ end, workload }];
  });
}

/** The ids of the workload pair `w` stands for: `[src, dst]`, a renamed end by the workload it held. */
export function workloadPairIds(w: WiderPair): readonly [string, string] {
  return [w.today.src ?? peerId(w.src), w.today.dst ?? peerId(w.dst)];
}

/**
 * Whether the workload pair `w` stands for has an end that is pods the manifests do not hold (an end not
 * renamed that is a `pods` peer): that pair is an abstract pair, listed only where `w` is told.
 */
export function standsForAbstract(w: WiderPair): boolean {
  return (['src', 'dst'] as const).some((e) => w.today[e] === undefined && w[e].type === 'pods');
}
