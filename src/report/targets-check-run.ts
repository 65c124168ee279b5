/**
 * The check run over targets: conclusion and annotations from all targets together; the summary says
 * per target what changed, how targets were chosen, the warnings about changed files and one count
 * line for the rest (the text, rendered without the changed-file filter, lists every warning).
 */
import type { TargetsReport } from '../targets/analyze-targets.js';
import type { CheckRunOptions, CheckRunResult } from './check-run.js';
import { checkRunResult, clip, decidedConclusion, responsibleLines } from './check-run.js';
import { fails } from './verdict.js';
import { countedErrors } from '../targets/parent-failed-on-base.js';
import { warningsMarkdown } from './diff-markdown.js';
import { foldClause } from './assumed-fold.js';
import { counterpartNotes } from './counterpart-notes.js';
import { foldNoteItems } from './fold-notes.js';
import { alternativesHow, notAnalysedNotices, targetsHeadline, unanalysedInputs } from './targets-markdown.js';

/**
 * When some targets' paths and errors never fail the run (new only because their parent's build fails on
 * base, targets/parent-failed-on-base.ts): the head lines whose other targets' paths fail it, and the errors
 * that may, so those targets' annotations are warnings as their counts are (`counts.notFailing`).
 */
function countedChanges(report: TargetsReport, options: Pick<CheckRunOptions, 'failOn'>): CheckRunOptions['counted'] {
  if (!report.targets.some((t) => t.parentFailedOnBase)) return undefined;
  const counts = new Map<string, { opened: number; closed: number; combinedLabels: number }>();
  for (const t of report.targets.filter((x) => !x.parentFailedOnBase)) {
    for (const [key, line] of responsibleLines(t.report)) {
      const c = counts.get(key) ?? counts.set(key, { opened: 0, closed: 0, combinedLabels: 0 }).get(key)!;
      c.opened += line.opened.length + line.combinedLabels.length;
      c.combinedLabels += line.combinedLabels.length;
      c.closed += line.closed.length;
    }
  }
  const lines = new Set([...counts].filter(([, c]) => fails(c, options.failOn)).map(([key]) => key));
  return { lines, errors: countedErrors(report.targets, (i) => report.targets[i].parentFailedOnBase !== undefined, report.changedFiles) };
}

/**
 * Changed files that no build reads (`OUTSIDE_TARGETS`) are in no verdict: their change is not analysed, so
 * a run that would be `success` is `neutral` instead (never blocks, never says "proven"), as for policy
 * kinds reachdiff does not model (check-run.ts). The summary says them under the verdict.
 */
export function targetsCheckRun(report: TargetsReport, options: CheckRunOptions): CheckRunResult {
  const decided = checkRunResult(report.combined, { ...options, counted: countedChanges(report, options) });
  const outside = notAnalysedNotices(report);
  const blind = outside.length > 0 && decided.conclusion === 'success';
  // A target's "no change" that rests on a fold is not proven (unproven.ts): never `success`, as for the combined report of one target.
  const assumedOnly = !blind && decided.conclusion === 'success' && report.targets.some((t) => t.report.assumedFold || t.report.assumedGone);
  const result = blind || assumedOnly ? { ...decided, conclusion: 'neutral' as const } : decided;
  const lines = result.summary.split('\n');
  // A "no change" with changed inputs not analysed names them (targets-markdown.ts unanalysedInputs), as the comment does.
  const inputs = unanalysedInputs(report);
  if (report.targets.length > 1 || inputs) lines[0] = `**${targetsHeadline(report)}**`;
  if (outside.length) lines.splice(1, 0, '', ...outside.map((m) => `⚠️ ${m}${blind ? '. So the check is not `success`.' : '.'}`));
  // What a target paired across a move rests on (fold-notes.ts), under the verdict and what was not analysed.
  const assumed = foldNoteItems(report);
  const notSuccess = result.conclusion === 'neutral' && decidedConclusion(report.combined, options) === 'success' ? ' So the check is not `success`.' : '';
  // And what a new or removed target was compared with, instead of an empty cluster (counterpart-notes.ts).
  // And that this run does less than a whole analysis: a redelivered job (github/attempts.ts).
  const reduced = report.notices.filter((n) => n.code === 'REDUCED_ANALYSIS').map((n) => `ℹ️ ${n.message}.`);
  const told = [...assumed.map((m) => (m.unproven ? `⚠️ ${m.text}.${notSuccess}` : `ℹ️ ${m.text}.`)), ...counterpartNotes(report).map((m) => `ℹ️ ${m}.`), ...reduced];
  if (told.length) lines.splice(outside.length ? outside.length + 2 : 1, 0, '', ...told);
  const warnings = warningsMarkdown(report.combined.warnings, report.changedFiles);
  // The Targets line with the pairs of alternative bundles, said once (targets-markdown.ts).
  const how = alternativesHow(report);
  const summary = [...lines, ...(warnings.length ? ['', ...warnings] : []), ...(how ? ['', `<sub>${how}</sub>`] : [])].join('\n').trimEnd();
  const folded = report.targets.filter((t) => t.report.assumedFold);
  const named =
    report.targets.length > 1 && !/^No change/.test(result.title)
      ? `${result.title} (${report.targets.filter((t) => t.report.counts.opened + t.report.counts.closed > 0).map((t) => t.name).join(', ')})`
      : report.targets.length > 1 && folded.length
        ? `${result.title}, unproven (${folded[0].name}: no change ${foldClause(folded[0].report.assumedFold!)}${folded.length > 1 ? `; ${folded.length - 1} more` : ''})`
        : result.title;
  const title = outside.length ? `${inputs ? named.replace(/^No change in allowed connectivity/, 'No change found in what was analysed') : named}; changed files not analysed` : named;
  return { ...result, title: title.length > 255 ? result.title : title, summary: clip(summary) };
}
