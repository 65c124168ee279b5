/**
 * Naming a set of regions with the policies' own selectors. Regions are label combinations of every
 * selector that cuts a namespace; a set of them that one selector (or a few) holds exactly reads better
 * as those selectors (`shop/[pod with {app=manager}]`) than as each combination
 * (`shop/[pod with {app=manager,component=im}]`, `shop/[pod with {app=manager,component NotIn (im)}]`).
 */
import type { AbstractPeer, Cluster, LabelSelector, RegionSet } from '../engine/index.js';
import { EVERYTHING, abstractPeer, selectorKey } from '../engine/index.js';

/** The selectors a cover picks from, by the regions they hold (`holding(r)`: those holding region r, in a stable order). */
export interface CoverCandidates {
  holding(region: number): readonly AbstractPeer[];
}

/**
 * Every NetworkPolicy subject and pod rule peer of the clusters, deduplicated by id, indexed by the regions
 * each holds (`RegionSet.heldBy`), per namespace part on its first question: a cover's targets are the
 * exceptions of one namespace, and a diff asks about a few namespaces, so a cover asks only the selectors
 * that hold one of its regions, not every selector of a 2,000-policy diff, and the others' regions elsewhere
 * are never looked up. The peers are built only for the namespace parts asked: the policies are walked once,
 * each candidate filed by its namespace part (a name, or a namespace selector's key) with its place in the
 * walk, and a part asked takes, in that order, the candidates of the names and selectors that pick it (a
 * 10k diff asks 3 of ~100 namespaces, and built ~6,000 peers for them).
 */
export function policySelectors(clusters: readonly Cluster[], regions: RegionSet): CoverCandidates {
  let filed: Filed | undefined;
  const byNamespace = new Map<string, Map<number, AbstractPeer[]>>();
  const inNamespace = (namespace: string) => {
    const out = new Map<number, AbstractPeer[]>();
    for (const p of candidatesIn((filed ??= fileCandidates(clusters)), regions, namespace)) for (const r of regions.heldBy(p, namespace)) (out.get(r) ?? out.set(r, []).get(r)!).push(p);
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

/** A candidate not yet built: its place in the walk of every policy's subject and pod rule peers, and its parts. */
interface Unbuilt {
  readonly at: number;
  readonly namespace: string | LabelSelector;
  readonly pods: LabelSelector;
}

/** The candidates by namespace part: a name (the policy's own, `own` peers), or a namespace selector (by `selectorKey`, with one of its objects). */
interface Filed {
  readonly byName: ReadonlyMap<string, readonly Unbuilt[]>;
  readonly bySelector: ReadonlyMap<string, { readonly selector: LabelSelector; readonly list: readonly Unbuilt[] }>;
}

/** Each policy once (head holds base's very objects for unchanged files), its subject then its ingress and egress rules' pod peers as written. */
function fileCandidates(clusters: readonly Cluster[]): Filed {
  const byName = new Map<string, Unbuilt[]>();
  const bySelector = new Map<string, { selector: LabelSelector; list: Unbuilt[] }>();
  let at = 0;
  const file = (namespace: string | LabelSelector, pods: LabelSelector) => {
    const u = { at: at++, namespace, pods };
    if (typeof namespace === 'string') (byName.get(namespace) ?? byName.set(namespace, []).get(namespace)!).push(u);
    else {
      const key = selectorKey(namespace);
      (bySelector.get(key) ?? bySelector.set(key, { selector: namespace, list: [] }).get(key)!).list.push(u);
    }
  };
  const seen = new Set<Cluster['policies'][number]>();
  for (const c of clusters) {
    for (const p of c.policies) {
      if (seen.has(p)) continue;
      seen.add(p);
      file(p.namespace, p.podSelector);
      // As rulePodPeers gives them (peerOfRule): a peer of the policy's own namespace by its name.
      for (const rules of [p.ingress, p.egress]) {
        for (const rule of rules) {
          if (rule.peers === 'any') continue;
          for (const x of rule.peers) if (x.kind === 'pods') file(x.namespaces === 'own' ? p.namespace : x.namespaces, x.pods);
        }
      }
    }
  }
  return { byName, bySelector };
}

/**
 * The candidates whose namespace part picks the namespace part `namespace` of the regions, built, in the walk's
 * order, each id once (its first candidate). The others hold none of its regions, nor does any candidate of
 * the same id (an id is the peer's text), so the peers holding its regions are those every candidate built
 * and deduplicated would give, the very objects, in the same order. A part picks a namespace when the peer of
 * every pod there holds one of its regions (`heldBy` reads the namespace part as the candidate's own).
 */
function candidatesIn(filed: Filed, regions: RegionSet, namespace: string): AbstractPeer[] {
  // A selector's peer of every pod is built on a pod selector of this call's own: kept by abstractPeer only as long as it (a warm process meets new selector objects at every push).
  const everyPod: LabelSelector = { matchLabels: {}, expressions: [] };
  const picks = (part: string | LabelSelector) => regions.heldBy(abstractPeer(part, typeof part === 'string' ? EVERYTHING : everyPod), namespace).length > 0;
  const met: Unbuilt[] = [];
  filed.byName.forEach((list, name) => {
    if (picks(name)) for (const u of list) met.push(u);
  });
  filed.bySelector.forEach(({ selector, list }) => {
    if (picks(selector)) for (const u of list) met.push(u);
  });
  met.sort((a, b) => a.at - b.at);
  const byId = new Map<string, AbstractPeer>();
  for (const u of met) {
    const peer = abstractPeer(u.namespace, u.pods);
    if (!byId.has(peer.id)) byId.set(peer.id, peer);
  }
  return [...byId.values()];
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
