/**
 * A bound on the pairs with an end among the regions of label space (pods the manifests do not hold) that
 * one diff keeps. Regions are bounded per partition (regions.ts, 4,096 boxes), but their pairs grow with
 * the square of their number: a 19-object repository with three cluster-wide policies (sameLabels /
 * notSameLabels peers) cuts 3,674 regions and 13.5 million region pairs carrying port names,
 * which ran the diff out of a 4 GB heap. When the candidates exceed the bound, only pairs whose value
 * differs between base and head count (most candidates are unchanged and are never kept), in diffs of at
 * most MAX_VALUED_PAIRS entry pairs. Past the bound again, the diff keeps the pairs whose ends
 * are the most direct regions (the fewest cutting selectors hold them: a changed selector's own region
 * before the label combinations that exist only as products of unrelated keys), says so
 * (ConnectivityDiff.regionPairsCut, DiffReport abstractPeers.incomplete), and pairs between workloads stay
 * complete. The bound grows with the input (40 pairs a workload or region, at least 100,000) up to
 * MAX_REGION_PAIRS: each kept pair is explained, named and merged into the report's lines, and a tree of
 * opt-in clusterwide policies at the 8,192-region bound (bjw-s/home-ops a71f3ddae, every policy removed:
 * 375,740 paths, 9,080 regions, a bound of 340,000 by the entries) ran a 4 GB heap out writing its JSON;
 * past 150,000 it reads incomplete in 30 s and 2.8 GB.
 */
export const MIN_REGION_PAIRS = 100_000;
export const REGION_PAIRS_PER_ENTRY = 40;
export const MAX_REGION_PAIRS = 150_000;

/** The default bound of a diff over `entries` workloads and regions: linear in them, within [MIN_REGION_PAIRS, MAX_REGION_PAIRS]. */
export function defaultRegionPairs(entries: number): number {
  return Math.min(MAX_REGION_PAIRS, Math.max(MIN_REGION_PAIRS, REGION_PAIRS_PER_ENTRY * entries));
}

/**
 * Past the first pass every candidate pair is valued: only for diffs of at most this many entry pairs
 * (workloads and regions, squared). The 3,674-region repository (13.5 million) would take minutes and
 * gigabytes; the Kubeflow namespaces (~2,000 regions, 4 million) take seconds.
 */
export const MAX_VALUED_PAIRS = 8_000_000;

/** Ranks above this one count as it (a rank is the sum of two regions' `matchedSelectors`). */
const MAX_RANK = 1023;

/**
 * Counts the region pairs of a diff, in up to three passes over the same pairs in the same order. First
 * every candidate pair counts, as met (cheap: no pair is valued twice); a diff that fits is done. Past
 * the limit, a second pass counts only the pairs whose value changed, and counts them per rank (lower:
 * more direct ends); a diff whose changed pairs fit is complete. Past the limit again, a third pass keeps
 * every pair below a threshold rank and, at that rank, the first met up to the limit: the same pairs
 * however the diff met them, never more than the limit. Without `valued` (a diff too large to value every
 * candidate: MAX_VALUED_PAIRS) the first pass's cut stands: the changed pairs a changed rule reaches
 * first, then the other pairs as met (diff.ts `candidatePairs`, changed-rule-pairs.ts).
 */
export class RegionPairBudget {
  private used = 0;
  private cut = false;
  private stage: 0 | 1 | 2 = 0;
  private readonly perRank = new Float64Array(MAX_RANK + 1);
  /** Third pass: ranks below `below` are kept, and `atBelow` more of rank `below`. */
  private below = 0;
  private atBelow = 0;

  /** `valued`: whether the diff may value every candidate past the first pass (else the first pass's cut stands). */
  constructor(
    readonly limit: number,
    readonly valued = true,
  ) {}

  /** Whether only changed pairs count (the second and third passes): the caller values a pair before `take`. */
  get changedOnly(): boolean {
    return this.stage > 0;
  }

  /** Count one more region pair of `rank` (default 0): false when it is not kept (then the pass was cut). */
  take(rank = 0): boolean {
    const r = rank > MAX_RANK ? MAX_RANK : rank;
    if (this.stage === 2) {
      if (r < this.below) return true;
      if (r === this.below && this.atBelow > 0) {
        this.atBelow--;
        return true;
      }
      return false;
    }
    if (this.stage === 1) this.perRank[r]++;
    if (this.used >= this.limit) {
      this.cut = true;
      return false;
    }
    this.used++;
    return true;
  }

  /** Did the last pass leave some pair unkept? */
  get exhausted(): boolean {
    return this.cut;
  }

  /** Region pairs kept so far in this pass (tests, benchmarks). */
  get count(): number {
    return this.used;
  }

  /**
   * After a pass that was cut, start the next one (false: there is none, the third was the last): the second
   * counts changed pairs only; the third keeps the lowest ranks (every pair of the ranks whose counts fit in
   * the limit together, then pairs of the next rank as met until the limit).
   */
  next(): boolean {
    if (!this.cut || this.stage === 2 || !this.valued) return false;
    this.used = 0;
    if (this.stage === 0) {
      this.stage = 1;
      this.cut = false;
      return true;
    }
    let left = this.limit;
    let r = 0;
    while (r <= MAX_RANK && this.perRank[r] <= left) left -= this.perRank[r++];
    this.below = r;
    this.atBelow = left;
    this.stage = 2;
    return true;
  }
}
