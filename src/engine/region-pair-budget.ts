/**
 * A bound on the pairs with an end among the regions of label space (pods the manifests do not hold) that
 * one diff compares and keeps. Regions are bounded per partition (regions.ts, 4,096 boxes), but their
 * pairs grow with the square of their number: a 19-object repository with three cluster-wide policies
 * (sameLabels / notSameLabels peers) cuts 3,674 regions and 13.5 million region pairs carrying port names,
 * which ran the diff out of a 4 GB heap. Past the bound the remaining region pairs are not compared, the
 * diff says so (ConnectivityDiff.regionPairsCut, DiffReport abstractPeers.incomplete) and pairs between
 * workloads stay complete. The bound grows with the input (40 pairs a workload or region, at least 100,000):
 * the 10,000-workload bench diff counts at most 198,000 of its 668,000.
 */
export const MIN_REGION_PAIRS = 100_000;
export const REGION_PAIRS_PER_ENTRY = 40;

/** The default bound of a diff over `entries` workloads and regions: linear in them, never below MIN_REGION_PAIRS. */
export function defaultRegionPairs(entries: number): number {
  return Math.max(MIN_REGION_PAIRS, REGION_PAIRS_PER_ENTRY * entries);
}

export class RegionPairBudget {
  private used = 0;
  private cut = false;

  constructor(readonly limit: number) {}

  /** Count one more region pair to compare: false, and the budget exhausted, past the limit. */
  take(): boolean {
    if (this.used >= this.limit) {
      this.cut = true;
      return false;
    }
    this.used++;
    return true;
  }

  /** Did some region pair go uncompared? */
  get exhausted(): boolean {
    return this.cut;
  }

  /** Region pairs counted so far (tests, benchmarks). */
  get count(): number {
    return this.used;
  }
}
