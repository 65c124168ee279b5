/**
 * The targets a cluster model merges, as its section heading names them after its own name in text and
 * Markdown: ` (a, b, c)`, and past MEMBERS_NAMED the first ones and a count (` (a, b, c, d, e and 135
 * more targets)`): a Flux repository's cluster of 140 Kustomizations wrote every name on one heading
 * line (new-user trial 39). `reachdiff targets` and the JSON (`targets[].members`) list them all.
 */
import type { TargetResult } from '../targets/analyze-targets.js';
import { namedItems } from '../util/and-list.js';

/** Targets named in a heading before the rest are counted. */
export const MEMBERS_NAMED = 5;

/** `''` for a model of one target; else ` (names…)` as above. */
export function membersClause(t: Pick<TargetResult, 'members'>): string {
  if (t.members.length <= 1) return '';
  const { named, more } = namedItems(t.members.map((m) => m.name), MEMBERS_NAMED);
  return ` (${named.join(', ')}${more > 0 ? ` and ${more} more targets` : ''})`;
}
