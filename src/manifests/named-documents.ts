/**
 * Kind, name and namespace as written of every parsed document of a text that names an object
 * (`kind` and `metadata.name` strings): what targets/changed-objects.ts compares between sides, kinds the
 * loader does not model (a HelmRelease) and documents without `apiVersion` included, each document as its
 * own value (a List is one document named as the List). The loader keeps these from the parse it makes
 * anyway (load.ts `namedDocumentsOf`), so a warm process's next push does not parse head's files again to
 * name their objects.
 */
import { isObject } from './context.js';
import type { ParsedDocument } from './yaml-documents.js';

/** One document's object: `namespace` as written (absent when not a non-empty string). */
export interface NamedDocument {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The object one parsed value names, if any. */
export function namedDocument(value: unknown): NamedDocument | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata) || typeof value.metadata.name !== 'string') return undefined;
  const written = value.metadata.namespace;
  return typeof written === 'string' && written !== '' ? { kind: value.kind, name: value.metadata.name, namespace: written } : { kind: value.kind, name: value.metadata.name };
}

/** The named objects of a text's documents, in order (documents that fail to parse name nothing). */
export function namedDocuments(docs: readonly ParsedDocument[]): readonly NamedDocument[] {
  const out: NamedDocument[] = [];
  for (const doc of docs) {
    if (doc.error) continue;
    const named = namedDocument(doc.value);
    if (named) out.push(named);
  }
  return out;
}
