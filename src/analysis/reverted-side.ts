/**
 * The rollback search's reverted heads (head with some changed documents reverted to base) and their
 * connectivity, kept per base side (base-side.ts) from one push of a pull request to the next on a warm
 * process. A push that changes nothing the model reads evaluates the same reverted clusters again: their
 * connectivity is then the last push's, not computed again. Reuse is decided by content, never by key, as
 * head-side.ts decides head's: every field of the cluster equal (`sameCluster`, positions included) and the
 * regions' digest equal (`regionsDigest`). A connectivity depends on nothing else (engine/connectivity.ts
 * `computeConnectivity(cluster, regions)`), so a reused one is the one a cold run computes.
 */
import type { Cluster, Connectivity, RegionSet } from '../engine/index.js';
import { computeConnectivity } from '../engine/index.js';
import type { BaseSide } from './base-side.js';
import { regionsDigest } from './base-side.js';
import { sameCluster } from './head-side.js';

interface KeptReverted {
  readonly cluster: Cluster;
  /** The regions' digest (undefined: computed without regions). */
  readonly digest: string | undefined;
  readonly conn: Connectivity;
}

/** Per base side, the reverted heads the last push's search evaluated whole (its last few). */
const lastReverted = new WeakMap<BaseSide, readonly KeptReverted[]>();

/**
 * Workloads of reverted heads kept per base side, all kept heads together: a warm process must not hold
 * large clusters' connectivities beside the next push's (as head-side.ts bounds head's).
 */
const MAX_KEPT_WORKLOADS = 20_000;

let lastReused = 0;

/** Reverted heads' connectivities the latest search with reuse asked took from the push before it. */
export function revertedReused(): number {
  return lastReused;
}

/** The connectivities of one search's reverted heads (`of`), kept for the next push once the search is `done`. */
export interface RevertedConnectivities {
  /** `computeConnectivity(cluster, regions)`, the last push's when it evaluated an equal cluster over equal regions. */
  of(cluster: Cluster): Connectivity;
  /** The search is over: what it evaluated replaces what the last push's did. */
  done(): void;
}

/**
 * The reverted heads' connectivities of a search against `side` over `regions`; `reuse` false (no warm state
 * asked) neither reuses nor keeps.
 */
export function revertedConnectivities(side: BaseSide, regions: RegionSet | undefined, reuse: boolean): RevertedConnectivities {
  if (!reuse) return { of: (cluster) => computeConnectivity(cluster, regions), done: () => undefined };
  let digest: string | undefined;
  let digested = false;
  const digestOf = () => {
    if (!digested) [digest, digested] = [regions && regionsDigest(regions), true];
    return digest;
  };
  // Taken now: one not asked for by this search is not kept past it.
  let last: KeptReverted[] = [...(lastReverted.get(side) ?? [])];
  lastReverted.delete(side);
  const now: KeptReverted[] = [];
  lastReused = 0;
  return {
    of(cluster) {
      const i = last.findIndex((k) => k.digest === digestOf() && k.cluster.workloads.length === cluster.workloads.length && sameCluster(k.cluster, cluster));
      if (i >= 0) {
        const [found] = last.splice(i, 1);
        now.push(found);
        lastReused++;
        return found.conn;
      }
      const conn = computeConnectivity(cluster, regions);
      now.push({ cluster, digest: digestOf(), conn });
      return conn;
    },
    done() {
      last = [];
      // The last evaluated first: a search ends on the revert it proposes.
      const keep: KeptReverted[] = [];
      let workloads = 0;
      for (let i = now.length - 1; i >= 0; i--) {
        workloads += now[i].cluster.workloads.length;
        if (workloads > MAX_KEPT_WORKLOADS) break;
        keep.push(now[i]);
      }
      if (keep.length) lastReverted.set(side, keep);
    },
  };
}
