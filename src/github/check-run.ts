/**
 * The `reachdiff` check run on GitHub: found again for the same head SHA and reused while it is still
 * queued or in progress (a redelivery mid-run never adds a second one), set `in_progress` at once, and
 * always completed — with the result, or with the reason it could not be produced. GitHub never lets a
 * completed run change status again, so a re-run, a button or a late redelivery starts a new run of the
 * same name, which replaces the old one on the pull request. Annotations go 50 per request.
 */
import type { CheckRunResult, Conclusion } from '../report/check-run.js';
import { CHECK_NAME, annotationBatches, clip } from '../report/check-run.js';
import type { RepoRef } from './load-commit.js';
import type { Octokit } from './octokit.js';

export interface CheckRunRef {
  readonly id: number;
  /** The run's status when found (`queued`, `in_progress`, `completed`); absent for a run just created. */
  readonly status?: string;
  /** From the run's `external_id` when it was found again (fork PRs' check events carry no PR list). */
  readonly pullNumber?: number;
}

export function externalId(pullNumber: number): string {
  return `pr:${pullNumber}`;
}

export function pullFromExternalId(id: string | null | undefined): number | undefined {
  const m = /^pr:(\d+)$/.exec(id ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Marks the run for `headSha` in progress: the open run of this head if there is one, else a new run. */
export async function startCheckRun(octokit: Octokit, repo: RepoRef, headSha: string, pullNumber: number | undefined, known?: CheckRunRef): Promise<CheckRunRef> {
  const found = known ?? (await findCheckRun(octokit, repo, headSha));
  const number = pullNumber ?? found?.pullNumber;
  const fields = { status: 'in_progress' as const, ...(number !== undefined ? { external_id: externalId(number) } : {}) };
  if (found && found.status !== 'completed') {
    await octokit.rest.checks.update({ ...repo, check_run_id: found.id, ...fields, output: { title: 'Analysing…', summary: 'Loading the manifests of base and head.' } });
    return { id: found.id, pullNumber: number };
  }
  const { data } = await octokit.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: headSha, started_at: new Date().toISOString(), ...fields, output: { title: 'Analysing…', summary: 'Loading the manifests of base and head.' } });
  return { id: data.id, pullNumber: number };
}

async function findCheckRun(octokit: Octokit, repo: RepoRef, headSha: string): Promise<CheckRunRef | undefined> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: CHECK_NAME, filter: 'latest', per_page: 1 });
  const run = data.check_runs[0];
  return run ? { id: run.id, status: run.status, pullNumber: pullFromExternalId(run.external_id) } : undefined;
}

export async function completeCheckRun(octokit: Octokit, repo: RepoRef, id: number, result: CheckRunResult): Promise<void> {
  const batches = annotationBatches(result.annotations);
  const last = batches.pop() ?? [];
  for (const batch of batches) {
    await octokit.rest.checks.update({ ...repo, check_run_id: id, output: { title: result.title, summary: result.summary, annotations: [...batch] } });
  }
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: id,
    status: 'completed',
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: result.title, summary: result.summary, text: result.text, ...(last.length ? { annotations: last } : {}) },
    actions: [...result.actions],
  });
}

/** Completes the run with a message and no analysis: errors, bad configuration, a stale head. */
export async function closeCheckRun(octokit: Octokit, repo: RepoRef, id: number, conclusion: Conclusion | 'cancelled', title: string, summary: string): Promise<void> {
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: id,
    status: 'completed',
    conclusion,
    completed_at: new Date().toISOString(),
    output: { title: title.slice(0, 255), summary: clip(summary) },
    actions: [],
  });
}
