/**
 * How many policy lines each namespace's start (lapse) of isolation lists in a Markdown report kept under a
 * size budget (diff-markdown.ts). The whole report lists every policy of every namespace; at a row limit the
 * namespaces of one change share that many lines, one each in turn (the first namespaces first), at most
 * `NAMESPACE_POLICY_LINES` each, and each says how many it leaves out. bjw-s/home-ops a71f3ddae: 151 policy
 * lines of ten namespaces, 86,000 characters, filled the comment's 60,000 before any opened path could show.
 */

/** The policy lines a namespace lists at most when the report is kept under a budget. */
export const NAMESPACE_POLICY_LINES = 5;

/**
 * Per namespace section (`policies[i]`: how many policies it has), how many it lists at `rowLimit`: all at
 * `Infinity`; else `rowLimit` lines dealt one per namespace in turn, none past its policies or
 * `NAMESPACE_POLICY_LINES`. The shares sum to at most `rowLimit`.
 */
export function policyLineShares(policies: readonly number[], rowLimit: number): number[] {
  if (rowLimit === Infinity) return [...policies];
  const shares = policies.map(() => 0);
  let left = rowLimit;
  for (let round = 0; round < NAMESPACE_POLICY_LINES && left > 0; round++) {
    for (const [i, n] of policies.entries()) {
      if (left === 0) break;
      if (n <= round) continue;
      shares[i]++;
      left--;
    }
  }
  return shares;
}
