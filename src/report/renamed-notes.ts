/**
 * Workloads renamed with the same pods in targets whose report has no section of its own (a rename alone
 * changes no path: analysis/renamed-workloads.ts). One line per such target, so that a multi-target report
 * still says why workloads changed names: "Workloads renamed in clusters/staging, the same pods (their paths
 * compared as one): shop/api[Deployment] → shop/stg-api[Deployment]". A target with a section lists its
 * renames there (diff-text.ts, diff-markdown.ts).
 */
import type { TargetResult } from '../targets/analyze-targets.js';
import { targetLabel } from './same-sections.js';
import { renamesList } from '../analysis/renamed-workloads.js';

export function renamedNotes(targets: readonly TargetResult[], hasSection: (t: TargetResult) => boolean): string[] {
  return targets.flatMap((t) => {
    const renamed = t.report.renamed ?? [];
    if (renamed.length === 0 || hasSection(t)) return [];
    return [`Workloads renamed in ${targetLabel(t)}, the same pods (their paths compared as one): ${renamesList(renamed)}`];
  });
}
