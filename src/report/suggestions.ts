/**
 * The one-click rollback as a pull-request review: one comment with a ```suggestion block per rollback
 * hunk, anchored on head lines. GitHub accepts a suggestion only on lines of one diff hunk of the PR
 * (the file's `patch`), and never restores deleted lines: a document with any hunk that cannot be
 * anchored gets no suggestions at all (a partial revert would be worse than none), and the review says
 * so and points to the patch.
 */
import { TIDYING_MARK, rollbackCloses, rollbackParts, rollbackStepName } from './document-step.js';
import type { ReplacementHunk, Rollback } from '../analysis/types.js';
import { plural } from '../util/plural.js';

export interface PullFile {
  readonly filename: string;
  readonly status?: string;
  readonly patch?: string;
}

export interface ReviewComment {
  readonly path: string;
  readonly body: string;
  readonly line: number;
  readonly side: 'RIGHT';
  readonly start_line?: number;
  readonly start_side?: 'RIGHT';
}

export interface RollbackReview {
  readonly body: string;
  readonly comments: readonly ReviewComment[];
}

export const REVIEW_MARKER = '<!-- reachdiff:rollback -->';

/** Head-side (RIGHT) line ranges of each hunk of a unified-diff `patch`, 1-based inclusive. */
export function rightSideHunks(patch: string | undefined): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of (patch ?? '').matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) ranges.push([start, start + count - 1]);
  }
  return ranges;
}

/** The head text of every RIGHT-side line a `patch` shows (context and added lines). */
export function rightSideLines(patch: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  let line = 0;
  for (const raw of (patch ?? '').split('\n')) {
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (m) line = Number(m[1]);
    else if (line > 0 && (raw.startsWith(' ') || raw.startsWith('+'))) out.set(line++, raw.slice(1));
  }
  return out;
}

/**
 * `combinedLabels`: how many opened paths are only for label combinations (DiffReport `counts.combinedLabels`),
 * which no rollback closes: the closing line says so, as the report and the check run do.
 */
export function rollbackReview(rollback: Rollback, files: readonly PullFile[], patchHint: string, combinedLabels?: number): RollbackReview {
  const hunksByFile = new Map(files.map((f) => [f.filename, rightSideHunks(f.patch)]));
  const linesByFile = new Map(files.map((f) => [f.filename, rightSideLines(f.patch)]));
  const hunkOf = (file: string, start: number, end: number) => (hunksByFile.get(file) ?? []).find(([a, b]) => start >= a && end <= b);
  const inDiff = (file: string, start: number, end: number) => hunkOf(file, start, end) !== undefined;
  const comments: ReviewComment[] = [];
  const notes: string[] = [];
  // Tidying documents (Rollback.tidying: deleted only because no build reads them once the rest is reverted) are
  // not in the minimal set: counted apart, so that "N of the M" counts the documents that close paths.
  const parts = rollbackParts(rollback);
  const suggested = { needed: 0, tidying: 0 };
  let notedNeeded = 0;
  for (const doc of rollback.documents) {
    const hunks = rollback.hunks.filter((h) => h.documentKey === doc.key);
    const tidy = parts.isTidying(doc) ? ` (${TIDYING_MARK})` : '';
    const note = (text: string) => {
      notes.push(text);
      if (!tidy) notedNeeded++;
    };
    // A removed document a hunk writes back in place of another (a renamed namespace: namespace-renames.ts) is restored by that suggestion.
    const restoring = doc.change === 'removed' ? rollback.hunks.filter((h) => h.restores === doc.key) : [];
    if (restoring.length && restoring.every((h) => inDiff(h.file, h.startLine, h.endLine))) {
      suggested[tidy ? 'tidying' : 'needed']++;
      continue;
    }
    if (doc.change === 'removed' || hunks.length === 0) {
      note(`- ${rollbackStepName(doc, code)}${tidy} was deleted in this PR: a suggestion cannot restore deleted lines.`);
      continue;
    }
    const outside = hunks.filter((h) => !inDiff(h.file, h.startLine, h.endLine));
    if (outside.length) {
      const where = outside.map((h) => `${h.file}:${h.startLine}${h.endLine > h.startLine ? `-${h.endLine}` : ''}`).join(', ');
      note(`- ${rollbackStepName(doc, code, outside.map((h) => h.file))}${tidy}: lines ${where} are outside the PR's diff, where GitHub accepts no suggestion.`);
      continue;
    }
    suggested[tidy ? 'tidying' : 'needed']++;
    for (const h of hunks) {
      const w = widenDeletion(h, hunkOf(h.file, h.startLine, h.endLine)!, linesByFile.get(h.file) ?? new Map());
      const restored = h.restores !== undefined ? rollback.documents.find((d) => d.key === h.restores) : undefined;
      comments.push(suggestionComment(h.file, w.startLine, w.endLine, w.replacement, rollbackStepName(doc, code, h.file), doc.change, restored && rollbackStepName(restored, code, h.file)));
    }
  }
  const lines = [REVIEW_MARKER, '**reachdiff rollback**'];
  if (comments.length) {
    const how = comments.length === 1 ? 'Committing this suggestion' : `Committing these ${comments.length} suggestions (add them to a batch, then "Commit suggestions")`;
    const tidying = suggested.tidying ? `${plural(suggested.tidying, 'document')} no build reads once the rest is reverted (tidying, beside the minimal rollback)` : '';
    const reverts = suggested.needed || !tidying ? `reverts ${suggested.needed} of the ${plural(parts.needed, 'document')} in the minimal rollback` : '';
    lines.push('', `${how} ${[reverts, tidying && `deletes ${tidying}`].filter(Boolean).join(', and ')}.`);
  }
  const closes = rollbackCloses(rollback, combinedLabels, 'every path this PR opens');
  // The suggestions close every path when every document of the minimal set is among them: only tidying is left to the patch.
  if (notes.length) lines.push('', 'Not expressible as suggestions:', ...notes, '', notedNeeded ? `Apply the patch instead: ${patchHint}.` : `The suggestions close ${closes}; the patch also deletes what is left: ${patchHint}.`);
  else lines.push('', `${comments.length === 1 ? 'It closes' : 'Together they close'} ${closes}.`);
  return { body: lines.join('\n'), comments };
}

/**
 * A suggestion with an empty body (pure deletion) is not reliably applied by GitHub; where the hunk
 * shows the line above (or below), replace it together with the deleted lines by that line alone.
 */
function widenDeletion(h: ReplacementHunk, [first, last]: [number, number], lines: Map<number, string>): Pick<ReplacementHunk, 'startLine' | 'endLine' | 'replacement'> {
  if (h.replacement !== '') return h;
  const above = lines.get(h.startLine - 1);
  if (h.startLine - 1 >= first && above !== undefined) return { startLine: h.startLine - 1, endLine: h.endLine, replacement: above };
  const below = lines.get(h.endLine + 1);
  if (h.endLine + 1 <= last && below !== undefined) return { startLine: h.startLine, endLine: h.endLine + 1, replacement: below };
  return h;
}

/** `name`: the document as `rollbackStepName` words it, names in code spans, its file left to the comment's anchor; `restored`: the removed document the suggestion writes back in its place, so worded. */
function suggestionComment(path: string, start: number, end: number, replacement: string, name: string, change: string, restored?: string): ReviewComment {
  const fence = '`'.repeat(Math.max(3, longestRun(replacement, '`') + 1));
  const what = restored !== undefined ? `Restores ${restored} in place of ${name}, added in this PR` : change === 'added' ? `Removes ${name}, added in this PR` : `Reverts ${name} to its base version`;
  const body = `${what}:\n\n${fence}suggestion\n${replacement}${replacement ? '\n' : ''}${fence}`;
  return start === end ? { path, body, line: end, side: 'RIGHT' } : { path, body, line: end, side: 'RIGHT', start_line: start, start_side: 'RIGHT' };
}

/** A name as Markdown code. */
const code = (name: string) => `\`${name}\``;

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
