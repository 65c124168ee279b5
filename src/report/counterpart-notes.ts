/**
 * A target the change adds (or removes) that the report compared with the target of the other side
 * deploying the same workloads and policies, not with an empty cluster (targets/counterpart-targets.ts:
 * real-eval 10, C-b, a new overlay of components base already deploys read as every path opened). Its
 * label says which target it was compared with; a note under the verdict says what the comparison with an
 * empty cluster would have counted, so the other reading is never hidden.
 */
import type { TargetResult, TargetsReport } from '../targets/analyze-targets.js';
import { plural } from '../util/plural.js';
import { namedItems } from '../util/and-list.js';

type Compared = Pick<TargetResult, 'name' | 'lifecycle' | 'comparedWith'>;

/**
 * `compared with config/frr, which deploys the same workloads` (`which still deploys` for a removed
 * target; `2 of its 3 workloads and policies` when the counterpart deploys only most of them); undefined
 * for a target compared with nothing.
 */
export function comparedClause(t: Compared): string | undefined {
  const c = t.comparedWith;
  if (!c) return undefined;
  return `compared with ${namesText(c.names)}${loneText(t)}, which ${verbText(t)} ${objectsText(c)}`;
}

/**
 * The counterpart's targets joined by ` + `, the first three and a count of the rest when there are more: a
 * cluster moved to another folder is compared with its every target (59 in one homelab), which named each in
 * the headline. The JSON's `comparedWith.names` lists them all.
 */
function namesText(names: readonly string[]): string {
  const { named, more } = namedItems(names, 3);
  return `${named.join(' + ')}${more > 0 ? ` and ${plural(more, 'more target')}` : ''}`;
}

/** ` (removed by this change)` / ` (new in this change)` for a counterpart only the other side has; empty otherwise. */
function loneText(t: Compared): string {
  if (!t.comparedWith?.lone) return '';
  return t.lifecycle === 'removed' ? ' (new in this change)' : ' (removed by this change)';
}

/** `deploys`, `still deploys` (a removed target's counterpart head keeps), `deployed` (a new target's predecessor, gone in head). */
function verbText(t: Compared): string {
  const one = t.comparedWith?.names.length === 1;
  if (t.comparedWith?.lone) return t.lifecycle === 'removed' ? (one ? 'deploys' : 'deploy') : 'deployed';
  return `${t.lifecycle === 'removed' ? 'still ' : ''}${one ? 'deploys' : 'deploy'}`;
}

/** One sentence per compared target, without a final period; none without any. */
export function counterpartNotes(report: Pick<TargetsReport, 'targets'>): string[] {
  return report.targets.flatMap((t) => {
    const c = t.comparedWith;
    if (!c) return [];
    const names = namesText(c.names);
    const alone = [...(c.alone.opened ? [`open ${plural(c.alone.opened, 'path')}`] : []), ...(c.alone.closed ? [`close ${plural(c.alone.closed, 'path')}`] : [])].join(' and ') || 'open or close no path';
    const whose = `${t.lifecycle === 'removed' ? "head's" : "base's"} ${names}${loneText(t)}`;
    if (t.lifecycle === 'removed') return [`${t.name} is removed by this change; ${whose} ${verbText(t)} ${objectsText(c)}, so the report compares it with ${names}; compared with an empty cluster, its removal would ${alone}`];
    return [`${t.name} is new in this change; ${whose} ${verbText(t)} ${objectsText(c)}, so the report compares it with ${names}; compared with an empty cluster, it would ${alone}`];
  });
}

/** `the same workloads`, `the same workloads and policies`, `3 of its 4 workloads and policies` (`its`: the lone target's). */
function objectsText(c: NonNullable<TargetResult['comparedWith']>): string {
  const kinds = c.workloads === c.shared ? 'workloads' : c.workloads === 0 ? 'policies' : 'workloads and policies';
  return c.shared === c.of ? `the same ${kinds}` : `${c.shared} of its ${c.of} workloads and policies`;
}
