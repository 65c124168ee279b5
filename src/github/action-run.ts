/**
 * The GitHub Action's run (`action.yml` → `dist/action.js`): for teams that render manifests in CI or
 * cannot host the App. It diffs the pull request's base and head (folders the workflow checked out and
 * rendered, or git revisions), then posts the same comment and check run as the App, through the same
 * report code, with the workflow's token. Reads the Actions environment: `GITHUB_EVENT_PATH` (the
 * `pull_request` event), `GITHUB_REPOSITORY`, `GITHUB_API_URL`, `GITHUB_SERVER_URL`, the token, and the
 * inputs as `INPUT_*` variables; writes the step summary and the outputs `opened`, `closed`, `conclusion`.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { analyzeSides } from '../cli/diff-command.js';
import { UsageError } from '../cli/errors.js';
import { failOnOption } from '../cli/fail-on-option.js';
import { namespaceOption } from '../cli/namespace-option.js';
import { findingsConfig } from '../cli/findings-options.js';
import { rootConfigFile } from '../cli/config-root.js';
import { extendsNote, namedConfigFile } from '../cli/extends-note.js';
import { localMergeBase, resolveRevision } from '../cli/git-source.js';
import { CHECK_NAME } from '../report/check-run.js';
import { closeCheckRun } from './check-run.js';
import { externalId } from './check-run.js';
import { describeError } from './errors.js';
import type { Octokit } from './octokit.js';
import { ReachdiffOctokit } from './octokit.js';
import { publishPrReport, renderPrReport } from './publish.js';

export interface ActionResult {
  readonly exitCode: number;
  readonly log: string[];
}

interface PullRequestEvent {
  pull_request?: { number: number; head: { sha: string }; base: { sha: string; ref?: string; repo?: { html_url?: string } } };
  repository?: { html_url?: string };
}

type Env = Readonly<Record<string, string | undefined>>;

/** Inputs as the runner passes them: `INPUT_<NAME>` with the name upper-cased, spaces as `_`. */
function input(env: Env, name: string): string | undefined {
  const v = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return v ? v : undefined;
}

export async function runAction(env: Env, octokitFor: (token: string, baseUrl: string) => Octokit = defaultOctokit): Promise<ActionResult> {
  const log: string[] = [];
  const event = JSON.parse(await readFile(required(env, 'GITHUB_EVENT_PATH'), 'utf8')) as PullRequestEvent;
  const pr = event.pull_request;
  if (!pr) {
    log.push('reachdiff: not a pull_request event; nothing to analyse.');
    return { exitCode: 0, log };
  }
  const [owner, repoName] = required(env, 'GITHUB_REPOSITORY').split('/');
  const repo = { owner, repo: repoName };
  const token = input(env, 'token') ?? required(env, 'GITHUB_TOKEN');
  const octokit = octokitFor(token, required(env, 'GITHUB_API_URL'));
  const { data: created } = await octokit.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: pr.head.sha, status: 'in_progress', external_id: externalId(pr.number), started_at: new Date().toISOString(), output: { title: 'Analysing…', summary: 'Reading the manifests of base and head.' } });
  try {
    // Read before the analysis: a fail-on that is not understood fails the check at once, with the reason.
    const failOn = failOnOption(input(env, 'fail-on'), 'the fail-on input');
    const namespace = namespaceOption(input(env, 'namespace'), 'the namespace input');
    const workspace = env.GITHUB_WORKSPACE ?? '.';
    const repoDir = input(env, 'repo') ?? workspace;
    const base = input(env, 'base') ?? (await mergeBase(octokit, repo, pr, repoDir, log));
    const head = input(env, 'head') ?? pr.head.sha;
    const analysis = await analyzeSides({
      base,
      head,
      repo: repoDir,
      paths: (input(env, 'path') ?? '').split('\n').map((p) => p.trim()).filter(Boolean),
      config: input(env, 'config'),
      namespace,
      render: input(env, 'render'),
      // The pull request's base branch (the runner's GITHUB_BASE_REF): Flux sources tracking another branch are not analysed.
      branch: pr.base.ref ?? env.GITHUB_BASE_REF,
      findings: await findingsConfig({ config: input(env, 'config'), root: { spec: head, repo: repoDir } }),
    });
    const config = { ...analysis.config, ...(failOn ? { failOn } : {}) };
    // `_extends` is the App's alone: the log says when the file read has one (extends-note.ts).
    const configInput = input(env, 'config');
    const extendsLine = extendsNote(configInput === undefined ? await rootConfigFile({ spec: head, repo: repoDir }) : await namedConfigFile(configInput));
    if (extendsLine) log.push(extendsLine.trimEnd());
    const htmlUrl = pr.base.repo?.html_url ?? event.repository?.html_url ?? `${env.GITHUB_SERVER_URL}/${owner}/${repoName}`;
    // No button: a check-run button reaches only an App; the patch is in the comment.
    // Links to base lines point at the commit compared (the merge base), unless base is a folder of the workflow's.
    const baseSha = input(env, 'base') === undefined ? base : pr.base.sha;
    const rendered = renderPrReport(analysis.report, config, { htmlUrl, baseSha, headSha: pr.head.sha }, false);
    const comment = await publishPrReport(octokit, repo, pr.number, created.id, rendered, config);
    log.push(`reachdiff: ${rendered.check.title} → ${rendered.check.conclusion}; comment ${comment.action}`);
    if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, rendered.body);
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `opened=${rendered.report.counts.opened}\nclosed=${rendered.report.counts.closed}\nconclusion=${rendered.check.conclusion}\n`);
    const failStep = input(env, 'fail-step') === 'true' && rendered.check.conclusion === 'failure';
    return { exitCode: failStep ? 1 : 0, log };
  } catch (error) {
    const message = error instanceof UsageError ? error.message : describeError(error);
    log.push(`reachdiff failed: ${message}`);
    const why = `The analysis stopped with an error, so this check says nothing about the change.\n\n\`\`\`\n${message}\n\`\`\``;
    await closeCheckRun(octokit, repo, created.id, 'failure', 'reachdiff could not finish', why);
    // The step summary and the outputs say it too (a workflow reading `conclusion` saw nothing).
    if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `### ❌ reachdiff could not finish\n\n${why}\n`);
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, 'conclusion=failure\n');
    return { exitCode: 1, log };
  }
}

/**
 * The commit the pull request is compared against: the merge base of the base branch and the head, as
 * the App compares (and GitHub's "Files changed", three-dot). `pull_request.base.sha` in the event is
 * the base branch's tip when the event fired: commits that landed there after the branch point would
 * read as this PR's changes, reversed. From the compare API (`merge_base_commit`), else from the
 * checkout's own history (`git merge-base`); the commit must be in the checkout (`fetch-depth: 0`).
 */
async function mergeBase(octokit: Octokit, repo: { owner: string; repo: string }, pr: NonNullable<PullRequestEvent['pull_request']>, repoDir: string, log: string[]): Promise<string> {
  let sha: string | undefined;
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${pr.base.sha}...${pr.head.sha}`, per_page: 1 });
    sha = data.merge_base_commit.sha;
  } catch (error) {
    sha = await localMergeBase(repoDir, pr.base.sha, pr.head.sha);
    log.push(`reachdiff: the compare API did not answer (${describeError(error)}); ${sha ? `git merge-base gives ${sha}` : 'git merge-base found none either'}`);
  }
  if (!sha) throw new UsageError(`no merge base of ${pr.base.sha} (base) and ${pr.head.sha} (head): check out the repository with fetch-depth: 0, or give the base input`);
  await resolveRevision(repoDir, sha).catch(() => {
    throw new UsageError(`the merge base ${sha} of base ${pr.base.sha} and head ${pr.head.sha} is not in ${repoDir}: check out with fetch-depth: 0 (actions/checkout) so the history is there, or give the base input`);
  });
  if (sha !== pr.base.sha) log.push(`reachdiff: comparing against the merge base ${sha} (the base branch is at ${pr.base.sha})`);
  return sha;
}

function required(env: Env, name: string): string {
  const v = env[name];
  if (!v) throw new UsageError(`${name} is not set (run this as a GitHub Action step)`);
  return v;
}

function defaultOctokit(token: string, baseUrl: string): Octokit {
  return new ReachdiffOctokit({ auth: { token }, baseUrl });
}
