/**
 * `explain` with an abstract end, region by region: the parts of label space the end covers (regions no
 * selector of the policies tells apart, as `diff` uses them), grouped by what they get — the same
 * allowed ports and the same deciding rules — each group with its regions' names, its verdict, its ports
 * and per direction the rules that decide it (file:line). A PARTLY ALLOWED answer thus says which pods
 * the allowed part is for, not only the region allowed least.
 */
import type { AbstractPeer, Connectivity, DirectionExplanation, PairQuery, RegionSet } from '../engine/index.js';
import type { ConnectionSet } from '../engine/index.js';
import { explainPair } from '../engine/index.js';
import { pathText } from '../util/path-arrow.js';

/** One abstract part of the asked pair: a region (or a pair of regions) and what it allows of the asked traffic. */
export interface RegionPart {
  readonly query: PairQuery;
  readonly allowed: ConnectionSet;
}

/** The regions of one group, per abstract end (a concrete end has none). */
export interface RegionNames {
  readonly src?: AbstractPeer;
  readonly dst?: AbstractPeer;
}

export interface RegionGroup {
  readonly regions: readonly RegionNames[];
  readonly verdict: 'allowed' | 'denied' | 'partly';
  /** Of the asked traffic, what every region of the group allows, and what it denies. */
  readonly allowed: ConnectionSet;
  readonly denied: ConnectionSet;
  /**
   * What decides each direction, from one region of the group (the others have the same deciding rules,
   * unless `sampled`): tier, allowing rules, isolating policies, cluster-wide decisions.
   */
  readonly directions: readonly DirectionExplanation[];
  /** More parts than MAX_EXPLAINED_PARTS: the group is every part with these allowed ports, and its rules are one part's. */
  readonly sampled: boolean;
}

/** Above this many parts, only one part per allowed set is explained (explaining is per part, listing verdicts is cheap). */
export const MAX_EXPLAINED_PARTS = 256;

/** The parts grouped by verdict and deciding rules; allowed first, then partly, then denied; then by name. */
export function regionGroups(conn: Connectivity, regions: RegionSet, parts: readonly RegionPart[]): RegionGroup[] {
  const sampled = parts.length > MAX_EXPLAINED_PARTS;
  const groups = new Map<string, { group: Omit<RegionGroup, 'regions'>; regions: RegionNames[] }>();
  const explainedSets = new Map<string, DirectionExplanation[]>();
  for (const part of parts) {
    let directions = sampled ? explainedSets.get(part.allowed.key) : undefined;
    if (!directions) {
      directions = [...explainPair(conn, part.query).directions];
      if (sampled) explainedSets.set(part.allowed.key, directions);
    }
    const key = `${part.allowed.key}\u0000${sampled ? '' : directions.map(decidingKey).join('\u0001')}`;
    const names = regionNames(regions, part.query);
    const known = groups.get(key);
    if (known) known.regions.push(names);
    else {
      const denied = part.query.ports.subtract(part.allowed);
      const verdict = part.allowed.isEmpty() ? 'denied' : denied.isEmpty() ? 'allowed' : 'partly';
      groups.set(key, { group: { verdict, allowed: part.allowed, denied, directions, sampled }, regions: [names] });
    }
  }
  const rank = { allowed: 0, partly: 1, denied: 2 } as const;
  const nameKey = (g: RegionGroup) => regionText(g.regions[0]);
  return [...groups.values()]
    .map(({ group, regions: r }) => ({ ...group, regions: r.sort((a, b) => compare(regionText(a), regionText(b))) }))
    .sort((a, b) => rank[a.verdict] - rank[b.verdict] || compare(nameKey(a), nameKey(b)));
}

/** `src => dst` of one part's region names (a concrete end is left out: the other end alone). */
export function regionText(r: RegionNames, label: (p: AbstractPeer) => string = (p) => p.id): string {
  const ends = [r.src, r.dst].flatMap((p) => (p ? [label(p)] : []));
  return ends.length === 2 ? pathText(ends[0], ends[1]) : (ends[0] ?? '');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The names of a part's regions (`RegionSet.nameOf`), per abstract end. */
export function regionNames(regions: RegionSet, q: PairQuery): RegionNames {
  const out: { src?: AbstractPeer; dst?: AbstractPeer } = {};
  for (const end of ['src', 'dst'] as const) {
    const p = q[end];
    if (p.type === 'pods' && p.region !== undefined) out[end] = regions.nameOf(p.region);
  }
  return out;
}

/** What decides a direction, without what is particular to the region (near misses name its labels). */
function decidingKey(d: DirectionExplanation): string {
  return JSON.stringify([
    d.direction,
    d.tier,
    d.parts.map((p) => [p.tier, p.verdict, p.conn.key]),
    d.decisions.map((t) => [t.policy, t.rule, t.action, t.conn.key]),
    d.allowing.map((r) => [r.policy, r.rule, r.conn.key]),
    d.isolating.map((p) => p.policy),
  ]);
}
