/**
 * Naming a set of regions with the policies' own selectors. Regions are label combinations of every
 * selector that cuts a namespace; a set of them that one selector (or a few) holds exactly reads better
 * as those selectors (`shop/[pod with {app=manager}]`) than as each combination
 * (`shop/[pod with {app=manager,component=im}]`, `shop/[pod with {app=manager,component NotIn (im)}]`).
 */
import type { AbstractPeer, Cluster, RegionSet } from '../engine/index.js';
import { abstractPeer, rulePodPeers } from '../engine/index.js';

/** The selectors a cover picks from, by the regions they hold (`holding(r)`: those holding region r, in a stable order). */
export interface CoverCandidates {
  holding(region: number): readonly AbstractPeer[];
}

/**
 * Every NetworkPolicy subject and pod rule peer of the clusters, deduplicated by id, indexed by the regions
 * each holds (`RegionSet.heldBy`), per namespace part on its first question: a cover's targets are the
 * exceptions of one namespace, and a diff asks about a few namespaces, so a cover asks only the selectors
 * that hold one of its regions, not every selector of a 2,000-policy diff, and the others' regions elsewhere
 * are never looked up.
 */
export function policySelectors(clusters: readonly Cluster[], regions: RegionSet): CoverCandidates {
  let peers: readonly AbstractPeer[] | undefined;
  const distinct = () => {
    const byId = new Map<string, AbstractPeer>();
    const add = (p: AbstractPeer) => byId.has(p.id) || byId.set(p.id, p);
    // Head holds base's very policy objects for unchanged files: each is read once.
    const seen = new Set<Cluster['policies'][number]>();
    for (const c of clusters) {
      for (const p of c.policies) {
        if (seen.has(p)) continue;
        seen.add(p);
        add(abstractPeer(p.namespace, p.podSelector));
        for (const rule of [...p.ingress, ...p.egress]) for (const peer of rulePodPeers(p, rule)) add(peer);
      }
    }
    return [...byId.values()];
  };
  const byNamespace = new Map<string, Map<number, AbstractPeer[]>>();
  const inNamespace = (namespace: string) => {
    const out = new Map<number, AbstractPeer[]>();
    for (const p of (peers ??= distinct())) for (const r of regions.heldBy(p, namespace)) (out.get(r) ?? out.set(r, []).get(r)!).push(p);
    return out;
  };
  return {
    holding: (r) => {
      const namespace = regions.regions[r].namespace;
      let held = byNamespace.get(namespace);
      if (!held) byNamespace.set(namespace, (held = inNamespace(namespace)));
      return held.get(r) ?? [];
    },
  };
}

/** What a cover reads of the regions: the regions a selector holds, and whether they are exactly its pods. */
export type CoverRegions = Pick<RegionSet, 'heldBy' | 'holdsExactly'>;

/** Covers tried at most this many names (a longer cover reads no better than the regions' own names). */
const MAX_COVER = 4;

/**
 * A few of `candidates` whose regions together are all of `targets` (region indices), each holding no
 * region that `fits` refuses (a region of the line's peer that is no exception, say), and each cut exactly
 * by the regions (`RegionSet.holdsExactly`); picked greedily, most targets first, then the shorter id.
 * Null when none covers them in fewer names than `targets` has, or in more than MAX_COVER.
 */
export function selectorCover(regions: CoverRegions, candidates: CoverCandidates, targets: readonly number[], fits: (region: number) => boolean): AbstractPeer[] | null {
  if (targets.length < 2) return null;
  // Each holds a target (`holding`): it is usable when it holds nothing `fits` refuses.
  const usable = touchingOf(regions, candidates, targets).filter((t) => t.outside.every(fits));
  const left = new Set(targets);
  const out: AbstractPeer[] = [];
  while (left.size > 0 && out.length < Math.min(MAX_COVER, targets.length - 1)) {
    let best: (typeof usable)[number] | undefined;
    let gain = 0;
    for (const u of usable) {
      let g = 0;
      for (const r of u.held) if (left.has(r)) g++;
      if (g > gain || (g === gain && g > 0 && best && u.c.id.length < best.c.id.length)) [best, gain] = [u, g];
    }
    if (!best) return null;
    out.push(best.c);
    for (const r of best.held) left.delete(r);
  }
  return left.size === 0 ? out : null;
}

/** A selector holding some of a cover's targets, cut exactly by the regions: the targets it holds, and its other regions. */
interface Touching {
  readonly c: AbstractPeer;
  readonly held: readonly number[];
  readonly outside: readonly number[];
}

/** `touchingOf`'s findings per candidates (one per exceptions asker, peer-exceptions.ts) by targets (their indices joined). */
const touchingMemo = new WeakMap<CoverCandidates, { readonly regions: CoverRegions; readonly byTargets: Map<string, readonly Touching[]> }>();

/**
 * The candidates holding one of `targets` and cut exactly (`RegionSet.holdsExactly`), each once, in the order
 * met (targets in order, then `holding`'s): what a cover of the targets picks from, whatever it must refuse.
 * Found once per set of targets: the lines of one peer ask the same namespace's exceptions again and again
 * (the bench's 10k diff: 351 covers of 4 sets of targets), each with its own regions to refuse.
 */
function touchingOf(regions: CoverRegions, candidates: CoverCandidates, targets: readonly number[]): readonly Touching[] {
  let memo = touchingMemo.get(candidates);
  if (memo === undefined || memo.regions !== regions) touchingMemo.set(candidates, (memo = { regions, byTargets: new Map() }));
  const key = targets.join(',');
  const known = memo.byTargets.get(key);
  if (known !== undefined) return known;
  const wanted = new Set(targets);
  const met = new Set<AbstractPeer>();
  for (const r of targets) for (const c of candidates.holding(r)) met.add(c);
  const out: Touching[] = [];
  for (const c of met) {
    if (!regions.holdsExactly(c)) continue;
    const held = regions.heldBy(c);
    out.push({ c, held: held.filter((r) => wanted.has(r)), outside: held.filter((r) => !wanted.has(r)) });
  }
  memo.byTargets.set(key, out);
  return out;
}
