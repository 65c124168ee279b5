/**
 * The check run over targets: conclusion and annotations from all targets together; the summary says
 * per target what changed, how targets were chosen, the warnings about changed files and one count
 * line for the rest (the text, rendered without the changed-file filter, lists every warning).
 */
import type { TargetsReport } from '../targets/analyze-targets.js';
import type { CheckRunOptions, CheckRunResult } from './check-run.js';
import { checkRunResult, clip } from './check-run.js';
import { warningsMarkdown } from './diff-markdown.js';
import { howTargets, targetsHeadline } from './targets-markdown.js';

export function targetsCheckRun(report: TargetsReport, options: CheckRunOptions): CheckRunResult {
  const result = checkRunResult(report.combined, options);
  const lines = result.summary.split('\n');
  if (report.targets.length > 1) lines[0] = `**${targetsHeadline(report)}**`;
  const warnings = warningsMarkdown(report.combined.warnings, report.changedFiles);
  const how = howTargets(report);
  const summary = [...lines, ...(warnings.length ? ['', ...warnings] : []), ...(how ? ['', `<sub>${how}</sub>`] : [])].join('\n').trimEnd();
  const title = report.targets.length > 1 && !/^No change/.test(result.title) ? `${result.title} (${report.targets.filter((t) => t.report.counts.opened + t.report.counts.closed > 0).map((t) => t.name).join(', ')})` : result.title;
  return { ...result, title: title.length > 255 ? result.title : title, summary: clip(summary) };
}
