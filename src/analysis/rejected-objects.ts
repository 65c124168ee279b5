/**
 * Head's objects the API server would reject (manifests/load.ts `ManifestDocument.rejected`), as the
 * cluster has them after the sync. An update the API server refuses leaves the live object as it was:
 * Argo CD fails that resource and applies the others, Flux's kustomize-controller fails the whole
 * Kustomization's apply, `kubectl apply` fails on it. Either way the cluster keeps base's version, so
 * head is analysed with base's version of each such object (same kind, namespace and name): the change
 * opens and closes nothing through it, and no rollback reverts it for paths it does not change. The
 * error says so, in place of "it is not applied". An object base holds no accepted copy of (new in
 * head) stays as the loader read it (a rejected policy absent, another kind without its bad fields).
 * A head file that does not parse (a YAML syntax error) is refused whole, before the API server: kubectl's
 * decoder, Kustomize and Argo CD's manifest generation read a file at once. Every object of base's version
 * of that file, and of head's documents of it that did parse, is base's then (new-user trial 41, finding 8).
 * So is an object base holds elsewhere that head holds no more but a document of a broken head file still
 * names (its kind and name written there: moved into that file and broken there, unparsed-edits.ts): the sync
 * fails on that file, and neither kubectl (which deletes nothing it does not apply) nor a controller whose
 * build fails removes base's copy.
 * A head document that lost its object's name (`metadata.name` deleted or not a string) names no object
 * either: the API server refuses it ("resource name may not be empty") and nothing deletes base's object
 * it stood for, the one object of that kind and namespace in the same file that head holds no more (at
 * the same place among the file's documents when there are several).
 * A head object named (or placed in a namespace named) as the API server refuses (manifests/load.ts
 * `refusedNames`; one side reads it as written, as the peer tools do) is never created when base does not hold
 * it: head is analysed without it, and base's object its document stood for (found as for a lost name) is kept.
 */
import type { Cluster, SourceRef } from '../engine/model.js';
import type { Diagnostic, Unapplied } from '../manifests/diagnostics.js';
import type { ModelParts } from '../manifests/last-copy.js';
import { modelParts, withoutObjects, withParts } from '../manifests/last-copy.js';
import { CIDR_GROUP_KIND } from '../manifests/kinds/cilium-cidr-group.js';
import type { LoadResult, ManifestDocument, ManifestFile } from '../manifests/load.js';
import { brokenDocumentOf, brokenDocuments } from './unparsed-edits.js';
import { objectOwner } from '../manifests/load.js';
import { documentLine } from '../manifests/document-line.js';

/** One object of head the cluster keeps base's version of. */
export interface KeptObject {
  /** `Kind/namespace/name` (cluster-scoped: `Kind//name`). */
  readonly key: string;
  /** Head's document that holds it, and base's. */
  readonly head: SourceRef;
  readonly base: SourceRef;
  /** Kept because head's file does not parse (`head`: the syntax error), not because the API server rejects it. */
  readonly unparsed?: true;
  /** Kept because head's document names no object in its place (`metadata.name` lost). */
  readonly unnamed?: true;
  /** Kept because head's document renamed it (or moved it to a namespace) as the API server refuses. */
  readonly refusedName?: true;
}

/**
 * Head's files that do not parse (a `YAML_SYNTAX` error) where base's same file parsed: the sync fails on the
 * whole file (kubectl's decoder, Kustomize's and Argo CD's readers take a file at once), so the cluster keeps
 * base's version of every object of it. A file base could not parse either brought no new error: read as before.
 */
function brokenFiles(base: LoadResult, head: LoadResult): Set<string> {
  const syntax = (load: LoadResult) => new Set(load.diagnostics.filter((d) => d.severity === 'error' && d.code === 'YAML_SYNTAX').map((d) => d.ref.file));
  const out = syntax(head);
  if (out.size === 0) return out;
  for (const file of syntax(base)) out.delete(file);
  return out;
}

/** What `unparsedDiagnostics` adds to a syntax error's message. */
const KEPT_CLAUSE = '; the sync fails on ';

/** A syntax error's message as the loader wrote it, without the clause `keepBaseVersions` added (targets/failed-targets.ts tells its own). */
export function unparsedCause(message: string): string {
  const i = message.indexOf(KEPT_CLAUSE);
  return i < 0 ? message : message.slice(0, i);
}

/** The first syntax error of a broken head file. */
function brokenAt(head: LoadResult, file: string): SourceRef {
  return head.diagnostics.find((d) => d.severity === 'error' && d.code === 'YAML_SYNTAX' && d.ref.file === file)?.ref ?? { file, line: 1 };
}

/**
 * `head` with base's version of every object head holds only as a rejected copy and base holds (its
 * cluster, plain documents, rendered documents and reload alike), and head's diagnostics saying so.
 * `head` itself when there is none.
 */
export function keepBaseVersions(base: LoadResult, head: LoadResult, headFiles: readonly ManifestFile[] = []): { readonly head: LoadResult; readonly kept: readonly KeptObject[] } {
  // Most pulls reject nothing and break no file: no list of every document is made then.
  const rejects = (d: ManifestDocument) => d.rejected.length > 0;
  const broken = brokenFiles(base, head);
  const unnamedDocs = head.documents.filter((d) => d.unnamed?.length && !broken.has(d.file));
  // Objects named as the API server refuses that base does not hold (new in head): never created. Base's keys are
  // gathered only when head names some object so.
  const naming = (d: ManifestDocument) => Boolean(d.refusedNames?.length) && !broken.has(d.file);
  const refusing = [...head.documents.filter(naming), ...(head.rendered?.filter(naming) ?? [])];
  const baseKeys = refusing.length ? new Set(modelDocuments(base).flatMap((d) => d.objects)) : new Set<string>();
  const refusedDocs = refusing.filter((d) => d.refusedNames!.some((r) => !baseKeys.has(r.key)));
  if (broken.size === 0 && unnamedDocs.length === 0 && refusedDocs.length === 0 && !head.documents.some(rejects) && !head.rendered?.some(rejects)) return { head, kept: [] };
  const headDocs = modelDocuments(head);
  const refusedNew = new Set(refusedDocs.flatMap((d) => d.refusedNames!.filter((r) => !baseKeys.has(r.key)).map((r) => r.key)));
  const accepted = new Set<string>();
  const rejected = new Map<string, ManifestDocument>();
  for (const d of headDocs) {
    // Every object a file that does not parse defines is refused with it: the sync fails on the file.
    if (broken.has(d.file)) {
      for (const key of d.objects) rejected.set(key, d);
      continue;
    }
    for (const key of d.objects) if (!d.rejected.includes(key) && !refusedNew.has(key)) accepted.add(key);
    for (const key of d.rejected) rejected.set(key, d);
  }
  const baseDocs = lastAccepted(modelDocuments(base));
  const kept: KeptObject[] = [];
  const keys = new Set<string>();
  // A broken file's objects as base's documents of that file define them: the broken document itself names none.
  const brokenKept: KeptObject[] = [];
  for (const [key, was] of baseDocs) {
    if (!broken.has(was.file) || accepted.has(key) || rejected.has(key) || key.startsWith(`${CIDR_GROUP_KIND}//`)) continue;
    keys.add(key);
    brokenKept.push({ key, head: brokenAt(head, was.file), base: { file: was.file, line: documentLine(was) }, unparsed: true });
  }
  // An object moved into a broken file (base held it in another): the broken document that still names it stands for it.
  // Any head file with a syntax error counts, one base could not parse either too: base's copy stood elsewhere.
  const named = head.diagnostics.some((d) => d.code === 'YAML_SYNTAX') ? brokenDocuments(headFiles, head.diagnostics) : [];
  if (named.length) {
    for (const [key, was] of baseDocs) {
      if (keys.has(key) || accepted.has(key) || rejected.has(key) || key.startsWith(`${CIDR_GROUP_KIND}//`)) continue;
      const at = brokenDocumentOf(key, named);
      if (!at) continue;
      keys.add(key);
      brokenKept.push({ key, head: { file: at.file, line: documentLine(at) }, base: { file: was.file, line: documentLine(was) }, unparsed: true });
    }
  }
  for (const [key, doc] of rejected) {
    // A parsed document of a broken file: what the cluster keeps is base's copy, or nothing when base has none.
    if (broken.has(doc.file)) {
      if (accepted.has(key)) continue;
      const was = baseDocs.get(key);
      keys.add(key);
      if (was) brokenKept.push({ key, head: { file: doc.file, line: documentLine(doc) }, base: { file: was.file, line: documentLine(was) }, unparsed: true });
      continue;
    }
    const was = baseDocs.get(key);
    // A CiliumCIDRGroup is no part of the cluster: the policies naming it took their addresses when merged, so base's
    // version cannot be put back here; the reference is said as not analysed instead (load.ts mergeDocuments).
    if (accepted.has(key) || !was || key.startsWith(`${CIDR_GROUP_KIND}//`)) continue;
    // Base's copy read the same (an error head did not bring): nothing to replace.
    if (was.text.trimEnd() === doc.text.trimEnd()) continue;
    keys.add(key);
    kept.push({ key, head: { file: doc.file, line: documentLine(doc) }, base: { file: was.file, line: documentLine(was) } });
  }
  for (const key of refusedNew) keys.add(key);
  // A document whose object is refused its name stands where base's object stood, as one that lost its name does.
  const standing = [
    ...unnamedDocs.map((doc) => ({ doc, prefixes: doc.unnamed!, refusedName: false })),
    ...refusedDocs.map((doc) => ({ doc, prefixes: doc.refusedNames!.filter((r) => refusedNew.has(r.key)).map((r) => r.prefix), refusedName: true as const })),
  ];
  const unnamedKept = standIns(standing, headDocs, base.documents, (key) => !keys.has(key) && !accepted.has(key) && !rejected.has(key) && baseDocs.has(key));
  for (const { key, doc, refusedName } of unnamedKept) {
    keys.add(key);
    const was = baseDocs.get(key)!;
    kept.push({ key, head: { file: doc.file, line: documentLine(doc) }, base: { file: was.file, line: documentLine(was) }, ...(refusedName ? { refusedName } : { unnamed: true as const }) });
  }
  // In base's order of files and lines, as the error lists them.
  kept.push(...brokenKept.sort((a, b) => (a.base.file === b.base.file ? a.base.line - b.base.line : a.base.file < b.base.file ? -1 : 1)));
  if (keys.size === 0) return { head, kept: [] };
  const inKeys = (key: string) => keys.has(key);
  const baseParts = modelParts(base.cluster, inKeys);
  const replace = (c: Cluster): Cluster => withParts(c, (k) => !keys.has(k), baseParts);
  // Each document that held a rejected copy holds base's version instead (the rollback search reverts documents).
  const substituted = new Map<ManifestDocument, ManifestDocument>();
  for (const [key, doc] of rejected) {
    if (!keys.has(key)) continue;
    const d = substituted.get(doc) ?? doc;
    // A broken file's parsed document holds base's version of its object, or nothing (base had none).
    if (broken.has(doc.file) && !baseDocs.has(key)) {
      substituted.set(doc, { ...d, objects: d.objects.filter((k) => k !== key), model: withoutObjects(d.model, new Set([key])) });
      continue;
    }
    substituted.set(doc, { ...d, rejected: d.rejected.filter((k) => k !== key), model: withBaseObject(withoutObjects(d.model, new Set([key])), base.cluster, key) });
  }
  // A document whose object is refused its name holds no such object.
  for (const doc of refusedDocs) {
    const d = substituted.get(doc) ?? doc;
    const gone = new Set(d.objects.filter((k) => refusedNew.has(k)));
    substituted.set(doc, { ...d, objects: d.objects.filter((k) => !gone.has(k)), model: withoutObjects(d.model, gone) });
  }
  // A document that lost its object's name (or whose object is refused its name) holds base's version of it.
  for (const { key, doc } of unnamedKept) {
    const d = substituted.get(doc) ?? doc;
    substituted.set(doc, { ...d, objects: [...d.objects, key], model: withBaseObject(d.model, base.cluster, key) });
  }
  const swap = (docs: readonly ManifestDocument[]) => docs.map((d) => substituted.get(d) ?? d);
  const reload = head.reload;
  // A revert the rollback search evaluates leaves the rejected copy rejected (or restores base's): the same cluster.
  const reloaded: LoadResult['reload'] = reload && ((changed, deployed) => {
    const c = reload(changed, deployed);
    return c && replace(c);
  });
  const next: LoadResult = {
    ...head,
    cluster: replace(head.cluster),
    documents: swap(head.documents),
    ...(head.rendered ? { rendered: swap(head.rendered) } : {}),
    ...(reloaded ? { reload: reloaded } : {}),
    diagnostics: refusedDiagnostics(keptDiagnostics(head, kept), refusedDocs),
  };
  return { head: next, kept };
}

/**
 * For each prefix (`Kind/namespace/`) of each document in `unnamed`: base's object it stood for, one whose key
 * `free` takes, of that kind and namespace, held by base's documents of the same file. Several: the one whose
 * document has the same index among its file's documents, else none (which one it was cannot be told).
 */
function standIns<E extends { readonly doc: ManifestDocument; readonly prefixes: readonly string[] }>(standing: readonly E[], headDocs: readonly ManifestDocument[], baseDocs: readonly ManifestDocument[], free: (key: string) => boolean): (Omit<E, 'prefixes'> & { readonly key: string })[] {
  const out: (Omit<E, 'prefixes'> & { readonly key: string })[] = [];
  const taken = new Set<string>();
  for (const entry of standing) {
    const { doc, prefixes, ...rest } = entry;
    const inFile = baseDocs.filter((b) => b.file === doc.file);
    const index = headDocs.filter((h) => h.file === doc.file).indexOf(doc);
    for (const prefix of prefixes) {
      const candidates = inFile.flatMap((b, i) => b.objects.filter((k) => k.startsWith(prefix) && free(k) && !taken.has(k)).map((key) => ({ key, i })));
      const pick = candidates.length === 1 ? candidates[0] : candidates.find((c) => c.i === index);
      if (!pick) continue;
      taken.add(pick.key);
      out.push({ ...rest, doc, key: pick.key } as Omit<E, 'prefixes'> & { readonly key: string });
    }
  }
  return out;
}

/** The documents whose models the loader merged: plain documents and, with renders, the rendered ones (a rendered file's sources hold no model). */
function modelDocuments(load: LoadResult): ManifestDocument[] {
  return [...load.documents, ...(load.rendered ?? [])];
}

/** Object key → the last document holding a copy the API server accepts (manifests/last-copy.ts). */
function lastAccepted(docs: readonly ManifestDocument[]): Map<string, ManifestDocument> {
  const out = new Map<string, ManifestDocument>();
  for (const d of docs) for (const key of d.objects) if (!d.rejected.includes(key)) out.set(key, d);
  return out;
}

/** `model`, which holds no copy of the object `key`, with base's version of it (from `base`, base's cluster) after its own objects. */
function withBaseObject<M extends ModelParts>(model: M, base: Cluster, key: string): M {
  return withParts(model, () => true, modelParts(base, (k) => k === key));
}

/**
 * Head's diagnostics with each kept object's error told as what happens: a policy's "it is not applied"
 * becomes the kept object's line; another kind gets that line added (its own errors say only what is wrong).
 */
function keptDiagnostics(head: LoadResult, kept: readonly KeptObject[]): Diagnostic[] {
  const out = [...head.diagnostics];
  unparsedDiagnostics(out, kept);
  for (const k of kept) {
    if (k.unparsed) continue;
    const owner = ownerOf(k.key);
    if (k.unnamed || k.refusedName) {
      unnamedDiagnostic(out, head, k, owner);
      continue;
    }
    // A policy Cilium's agent refuses is stored, and the agent keeps the rules it had: base's, as when the sync fails.
    const agent = out.some(notAppliedLine(owner, 'agent'));
    const by = agent ? 'agent' : 'api-server';
    const notApplied = notAppliedLine(owner, by);
    const cause = causeOf(head, k, notApplied);
    const at = (r: SourceRef) => `${r.file}:${r.line}`;
    // The line of the error: named unless the diagnostic stands there itself (`pol.yaml:9: error: … (pol.yaml:9)` says it twice).
    const message = (own: SourceRef) => {
      const where = cause ?? k.head;
      const place = where.file === own.file && where.line === own.line ? '' : ` (${at(where)})`;
      return agent
        ? `${owner}: Cilium's agent refuses head's version${place}, so it keeps the rules of base's version (base:${at(k.base)}); analysed with base's`
        : `${owner}: head's version would be rejected by the API server${place}, so the sync fails on it and the cluster keeps base's version (base:${at(k.base)}); analysed with base's`;
    };
    // Every copy of the line (several builds of one file say it each).
    let replaced = false;
    const unapplied: Unapplied = { owner, by, keptBase: true };
    out.forEach((d, i) => {
      if (!notApplied(d)) return;
      out[i] = { ...d, message: message(d.ref), unapplied };
      replaced = true;
    });
    if (!replaced) out.push({ severity: 'error', code: 'INVALID_FIELD', message: message(k.head), ref: k.head, unapplied });
  }
  return out;
}

/**
 * The error of a document that lost its object's name (in `out`, replaced in place) told with what happens:
 * `NetworkPolicy shop/deny: head's version has no usable metadata.name, so the API server
 * rejects it and the cluster keeps base's version (base:pol.yaml:1); analysed with base's`.
 */
function unnamedDiagnostic(out: Diagnostic[], head: LoadResult, k: KeptObject, owner: string): void {
  const i = errorIn(head, out, k.head, (d) => d.code === 'MISSING_FIELD' || d.code === 'INVALID_NAME');
  const at = i < 0 ? k.head : out[i].ref;
  // The diagnostic stands at that line: not named again in its message.
  const message = k.refusedName
    ? `${unrefused(out[i])}: the API server rejects head's version, so it is not created and nothing removes ${owner}; the cluster keeps base's version (base:${k.base.file}:${k.base.line}); analysed with base's`
    : `${owner}: head's version has no usable metadata.name, so the API server rejects it and the cluster keeps base's version (base:${k.base.file}:${k.base.line}); analysed with base's`;
  const unapplied: Unapplied = { owner, by: 'api-server', keptBase: true };
  if (i < 0) out.push({ severity: 'error', code: 'MISSING_FIELD', message, ref: at, unapplied });
  else out[i] = { ...toldAgain(out[i]), message, unapplied };
}

/** An error's message without what the loader said of an object named as the API server refuses (Diagnostic `refusedName`); '' for none. */
function unrefused(d: Diagnostic | undefined): string {
  return d?.refusedName?.problem ?? d?.message ?? '';
}

/** `d` without its `refusedName`: its message, told again here, no longer says the object is analysed on its side. */
function toldAgain(d: Diagnostic): Diagnostic {
  const { refusedName: _refusedName, ...rest } = d;
  return rest;
}

/**
 * The INVALID_NAME errors of head's documents whose object, named as the API server refuses, is new: `…; the API
 * server rejects the object, so it is not created (analysed without it)` (one not told as a stand-in already).
 */
function refusedDiagnostics(out: Diagnostic[], docs: readonly ManifestDocument[]): Diagnostic[] {
  if (docs.length === 0) return out;
  const inDoc = (d: Diagnostic) => docs.some((doc) => doc.file === d.ref.file && doc.startLine <= d.ref.line && d.ref.line <= doc.endLine + 1);
  return out.map((d) => (d.refusedName && inDoc(d) ? { ...toldAgain(d), message: `${d.refusedName.problem}; the API server rejects the object, so it is not created (analysed without it)` } : d));
}

/** Whether a diagnostic is the loader's line that `owner` is not applied, refused `by` (Diagnostic `unapplied`, not yet told as kept). */
const notAppliedLine =
  (owner: string, by: Unapplied['by']) =>
  (d: Diagnostic): boolean =>
    d.unapplied !== undefined && d.unapplied.owner === owner && d.unapplied.by === by && d.unapplied.keptBase !== true;

/** `Kind namespace/name` of an object key. */
function ownerOf(key: string): string {
  const [kind, namespace, ...name] = key.split('/');
  return objectOwner(kind, namespace, name.join('/'));
}

/**
 * The first error in the source document that holds the kept object, other than the "not applied" line:
 * where the reader goes to see what is wrong.
 */
function causeOf(head: LoadResult, k: KeptObject, notApplied: (d: Diagnostic) => boolean): SourceRef | undefined {
  const i = errorIn(head, head.diagnostics, k.head, (d) => !notApplied(d));
  return i < 0 ? undefined : head.diagnostics[i].ref;
}

/**
 * The index in `diagnostics` of the first error `match` accepts within head's plain document whose lines
 * hold `at` (a rendered object's document spans one line: its source document's span is head's plain
 * document at that position), or on the line after it (an error at the end of the stream); -1 when none.
 */
function errorIn(head: LoadResult, diagnostics: readonly Diagnostic[], at: SourceRef, match: (d: Diagnostic) => boolean): number {
  const source = head.documents.find((d) => d.file === at.file && d.startLine <= at.line && at.line <= d.endLine);
  const [start, end] = [source?.startLine ?? at.line, source?.endLine ?? at.line];
  return diagnostics.findIndex((d) => d.severity === 'error' && d.ref.file === at.file && d.ref.line >= start && d.ref.line <= end + 1 && match(d));
}

/**
 * Each broken file's first syntax error (in `out`, replaced in place) told with what happens: the sync fails on
 * the file and the cluster keeps base's version of its objects, e.g. `cannot parse: … ; the sync fails on
 * pol.yaml and the cluster keeps base's version of NetworkPolicy web/allow-world (base:pol.yaml:1); analysed with base's`.
 */
function unparsedDiagnostics(out: Diagnostic[], kept: readonly KeptObject[]): void {
  const byFile = new Map<string, KeptObject[]>();
  for (const k of kept) if (k.unparsed) (byFile.get(k.head.file) ?? byFile.set(k.head.file, []).get(k.head.file)!).push(k);
  for (const [file, objects] of byFile) {
    const i = out.findIndex((d) => d.severity === 'error' && d.code === 'YAML_SYNTAX' && d.ref.file === file);
    if (i < 0) continue;
    const shown = objects.slice(0, 3).map((k) => `${ownerOf(k.key)} (base:${k.base.file}:${k.base.line})`);
    const more = objects.length > 3 ? ` and ${objects.length - 3} more` : '';
    const what = objects.length === 1 ? `base's version of ${shown[0]}` : `base's versions of ${shown.join(', ')}${more}`;
    out[i] = { ...out[i], message: `${out[i].message}${KEPT_CLAUSE}${file} and the cluster keeps ${what}; analysed with base's` };
  }
}
