/**
 * The head line of the change that removed or edited a base object: where a finding about what a base
 * policy no longer does (CROSS_NAMESPACE_PATH of a removed default-deny, of a narrowed AdminNetworkPolicy
 * Deny) is annotated, so that it sits on a line the pull request edits, not on a workload of a file it does
 * not touch (new-user 35 #6). GitHub annotates head lines only; a removed document has none of its own, so
 * it is the head line where its text was deleted, in the file that held it, or, when the change deleted that
 * file, the line where the entry of the kustomization that included it was deleted.
 */
import { structuredPatch } from 'diff';
import type { SourceRef } from '../engine/model.js';
import type { ManifestFile } from '../manifests/load.js';
import type { DocumentChange } from './types.js';
import { isKustomizationKey } from '../kustomize/file-set.js';
import { lineCount, textLines } from '../util/line-ends.js';
import { dirOf } from '../util/repo-paths.js';
import { documentLine } from '../manifests/document-line.js';

/**
 * `(ref) => head line`, for a base position `ref`: the changed document holding it in base, at its head
 * line (edited), where it moved (moved), or where it was deleted (removed); undefined when no changed
 * document holds `ref` or no head line says the deletion (a plain file deleted that nothing included).
 */
export function headLineOfChange(changes: readonly DocumentChange[], baseFiles: readonly Pick<ManifestFile, 'path' | 'text'>[], headFiles: readonly Pick<ManifestFile, 'path' | 'text'>[]): (ref: SourceRef) => SourceRef | undefined {
  // Texts by path, made when a line is first asked (most analyses ask none: no finding about a base policy).
  let baseText: Map<string, string> | undefined;
  let headText: Map<string, string> | undefined;
  const inHead = (file: string, line: number): SourceRef | undefined => {
    baseText ??= new Map(baseFiles.map((f) => [f.path, f.text]));
    headText ??= new Map(headFiles.map((f) => [f.path, f.text]));
    const before = baseText.get(file);
    const after = headText.get(file);
    return before === undefined || after === undefined ? undefined : { file, line: headLineOf(before, after, line) };
  };
  // The changed documents by their base file: asked once per finding, of thousands of changes.
  let byFile: Map<string, DocumentChange[]> | undefined;
  const inFile = (file: string): readonly DocumentChange[] => {
    if (byFile === undefined) {
      byFile = new Map();
      for (const d of changes) if (d.base) (byFile.get(d.base.file) ?? byFile.set(d.base.file, []).get(d.base.file)!).push(d);
    }
    return byFile.get(file) ?? [];
  };
  return (ref) => {
    const c = inFile(ref.file).find((d) => d.base && d.base.startLine <= ref.line && ref.line <= d.base.endLine);
    if (!c?.base) return undefined;
    if (c.head) {
      // The same line of the edited document, within it.
      const at = inHead(ref.file, ref.line)?.line ?? c.head.startLine;
      return { file: c.head.file, line: c.head.file === ref.file ? Math.min(Math.max(at, c.head.startLine), c.head.endLine) : documentLine(c.head) };
    }
    if (c.movedTo) return { file: c.movedTo.file, line: c.movedTo.line };
    return inHead(c.base.file, c.base.startLine) ?? includingEntry(c.base.file, changes, inHead);
  };
}

/**
 * The head line where the deleted file `file` (or a folder holding it) stopped being named by a
 * kustomization the change edited: its `resources` entry deleted with the file.
 */
function includingEntry(file: string, changes: readonly DocumentChange[], inHead: (file: string, line: number) => SourceRef | undefined): SourceRef | undefined {
  for (const c of changes) {
    if (c.change !== 'edited' || !c.base || !c.head || !isKustomizationKey(c.key)) continue;
    const dir = dirOf(c.base.file);
    if (dir !== '' && !file.startsWith(`${dir}/`)) continue;
    const lines = textLines(c.base.text);
    for (const name of namesOf(file.slice(dir === '' ? 0 : dir.length + 1))) {
      const i = lines.findIndex((l) => entryNames(l, name));
      if (i >= 0 && !textLines(c.head.text).some((l) => entryNames(l, name))) return inHead(c.base.file, c.base.startLine + i);
    }
  }
  return undefined;
}

/** `a/b/c.yaml` → `a/b/c.yaml`, `a/b`, `a`: the names an entry may give the file by. */
function namesOf(relative: string): string[] {
  const out = [relative];
  for (let d = dirOf(relative); d !== ''; d = dirOf(d)) out.push(d);
  return out;
}

/** Whether a kustomization line is a list entry naming `name` (`- name`, `- ./name/`, quoted). */
function entryNames(line: string, name: string): boolean {
  const m = /^\s*-\s*["']?(?:\.\/)?([^"'#\s]+?)\/?["']?\s*(?:#.*)?$/.exec(line);
  return m?.[1] === name;
}

/**
 * The head line of base line `line` (1-based): shifted by the lines added and deleted above it; a line
 * the change deleted or replaced goes to the head line that follows the deletion (the last line when it
 * was at the end).
 */
export function headLineOf(baseText: string, headText: string, line: number): number {
  const headLines = Math.max(lineCount(headText), 1);
  let shift = 0;
  for (const h of lineHunks(baseText, headText)) {
    // jsdiff starts an insertion's empty old side at the line it goes before, a deletion's new side at the line after it.
    if (line < h.oldStart) break;
    if (h.oldLines > 0 && line < h.oldStart + h.oldLines) return Math.min(Math.max(h.newStart, 1), headLines);
    shift += h.newLines - h.oldLines;
  }
  return Math.min(Math.max(line + shift, 1), headLines);
}

/**
 * The hunks (no context lines) that make `after` of `before`, lines numbered from 1 as util/line-ends.ts counts
 * them: jsdiff ends lines at `\n` only, so a lone `\r` line end is written `\n` first (the count unchanged).
 */
export function lineHunks(before: string, after: string): ReturnType<typeof structuredPatch>['hunks'] {
  return structuredPatch('b', 'h', lfOnly(before), lfOnly(after), '', '', { context: 0 }).hunks;
}

/** `text` with each lone `\r` line end written `\n` (the same lines, as util/line-ends.ts counts them). */
function lfOnly(text: string): string {
  return text.replace(/\r(?!\n)/g, '\n');
}
