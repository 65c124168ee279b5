/**
 * A target the change adds (or removes) that the report compared with the target of the other side
 * deploying the same workloads and policies, not with an empty cluster (targets/counterpart-targets.ts:
 * real-eval 10, C-b, a new overlay of components base already deploys read as every path opened). Its
 * label says which target it was compared with; a note under the verdict says what the comparison with an
 * empty cluster would have counted, so the other reading is never hidden.
 */
import type { TargetResult, TargetsReport } from '../targets/analyze-targets.js';
import { plural } from '../util/plural.js';

type Compared = Pick<TargetResult, 'name' | 'lifecycle' | 'comparedWith'>;

/**
 * `compared with config/frr, which deploys the same workloads` (`which still deploys` for a removed
 * target; `2 of its 3 workloads and policies` when the counterpart deploys only most of them); undefined
 * for a target compared with nothing.
 */
export function comparedClause(t: Compared): string | undefined {
  const c = t.comparedWith;
  if (!c) return undefined;
  const verb = `${t.lifecycle === 'removed' ? 'still ' : ''}${c.names.length === 1 ? 'deploys' : 'deploy'}`;
  return `compared with ${c.names.join(' + ')}, which ${verb} ${objectsText(c)}`;
}

/** One sentence per compared target, without a final period; none without any. */
export function counterpartNotes(report: Pick<TargetsReport, 'targets'>): string[] {
  return report.targets.flatMap((t) => {
    const c = t.comparedWith;
    if (!c) return [];
    const names = c.names.join(' + ');
    const alone = [...(c.alone.opened ? [`open ${plural(c.alone.opened, 'path')}`] : []), ...(c.alone.closed ? [`close ${plural(c.alone.closed, 'path')}`] : [])].join(' and ') || 'open or close no path';
    const verb = c.names.length === 1 ? 'deploys' : 'deploy';
    if (t.lifecycle === 'removed') return [`${t.name} is removed by this change; head's ${names} still ${verb} ${objectsText(c)}, so the report compares it with ${names}; compared with an empty cluster, its removal would ${alone}`];
    return [`${t.name} is new in this change; base's ${names} ${verb} ${objectsText(c)}, so the report compares it with ${names}; compared with an empty cluster, it would ${alone}`];
  });
}

/** `the same workloads`, `the same workloads and policies`, `3 of its 4 workloads and policies` (`its`: the lone target's). */
function objectsText(c: NonNullable<TargetResult['comparedWith']>): string {
  const kinds = c.workloads === c.shared ? 'workloads' : c.workloads === 0 ? 'policies' : 'workloads and policies';
  return c.shared === c.of ? `the same ${kinds}` : `${c.shared} of its ${c.of} workloads and policies`;
}
