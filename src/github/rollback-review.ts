/** Posts the rollback review (suggested changes) for the head commit, once per head when automatic. */
import type { Rollback } from '../analysis/types.js';
import { REVIEW_MARKER, rollbackReview } from '../report/suggestions.js';
import type { Job } from './job.js';
import type { RepoRef } from './load-commit.js';
import type { Octokit } from './octokit.js';

export async function postRollbackReview(octokit: Octokit, repo: RepoRef, job: Job, rollback: Rollback, patchHint: string, oncePerHead: boolean, combinedLabels?: number): Promise<'posted' | 'exists'> {
  const pull = { ...repo, pull_number: job.pullNumber, per_page: 100 };
  if (oncePerHead) {
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, pull);
    if (reviews.some((r) => r.commit_id === job.headSha && r.body?.startsWith(REVIEW_MARKER))) return 'exists';
  }
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, pull);
  const review = rollbackReview(rollback, files, patchHint, combinedLabels);
  await octokit.rest.pulls.createReview({ ...repo, pull_number: job.pullNumber, commit_id: job.headSha, event: 'COMMENT', body: review.body, comments: [...review.comments] });
  return 'posted';
}
