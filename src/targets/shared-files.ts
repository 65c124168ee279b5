/**
 * Head's files with every file base holds unchanged replaced by base's very file object, so that the two
 * sides share one object (and one path and text string) per unchanged file.
 *
 * Base and head of a change share almost every file, but each side's files are read on their own (two git
 * revisions, two sets of blobs, two generated trees): equal texts in distinct strings. Every later question
 * that meets head's file where base's was met before (the parse and identity caches keyed by text, discovery's
 * per-text facts, the loader handing head base's documents, the changed paths) then compares whole texts, and
 * head's strings are hashed again. Made one, those are pointer comparisons; the whole texts are compared once,
 * here.
 *
 * A file is replaced only when both objects hold the same fields with identical values (the path, the text
 * compared by content; any other field, placement or build, the very same value), so the replacement is the
 * same file to every reader that reads its fields; only code comparing file objects across the sides by
 * identity could tell, and an unchanged file is then taken as unchanged, which is what it is.
 */
import type { ManifestFile } from '../manifests/load.js';

/** `head` with its files equal to base's (same path, same text, the same other fields) replaced by base's objects; `head` itself when none is. */
export function sharedFiles<F extends ManifestFile>(base: readonly F[], head: readonly F[]): readonly F[] {
  const byPath = new Map<string, F>();
  for (let i = 0; i < base.length; i++) byPath.set(base[i].path, base[i]);
  let out: F[] | undefined;
  for (let i = 0; i < head.length; i++) {
    const f = head[i];
    const b = byPath.get(f.path);
    if (b === undefined || b === f || !sameFile(b, f)) continue;
    out ??= head.slice();
    out[i] = b;
  }
  return out ?? head;
}

/** Whether two file objects hold the same fields: the text by content, every other field the very same value. */
function sameFile(a: ManifestFile, b: ManifestFile): boolean {
  if (a.text !== b.text || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    if (k === 'text') continue;
    if (!Object.prototype.hasOwnProperty.call(b, k) || (a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k]) return false;
  }
  return true;
}
