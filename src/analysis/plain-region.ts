/**
 * The region of a policy subject's plain pods: those carrying its selector's labels and no label another
 * selector reads. They are the pods its name speaks of in a report (`db/[pod with {name=cache}]`); the
 * regions beside them in its selector are label combinations with other selectors (`app=other` with
 * `name=cache`), pods the manifests rarely make.
 */
import type { AbstractPeer, Labels, RegionSet } from '../engine/index.js';

/**
 * The region holding the pod with only `peer`'s labels, in its namespace: `matchLabels`, the first value
 * of each `In` (no label for `NotIn` and `DoesNotExist`). Undefined for a peer without a namespace by name,
 * for a selector asking `Exists` (no one value is its plain pods'), for requirements that contradict each
 * other, or when the bound cut the namespace short (`RegionSet.locate`).
 */
export function plainRegion(regions: RegionSet, peer: AbstractPeer): number | undefined {
  if (peer.namespace === undefined) return undefined;
  const labels: Record<string, string> = { ...peer.podSelector.matchLabels };
  for (const r of peer.podSelector.expressions) {
    if (r.op === 'Exists') return undefined;
    if (r.op === 'In') {
      if (r.values.length === 0) return undefined;
      const had = labels[r.key];
      if (had !== undefined && !r.values.includes(had)) return undefined;
      if (had === undefined) labels[r.key] = r.values[0];
    }
  }
  // A NotIn or DoesNotExist that rules out a label set above: the selector has no plain pods to find.
  for (const r of peer.podSelector.expressions) {
    const v = labels[r.key];
    if (v !== undefined && (r.op === 'DoesNotExist' || (r.op === 'NotIn' && r.values.includes(v)))) return undefined;
  }
  return regions.locate(peer.namespace, labels as Labels);
}
