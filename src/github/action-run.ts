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
import { findingsConfig } from '../cli/findings-options.js';
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
  pull_request?: { number: number; head: { sha: string }; base: { sha: string; repo?: { html_url?: string } } };
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
    const workspace = env.GITHUB_WORKSPACE ?? '.';
    const repoDir = input(env, 'repo') ?? workspace;
    const analysis = await analyzeSides({
      base: input(env, 'base') ?? pr.base.sha,
      head: input(env, 'head') ?? pr.head.sha,
      repo: repoDir,
      paths: (input(env, 'path') ?? '').split('\n').map((p) => p.trim()).filter(Boolean),
      config: input(env, 'config'),
      namespace: input(env, 'namespace'),
      render: input(env, 'render'),
      findings: await findingsConfig({ config: input(env, 'config'), repo: repoDir }),
    });
    const config = { ...analysis.config, ...(input(env, 'fail-on') ? { failOn: input(env, 'fail-on') as typeof analysis.config.failOn } : {}) };
    const htmlUrl = pr.base.repo?.html_url ?? event.repository?.html_url ?? `${env.GITHUB_SERVER_URL}/${owner}/${repoName}`;
    // No button: a check-run button reaches only an App; the patch is in the comment.
    const rendered = renderPrReport(analysis.report, config, { htmlUrl, baseSha: pr.base.sha, headSha: pr.head.sha }, false);
    const comment = await publishPrReport(octokit, repo, pr.number, created.id, rendered, config);
    log.push(`reachdiff: ${rendered.check.title} → ${rendered.check.conclusion}; comment ${comment.action}`);
    if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, rendered.body);
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `opened=${rendered.report.counts.opened}\nclosed=${rendered.report.counts.closed}\nconclusion=${rendered.check.conclusion}\n`);
    const failStep = input(env, 'fail-step') === 'true' && rendered.check.conclusion === 'failure';
    return { exitCode: failStep ? 1 : 0, log };
  } catch (error) {
    const message = error instanceof UsageError ? error.message : describeError(error);
    log.push(`reachdiff failed: ${message}`);
    await closeCheckRun(octokit, repo, created.id, 'failure', 'reachdiff could not finish', `The analysis stopped with an error, so this check says nothing about the change.\n\n\`\`\`\n${message}\n\`\`\``);
    return { exitCode: 1, log };
  }
}

function required(env: Env, name: string): string {
  const v = env[name];
  if (!v) throw new UsageError(`${name} is not set (run this as a GitHub Action step)`);
  return v;
}

function defaultOctokit(token: string, baseUrl: string): Octokit {
  return new ReachdiffOctokit({ auth: { token }, baseUrl });
}
