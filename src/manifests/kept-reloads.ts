/**
 * A side's reload (`LoadResult.reload`) with its answers kept, by the texts it replaces. The rollback
 * search asks for head with many sets of documents reverted, and different sets often replace the same
 * texts in one build: a set that adds a document of another build to one already tried, or a file a build
 * needs deleted beside different other documents (re20-monosense 9f15e0b: 1,268 reloads of one side's
 * builds, 692 of them distinct, most of the rest failing builds). A reload is a function of the texts it is
 * given (and the folders `deployed`), so a kept answer is the answer: the same cluster (never mutated by
 * its readers) or undefined (the revert breaks a build). Kept for the life of the side (one diff).
 *
 * A failing reload costs only its key to keep; a cluster holds its re-rendered builds' objects (about 1 MB
 * each on homelab-tesg 72e9ec9a), so only the last `MAX_CLUSTERS` are kept (the search tries sets that
 * share their first documents one after another).
 */
import type { Cluster } from '../engine/model.js';

/** A reload's answer: the cluster (`T` a cluster with what else the reload made: rendered-reload.ts `Reloaded`), or undefined (the revert breaks a build). */
export type Reload<T extends object = Cluster> = (changed: ReadonlyMap<string, string | null>, deployed?: ReadonlySet<string>) => T | undefined;

const MAX_CLUSTERS = 16;
/** Characters of the keys of failing reloads kept. */
const MAX_FAILED_CHARS = 16 * 2 ** 20;

/** `reload` with each distinct question answered once (per `deployed` set, by identity), within the bounds above. */
export function keptReloads<T extends object>(reload: Reload<T>): Reload<T> {
  const byDeployed = new WeakMap<object, Kept<T>>();
  const none = {};
  return (changed, deployed) => {
    let kept = byDeployed.get(deployed ?? none);
    if (!kept) byDeployed.set(deployed ?? none, (kept = { clusters: new Map<string, T>(), failed: new Set(), failedChars: 0 }));
    const key = changeKey(changed);
    if (kept.failed.has(key)) return undefined;
    const known = kept.clusters.get(key);
    if (known) {
      // The most recently used go last (dropped last).
      kept.clusters.delete(key);
      kept.clusters.set(key, known);
      return known;
    }
    const cluster = reload(changed, deployed);
    if (!cluster) {
      if (kept.failedChars + key.length <= MAX_FAILED_CHARS) {
        kept.failed.add(key);
        kept.failedChars += key.length;
      }
      return undefined;
    }
    kept.clusters.set(key, cluster);
    if (kept.clusters.size > MAX_CLUSTERS) kept.clusters.delete(kept.clusters.keys().next().value!);
    return cluster;
  };
}

interface Kept<T> {
  /** By key, least recently used first. */
  readonly clusters: Map<string, T>;
  readonly failed: Set<string>;
  failedChars: number;
}

/** The replaced texts as one string, whatever their order: each path and text (or its deletion) length-prefixed. */
function changeKey(changed: ReadonlyMap<string, string | null>): string {
  const paths = [...changed.keys()].sort();
  return paths
    .map((p) => {
      const text = changed.get(p);
      return `${p.length}:${p}${text === null || text === undefined ? '-' : `${text.length}:${text}`}`;
    })
    .join('');
}
