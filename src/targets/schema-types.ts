/**
 * Fields of a GitOps controller object that its CRD's schema types (Argo CD `Application`, Flux
 * `Kustomization`). The API server validates a custom resource against its structural schema and coerces
 * nothing: a list where the schema says string ("spec.source.path: Invalid value: "array": … must be of
 * type string") is refused, the object is never created, and it deploys nothing. Read as absent, such a
 * field took its default instead (the source's root, a chart from another repository) and reachdiff
 * analysed what the cluster never gets, or said something untrue about it. One check for every such
 * field, so a controller reader names the field and its line rather than guessing.
 */
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { written } from '../manifests/quote.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ControllerObject } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import type { Notice } from './types.js';
import { textLines } from '../util/line-ends.js';
import { documentLine } from '../manifests/document-line.js';

/** The OpenAPI types a controller's schema gives the fields read here. */
export type SchemaType = 'string' | 'boolean' | 'object' | 'array';

/** One field to check: where it sits (`parent[key]`), its name as written in a message, and its schema type. */
export interface SchemaField {
  /** A mapping, or a list whose item `key` (its index) is checked. */
  readonly parent: Json | readonly unknown[];
  readonly key: string | number;
  /** The field's path in the object, as a message names it: `spec.sources[1].path`. */
  readonly name: string;
  readonly type: SchemaType;
}

/** Whether `v` has schema type `type`; absent (undefined, or null, which the API server drops) always fits. */
export function fitsSchema(v: unknown, type: SchemaType): boolean {
  if (v === undefined || v === null) return true;
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObject(v);
    default: {
      const never: never = type;
      return never;
    }
  }
}

const ARTICLE: Record<SchemaType, string> = { string: 'a string', boolean: 'true or false', object: 'a mapping', array: 'a list' };

/**
 * A notice for the first of `fields` whose value does not fit its schema type, at that field's line
 * (`what`: the object as messages name it, `Application web`, `Flux Kustomization apps`); undefined when
 * every field fits. Code MISSING_ROOT: like a path that does not exist, the object deploys nothing from
 * this repository.
 */
export function schemaTypeNotice(obj: ControllerObject, what: string, fields: readonly SchemaField[], files: RepoFiles): Notice | undefined {
  const wrong = fields.find((f) => !fitsSchema(valueOf(f), f.type));
  if (!wrong) return undefined;
  const message = `${what}: ${wrong.name} ${written(valueOf(wrong))} is not ${ARTICLE[wrong.type]}: the API server rejects this ${String(obj.value.kind)}, so it deploys nothing; not analysed`;
  return { code: 'MISSING_ROOT', message, ref: fieldRef(obj, wrong.parent, wrong.key, files) };
}

function valueOf(f: SchemaField): unknown {
  return Array.isArray(f.parent) ? f.parent[f.key as number] : (f.parent as Json)[String(f.key)];
}

/**
 * The line `parent[key]` is written on, in the object as committed: a mapping's or list's own line (the
 * parse records its key's line), else the first `key:` line from its parent's line on; the object's line
 * when it was not read from a file as it stands (one an ApplicationSet made).
 */
export function fieldRef(obj: ControllerObject, parent: SchemaField['parent'], key: SchemaField['key'], files: RepoFiles): SourceRef {
  const text = files.byPath.get(obj.ref.file)?.text;
  if (text === undefined) return obj.ref;
  const doc = parseDocuments(text, 'kubectl').find((d) => documentLine(d) === obj.ref.line && d.value === obj.value);
  if (!doc) return obj.ref;
  const value = valueOf({ parent, key, name: '', type: 'string' });
  const own = value !== null && typeof value === 'object' ? doc.lines.get(value) : undefined;
  if (own !== undefined) return { file: obj.ref.file, line: own };
  const from = doc.lines.get(parent) ?? obj.ref.line;
  // A list item that is no mapping or list: its parent list's line (items have no key to look for).
  if (typeof key === 'number') return { file: obj.ref.file, line: from };
  const lines = textLines(text);
  const keyAt = new RegExp(`^\\s*(-\\s+)?["']?${key}["']?\\s*:|[{,]\\s*["']?${key}["']?\\s*:`);
  for (let i = from - 1; i < Math.min(lines.length, doc.endLine); i++) if (keyAt.test(lines[i])) return { file: obj.ref.file, line: i + 1 };
  return { file: obj.ref.file, line: from };
}
