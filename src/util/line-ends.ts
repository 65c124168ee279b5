/**
 * Lines as editors and YAML parsers (js-yaml, go-yaml, eemeli/yaml) count them: a line ends at `\r\n`, at
 * `\n`, or at a lone `\r` (classic Mac OS files, some generators). A final line end ends the last line; it
 * does not start another. Every place that turns a text into lines or an offset into a line number counts
 * here, so a file written with any of the three is positioned alike (a lone-`\r` file read every line as
 * line 1). Git and unified diffs split at `\n` only: patches keep their own lines (analysis/patch.ts).
 */

/** A line end: `\r\n`, `\n` or a lone `\r`. */
export const LINE_END = /\r\n|\r|\n/;

/** The lines of `text`, without their ends (a final line end leaves a last empty string, as `split` does). */
export function textLines(text: string): string[] {
  return text.split(LINE_END);
}

/** The lines of `text`, each with its own end (`\r\n`, `\n`, `\r` or none for an unterminated last line); joined they give `text` back. */
export function linesWithEnds(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []);
}

/** How many lines `text` has: a final line end ends the last line rather than starting an empty one. */
export function lineCount(text: string): number {
  const n = textLines(text).length;
  return /[\r\n]$/.test(text) ? n - 1 : n;
}

/** The 1-based line of offset `index` in `text` (a `\r\n` is one line end; an offset past the text is on its last line). */
export function lineAtOffset(text: string, index: number): number {
  let line = 1;
  const end = Math.min(index, text.length);
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) line++;
  }
  return line;
}

/** The line end a file mostly uses (`\n` when it has none), for lines written into it. */
export function dominantLineEnd(text: string): '\r\n' | '\n' | '\r' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  const cr = text.split('\r').length - 1 - crlf;
  return crlf > lf && crlf >= cr ? '\r\n' : cr > lf && cr > crlf ? '\r' : '\n';
}

/** The offset where 1-based line `line` of `text` starts (`text.length` past its last line). */
export function lineStartOffset(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = at;
    const found = m.exec(text);
    if (!found) return text.length;
    at = found.index + found[0].length;
  }
  return at;
}
