/**
 * What a redelivered job runs. The Lambda worker's queue redelivers a job whose worker stopped before it
 * finished — killed for memory past the function's `memorySize`, or stopped at its `timeout` inside a long
 * analysis, where no error reaches our code and the check run stays "in progress" — after the queue's
 * visibility timeout, up to `maxReceiveCount` receives (serverless.yml), counting them in the record's
 * `ApproximateReceiveCount` (Amazon SQS, *ReceiveMessage*: the number of times a message has been received
 * and not deleted). A job that failed with an error is not redelivered: its check run was completed with the
 * error (run-job.ts). So a receive past the first means a worker stopped, and the same analysis would
 * most likely stop again: each further attempt does less, and says so.
 *
 * - attempt 1: the whole analysis;
 * - attempt 2: at most REDUCED_REGION_PAIRS pairs of pods the manifests do not hold (abstract peers; the
 *   default bound is 40 per workload or region, 100,000 to 150,000): the pairs that cost memory in the
 *   largest real changes (every policy of a tree removed: 162,500 region pairs, 2.5–3 GB); past the bound the
 *   report says "Incomplete" as any bounded run does, and the check is never `success` for a policy change;
 * - attempt 3 and later (serverless.yml's `maxReceiveCount` is 3: the last before the dead-letter queue): the manifests' own workloads only, pods they
 *   do not hold "Not analysed" under the verdict (`ABSTRACT_PEERS_OFF`), so the check is never `success`.
 */
import type { TargetsOptions } from '../targets/analyze-targets.js';
import type { Notice } from '../targets/types.js';

/** Pairs of pods the manifests do not hold a second attempt compares at most (DiffOptions `maxRegionPairs`). */
export const REDUCED_REGION_PAIRS = 10_000;

export interface AttemptPlan {
  /** Options over the configured ones. */
  readonly options: Pick<TargetsOptions, 'maxRegionPairs' | 'abstractPeers'>;
  /** Said in the report (JSON `notices`, the comment, the check run). */
  readonly notices: readonly Notice[];
}

/** `attempt`: 1 for the first receive (SQS `ApproximateReceiveCount`; a missing or unreadable count is 1). */
export function attemptPlan(attempt: number): AttemptPlan {
  if (!(attempt >= 2)) return { options: {}, notices: [] };
  const stopped = attempt === 2 ? 'A first attempt at this analysis stopped before it finished' : `${attempt - 1} attempts at this analysis stopped before they finished`;
  const why = '(the worker ran out of memory or time: serverless.yml `memorySize`, `timeout`)';
  if (attempt === 2) {
    const bound = REDUCED_REGION_PAIRS.toLocaleString('en-US');
    return {
      options: { maxRegionPairs: REDUCED_REGION_PAIRS },
      notices: [{ code: 'REDUCED_ANALYSIS', message: `${stopped} ${why}, so this one compares at most ${bound} pairs of pods the manifests do not hold; where there are more, the report says it is incomplete` }],
    };
  }
  return {
    options: { abstractPeers: false },
    notices: [{ code: 'ABSTRACT_PEERS_OFF', message: `Not analysed: pods the manifests do not hold. ${stopped} ${why}, so this one compares the manifests' own workloads only` }],
  };
}

/** The receive count of an SQS record (`attributes.ApproximateReceiveCount`, a decimal string), 1 when absent or unreadable. */
export function receiveCount(record: { readonly attributes?: { readonly ApproximateReceiveCount?: string } }): number {
  const n = Number(record.attributes?.ApproximateReceiveCount);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}
