/**
 * A document's text with the identity fields (`metadata.name`, `metadata.namespace`) of another document
 * of the same object, every other line kept as written. What reverting a moved document writes
 * (analysis/moved-documents.ts): base's text, named and placed as head writes it, because head's build
 * no longer names or places it for it (the old kustomization's `namespace:` or `namePrefix` is gone, and
 * head writes the result into the document itself). Only block-style `metadata` maps with plain scalars
 * are edited; anything else (flow style, an alias, a document that is not one map) is left as it is.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Pair, Scalar, YAMLMap } from 'yaml';

/** The identity fields, in the order a new line is written after `name`. */
const FIELDS = ['name', 'namespace'] as const;
type Field = (typeof FIELDS)[number];

/** `text` with `metadata.name` and `metadata.namespace` as `like` writes them (a field `like` lacks is dropped). */
export function withWrittenIdentity(text: string, like: string): string {
  const wanted = metadataValues(like);
  if (!wanted) return text;
  let out = text;
  // A document without a name (`generateName`) keeps base's: only a namespace is dropped as head drops it.
  for (const field of FIELDS) if (field === 'namespace' || wanted.has(field)) out = withField(out, field, wanted.get(field));
  return out;
}

/** A document's written `metadata` fields that are plain strings; undefined when it has no block `metadata` map. */
function metadataValues(text: string): Map<Field, string> | undefined {
  const meta = metadataOf(text);
  if (!meta) return undefined;
  const out = new Map<Field, string>();
  for (const field of FIELDS) {
    const value = pairOf(meta, field)?.value;
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number')) out.set(field, String(value.value));
  }
  return out;
}

/** `text` with `metadata.<field>` set to `value` (undefined: the line removed), or unchanged when it cannot be edited line by line. */
function withField(text: string, field: Field, value: string | undefined): string {
  const meta = metadataOf(text);
  if (!meta) return text;
  const pair = pairOf(meta, field);
  const written = pair && isScalar(pair.value) ? (pair.value as Scalar) : undefined;
  if (pair && !written) return text;
  if (written && value !== undefined) {
    if (String(written.value) === value || !written.range) return text;
    return text.slice(0, written.range[0]) + scalarText(value) + text.slice(written.range[1]);
  }
  if (written && value === undefined) {
    const [start, end] = lineBounds(text, (pair!.key as Scalar).range![0], written.range![1]);
    return text.slice(0, start) + text.slice(end);
  }
  if (value === undefined) return text;
  // A new line, at the indent of metadata's first key, after `name` (else first).
  const first = meta.items[0]?.key;
  if (!isScalar(first) || !first.range) return text;
  const indent = text.slice(text.lastIndexOf('\n', first.range[0] - 1) + 1, first.range[0]);
  if (indent.trim() !== '') return text;
  const after = field === 'namespace' ? pairOf(meta, 'name') : undefined;
  const at = after && isScalar(after.value) && after.value.range ? lineBounds(text, after.value.range[0], after.value.range[1])[1] : lineBounds(text, first.range[0], first.range[0])[0];
  return `${text.slice(0, at)}${indent}${field}: ${scalarText(value)}\n${text.slice(at)}`;
}

function metadataOf(text: string): YAMLMap | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const meta = doc.contents.get('metadata', true);
  return isMap(meta) && !meta.flow ? meta : undefined;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** From the start of `from`'s line to just past the newline ending `to`'s line. */
function lineBounds(text: string, from: number, to: number): [number, number] {
  const start = Math.max(text.lastIndexOf('\n', from - 1), text.lastIndexOf('\r', from - 1)) + 1;
  const end = /\r\n|\r|\n/g;
  end.lastIndex = to;
  const nl = end.exec(text);
  return [start, nl ? nl.index + nl[0].length : text.length];
}

/** A plain scalar when YAML reads it back as the same string, else double-quoted. */
function scalarText(value: string): string {
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(value) && !/^[0-9.eE+-]+$/.test(value) ? value : JSON.stringify(value);
}
