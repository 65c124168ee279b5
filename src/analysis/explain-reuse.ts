/**
 * Explanations of the last analysis against a kept base side (analysis/base-side.ts), for the next push
 * of the same pull request on a warm process. A pair's explanation (engine/explain.ts, explain-names.ts)
 * reads only its two ends (labels, named ports, whether each exists), the pair's sets, and the rules of
 * the policies that select either end, all of which live in the ends' namespaces (NetworkPolicies), or
 * are cluster-wide. So when head moves from one push to the next, a pair whose ends lie in namespaces
 * where nothing changed — positions included, since reasons cite file:line — and whose sets and end
 * names are the same as before has the same reasons: they are taken from the last push, by content
 * (end ids or region content and names with the names they take out, sets, names of ports), never by index. Anything cluster-wide
 * that changed (cluster policies, the pod network, the namespaces' list for parts of unknown
 * namespaces) stops the reuse of what it reaches. Ingress controller pairs are always explained again
 * (Services and Ingresses steer them).
 */
import type { Cluster, PairDiff, PeerRef, Reason, RegionSet } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { BaseSide } from './base-side.js';
import { regionContents, stableEnds } from './push-steps.js';

export interface Why {
  readonly whyOpened: Reason[];
  readonly whyClosed: Reason[];
}

/** A pair's explanation: the last push's when it still holds, else `explain`'s (kept for the next push). */
export type ExplainReuse = (pair: PairDiff, explain: (pair: PairDiff) => Why) => Why;

interface Kept {
  readonly options: string;
  readonly head: Cluster;
  /** Numbers for the parts of pair keys (ends, sets, port names), shared by the pushes that follow one another. */
  readonly numbers: Numbers;
  readonly explained: ReadonlyMap<string, Why>;
}

/** Short pair keys: each end, set and list of port names numbered once (a key of texts cost more to hash than to explain). */
class Numbers {
  private readonly byText = new Map<string, number>();

  of(text: string): number {
    let n = this.byText.get(text);
    if (n === undefined) this.byText.set(text, (n = this.byText.size));
    return n;
  }

  get size(): number {
    return this.byText.size;
  }
}

/** One set of explanations per base side (the last head's); gone with the base side. */
const lastExplained = new WeakMap<BaseSide, Kept>();

/** How many explanations the last analysis took from the push before it (a warm process's reuse, for tests and diagnostics). */
let lastReused = 0;

/** Explanations the latest analysis with a kept base side took from the push before it. */
export function explanationsReused(): number {
  return lastReused;
}

/** At most this many explained pairs are kept (a warm process must not hold a 100k cluster's worth twice). */
const MAX_KEPT = 100_000;

/**
 * The explanations for an analysis of `head` against `side` with `options` (plain data, report-reuse.ts
 * `optionsKey`; undefined: nothing reused or kept) over `regions`. Call `done` once every pair is
 * explained: it keeps this analysis's explanations for the next one.
 */
export function explanationReuse(side: BaseSide, head: Cluster, options: string | undefined, regions: RegionSet | undefined): { readonly explain: ExplainReuse; readonly done: () => void } {
  const kept = options === undefined ? undefined : lastExplained.get(side);
  // Dropped now: the new analysis's peak memory must not hold it twice.
  lastExplained.delete(side);
  // The numbers go on from the last push's (its keys are in them), unless they grew large.
  const last = kept && kept.options === options && kept.numbers.size < 8 * MAX_KEPT ? kept : undefined;
  const numbers = last?.numbers ?? new Numbers();
  const stable = last ? stableEnds(last.head, head) : undefined;
  const explained = new Map<string, Why>();
  lastReused = 0;
  const contentOf = regions && regionContents(regions);
  const regionEnds: number[] = [];
  const endKey = (p: PeerRef): number | undefined => {
    switch (p.type) {
      case 'workload':
        return numbers.of(p.workload.id);
      case 'pods':
        if (p.region === undefined || !contentOf) return undefined;
        return (regionEnds[p.region] ??= numbers.of(`\u0000region\u0000${peerId(p)}\u0000${contentOf(p.region)}`));
      case 'ingress-controller':
        return undefined;
      case 'external':
      case 'domain':
        return numbers.of(`\u0000${p.type}\u0000${peerId(p)}`);
    }
  };
  const keyOf = (p: PairDiff): string | undefined => {
    const s = endKey(p.src);
    const d = endKey(p.dst);
    if (s === undefined || d === undefined) return undefined;
    const sets = `${p.opened ? numbers.of(p.opened.key) : '-'},${p.closed ? numbers.of(p.closed.key) : '-'}`;
    return `${s},${d},${sets},${p.peerChanges.src ?? ''},${p.peerChanges.dst ?? ''},${p.namedPorts ? numbers.of(JSON.stringify(p.namedPorts)) : '-'}`;
  };
  const explain: ExplainReuse = (pair, compute) => {
    const key = options === undefined ? undefined : keyOf(pair);
    const known = key !== undefined && stable?.peer(pair.src, regions) && stable.peer(pair.dst, regions) ? last!.explained.get(key) : undefined;
    if (known) lastReused++;
    const why = known ?? compute(pair);
    if (key !== undefined && explained.size < MAX_KEPT) explained.set(key, why);
    return why;
  };
  const done = () => {
    if (options !== undefined && explained.size < MAX_KEPT) lastExplained.set(side, { options, head, numbers, explained });
  };
  return { explain, done };
}
