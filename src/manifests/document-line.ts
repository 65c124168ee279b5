/** Where a document is cited: its first line of content, not the comments above it. */

/**
 * The line a document is cited at: its first line that is not blank, a comment or a directive — the
 * `apiVersion:` of `helm template` output, not the `# Source:` comment above it; where its objects' own
 * positions are (the parse's line of the document's root) — else its first line. `startLine` stays the first
 * line of the document's span (what a patch replaces, what holds an edited line). Scans the text's leading
 * lines without copying them.
 */
export function documentLine(doc: { readonly startLine: number; readonly text: string }): number {
  const text = doc.text;
  let line = doc.startLine;
  let pos = 0;
  while (pos < text.length) {
    let i = pos;
    let c = text.charCodeAt(i);
    // A directive (`%YAML`) starts at the line's first column; a comment after any indentation.
    if (c !== 37 /* % */) {
      while (c === 32 || c === 9 || c === 13 || c === 0xfeff) c = text.charCodeAt(++i);
      if (i < text.length && c !== 10 && c !== 35 /* # */) return line;
    }
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  return doc.startLine;
}
