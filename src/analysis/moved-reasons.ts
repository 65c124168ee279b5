/**
 * One pass shape for the stages that cite reasons elsewhere (edited-objects.ts `reasonsWhereEdited`,
 * substituted-lines.ts `rulesWhereSubstituted`): each reason of each pair's why lists through `move`, asked once
 * per reason object (pairs share reasons), and the very pair object kept where none moved.
 */
import type { Reason } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

export function movedReasons(pairs: readonly ExplainedPair[], move: (r: Reason) => Reason): ExplainedPair[] {
  const memo = new Map<Reason, Reason>();
  const once = (r: Reason): Reason => {
    let out = memo.get(r);
    if (out === undefined) memo.set(r, (out = move(r)));
    return out;
  };
  return pairs.map((p) => {
    const opened = p.whyOpened.map(once);
    const closed = p.whyClosed.map(once);
    return opened.some((r, i) => r !== p.whyOpened[i]) || closed.some((r, i) => r !== p.whyClosed[i]) ? { ...p, whyOpened: opened, whyClosed: closed } : p;
  });
}
