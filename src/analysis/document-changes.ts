/** Which manifest documents were added, removed or edited between base and head. */
import type { ManifestDocument } from '../manifests/load.js';
import type { DocumentChange } from './types.js';

/** Keys of a list of documents, computed once per list (the diff and the rollback search both need them). */
const keysOf = new WeakMap<readonly ManifestDocument[], ReadonlyMap<string, ManifestDocument>>();

/** A document is identified by the objects it defines, so moving it to another file is no change. */
export function documentKeys(docs: readonly ManifestDocument[]): ReadonlyMap<string, ManifestDocument> {
  const known = keysOf.get(docs);
  if (known) return known;
  const out = uniqueKeys(docs) ?? numberedKeys(docs);
  keysOf.set(docs, out);
  return out;
}

/**
 * The keys when no two documents share one (almost every list): one map write per document (a key met
 * again leaves the size as it was). Undefined at the first repeat: `numberedKeys` then numbers them.
 */
function uniqueKeys(docs: readonly ManifestDocument[]): Map<string, ManifestDocument> | undefined {
  const out = new Map<string, ManifestDocument>();
  for (let i = 0; i < docs.length; i++) {
    out.set(documentKey(docs[i]), docs[i]);
    if (out.size !== i + 1) return undefined;
  }
  return out;
}

/** The keys with repeats numbered in the order met: the second `K` is `K (#2)`, and so on. */
function numberedKeys(docs: readonly ManifestDocument[]): Map<string, ManifestDocument> {
  const out = new Map<string, ManifestDocument>();
  const counts = new Map<string, number>();
  for (const d of docs) {
    const base = documentKey(d);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    out.set(n === 1 ? base : `${base} (#${n})`, d);
  }
  return out;
}

/**
 * A document's key before repeats are numbered, kept per document: head is handed base's very document
 * objects for unchanged files, so most of head's keys are known from base's.
 */
const keyOf = new WeakMap<ManifestDocument, string>();
function documentKey(d: ManifestDocument): string {
  // One object (almost every document): its key is the document's, with no join and no weak entry.
  if (d.objects.length === 1) return d.objects[0];
  let key = keyOf.get(d);
  if (key === undefined) keyOf.set(d, (key = d.objects.length > 0 ? d.objects.join(' + ') : `${d.file}#${d.startLine}`));
  return key;
}

export function documentChanges(base: readonly ManifestDocument[], head: readonly ManifestDocument[]): DocumentChange[] {
  const b = documentKeys(base);
  const h = documentKeys(head);
  const changes: DocumentChange[] = [];
  const span = (d: ManifestDocument) => ({ file: d.file, startLine: d.startLine, endLine: d.endLine, text: d.text });
  // forEach, not for…of: no [key, value] array per entry (~20,000 at the 10k bench, at every push).
  h.forEach((hd, key) => {
    const bd = b.get(key);
    if (!bd) changes.push({ key, change: 'added', objects: hd.objects, head: span(hd) });
    else if (bd !== hd && bd.text !== hd.text && normalize(bd.text) !== normalize(hd.text)) changes.push({ key, change: 'edited', objects: hd.objects, base: span(bd), head: span(hd) });
  });
  b.forEach((bd, key) => {
    if (!h.has(key)) changes.push({ key, change: 'removed', objects: bd.objects, base: span(bd) });
  });
  return changes;
}

function normalize(text: string): string {
  return text.trimEnd();
}
