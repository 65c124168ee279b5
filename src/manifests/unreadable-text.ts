/**
 * Files reachdiff reads as UTF-8 (folders, git blobs and the App's tarballs are all decoded so) and does
 * not parse when they are not UTF-8 text. What such a file says can still be told in part: a UTF-16 file
 * (what Windows PowerShell 5's `>` and `Out-File` write, with a byte-order mark) decoded as UTF-8 keeps
 * its ASCII characters, each followed or preceded by a NUL, and its line breaks.
 */

/**
 * Whether `text` (a file decoded as UTF-8) is text: no U+FFFD (bytes that were not UTF-8) and no NUL (a
 * binary: git-crypt output, archives). Neither is a manifest kubectl would read as written.
 */
export function isText(text: string): boolean {
  // Two searches for one character each: several times faster than a character-class regular expression
  // over every file's whole text.
  return text.indexOf('\u0000') < 0 && text.indexOf('\uFFFD') < 0;
}

/**
 * Whether `text` (a file decoded as UTF-8) was UTF-16 with a byte-order mark: FF FE or FE FF, each byte
 * not UTF-8 (two U+FFFD), then an ASCII character's NUL half (`a\0` little-endian, `\0a` big-endian).
 */
export function isUtf16Text(text: string): boolean {
  return text.startsWith('\uFFFD\uFFFD') && (text.charAt(2) === '\u0000' || text.charAt(3) === '\u0000');
}

/**
 * The ASCII a file that is not text still shows, line for line: its NULs dropped, so UTF-16's ASCII reads as
 * written (`kind: NetworkPolicy` at its line); non-ASCII characters stay U+FFFD. Only for finding what a
 * file names (policy-sources.ts), never for parsing it.
 */
export function visibleText(text: string): string {
  return text.replace(/\u0000/g, '');
}
