/**
 * Whether a position lies in a document a change added, removed or edited, on one side: the spans of the
 * changed documents (DocumentChange `base` or `head`, 1-based lines, both ends included) indexed by file.
 */
import type { SourceRef } from '../engine/model.js';
import type { DocumentChange } from './types.js';

/** `(ref) => whether ref lies in a document of `side` that one of `changes` holds there`. */
export function inChangedDocuments(changes: readonly DocumentChange[], side: 'base' | 'head'): (ref: SourceRef) => boolean {
  const spans = new Map<string, { readonly startLine: number; readonly endLine: number }[]>();
  for (const c of changes) {
    const d = c[side];
    if (d) (spans.get(d.file) ?? spans.set(d.file, []).get(d.file)!).push(d);
  }
  return (ref) => spans.get(ref.file)?.some((s) => s.startLine <= ref.line && ref.line <= s.endLine) ?? false;
}

/**
 * `inChangedDocuments` without the documents a change only moved to another place, their text or rendered
 * objects the same (DocumentChange `movedFrom`/`movedTo` with `edited: false`, moved-documents.ts): what a
 * reviewer reads as added or edited. A file split into one file a policy is a refactor, not an edit of them.
 */
export function inEditedDocuments(changes: readonly DocumentChange[], side: 'base' | 'head'): (ref: SourceRef) => boolean {
  return inChangedDocuments(
    changes.filter((c) => c.movedFrom?.edited !== false && c.movedTo?.edited !== false),
    side,
  );
}
