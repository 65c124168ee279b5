/**
 * An edit that leaves a document unparseable removes its objects from head, so the document diff sees
 * them as removed; reverting that by appending the base document would leave the broken lines in the
 * file (which then still fails to parse: kubectl and GitOps controllers reject the whole file). Such a
 * removal is an edit of the broken document: its revert replaces the broken lines with the base ones.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { DocumentChange } from './types.js';
import { escapeRegExp } from '../util/reg-exp.js';

export interface BrokenDocument {
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

/**
 * `changes` with each removed document that a broken head document still names (the kind and name of
 * each of its objects appear as field values in the broken text) turned into an edit of that broken
 * document; one in the removed document's own file is preferred, then one that also names the
 * namespace (a defaulted namespace is not written), then the nearest. Each broken
 * document stands for at most one removal. `diagnostics`: head's, whose `YAML_SYNTAX` errors say which
 * files hold broken documents (only those are parsed again; the parse is cached).
 */
export function unparsedEdits(changes: readonly DocumentChange[], headFiles: readonly ManifestFile[], diagnostics: readonly Diagnostic[]): DocumentChange[] {
  const removed = changes.filter((c) => c.change === 'removed' && c.base && c.objects.length > 0);
  if (removed.length === 0) return [...changes];
  const broken = brokenDocuments(headFiles, diagnostics);
  if (broken.length === 0) return [...changes];
  const used = new Set<BrokenDocument>();
  const edits = new Map<DocumentChange, DocumentChange>();
  for (const c of removed) {
    const base = c.base!;
    const candidates = broken.filter((b) => !used.has(b) && c.objects.every((o) => namesObject(b.text, o, false)));
    const distance = (b: BrokenDocument) =>
      (b.file === base.file ? 0 : 2e9) + (c.objects.every((o) => namesObject(b.text, o, true)) ? 0 : 1e9) + Math.abs(b.startLine - base.startLine);
    const match = candidates.sort((x, y) => distance(x) - distance(y))[0];
    if (!match) continue;
    used.add(match);
    edits.set(c, { ...c, change: 'edited', head: match });
  }
  return changes.map((c) => edits.get(c) ?? c);
}

/** The documents of `files` that do not parse, in the files `diagnostics` has a `YAML_SYNTAX` error of (only those are parsed again; the parse is cached). */
export function brokenDocuments(files: readonly ManifestFile[], diagnostics: readonly Diagnostic[]): BrokenDocument[] {
  const brokenFiles = new Set(diagnostics.filter((d) => d.code === 'YAML_SYNTAX').map((d) => d.ref.file));
  if (brokenFiles.size === 0) return [];
  return files
    .filter((f) => brokenFiles.has(f.path))
    .flatMap((f) => parseDocuments(f.text, 'kubectl').filter((d) => d.error).map((d) => ({ file: f.path, startLine: d.startLine, endLine: d.endLine, text: d.text })));
}

/**
 * The broken document that stands for base's object `key` (`Kind/namespace/name`) head no longer holds: one
 * whose text still names its kind and name, one that names the namespace too first, then the first (as
 * `unparsedEdits` pairs a removal with its broken document). Undefined: none names it.
 */
export function brokenDocumentOf(key: string, broken: readonly BrokenDocument[]): BrokenDocument | undefined {
  const named = broken.filter((b) => namesObject(b.text, key, false));
  return named.find((b) => namesObject(b.text, key, true)) ?? named[0];
}

/**
 * Whether a document's text names `Kind/namespace/name` (`Kind//name` or `Kind/name` when cluster-scoped)
 * as field values; `withNamespace`: the namespace too.
 */
function namesObject(text: string, object: string, withNamespace: boolean): boolean {
  const parts = object.split('/');
  const kind = parts[0];
  const name = parts[parts.length - 1];
  const namespace = parts.length === 3 ? parts[1] : '';
  const field = (key: string, value: string) => new RegExp(`(^|[\\s{,"'])${key}["']?\\s*:\\s*["']?${escapeRegExp(value)}["']?\\s*($|[,}\\s#])`, 'm').test(text);
  return field('kind', kind) && field('name', name) && (!withNamespace || namespace === '' || field('namespace', namespace));
}

