/**
 * Documents a change moved to another file, as the rollback reverts them. A plain document is keyed by
 * the objects it defines, so moving it is no change (document-changes.ts); a source document of a
 * Kustomize render is keyed by its objects *and its file* (`NetworkPolicy/api in a/policy.yaml`,
 * manifests/load-kustomized.ts), so a moved folder (a target renamed, several merged into one:
 * targets/renamed-targets.ts, moved-policies.ts) reads as every document removed at its old path and
 * added at its new one. As rollback candidates those are wrong twice over: reverting the one policy edit
 * the move carried means deleting the new file (which breaks the build that lists it) and restoring the
 * old one (which no build of head reads), so the search either finds no rollback or reverts the whole
 * move, one delete and one restore per document.
 *
 * A removed and an added document are one moved document when they define the same objects as deployed
 * (`Kind/namespace/name`: the rendered objects whose position lies within each, else the objects as
 * written), some of them at least (a moved base that a new overlay also builds renders more copies), and
 * neither shares an object with any other removed or added document. Then:
 * - the same text, or the same rendered values for every object both render (comments edited, a
 *   namespace now written that the old kustomization set), is no change at all: neither is a candidate;
 * - otherwise it is one edit at the head path: its revert writes base's text of the document where the
 *   document now lives (patch.ts edits `head.file`), and its suggestions and positions are head's lines.
 *   That text is named and placed as head writes it (`metadata.name`, `metadata.namespace`:
 *   manifests/written-identity.ts): the objects are the same as deployed, so where head writes what its
 *   build no longer sets (the old kustomization's `namespace:` gone), base's text alone would deploy the
 *   policy elsewhere. The rollback search evaluates, and the patch writes, this one text.
 * A document that defines no object (a kustomization, a JSON patch) is moved unchanged when exactly one
 * removed and one added document of the same file name have the same text; a moved kustomization's
 * edits (entries rewritten for the new depth) are not reverted in place, so those stay as they are.
 */
import { posix } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { LoadResult, ManifestDocument } from '../manifests/load.js';
import { documentsByFile } from '../manifests/documents-by-file.js';
import { withWrittenIdentity } from '../manifests/written-identity.js';
import type { DocumentChange } from './types.js';
import { isKustomizationKey } from '../kustomize/file-set.js';
import { documentLine } from '../manifests/document-line.js';

type Side = Pick<LoadResult, 'rendered'>;
type Span = NonNullable<DocumentChange['head']>;

/** A removed and an added document that are one document moved (the rule above). */
export interface DocumentMove {
  readonly from: DocumentChange;
  readonly to: DocumentChange;
  /** The same text, or the same rendered values for every object both render: no change but the move. */
  readonly same: boolean;
}

/**
 * `changes` with each moved document (the rule above) dropped when unchanged, or made one `edited`
 * change (key and objects of head's document, `base` at the old path with the text its revert writes,
 * `head` at the new one). `base`, `head`: the two sides' loads, for the objects their renders place
 * within each document.
 */
export function movedDocuments(changes: readonly DocumentChange[], base: Side, head: Side): DocumentChange[] {
  const gone = new Set<DocumentChange>();
  const edits = new Map<DocumentChange, DocumentChange>();
  for (const { from, to, same } of documentMoves(changes, base, head)) {
    gone.add(from);
    if (same) gone.add(to);
    else edits.set(to, { key: to.key, change: 'edited', objects: to.objects, base: { ...from.base!, text: withWrittenIdentity(from.base!.text, to.head!.text) }, head: to.head, movedFrom: { key: from.key, file: from.base!.file, line: documentLine(from.base!), edited: true } });
  }
  return changes.filter((c) => !gone.has(c)).map((c) => edits.get(c) ?? c);
}

/**
 * `changes` as the diff lists them, each half of a moved document told where the other is: the removed
 * one `movedTo`, the added one `movedFrom` (the JSON's `changedDocuments`, whose entries stay as they
 * were: report/diff-json.ts).
 */
export function withMoves(changes: readonly DocumentChange[], base: Side, head: Side): DocumentChange[] {
  const moved = new Map<DocumentChange, DocumentChange>();
  for (const { from, to, same } of documentMoves(changes, base, head)) {
    const edited = !same;
    moved.set(from, { ...from, movedTo: { key: to.key, file: to.head!.file, line: documentLine(to.head!), edited } });
    moved.set(to, { ...to, movedFrom: { key: from.key, file: from.base!.file, line: documentLine(from.base!), edited } });
  }
  return moved.size === 0 ? [...changes] : changes.map((c) => moved.get(c) ?? c);
}

/** The moved documents among `changes`: pairs of a removed and an added document (the rule above). */
export function documentMoves(changes: readonly DocumentChange[], base: Side, head: Side): DocumentMove[] {
  const removed = changes.filter((c) => c.change === 'removed' && c.base);
  const added = changes.filter((c) => c.change === 'added' && c.head);
  if (removed.length === 0 || added.length === 0) return [];
  const deployed = { base: renderedWithin(base), head: renderedWithin(head) };
  const olds = new Map(removed.map((c) => [c, identity(c, c.base!, deployed.base)]));
  const news = new Map(added.map((c) => [c, identity(c, c.head!, deployed.head)]));
  const holders = (side: ReadonlyMap<DocumentChange, readonly string[]>) => {
    const out = new Map<string, DocumentChange[]>();
    for (const [c, ids] of side) for (const id of ids) out.set(id, [...(out.get(id) ?? []), c]);
    return out;
  };
  const [oldHolders, newHolders] = [holders(olds), holders(news)];
  /** The one change of the other side sharing an object with `c`, when no other change of either side shares one. */
  const only = (ids: readonly string[], mine: ReadonlyMap<string, DocumentChange[]>, theirs: ReadonlyMap<string, DocumentChange[]>): DocumentChange | undefined => {
    const other = new Set(ids.flatMap((id) => theirs.get(id) ?? []));
    return other.size === 1 && ids.every((id) => (mine.get(id)?.length ?? 0) <= 1) ? [...other][0] : undefined;
  };
  const out: DocumentMove[] = [];
  for (const [old, ids] of olds) {
    const now = only(ids, oldHolders, newHolders);
    if (!now || only(news.get(now)!, newHolders, oldHolders) !== old) continue;
    out.push({ from: old, to: now, same: sameText(old.base!.text, now.head!.text) || sameObjects(deployed.base(old.base!), deployed.head(now.head!)) });
  }
  return out;
}

/**
 * What a document is, wherever it lives: the objects rendered from it as deployed, else its objects as
 * written (a source document's without its file); a document that defines none, its file name and text
 * (a move of it unchanged).
 */
function identity(c: DocumentChange, span: Span, deployed: (span: Span) => readonly ManifestDocument[]): string[] {
  const rendered = [...new Set(deployed(span).flatMap((d) => d.objects))];
  if (rendered.length > 0) return rendered.map((o) => `object ${o}`);
  const written = c.objects.filter((o) => !isKustomizationKey(o) && !/^(Patch|Document) /.test(o)).map((o) => `object ${o.replace(/ in \S.*$/, '')}`);
  if (written.length > 0) return written;
  return [`text ${posix.basename(span.file)}\u0000${span.text.trimEnd()}`];
}

/** The rendered documents whose position lies within a span of one side (none without renders). */
function renderedWithin(side: Side): (span: Span) => readonly ManifestDocument[] {
  let byFile: Map<string, ManifestDocument[]> | undefined;
  return (span) => (side.rendered?.length ? ((byFile ??= documentsByFile(side.rendered)).get(span.file) ?? []).filter((d) => d.startLine >= span.startLine && d.startLine <= span.endLine) : []);
}

function sameText(a: string, b: string): boolean {
  return a.trimEnd() === b.trimEnd();
}

/** Whether both sides render some object in common, each the same value on both (key order aside). */
function sameObjects(a: readonly ManifestDocument[], b: readonly ManifestDocument[]): boolean {
  const values = (ds: readonly ManifestDocument[]) => new Map(ds.filter((d) => d.objects.length > 0).map((d) => [d.objects.join(' + '), d.text]));
  const [before, after] = [values(a), values(b)];
  const common = [...before.keys()].filter((k) => after.has(k));
  return common.length > 0 && common.every((k) => before.get(k) === after.get(k) || isDeepStrictEqual(JSON.parse(before.get(k)!), JSON.parse(after.get(k)!)));
}

/**
 * Removed and added documents that are one document read under another key where it stands: the same file
 * and text on both sides (a Flux Kustomization gaining `namePrefix` or `patches` makes Flux build its folder as
 * a kustomization, so each file's documents are keyed as the build's sources on head, as plain documents on
 * base; a document whose line moved as one above it grew, keyed by its place). Nothing of theirs changed: what
 * their objects become is the edit's, a document of its own. Paired one to one in document order; the JSON's
 * `changedDocuments` leaves them out, as the rollback does (the search's moves: `same`).
 */
export function reKeyedInPlace(changes: readonly DocumentChange[]): Set<DocumentChange> {
  const key = (s: Span) => `${s.file}\u0000${s.text.trimEnd()}`;
  const added = new Map<string, DocumentChange[]>();
  for (const c of changes) if (c.change === 'added' && c.head) (added.get(key(c.head)) ?? added.set(key(c.head), []).get(key(c.head))!).push(c);
  const out = new Set<DocumentChange>();
  for (const c of changes) {
    if (c.change !== 'removed' || !c.base) continue;
    const match = added.get(key(c.base))?.shift();
    if (match) out.add(c).add(match);
  }
  return out;
}
