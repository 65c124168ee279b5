/**
 * Pairs whose reasons count their reads: a render that groups abstract pairs once reads each pair's
 * `whyOpened`/`whyClosed` a fixed number of times, however many attempts it makes.
 */
import type { ExplainedPair } from '../../src/analysis/types.js';

/** `pairs`, each abstract one (an end of pods the manifests do not hold) a copy whose reasons add to `reads` when read. */
export function withCountedReasons(pairs: readonly ExplainedPair[], reads: Map<ExplainedPair, number>): ExplainedPair[] {
  return pairs.map((p) => {
    if (p.src.type !== 'pods' && p.dst.type !== 'pods') return p;
    const copy = { ...p } as ExplainedPair;
    reads.set(copy, 0);
    for (const field of ['whyOpened', 'whyClosed'] as const) {
      const value = p[field];
      Object.defineProperty(copy, field, { get: () => (reads.set(copy, reads.get(copy)! + 1), value), enumerable: true });
    }
    return copy;
  });
}
