/**
 * A rollback as text: the head files with the chosen documents reverted, as a unified patch that
 * `git apply` accepts, and as line-range replacements from which GitHub suggested changes are made.
 * Both write each file under its own path, once: a file read through a symbolic link (under a linked
 * folder and under its real path) is one file (manifests/real-paths.ts).
 */
import { structuredPatch } from 'diff';
import type { ManifestFile } from '../manifests/load.js';
import { realPathOf } from '../manifests/real-paths.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { FLUX_EDIT_KIND, isFluxEdit } from '../kustomize/flux-edit.js';
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
  const { real, texts: textsOf } = headIndex(head);
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
  const files = new Set([...edits.keys(), ...appended.keys()]);
  const texts = textsOf(files);
  for (const file of files) {
    const before = texts.get(file) ?? null;
    // Document texts carry bare \n; a file keeps its own line ends (\r\n, or a lone \r, whose lines the positions count: util/line-ends.ts).
    const eol = before === null ? '\n' : dominantLineEnd(before);
    let lines = before === null ? [] : linesWithEnds(before);
    const fileEdits = withSeparators(lines, edits.get(file) ?? []);
    for (const e of fileEdits.sort((x, y) => y.start - x.start)) lines = applyEdit(lines, e, eol);
    let text = lines.join('');
    for (const doc of appended.get(file) ?? []) text = appendDocument(text, doc, eol);
    // A kustomization a Flux Kustomization builds carries Flux's edit as an appended document (flux-edit.ts): left
    // alone once the revert removes what the change added, the file is gone, not a kustomization of that edit
    // (real repositories 34: a new cluster's reverted kustomizations failed as "kind FluxKustomizationEdit is not
    // Kustomization", so no rollback was offered).
    const empty = textLines(text).every((l) => l.trim() === '' || l.trim() === '---') || onlyFluxEdits(text);
    out.set(file, { before, after: empty && before !== null && (edits.get(file) ?? []).length > 0 && !appended.has(file) ? null : text });
  }
  return out;
}

/**
 * Per list of head files, its real paths, and the texts of files by their real paths (the last file read
 * under a path, as a map of every file would keep). The rollback asks for the texts of the few files a
 * revert touches: the first calls scan the list once for their files (no map of ~12,000 paths at the 10k
 * bench for the two or three files of one patch), later ones use a map made once (the rollback search asks for the
 * files of hundreds of reverts of one head: re17-HomeLab 0d921485, 0.6 s indexing its files again).
 */
function headIndex(head: readonly ManifestFile[]): { real: (path: string) => string; texts: (files: ReadonlySet<string>) => ReadonlyMap<string, string> } {
  let index = headIndexes.get(head);
  if (!index) {
    let scans = 0;
    let all: Map<string, string> | undefined;
    const texts = (files: ReadonlySet<string>): ReadonlyMap<string, string> => {
      if (all || ++scans > MAX_TEXT_SCANS) return (all ??= new Map(head.map((f) => [f.realPath ?? f.path, f.text])));
      // One pass for the call's files; the last file read under a path wins, as in the map.
      const out = new Map<string, string>();
      if (files.size === 0) return out;
      for (const f of head) {
        const path = f.realPath ?? f.path;
        if (files.has(path)) out.set(path, f.text);
      }
      return out;
    };
    headIndexes.set(head, (index = { real: realPathOf(head), texts }));
  }
  return index;
}

/** Calls for one head list that scan it before its texts are mapped. */
const MAX_TEXT_SCANS = 4;

const headIndexes = new WeakMap<readonly ManifestFile[], { real: (path: string) => string; texts: (files: ReadonlySet<string>) => ReadonlyMap<string, string> }>();

/**
 * A base document's lines as the patch restores them: the document's range ends at its last line, so a
 * final newline in its text is not one more line (that would add a blank line at the end of the file),
 * and trailing spaces are dropped (`git apply --whitespace=error` refuses added lines that carry them).
 */
function restoredLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n').map((l) => l.replace(/[ \t]+$/, ''));
}

/** Replace lines start..end (1-based, each line with its end). */
function applyEdit(lines: string[], e: Edit, eol: string): string[] {
  const [start, end] = [e.start - 1, e.end];
  // The replaced range's last line may lack its end (no final newline): the replacement's last line follows it.
  const lastEnd = end > lines.length || /[\r\n]$/.test(lines[end - 1] ?? '') ? eol : '';
  const replacement = e.lines.map((l, i) => l + (i === e.lines.length - 1 ? lastEnd : eol));
  return [...lines.slice(0, start), ...replacement, ...lines.slice(end)];
}

/** A document separator line as Kubernetes' YAML reader splits at (`---`, `--- # comment`), with or without its end. */
function isSeparatorLine(line: string | undefined): boolean {
  return line !== undefined && /^---(\s|$)/.test(line);
}

/**
 * `edits` (1-based line ranges of `lines`, the file's head lines) with each deletion of a whole document
 * (`lines` empty) widened to one `---` beside it, so that the file keeps no empty document nor a separator at
 * its top or end that it did not have: the separator before the document when the file keeps a line of
 * content above it (a document, a comment), else the one after (the document was the file's first kept one:
 * a leading `---` of the file stays), else the one before (the file's only document: nothing is left).
 * Separators lie outside every document's range, and no two deletions take the same one.
 */
function withSeparators<E extends { readonly start: number; readonly end: number; readonly lines: readonly string[] }>(lines: readonly string[], edits: readonly E[]): E[] {
  const deletions = edits.filter((e) => e.lines.length === 0).sort((x, y) => x.start - y.start);
  if (deletions.length === 0) return [...edits];
  // The first line of content the revert keeps: not blank, not a separator, in no deleted range.
  let firstKept = Infinity;
  for (let line = 1, d = 0; line <= lines.length; line++) {
    while (d < deletions.length && deletions[d].end < line) d++;
    if (d < deletions.length && deletions[d].start <= line) {
      line = deletions[d].end;
      continue;
    }
    const text = lines[line - 1];
    if (text.trim() !== '' && !isSeparatorLine(text)) {
      firstKept = line;
      break;
    }
  }
  return edits.map((e) => {
    if (e.lines.length > 0) return e;
    const before = isSeparatorLine(lines[e.start - 2]);
    const after = isSeparatorLine(lines[e.end]);
    if (firstKept < e.start && before) return { ...e, start: e.start - 1 };
    if (firstKept > e.start && after) return { ...e, end: e.end + 1 };
    return before && !after && firstKept > e.end ? { ...e, start: e.start - 1 } : e;
  });
}

/** `text` with the document `doc` added at its end, after a `---` unless the text has no content or already ends with one. */
function appendDocument(text: string, doc: string, eol: string): string {
  const own = (doc.endsWith('\n') ? doc : doc + '\n').replace(/\n/g, eol);
  if (text.trim() === '') return own;
  const body = /[\r\n]$/.test(text) ? text : text + eol;
  const last = textLines(body.trimEnd()).pop();
  return isSeparatorLine(last) ? `${body}${own}` : `${body}---${eol}${own}`;
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
 * Removed documents cannot be restored by a suggestion (GitHub refuses suggestions on deleted lines); an added
 * one is deleted with a `---` beside it, as the patch deletes it. `head`: head's files, whose `realPath`s place
 * each hunk in the file the pull request changes (once, however many paths the document was read under).
 */
export function replacementHunks(revert: readonly DocumentChange[], head: readonly ManifestFile[]): ReplacementHunk[] {
  const { real, texts: textsOf } = headIndex(head);
  // A deleted document takes a `---` beside it, as in the patch (`withSeparators`), over all the file's deletions.
  const deletions = new Map<string, { start: number; end: number; lines: readonly string[]; change: DocumentChange }[]>();
  for (const c of revert) {
    if (c.change !== 'added' || !c.head) continue;
    const file = real(c.head.file);
    deletions.set(file, [...(deletions.get(file) ?? []), { start: c.head.startLine, end: c.head.endLine, lines: [], change: c }]);
  }
  const deleted = new Map<DocumentChange, { start: number; end: number }>();
  const texts = textsOf(new Set(deletions.keys()));
  for (const [file, ds] of deletions) {
    const text = texts.get(file);
    for (const d of text === undefined ? ds : withSeparators(textLines(text), ds)) deleted.set(d.change, d);
  }
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
    const range = deleted.get(c);
    if (c.change === 'added' && range) {
      push({ file, startLine: range.start, endLine: range.end, replacement: '', documentKey: c.key });
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
        push({ file, startLine: c.head.startLine + first - 1, endLine: c.head.startLine + last - 1, replacement: replacement.join('\n'), documentKey: c.key, ...(c.restores !== undefined ? { restores: c.restores } : {}) });
      }
    }
  }
  return out;
}

function ensureNl(t: string): string {
  return t.endsWith('\n') ? t : t + '\n';
}

/** Whether a text's documents are all Flux edits (kustomize/flux-edit.ts), at least one. */
function onlyFluxEdits(text: string): boolean {
  if (!text.includes(FLUX_EDIT_KIND)) return false;
  const docs = parseDocuments(text, 'yaml', false).filter((d) => d.value !== null && d.value !== undefined);
  return docs.length > 0 && docs.every((d) => !d.error && isFluxEdit(d.value));
}
