/**
 * Where a notice's line says its place: ` (file:line)` after the message, or nothing when the message already
 * names that file and line (a list of positions that starts with it), so no item is said twice.
 */
import type { Notice } from '../targets/types.js';

/** Whether `message` names `file:line` as a whole position (not `x/file:12` nor `file:1` of `file:12`). */
export function namesPlace(message: string, file: string, line: number): boolean {
  const at = `${file}:${line}`;
  for (let i = message.indexOf(at); i >= 0; i = message.indexOf(at, i + 1)) {
    if (!/[\w./-]/.test(message.charAt(i - 1)) && !/\d/.test(message.charAt(i + at.length))) return true;
  }
  return false;
}

/** A notice's position as the reports write it: `file:line`, `base:file:line` when it is base's line; undefined without a ref. */
export function noticeAt(n: Pick<Notice, 'ref' | 'side'>): string | undefined {
  return n.ref && `${n.side === 'base' ? 'base:' : ''}${n.ref.file}:${n.ref.line}`;
}

/** ` (file:line)` for the text reports, `(\`file:line\`)` when `code` (Markdown); empty without a ref or when the message names it. */
export function noticePlace(n: Pick<Notice, 'message' | 'ref' | 'side'>, code = false): string {
  const at = noticeAt(n);
  if (!n.ref || !at || namesPlace(n.message, n.ref.file, n.ref.line)) return '';
  return code ? ` (\`${at}\`)` : ` (${at})`;
}
