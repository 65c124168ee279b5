/**
 * One reachdiff comment per pull request, found again by a hidden marker and edited in place; left
 * alone when its body would not change; created only when asked to.
 */
import type { RepoRef } from './load-commit.js';
import type { Octokit } from './octokit.js';

export const COMMENT_MARKER = '<!-- reachdiff:comment -->';
export { COMMENT_MAX_CHARS } from '../report/pr-report.js';

export type CommentOutcome = { readonly action: 'created' | 'updated' | 'unchanged'; readonly url: string } | { readonly action: 'none' };

export async function ensureComment(octokit: Octokit, repo: RepoRef, issueNumber: number, body: string, createIfMissing: boolean): Promise<CommentOutcome> {
  const full = `${COMMENT_MARKER}\n${body}`;
  const existing = await findComment(octokit, repo, issueNumber);
  if (existing) {
    if (existing.body === full) return { action: 'unchanged', url: existing.html_url };
    const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full });
    return { action: 'updated', url: data.html_url };
  }
  if (!createIfMissing) return { action: 'none' };
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: full });
  return { action: 'created', url: data.html_url };
}

async function findComment(octokit: Octokit, repo: RepoRef, issueNumber: number) {
  for await (const { data } of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 })) {
    const found = data.find((c) => c.user?.type === 'Bot' && c.body?.startsWith(COMMENT_MARKER));
    if (found) return found;
  }
  return undefined;
}
