/**
 * The report of a pull request, as the App and the GitHub Action both publish it: rendered once from
 * the targets' results (new findings only; the comment with the picture, the check run's text with
 * every warning), then written as the one comment and the completed check run.
 */
import type { DiffReport } from '../analysis/types.js';
import type { CheckRunResult } from '../report/check-run.js';
import { renderPrTexts } from '../report/pr-report.js';
import { targetsCheckRun } from '../report/targets-check-run.js';
import { notAnalysedNotices, unprovenReasons } from '../report/targets-markdown.js';
import type { TargetsReport } from '../targets/analyze-targets.js';
import { mapReports } from '../targets/analyze-targets.js';
import { completeCheckRun } from './check-run.js';
import type { Config } from './config.js';
import type { CommentOutcome } from './ensure-comment.js';
import { COMMENT_MAX_CHARS, ensureComment } from './ensure-comment.js';
import type { RepoRef } from './load-commit.js';
import type { Octokit } from './octokit.js';
import { peerLabeller } from './peer-label.js';

/** Under GitHub's 65,535-character limit on a check run's text. */
const CHECK_TEXT_MAX = 65000;

export interface PrReport {
  /** All targets together, new findings only. */
  readonly report: DiffReport;
  readonly body: string;
  readonly check: CheckRunResult;
  /**
   * Whether anything is worth a new comment: paths, workloads or findings changed, or the pull request
   * brings errors or changes what reachdiff could not analyse (a failing build, files no build reads, a
   * policy kind it does not model): a reviewer must hear of those, not only from a neutral check.
   */
  readonly changed: boolean;
}

export interface PrCommits {
  /** The repository's web URL (links to lines). */
  readonly htmlUrl: string;
  readonly baseSha: string;
  readonly headSha: string;
}

export function renderPrReport(analysed: TargetsReport, config: Config, commits: PrCommits, rollbackButton: boolean): PrReport {
  // The comment and the check show new findings only: old debt is not this pull request's.
  const targets = mapReports(analysed, (r) => ({ ...r, findings: r.findings.filter((f) => f.new) }));
  const report = targets.combined;
  const link = (ref: { file: string; line: number }, side: 'base' | 'head') => `${commits.htmlUrl}/blob/${side === 'head' ? commits.headSha : commits.baseSha}/${encodeURI(ref.file)}#L${ref.line}`;
  const peerLabel = peerLabeller(config.externalNames, report.workloads);
  const cliHint = `\`reachdiff diff ${commits.baseSha.slice(0, 12)} ${commits.headSha.slice(0, 12)}\` in a clone`;
  const { body, text } = renderPrTexts(targets, { link, peerLabel, changedFiles: targets.changedFiles }, { comment: COMMENT_MAX_CHARS, checkText: CHECK_TEXT_MAX, cliHint });
  const check = targetsCheckRun(targets, { failOn: config.failOn, failLevel: config.findings.failLevel, otherChanges: config.otherChanges, rollbackButton, text, peerLabel });
  const unanalysed = (report.counts.notAnalysed ?? 0) + (report.counts.errors ?? 0) + notAnalysedNotices(targets).length + report.unmodelled.filter((u) => u.changed > 0).length + targets.targets.filter((t) => unprovenReasons(t).length > 0).length;
  const changed = report.counts.opened + report.counts.closed + report.added.length + report.removed.length + report.findings.length + unanalysed > 0;
  return { report, body, check, changed };
}

/** The comment (created when there is something to say, or when configured so) and the completed check run. */
export async function publishPrReport(octokit: Octokit, repo: RepoRef, pullNumber: number, checkRunId: number, pr: PrReport, config: Config): Promise<CommentOutcome> {
  const comment = config.comment.enabled ? await ensureComment(octokit, repo, pullNumber, pr.body, pr.changed || config.comment.postWhenUnchanged) : { action: 'none' as const };
  await completeCheckRun(octokit, repo, checkRunId, pr.check);
  return comment;
}
