/** One document of a rollback in words, the same in text, Markdown and the review. */
import type { DocumentChange, MovedDocument, Rollback } from '../analysis/types.js';

/**
 * Where a changed document was before this change moved it to another file, when it was: an edited
 * document whose base and head copies are in different files (a plain document moved and edited, a
 * rollback's moved document: analysis/moved-documents.ts), or the added half of a move (`movedFrom`).
 */
export function movedFrom(c: Pick<DocumentChange, 'key' | 'change' | 'base' | 'head' | 'movedFrom'>): MovedDocument | undefined {
  if (c.movedFrom) return c.movedFrom;
  return c.change === 'edited' && c.base && c.head && c.base.file !== c.head.file ? { key: c.key, file: c.base.file, line: c.base.startLine, edited: true } : undefined;
}

/** The verb for a document's revert: an added one is deleted, a removed one restored, an edited one reverted. */
export function rollbackVerb(change: DocumentChange['change']): 'delete' | 'restore' | 'revert' {
  return change === 'added' ? 'delete' : change === 'removed' ? 'restore' : 'revert';
}

/**
 * A document key for people: `Kind/namespace/name`, and `Kind/name` for a cluster-scoped object (its key
 * `Kind//name` keeps the empty namespace; a Namespace's key `Namespace/x/x` names it as its own
 * namespace); keys of multi-object documents (`A + B`) each so.
 */
export function documentName(key: string): string {
  return key.replace(/(^|\s)([^\s/]+)\/\/(?=\S)/g, '$1$2/').replace(/(^|\s)Namespace\/([^\s/]+)\/\2(?=\s|$)/g, '$1Namespace/$2');
}

/**
 * A rollback document for people: a strategic merge patch as a patch of the objects it patches, as built;
 * else as the Kustomize build renders its objects (the names the diff's
 * paths use) and then as its source writes them, when they differ (`NetworkPolicy/p-system/p-allow, written
 * as NetworkPolicy/system/allow in config/allow.yaml`); else as written. `quoted` wraps each name (Markdown code).
 */
export function rollbackStepName(d: Pick<DocumentChange, 'key' | 'rendered' | 'patchOf'>, quoted: (name: string) => string = (n) => n, shownAt?: string): string {
  // A strategic merge patch: reverting it deletes no object (`Patch overlays/staging/egress.yaml (of NetworkPolicy/shop/api)`).
  const file = / in (\S+)$/.exec(d.key)?.[1];
  if (d.patchOf?.length && file) return `${quoted(`Patch ${file}`)} (of ${d.patchOf.map((n) => quoted(documentName(n))).join(', ')})`;
  if (!d.rendered?.length) return quoted(documentName(d.key));
  const rendered = documentName(d.rendered.join(' + '));
  // The caller names the file right after (`shownAt`): the written name without it, and a name that only lacks
  // the namespace the build gives said so (new-user trial 41, finding 12: the file was named twice on the line).
  if (file !== undefined && file === shownAt) {
    const bare = documentName(d.key.slice(0, -` in ${file}`.length));
    return d.rendered.length === 1 && withoutNamespace(rendered) === bare ? `${quoted(rendered)}, written without a namespace` : `${quoted(rendered)}, written as ${quoted(bare)}`;
  }
  return `${quoted(rendered)}, written as ${quoted(documentName(d.key))}`;
}

/** `Kind/namespace/name` less its namespace: `Kind/name` (a name of two parts stays as it is). */
function withoutNamespace(name: string): string {
  const parts = name.split('/');
  return parts.length === 3 ? `${parts[0]}/${parts[2]}` : name;
}

/**
 * How many of a rollback's documents close paths (`needed`) and how many it deletes as tidying only
 * (Rollback.tidying: files no build reads once the rest is reverted), and whether one document is tidying.
 */
export function rollbackParts(rb: Pick<Rollback, 'documents' | 'tidying'>): { needed: number; tidying: number; isTidying: (d: DocumentChange) => boolean } {
  const keys = new Set(rb.tidying ?? []);
  return { needed: rb.documents.length - keys.size, tidying: keys.size, isTidying: (d) => keys.has(d.key) };
}

/** A tidying step's mark after its line. */
export const TIDYING_MARK = 'tidying: no build reads it once the rest is reverted';
