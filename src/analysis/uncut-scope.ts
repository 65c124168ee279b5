/**
 * Whether a policy (a NetworkPolicy-tier part, or a cluster-wide policy) reaches pods whose analysis the region
 * bound cut short (engine/regions.ts `RegionSet.incompleteIn`): its subject lies in such a partition, or a rule
 * peer of it can pick pods there (an `own` peer its namespace; a namespace selector a known namespace cut
 * short, or the namespaces the manifests do not know where a part of them was; a rule without peers, every
 * pod). What such a change opens or closes there may be merged with pods it does not, so a "no change" there
 * is not proven (diff-report.ts; new-user trial 41, Tsuguya/home 73827ab).
 */
import type { ClusterPolicy, Labels, LabelSelector, NetworkPolicy, RegionSet } from '../engine/index.js';
import { DIRECTIONS, matches } from '../engine/index.js';
import { picksOtherNamespace } from '../engine/outside-subjects.js';

export function reachesUncut(regions: Pick<RegionSet, 'incompleteIn'>, known: ReadonlyMap<string, readonly Labels[]>): (part: NetworkPolicy | ClusterPolicy) => boolean {
  const short = [...regions.incompleteIn].filter((n) => known.has(n));
  const shortKnown = new Set(short);
  // A part of the namespaces the manifests do not know (`~ns<k>`) cut short.
  const otherShort = [...regions.incompleteIn].some((n) => !known.has(n));
  const picks = (selector: LabelSelector) => short.some((n) => known.get(n)!.some((l) => matches(selector, l))) || (otherShort && picksOtherNamespace(selector, known));
  return (part) => {
    if (regions.incompleteIn.size === 0) return false;
    if ('subject' in part) {
      if (picks(part.subject.namespaces)) return true;
      // Related peers (same or other labels as the subject's namespace) are taken to reach anywhere.
      return DIRECTIONS.some((d) => part[d].some((r) => r.peers.some((p) => (p.kind === 'pods' ? picks(p.namespaces) : p.kind !== 'networks'))));
    }
    if (shortKnown.has(part.namespace)) return true;
    return DIRECTIONS.some((d) => part[d].some((r) => r.peers === 'any' || r.peers.some((p) => p.kind === 'pods' && (p.namespaces === 'own' ? shortKnown.has(part.namespace) : picks(p.namespaces)))));
  };
}
