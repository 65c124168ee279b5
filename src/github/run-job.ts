/**
 * One analysis, from an in-progress check run to its completion: configuration, the PR's merge base
 * and head, the manifests of both, the diff, then the comment, the check run and the optional rollback
 * review. Whatever fails before the check run is completed, it is completed with the reason; a failed
 * review is only logged (the analysis stands); a head that moved meanwhile drops the result.
 */
import { parsePodCidrs } from '../manifests/pod-network.js';
import type { Context } from 'probot';
import type { ManifestFile } from '../manifests/load.js';
import { manifestMatcher } from '../manifests/path-matcher.js';
import type { TargetsOptions, TargetsReport } from '../targets/analyze-targets.js';
import { mapReports } from '../targets/analyze-targets.js';
import type { LoadedPair } from './load-commit.js';
import type { BlobCache } from './blob-cache.js';
import { closeCheckRun } from './check-run.js';
import type { Config } from './config.js';
import { loadConfig } from './config.js';
import { describeError } from './errors.js';
import { publishPrReport, renderPrReport } from './publish.js';
import type { Job } from './job.js';
import type { RepoRef } from './load-commit.js';
import { loadCommitPair } from './load-commit.js';
import type { Octokit } from './octokit.js';
import { postRollbackReview } from './rollback-review.js';
import { attemptPlan } from './attempts.js';
import type { Notice } from '../targets/types.js';

/** `baseKey`: names the base files (repository and base tree SHA), so a warm process reuses the base side. */
export type Analyze = (base: ManifestFile[], head: ManifestFile[], options: TargetsOptions) => Promise<TargetsReport>;

export interface RunDeps {
  readonly analyze: Analyze;
  readonly cache: BlobCache;
  /** Epoch ms after which the run gives up and reports it (a Lambda's remaining time, minus margin). */
  readonly deadline?: number;
  /** API calls made for this event so far. */
  readonly calls: () => number;
  /** Which receive of the queued job this is (1: the first; attempts.ts): later ones analyse less, and say so. */
  readonly attempt?: number;
}

export type RunOutcome = 'completed' | 'stale' | 'invalid-config' | 'failed';

export interface RunStats {
  readonly outcome: RunOutcome;
  readonly apiCalls: number;
  readonly files?: number;
  readonly fetchedBlobs?: number;
  /** Content bytes downloaded (blob texts and tarballs). */
  readonly fetchedBytes?: number;
  readonly comment?: string;
  readonly conclusion?: string;
}

class OutOfTime extends Error {}


export async function runJob(context: Context, job: Job, deps: RunDeps): Promise<RunStats> {
  const octokit = context.octokit;
  const repo = { owner: job.owner, repo: job.repo };
  try {
    return await analyseAndReport(context, octokit, repo, job, deps);
  } catch (error) {
    const message = error instanceof OutOfTime ? error.message : describeError(error);
    context.log.error({ err: error, delivery: job.deliveryId }, `reachdiff failed: ${message}`);
    await closeCheckRun(octokit, repo, job.checkRunId, 'failure', 'reachdiff could not finish', `The analysis stopped with an error, so this check says nothing about the change.\n\n\`\`\`\n${message}\n\`\`\`\n\nRe-run the check to try again.`);
    return { outcome: 'failed', apiCalls: deps.calls() };
  }
}

async function analyseAndReport(context: Context, octokit: Octokit, repo: RepoRef, job: Job, deps: RunDeps): Promise<RunStats> {
  const timeLeft = () => {
    if (deps.deadline !== undefined && Date.now() > deps.deadline) throw new OutOfTime('Ran out of time before the analysis finished (time budget exceeded).');
  };
  const loaded = await loadConfig(context);
  if (!loaded.ok) {
    const list = loaded.problems.map((p) => `- \`${p.key}\`${p.at ? ` (${p.at})` : ''}: ${p.message}`).join('\n');
    await closeCheckRun(octokit, repo, job.checkRunId, 'failure', `Invalid configuration: ${loaded.problems.map((p) => p.key).join(', ')}`, `\`.github/reachdiff.yml\` (read from the default branch) is not valid, so nothing was analysed:\n\n${list}`);
    return { outcome: 'invalid-config', apiCalls: deps.calls() };
  }
  const config = loaded.config;
  const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: job.pullNumber });
  if (pr.head.sha !== job.headSha) return dropStale(octokit, repo, job, pr.head.sha, deps);
  const { data: cmp } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${pr.base.sha}...${job.headSha}`, per_page: 1 });
  const mergeBase = cmp.merge_base_commit.sha;
  timeLeft();
  const pair = await loadCommitPair(octokit, repo, mergeBase, job.headSha, fileMatcher(config), deps.cache);
  timeLeft();
  // The next push of this PR usually has the same merge base: its base side is then reused whole.
  const baseKey = pair.baseTree === undefined ? undefined : `${repo.owner}/${repo.repo}@${pair.baseTree}`;
  const base = pr.base.repo as { clone_url?: string; ssh_url?: string; html_url?: string };
  const repoUrls = [base.clone_url, base.ssh_url, base.html_url].filter((u): u is string => !!u);
  // The App never runs commands: charts stay unrendered (noted), `render` entries are noted as not run.
  // A redelivered job (a worker stopped before it finished) does less, and says so (attempts.ts).
  const plan = attemptPlan(deps.attempt ?? 1);
  const analysed = withNotices(withSourceWarnings(await deps.analyze(pair.base, pair.head, { ...plan.options, ignoreNamespaces: [...config.ignoreNamespaces], baseKey, findings: config.findings, podNetwork: podNetworkOf(config.podCIDRs), ...(pair.treeFolders ? { treeFolders: pair.treeFolders } : {}), discover: { configTargets: config.targets, namespaceFromPath: config.namespaceFromPath ?? undefined, repoUrls, branch: pr.base.ref, selectGlobs: config.manifests, ...(pair.goFolders ? { goFolders: pair.goFolders } : {}) } }), pair.diagnostics), plan.notices);
  const rendered = renderPrReport(analysed, config, { htmlUrl: pr.base.repo.html_url, baseSha: mergeBase, headSha: job.headSha }, config.rollback === 'button');
  const { data: fresh } = await octokit.rest.pulls.get({ ...repo, pull_number: job.pullNumber });
  if (fresh.head.sha !== job.headSha) return dropStale(octokit, repo, job, fresh.head.sha, deps);
  const comment = await publishPrReport(octokit, repo, job.pullNumber, job.checkRunId, rendered, config);
  const { report, check: result } = rendered;
  if (report.rollback.documents.length > 0 && (job.rollbackRequested || config.rollback === 'auto')) {
    const patchHint = comment.action === 'none' ? 'the reachdiff check run (Details)' : `the patch in [the reachdiff comment](${comment.url})`;
    try {
      await postRollbackReview(octokit, repo, job, report.rollback, patchHint, !job.rollbackRequested, report.counts.combinedLabels);
    } catch (error) {
      // The analysis is reported already; a review GitHub refused changes nothing about it.
      context.log.error({ err: error, delivery: job.deliveryId }, `reachdiff could not post the rollback review: ${describeError(error)}`);
    }
  }
  return { outcome: 'completed', apiCalls: deps.calls(), files: pair.stats.files, fetchedBlobs: pair.stats.fetched, fetchedBytes: pair.stats.bytes, comment: comment.action, conclusion: result.conclusion };
}

async function dropStale(octokit: Octokit, repo: RepoRef, job: Job, current: string, deps: RunDeps): Promise<RunStats> {
  await closeCheckRun(octokit, repo, job.checkRunId, 'cancelled', 'Superseded by a newer commit', `The pull request's head moved to ${current} while ${job.headSha} was being analysed; that commit has its own run.`);
  return { outcome: 'stale', apiCalls: deps.calls() };
}

/** The configured manifest globs, as the matcher the loader uses. */
export function fileMatcher(config: Pick<Config, 'manifests' | 'exclude'>): (path: string) => boolean {
  return manifestMatcher(config.manifests, config.exclude);
}

/** The configured pod network (already validated with the configuration); none when not configured. */
function podNetworkOf(cidrs: readonly string[]) {
  const parsed = parsePodCidrs(cidrs);
  return 'network' in parsed && !parsed.network.isEmpty() ? parsed.network : undefined;
}

/** What loading the commits says of the sources themselves (a link out of the repository): warnings of their side, as the CLI's. */
function withNotices(report: TargetsReport, notices: readonly Notice[]): TargetsReport {
  return notices.length === 0 ? report : { ...report, notices: [...notices, ...report.notices] };
}

function withSourceWarnings(report: TargetsReport, diagnostics: LoadedPair['diagnostics']): TargetsReport {
  if (!diagnostics) return report;
  return mapReports(report, (r, first) => (first ? { ...r, warnings: { base: [...diagnostics.base, ...r.warnings.base], head: [...diagnostics.head, ...r.warnings.head] } } : r));
}
