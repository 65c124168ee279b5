/**
 * A rollback as text: the head files with the chosen documents reverted, as a unified patch that
 * `git apply` accepts, and as line-range replacements from which GitHub suggested changes are made.
 * Both write each file under its own path, once: a file read through a symbolic link (under a linked
 * folder and under its real path) is one file (manifests/real-paths.ts).
 */
import { structuredPatch } from 'diff';
import type { ManifestFile } from '../manifests/load.js';
import { realPathOf } from '../manifests/real-paths.js';
import type { DocumentChange, ReplacementHunk } from './types.js';
import { dominantLineEnd, linesWithEnds, textLines } from '../util/line-ends.js';

interface Edit {
  start: number;
  end: number;
  lines: string[];
}

/**
 * The files a revert of `revert` touches, by their own paths (`realPath`, else `path`): head's text
 * (null: no such file) and the text after (null: the file goes away). A document read under several
 * paths of one file is reverted once; two different reverts of one range (the file's copies were rendered
 * differently) keep the first.
 */
export function revertedFiles(head: readonly ManifestFile[], revert: readonly DocumentChange[]): Map<string, { before: string | null; after: string | null }> {
  const { real, texts } = headIndex(head);
  const edits = new Map<string, Edit[]>();
  const appended = new Map<string, string[]>();
  const push = (file: string, e: Edit) => {
    const known = edits.get(file) ?? [];
    if (!known.some((k) => k.start === e.start && k.end === e.end)) edits.set(file, [...known, e]);
  };
  const append = (file: string, doc: string) => {
    const known = appended.get(file) ?? [];
    if (!known.includes(doc)) appended.set(file, [...known, doc]);
  };
  for (const c of revert) {
    if (c.change === 'edited' && c.head && c.base) push(real(c.head.file), { start: c.head.startLine, end: c.head.endLine, lines: restoredLines(c.base.text) });
    else if (c.change === 'added' && c.head) push(real(c.head.file), { start: c.head.startLine, end: c.head.endLine, lines: [] });
    else if (c.change === 'removed' && c.base) append(real(c.base.file), restoredLines(c.base.text).join('\n'));
  }
  const out = new Map<string, { before: string | null; after: string | null }>();
  for (const file of new Set([...edits.keys(), ...appended.keys()])) {
    const before = texts.get(file) ?? null;
    // Document texts carry bare \n; a file keeps its own line ends (\r\n, or a lone \r, whose lines the positions count: util/line-ends.ts).
    const eol = before === null ? '\n' : dominantLineEnd(before);
    let lines = before === null ? [] : linesWithEnds(before);
    for (const e of (edits.get(file) ?? []).sort((x, y) => y.start - x.start)) lines = applyEdit(lines, e, eol);
    let text = lines.join('');
    for (const doc of appended.get(file) ?? []) text = appendDocument(text, doc, eol);
    const empty = textLines(text).every((l) => l.trim() === '' || l.trim() === '---');
    out.set(file, { before, after: empty && before !== null && (edits.get(file) ?? []).length > 0 && !appended.has(file) ? null : text });
  }
  return out;
}

/**
 * Per list of head files, its real paths and texts by real path, made once: the rollback search asks for
 * the files of hundreds of reverts of one head (re17-HomeLab 0d921485: 0.6 s indexing its files again).
 */
function headIndex(head: readonly ManifestFile[]): { real: (path: string) => string; texts: ReadonlyMap<string, string> } {
  let index = headIndexes.get(head);
  if (!index) headIndexes.set(head, (index = { real: realPathOf(head), texts: new Map(head.map((f) => [f.realPath ?? f.path, f.text])) }));
  return index;
}

const headIndexes = new WeakMap<readonly ManifestFile[], { real: (path: string) => string; texts: ReadonlyMap<string, string> }>();

/**
 * A base document's lines as the patch restores them: the document's range ends at its last line, so a
 * final newline in its text is not one more line (that would add a blank line at the end of the file),
 * and trailing spaces are dropped (`git apply --whitespace=error` refuses added lines that carry them).
 */
function restoredLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n').map((l) => l.replace(/[ \t]+$/, ''));
}

/** Replace lines start..end (1-based, each line with its end); a deleted document also takes the `---` separator that opened it. */
function applyEdit(lines: string[], e: Edit, eol: string): string[] {
  let start = e.start - 1;
  const end = e.end;
  // The replaced range's last line may lack its end (no final newline): the replacement's last line follows it.
  const lastEnd = end > lines.length || /[\r\n]$/.test(lines[end - 1] ?? '') ? eol : '';
  const replacement = e.lines.map((l, i) => l + (i === e.lines.length - 1 ? lastEnd : eol));
  if (e.lines.length === 0 && start > 0 && /^---\s*$/.test(lines[start - 1])) start -= 1;
  return [...lines.slice(0, start), ...replacement, ...lines.slice(end)];
}

function appendDocument(text: string, doc: string, eol: string): string {
  const own = (doc.endsWith('\n') ? doc : doc + '\n').replace(/\n/g, eol);
  if (text.trim() === '') return own;
  const body = /[\r\n]$/.test(text) ? text : text + eol;
  return `${body}---${eol}${own}`;
}

export function unifiedPatch(files: Map<string, { before: string | null; after: string | null }>): string {
  let out = '';
  for (const [file, { before, after }] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (before === after) continue;
    const p = structuredPatch(`a/${file}`, `b/${file}`, before ?? '', after ?? '', '', '', { context: 3 });
    out += `diff --git a/${file} b/${file}\n`;
    if (before === null) out += 'new file mode 100644\n';
    if (after === null) out += 'deleted file mode 100644\n';
    out += `--- ${before === null ? '/dev/null' : `a/${file}`}\n+++ ${after === null ? '/dev/null' : `b/${file}`}\n`;
    for (const h of p.hunks) {
      out += `@@ -${h.oldLines === 0 ? h.oldStart - 1 : h.oldStart},${h.oldLines} +${h.newLines === 0 ? h.newStart - 1 : h.newStart},${h.newLines} @@\n`;
      out += h.lines.map((l) => l + '\n').join('');
    }
  }
  return out;
}

/**
 * Line-range replacements on head for edited and added documents: the smallest changed ranges, each
 * widened to one existing line where the revert only inserts, since a suggestion must replace head lines.
 * Removed documents cannot be restored by a suggestion (GitHub refuses suggestions on deleted lines).
 * `head`: head's files, whose `realPath`s place each hunk in the file the pull request changes (once,
 * however many paths the document was read under).
 */
export function replacementHunks(revert: readonly DocumentChange[], head: readonly Pick<ManifestFile, 'path' | 'realPath'>[]): ReplacementHunk[] {
  const real = realPathOf(head);
  const out: ReplacementHunk[] = [];
  const seen = new Set<string>();
  const push = (h: ReplacementHunk) => {
    const at = `${h.file}\u0000${h.startLine}\u0000${h.endLine}`;
    if (seen.has(at)) return;
    seen.add(at);
    out.push(h);
  };
  for (const c of revert) {
    const file = c.head ? real(c.head.file) : '';
    if (c.change === 'added' && c.head) {
      push({ file, startLine: c.head.startLine, endLine: c.head.endLine, replacement: '', documentKey: c.key });
    } else if (c.change === 'edited' && c.head && c.base) {
      const headText = c.head.text;
      const p = structuredPatch('h', 'b', ensureNl(headText), ensureNl(c.base.text), '', '', { context: 0 });
      const headLines = headText.split('\n');
      for (const h of p.hunks) {
        const removed = h.lines.filter((l) => l.startsWith('-')).length;
        const added = h.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
        let first = h.oldStart;
        let last = first + removed - 1;
        let replacement = added;
        if (removed === 0) {
          // A pure insertion before head line oldStart: replace the line above (or below, at the top) with itself plus the insertion.
          const above = h.oldStart > 1;
          first = last = above ? h.oldStart - 1 : 1;
          replacement = above ? [headLines[first - 1], ...added] : [...added, headLines[0]];
        }
        push({ file, startLine: c.head.startLine + first - 1, endLine: c.head.startLine + last - 1, replacement: replacement.join('\n'), documentKey: c.key });
      }
    }
  }
  return out;
}

function ensureNl(t: string): string {
  return t.endsWith('\n') ? t : t + '\n';
}
