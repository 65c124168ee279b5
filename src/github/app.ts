/**
 * The Probot app: registers the handlers, each a few guard clauses, then "mark the check in progress"
 * and "hand the job on". Where the job runs is the caller's choice: in-process (the Node server), or on
 * a queue for a worker (Lambda).
 */
import type { ApplicationFunction, Context } from 'probot';
import { analyzeTargets } from '../targets/analyze-targets.js';
import { CHECK_NAME, ROLLBACK_ACTION } from '../report/check-run.js';
import { BlobCache } from './blob-cache.js';
import type { CheckRunRef } from './check-run.js';
import { closeCheckRun, pullFromExternalId, startCheckRun } from './check-run.js';
import type { Job } from './job.js';
import { describeError } from './errors.js';
import { countRequests } from './octokit.js';
import type { Analyze, RunStats } from './run-job.js';
import { runJob } from './run-job.js';

export type Dispatch = (job: Job, context: Context) => Promise<void>;

export interface AppOptions {
  /** Where jobs go; default: run them now, in this process. */
  readonly dispatch?: Dispatch;
  readonly analyze?: Analyze;
  readonly cache?: BlobCache;
  /** Longest a run may take (ms) before it reports a timeout. */
  readonly budgetMs?: number;
  /** Called after each run (tests, metrics). */
  readonly onRun?: (stats: RunStats, job: Job) => void;
}

export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review', 'pull_request.edited'] as const;

/** The analysis half, shared by the in-process path and the queue worker. */
export function jobRunner(options: AppOptions = {}): (job: Job, context: Context, deadline?: number, attempt?: number) => Promise<RunStats> {
  const analyze = options.analyze ?? analyzeTargets;
  const cache = options.cache ?? new BlobCache();
  return async (job, context, deadline, attempt) => {
    const calls = counter(context);
    const stats = await runJob(context, job, { analyze, cache, calls, attempt, deadline: deadline ?? Date.now() + (options.budgetMs ?? 5 * 60_000) });
    context.log.info({ delivery: job.deliveryId, pull: job.pullNumber, head: job.headSha, ...stats }, `reachdiff ${stats.outcome}: ${stats.apiCalls} API calls`);
    // The run is complete on GitHub by now: a failing observer must not make it look unstarted.
    try {
      options.onRun?.(stats, job);
    } catch (error) {
      context.log.error({ err: error, delivery: job.deliveryId }, 'reachdiff onRun callback failed');
    }
    return stats;
  };
}

export function reachdiffApp(options: AppOptions = {}): ApplicationFunction {
  const run = jobRunner(options);
  const dispatch: Dispatch = options.dispatch ?? (async (job, context) => void (await run(job, context)));
  return (app) => {
    app.on([...PULL_REQUEST_EVENTS], async (context) => {
      const { payload } = context;
      if (payload.action === 'edited' && !('changes' in payload && payload.changes?.base)) return;
      if (payload.pull_request.state !== 'open') return;
      await start(context, payload.pull_request.number, payload.pull_request.head.sha, false, dispatch);
    });
    app.on(['check_run.rerequested', 'check_run.requested_action'], async (context) => {
      const { check_run: run } = context.payload;
      if (run.name !== CHECK_NAME) return;
      const rollback = context.payload.action === 'requested_action' && context.payload.requested_action?.identifier === ROLLBACK_ACTION.identifier;
      if (context.payload.action === 'requested_action' && !rollback) return;
      const number = run.pull_requests[0]?.number ?? pullFromExternalId(run.external_id);
      await start(context, number, run.head_sha, rollback, dispatch, { id: run.id, status: run.status, pullNumber: pullFromExternalId(run.external_id) });
    });
    app.on('check_suite.rerequested', async (context) => {
      const suite = context.payload.check_suite;
      await start(context, suite.pull_requests[0]?.number, suite.head_sha, false, dispatch);
    });
  };
}

async function start(context: Context, pullNumber: number | undefined, headSha: string, rollbackRequested: boolean, dispatch: Dispatch, known?: CheckRunRef): Promise<void> {
  counter(context);
  const repo = context.repo();
  const check = await startCheckRun(context.octokit, repo, headSha, pullNumber, known);
  const number = pullNumber ?? check.pullNumber;
  if (number === undefined) {
    context.log.warn({ head: headSha }, 'reachdiff: no pull request for this commit; nothing to analyse');
    await closeCheckRun(context.octokit, repo, check.id, 'neutral', 'No pull request', `No open pull request was found for ${headSha}.`);
    return;
  }
  const installationId = (context.payload as { installation?: { id: number } }).installation?.id ?? 0;
  try {
    await dispatch({ ...repo, installationId, pullNumber: number, headSha, checkRunId: check.id, rollbackRequested, deliveryId: context.id }, context);
  } catch (error) {
    // Nothing else would complete this run (GitHub does not redeliver a failed webhook), and a required check left in progress blocks the PR.
    const message = describeError(error);
    context.log.error({ err: error, delivery: context.id }, `reachdiff could not start: ${message}`);
    try {
      await closeCheckRun(context.octokit, repo, check.id, 'failure', 'reachdiff could not start', `The analysis could not be started, so this check says nothing about the change.\n\n\`\`\`\n${message}\n\`\`\`\n\nRe-run the check to try again.`);
    } catch (closeError) {
      context.log.error({ err: closeError, delivery: context.id }, `reachdiff could not complete check run ${check.id}: ${describeError(closeError)}`);
    }
    throw error;
  }
}

const counters = new WeakMap<object, () => number>();

/** API calls this event's Octokit has made so far. */
export function apiCallsSoFar(context: Context): number {
  return counter(context)();
}

/** One request counter per event's Octokit (each event gets its own). */
function counter(context: Context): () => number {
  let get = counters.get(context.octokit);
  if (!get) {
    get = countRequests(context.octokit);
    counters.set(context.octokit, get);
  }
  return get;
}
