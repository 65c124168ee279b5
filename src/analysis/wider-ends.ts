/**
 * Pairs as the headline tells them: a workload end that sits in a region wider than its own pods (a rule
 * admits the whole namespace `ops`, not only `ops/tool`; `DiffReport.widerRegions`) is replaced by the rule
 * peer that admits the region, and the workload is kept as the one that region holds today, so the
 * headline says "opens db/pg to ops/[all pods] (ops/tool today)" as the grouped lines do.
 */
import type { PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { ExplainedPair, WiderPair } from './types.js';
import { renamedEnds, workloadPairIds } from './wider-pair.js';

export interface WiderEndsPair {
  /** The pair with its ends in wider regions renamed (the other fields are the workload pair's). */
  readonly pair: ExplainedPair;
  /** The original pair (its ends as the manifests name them: tags, namespaces). */
  readonly original: ExplainedPair;
  /** Region peer id → the workloads it stands for in this pair. */
  readonly today: ReadonlyMap<string, readonly PeerRef[]>;
}

const NONE: ReadonlyMap<string, readonly PeerRef[]> = new Map();

/** Every pair of `pairs`, in order, with the ends `wider` renames (matched by the workload pair's ids). */
export function withWiderEnds(pairs: readonly ExplainedPair[], wider: readonly WiderPair[]): WiderEndsPair[] {
  // By source id, then destination id: a report's region pairs run to the hundred thousand, and a key joined
  // per pair would be a string made (and flattened to look up) per pair.
  const byPair = new Map<string, Map<string, WiderPair[]>>();
  for (const w of wider) {
    const [src, dst] = workloadPairIds(w);
    const bySrc = byPair.get(src) ?? byPair.set(src, new Map()).get(src)!;
    (bySrc.get(dst) ?? bySrc.set(dst, []).get(dst)!).push(w);
  }
  return pairs.map((p) => {
    const renames = byPair.size === 0 ? undefined : byPair.get(peerId(p.src))?.get(peerId(p.dst));
    if (!renames) return { pair: p, original: p, today: NONE };
    let pair = p;
    const today = new Map<string, PeerRef[]>();
    for (const w of renames) {
      for (const { end } of renamedEnds(w)) {
        pair = { ...pair, [end]: w[end] };
        today.set(peerId(w[end]), [p[end]]);
      }
    }
    return { pair, original: p, today };
  });
}
