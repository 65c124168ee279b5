/** The objects of a resource file: every document, `List` items spread, each a Resource with positions. */
import type { SourceRef } from '../engine/model.js';
import type { BuildContext } from './build-context.js';
import { warn } from './build-context.js';
import { jsonSyntaxError, readAsJson } from '../manifests/json-syntax.js';
import { afterFirstJsonValue } from '../manifests/yaml-documents.js';
import { lineAtOffset, lineCount } from '../util/line-ends.js';
import { writtenNamespace } from './namespace-moves.js';
import { copyParsed, isMap, KustomizeError } from './nodes.js';
import type { Resource } from './resource.js';
import type { Json } from './types.js';
import { documentLine } from '../manifests/document-line.js';

export function loadResourceFile(ctx: BuildContext, path: string): Resource[] {
  const out: Resource[] = [];
  warnJsonReadings(ctx, path);
  for (const doc of ctx.fs.documents(path)) {
    const ref = { file: path, line: documentLine(doc) };
    if (doc.error) throw new KustomizeError(`cannot parse: ${doc.error.message}`, { file: path, line: doc.error.line });
    if (doc.value === null || doc.value === undefined) continue;
    const value = copyParsed(doc.value, doc.lines, path, ctx.positions, ref);
    const originals = listItems(doc.value);
    spreadLists(value, ref, ctx).forEach((obj, i) => {
      const written = writtenNamespace(path, doc, originals[i]);
      out.push({ obj, ref: ctx.positions.get(obj) ?? ref, generated: false, history: [], ...(written ? { written } : {}) });
    });
  }
  return out;
}

/** The parsed objects `spreadLists` makes copies of, in its order (checked by it: called on valid input only). */
function listItems(value: unknown): unknown[] {
  if (isMap(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return value.items.flatMap(listItems);
  return [value];
}

function spreadLists(value: unknown, ref: SourceRef, ctx: BuildContext): Json[] {
  if (!isMap(value)) throw new KustomizeError('a resource document must be a mapping with apiVersion, kind and metadata', ref);
  const at = ctx.positions.get(value) ?? ref;
  if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item) => spreadLists(item, ctx.positions.get(item as object) ?? at, ctx));
  }
  if (typeof value.kind !== 'string' || value.kind === '') throw new KustomizeError('missing kind in a resource', at);
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') throw new KustomizeError(`${value.kind} without apiVersion`, at);
  const meta = value.metadata;
  if (!isMap(meta) || typeof meta.name !== 'string' || meta.name === '') {
    if (!(isMap(meta) && typeof meta.generateName === 'string')) throw new KustomizeError(`${value.kind} without metadata.name`, at);
  }
  return [value];
}

/**
 * A resource file whose text starts with `{` is read two ways: Kustomize reads it as YAML, `kubectl apply
 * -f` as a stream of strict JSON values (yaml-documents.ts, DocumentReader). Where the two differ the
 * build follows Kustomize, and a warning at the line says what kubectl would do: the values after the
 * first, which Kustomize drops without a word (`kubectl kustomize` 5.5), or JSON kubectl refuses (a
 * trailing comma) that Kustomize builds.
 */
function warnJsonReadings(ctx: BuildContext, path: string): void {
  const text = ctx.fs.text(path);
  if (text === undefined || !readAsJson(text)) return;
  const after = afterFirstJsonValue(text);
  if (after !== undefined) {
    const from = lineAtOffset(text, after + (text.slice(after).length - text.slice(after).trimStart().length));
    const message = `${path}: Kustomize reads only the first JSON value of this file and drops the rest (${from === lineCount(text) ? `line ${from}` : `lines ${from}-${lineCount(text)}`}), which \`kubectl apply -f\` would apply: put each object in a file of its own`;
    warn(ctx, 'YAML_SYNTAX', message, { file: path, line: from });
    return;
  }
  const error = jsonSyntaxError(text);
  if (error) warn(ctx, 'YAML_SYNTAX', `${path}: Kustomize reads this file as YAML and builds it, but \`kubectl apply -f\` reads it as JSON (it starts with "{") and refuses it: ${error.message}`, { file: path, line: error.line });
}
