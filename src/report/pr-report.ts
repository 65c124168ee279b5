/**
 * The two Markdown texts of a pull request's report, for the App and the GitHub Action alike: the
 * comment (warnings about changed files only, a count line for the rest; the picture of the change;
 * under the comment limit) and the check run's text (every warning, no picture; under the check-run
 * limit, without links when that helps).
 */
import type { TargetsReport } from '../targets/analyze-targets.js';
import type { MarkdownOptions } from './diff-markdown.js';
import { fewestTargetsChars, renderTargetsMarkdown } from './targets-markdown.js';
import { renderMemo } from './render-memo.js';
import { PastLimit } from './past-limit.js';

/** Under GitHub's 65,536-character limit on comment bodies, with room for the App's hidden marker. */
export const COMMENT_MAX_CHARS = 60000;

/**
 * The comment's Markdown: the whole report when it fits in `max` characters, else rendered again within
 * them, rows left out and a note saying so and pointing at `fullReportHint` (where the rest can be read).
 * The App posts it, and `reachdiff diff --format md` prints it (the README: "exactly the body of the PR
 * comment"), so a CI job that posts the CLI's Markdown stays under GitHub's limit too.
 */
export function commentMarkdown(report: TargetsReport, options: Omit<MarkdownOptions, 'maxChars' | 'fullReportHint'>, fullReportHint: string, max = COMMENT_MAX_CHARS): string {
  const shared = { ...options, memo: options.memo ?? renderMemo() };
  return wholeWithin(report, shared, max) ?? renderTargetsMarkdown(report, { ...shared, maxChars: max, fullReportHint });
}

/**
 * The report's whole Markdown (every row, `maxChars: Infinity`) when it fits in `max` characters, else
 * undefined. Not rendered when its rows alone exceed `max` (targets-markdown.ts `fewestTargetsChars`, a
 * lower bound of its length): 150,000 region pairs made every line of each, a few hundred MB of strings,
 * to learn that they did not fit; else rendered only until it passes `max` (past-limit.ts).
 */
function wholeWithin(report: TargetsReport, options: Omit<MarkdownOptions, 'maxChars'>, max: number): string | undefined {
  if (fewestTargetsChars(report, options.memo) > max) return undefined;
  try {
    const whole = renderTargetsMarkdown(report, { ...options, maxChars: Infinity, stopPast: max });
    return whole.length <= max ? whole : undefined;
  } catch (e) {
    if (e instanceof PastLimit) return undefined;
    throw e;
  }
}

export interface PrTexts {
  readonly body: string;
  readonly text: string;
}

export interface PrTextLimits {
  readonly comment: number;
  readonly checkText: number;
  /** Where the whole report can be had when even the check text is cut (e.g. the CLI command). */
  readonly cliHint: string;
}

export function renderPrTexts(report: TargetsReport, options: Omit<MarkdownOptions, 'maxChars' | 'fullReportHint'>, limits: PrTextLimits): PrTexts {
  // The comment and the check run's text render the same reports: what their renders share is made once (render-memo.ts).
  const shared = { ...options, memo: options.memo ?? renderMemo() };
  const body = commentMarkdown(report, shared, 'the **reachdiff** check run', limits.comment);
  // The check run's text: every warning, and no picture (GitHub does not draw Mermaid there).
  const all = { ...shared, changedFiles: undefined, picture: false };
  // Too long even for the check run: drop the links so more rows fit (annotations still point at the lines).
  const text = wholeWithin(report, all, limits.checkText) ?? renderTargetsMarkdown(report, { ...all, link: undefined, maxChars: limits.checkText, fullReportHint: limits.cliHint });
  return { body, text };
}
