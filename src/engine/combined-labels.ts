/**
 * Label-combination openings: paths a change opens only for pods that would carry the labels of several
 * policies at once, giving them nothing that pods with fewer of those labels do not already have.
 *
 * Regions of label space (regions.ts) include every combination of the selectors' labels. Policies are
 * additive, so a pod selected by two policies gets what either admits: when a change adds a lock-down policy
 * for an operator's pods (`app.kubernetes.io/name: op`, admitting only the metrics scraper) in a namespace
 * whose apps each have their own policy (`app: web`, admitting its clients), the region of pods carrying
 * both `app: web` and the operator's label was isolated by `web` in base and now also admits the scraper:
 * an opened path, although the change only restricts the operator's pods, and the pods carrying the
 * operator's label alone admit the scraper in head as they admitted everything in base. Such openings are
 * real for a pod that would carry both labels, so they stay in the diff, but are told (and counted) apart.
 */
import type { Connectivity } from './connectivity.js';
import type { PairDiff } from './diff.js';
import { domainConn } from './domains.js';
import { controllerNames } from './ingress-controller-names.js';
import type { Direction, Labels } from './model.js';
import { NamedConns } from './named-conns.js';
import { exactConns } from './pair-conns.js';
import type { PeerRef } from './peers.js';
import { regionPairConns } from './region-port-names.js';
import { isEmptySelector } from './selectors.js';
import type { RegionSet } from './regions.js';

/** Pod label keys of a region up to which every smaller label set is tried; past it, each key left out alone. */
const ALL_SUBSETS_UP_TO = 8;

/** What `combinedLabelsOpening` reads: both sides computed over `regions`, and the regions a workload represents. */
export interface CombinedLabelsInput {
  readonly regions: RegionSet;
  readonly base: Connectivity;
  readonly head: Connectivity;
  /** Regions holding a workload of the manifests (analysis/represented-regions.ts): not abstract, never a combination. */
  readonly represented: Pick<ReadonlySet<number>, 'has'>;
}

/**
 * A predicate on the diff's pairs (`diffConnectivity(base, head, {regions})`, before or after the report's
 * reconciliation: ends keep their `region`): true for a **label-combination opening**, a pair with an
 * `opened` set and an end R that is
 * - a region of label space no workload of the manifests represents (pods the manifests do not hold),
 * - held by at least two of the selectors that cut label space (`Region.matchedSelectors`: a combination),
 * - and *dominated*: some region R' of the same namespace, the region of a pod carrying a strict subset of
 *   R's representative pod labels (`RegionSet.locate`; R' ≠ R), is isolated in head in R's own direction
 *   (ingress when R is the destination, egress when it is the source) by a NetworkPolicy whose podSelector
 *   is not empty, and has, toward (from) the pair's very other end, every port of `opened` (port names
 *   included) in head **and** in base.
 *
 * - and, in base, isolated in that direction only by policies that select some workload of the manifests: R mixes
 *   the labels of apps the manifests hold with others. A policy whose pods the manifests do not hold (the policy an
 *   operator makes for the pods it creates, such as the Dragonfly operator's `app: <name>`) may isolate exactly the
 *   real pods, which carry its labels and those of a policy added for them (`app.kubernetes.io/part-of`): their
 *   opening is an ordinary one.
 *
 * Isolated: what R' gets comes from policies, not from being unselected (an app's pods otherwise read as
 * dominated by the plain pods no policy selects). By a policy with labels: a policy over every pod of the
 * namespace (`podSelector: {}`) holds every region, so an app's pods that it newly admits would read as a
 * combination of that policy and their own; the pods of one app are no combination of selectors.
 *
 * So the opening gives a pod of R nothing that a pod with fewer of its labels does not have before and after
 * the change. Base too, not head alone: where R' gained the ports in this change as well, R' is itself an
 * opening the report counts, and R's pairs stay with it (one line of the policy's subject, not a line per
 * label combination beside an exact name for R'). Conservative where unsure: an end in a namespace the
 * manifests do not know (`locate` answers only known ones), a partition the bound cut short, or an opening
 * from addresses outside the cluster with port names is no combination. The pair of a region with a
 * workload, or with a pods end merged from several regions without its own `region`, is never one.
 *
 * Pure: memoised per call of this function (each region's smaller regions, each end pair's sets). Semantics:
 * NetworkPolicy rules are additive (kubernetes.io "Network Policies": "policies are additive").
 */
export function combinedLabelsOpening(input: CombinedLabelsInput): (p: PairDiff) => boolean {
  return judged(input.regions, input.base, input);
}

/**
 * A predicate true for every pair that is a label-combination opening of `base` → *some* head computed over
 * `regions` (`combinedLabelsOpening` of any head), judged by what does not depend on head: an end region no
 * selector pair leaves out (known, held by ≥ 2 selectors), isolated in base only by policies selecting workloads,
 * with a region of fewer of its labels that has every opened port toward the other end in base. Head decides the
 * rest (whether that smaller region is isolated and keeps the ports, which regions a workload represents). For
 * a judge that must not count what some head's judgment would leave out (the rollback's first test, before the
 * reverted head is computed in full): a pair it rejects is no label-combination opening whatever the head.
 */
export function maybeCombinedLabels(input: Omit<CombinedLabelsInput, 'head' | 'represented'>): (p: PairDiff) => boolean {
  return judged(input.regions, input.base, undefined);
}

/**
 * Per connectivity and direction: the policies that capture some class holding workloads. It depends on the
 * connectivity alone, and the diff and each rollback evaluation judge over the same base: found once per base
 * (held weakly), by index (its walk of every class runs before V8 optimizes it, where a `for…of` allocates per step).
 */
const workloadSelectingOf = new WeakMap<Connectivity, Map<Direction, ReadonlySet<unknown>>>();

function workloadSelecting(base: Connectivity, direction: Direction): ReadonlySet<unknown> {
  let byDirection = workloadSelectingOf.get(base);
  if (!byDirection) workloadSelectingOf.set(base, (byDirection = new Map()));
  let out = byDirection.get(direction);
  if (out) return out;
  const found = new Set<unknown>();
  const classes = base.index.classes;
  const captured = base.compiled.capturedBy[direction];
  for (let c = 0; c < classes.length; c++) {
    if (classes[c].workloads.length === 0) continue;
    const by = captured[classes[c].index];
    for (let k = 0; k < by.length; k++) found.add(by[k]);
  }
  byDirection.set(direction, (out = found));
  return out;
}

/** `combinedLabelsOpening` with `headSide` given; without it, the conditions that do not depend on head (`maybeCombinedLabels`). */
function judged(regions: RegionSet, base: Connectivity, headSide: Pick<CombinedLabelsInput, 'head' | 'represented'> | undefined): (p: PairDiff) => boolean {
  const head = headSide?.head;
  const smaller = new Map<string, readonly number[]>();
  /** The regions R' of pods with a strict subset of region r's labels, isolated in head in `direction` (any, without head). */
  const smallerOf = (r: number, direction: Direction): readonly number[] => {
    const key = `${r}\u0000${direction}`;
    let out = smaller.get(key);
    if (out) return out;
    const region = regions.regions[r];
    const found = new Set<number>();
    if (region.known) {
      for (const labels of smallerLabelSets(region.podLabels)) {
        const other = regions.locate(region.namespace, labels);
        if (other === undefined || other === r || found.has(other)) continue;
        if (!head || head.compiled.capturedBy[direction][head.index.regionClasses[other].index].some((q) => !isEmptySelector(q.podSelector))) found.add(other);
      }
    }
    smaller.set(key, (out = [...found]));
    return out;
  };
  // Policies of base that select some workload of the manifests, per direction: a combination isolated in base only by
  // policies that do is a mix of known apps' labels with others; one isolated by a policy whose pods the manifests do
  // not hold (an operator's policy for the pods it creates, which carry its labels and the chart's) may be those pods.
  const selectsWorkloads = (direction: Direction): ReadonlySet<unknown> => workloadSelecting(base, direction);
  const ofKnownApps = (r: number, direction: Direction): boolean => base.compiled.capturedBy[direction][base.index.regionClasses[r].index].every((q) => selectsWorkloads(direction).has(q));
  const sides = head ? [base, head] : [base];
  return (p) => {
    const opened = exactConns(p, 'opened');
    if (!opened || opened.isEmpty()) return false;
    for (const end of ['dst', 'src'] as const) {
      const x = p[end];
      if (x.type !== 'pods' || x.region === undefined || headSide?.represented.has(x.region)) continue;
      if ((regions.regions[x.region]?.matchedSelectors ?? 0) < 2) continue;
      const other = end === 'dst' ? p.src : p.dst;
      const direction: Direction = end === 'dst' ? 'ingress' : 'egress';
      if (!ofKnownApps(x.region, direction)) continue;
      for (const r of smallerOf(x.region, direction)) {
        if (sides.every((side) => has(side, r, end, other, opened))) return true;
      }
    }
    return false;
  };
}

/**
 * Whether region `r`, at `end` of a pair whose other end is `other`, is allowed every port of `opened` on
 * this side (false when the other end is not on this side).
 */
function has(side: Connectivity, r: number, end: 'src' | 'dst', other: PeerRef, opened: NamedConns): boolean {
  const cls = side.index.regionClasses[r].index;
  const covers = (allowed: NamedConns) => opened.subtract(allowed).isEmpty();
  switch (other.type) {
    case 'workload':
    case 'pods': {
      const o = other.type === 'workload' ? side.index.classOf.get(other.workload.id) : other.region === undefined ? undefined : side.index.regionClasses[other.region].index;
      if (o === undefined) return false;
      return covers(end === 'dst' ? regionPairConns(side, o, cls) : regionPairConns(side, cls, o));
    }
    case 'ingress-controller':
      return end === 'dst' && covers(controllerNames(side, cls)?.reach ?? NamedConns.of(side.ingressController[cls]));
    case 'domain':
      return end === 'src' && other.names.every((name) => covers(NamedConns.of(domainConn(side, cls, name))));
    case 'external': {
      // Port names from addresses are given per name by the pod's own rules: told only by numbers here, so not judged.
      if (opened.hasPortNames()) return false;
      const pieces = side.external[end === 'dst' ? 'ingress' : 'egress'][cls];
      let left = other.addresses;
      for (const piece of pieces) if (covers(NamedConns.of(piece.conn))) left = left.subtract(piece.addresses);
      return left.isEmpty();
    }
  }
}

/**
 * The label sets with a strict subset of `labels`' keys, largest first: every one up to ALL_SUBSETS_UP_TO
 * keys, past it each key left out alone and no labels at all.
 */
function smallerLabelSets(labels: Labels): Labels[] {
  const keys = Object.keys(labels).sort();
  const pick = (kept: readonly string[]): Labels => Object.fromEntries(kept.map((k) => [k, labels[k]]));
  if (keys.length > ALL_SUBSETS_UP_TO) return [...keys.map((k) => pick(keys.filter((o) => o !== k))), {}];
  const out: string[][] = [];
  const full = (1 << keys.length) - 1;
  for (let mask = full - 1; mask >= 0; mask--) out.push(keys.filter((_, i) => mask & (1 << i)));
  return out.sort((a, b) => b.length - a.length).map(pick);
}
