/**
 * The configurations a kustomization's `transformers:` field lists, read into typed builtin
 * transformers. Kustomize (kusttarget `configureExternalTransformers`) takes every entry that parses as
 * YAML objects as an inline configuration and every other as a path, and runs the inline ones first,
 * then those of the paths, each in list order; a file may hold several configurations. Rendered: the
 * `apiVersion: builtin` kinds LabelTransformer, AnnotationsTransformer, NamespaceTransformer,
 * PrefixSuffixTransformer, the three patch transformers and ReplacementTransformer. A folder entry is a
 * kustomization whose build yields the configurations (kusttarget reads such an entry with `accumulateTarget`,
 * so that folder's own `namespace:`, patches and transformers apply to them first: the flux-cluster-template
 * pattern of a `NamespaceTransformer` with `metadata.namespace: .invalid` that the folder's `namespace:`
 * sets per app). Any other configuration (exec/Go plugins,
 * other builtin kinds) and a remote entry are not rendered: a KUSTOMIZE_NOT_RENDERED warning
 * `FILE: transformers is not rendered; …` at the kustomization's entry, naming the configuration's line. A configuration field of the
 * wrong type fails the build at its line, as Kustomize's "fails configuration" does; an absent `labels`,
 * `annotations` or `fieldSpecs` is no error (the transformer then changes nothing, as in Kustomize).
 */
import type { SourceRef } from '../engine/model.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { BuildContext } from './build-context.js';
import { restricted, restrictorError, use, warn } from './build-context.js';
import type { FieldSpec } from './field-specs.js';
import type { Entry, Kustomization, PatchEntry, TransformerEntry } from './kustomization.js';
import type { Resource } from './resource.js';
import { toStringMap } from './kustomization.js';
import { copyParsed, isMap, KustomizeError } from './nodes.js';
import { readPatchTransformer } from './patch-transformer-configs.js';
import { isRemote } from './render.js';
import type { Json } from './types.js';
import { written } from '../manifests/quote.js';
import { textLines } from '../util/line-ends.js';
import { joinPath } from '../util/repo-paths.js';
import { documentLine } from '../manifests/document-line.js';

/** How NamespaceTransformer treats RoleBinding/ClusterRoleBinding ServiceAccount subjects. */
export type SubjectMode = 'defaultOnly' | 'allServiceAccounts' | 'none';

/** One builtin transformer; `ref` is where the changed maps point (the configuration's field line). */
export type TransformerConfig =
  | { readonly kind: 'LabelTransformer' | 'AnnotationsTransformer'; readonly pairs: Readonly<Record<string, string>>; readonly specs: readonly FieldSpec[]; readonly ref: SourceRef }
  | { readonly kind: 'NamespaceTransformer'; readonly namespace: Entry; readonly specs: readonly FieldSpec[]; readonly unsetOnly: boolean; readonly subjects: SubjectMode }
  | { readonly kind: 'PrefixSuffixTransformer'; readonly prefix: string; readonly suffix: string; readonly specs: readonly FieldSpec[]; readonly ref: SourceRef }
  | { readonly kind: 'patches'; readonly entries: readonly PatchEntry[] }
  | { readonly kind: 'replacements'; readonly entries: Kustomization['replacements'] };

/** One parsed configuration document, with its text's lines (for lines the parser does not record). */
export interface ConfigDoc {
  readonly value: Json;
  readonly ref: SourceRef;
  readonly lines: readonly string[];
  readonly offset: number;
}

const NOT_RENDERED = 'transformers is not rendered; the result lacks';

/** Builds the kustomization folder `path` (an entry at `ref`) into its objects (render.ts `buildFolder`). */
export type FolderBuild = (path: string, ref: SourceRef) => Resource[];

/**
 * The builtin transformers of `k.transformers`, in the order Kustomize runs them. `buildFolder` builds a
 * folder entry, whose objects are then the configurations.
 */
export function loadTransformerConfigs(ctx: BuildContext, k: Kustomization, buildFolder: FolderBuild): TransformerConfig[] {
  const ordered = [...k.transformers.filter((e) => e.inline), ...k.transformers.filter((e) => !e.inline)];
  const out: TransformerConfig[] = [];
  for (const entry of ordered) {
    for (const doc of entryDocuments(ctx, k, entry, buildFolder)) {
      const config = readConfig(ctx, k, entry, doc);
      if (config) out.push(config);
    }
  }
  return out;
}

function entryDocuments(ctx: BuildContext, k: Kustomization, entry: TransformerEntry, buildFolder: FolderBuild): ConfigDoc[] {
  if (entry.inline) return parseConfigText(ctx, entry.value, k.file, entry.ref.line - 1);
  const path = joinPath(k.dir, entry.value);
  if (path !== undefined && ctx.fs.isFile(path)) {
    if (restricted(ctx, path, k.dir)) throw restrictorError(ctx, 'transformer', entry.value, k.dir, entry.ref);
    use(ctx, path, 'transformer');
    return parseConfigText(ctx, ctx.fs.text(path) ?? '', path, 0);
  }
  if (path !== undefined && ctx.fs.isDir(path)) {
    ctx.includes.add(path);
    // Each built object is one configuration, read at the line its document starts in its file.
    return buildFolder(path, entry.ref).map((r) => ({ value: r.obj, ref: r.ref, lines: textLines(ctx.fs.text(r.ref.file) ?? ''), offset: 0 }));
  }
  if (isRemote(entry.value)) {
    warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `${k.file}: ${NOT_RENDERED} the changes of the remote configurations ${entry.value} (not fetched)`, entry.ref);
    return [];
  }
  throw new KustomizeError(`transformer ${entry.value}: no such file or folder${path === undefined ? '' : ` (${path})`}`, entry.ref);
}

function parseConfigText(ctx: BuildContext, text: string, file: string, offset: number): ConfigDoc[] {
  const lines = textLines(text);
  const out: ConfigDoc[] = [];
  for (const doc of parseDocuments(text, 'yaml')) {
    if (doc.error) throw new KustomizeError(`cannot parse the transformer configuration: ${doc.error.message}`, { file, line: doc.error.line + offset });
    if (doc.value === null || doc.value === undefined) continue;
    const ref = { file, line: documentLine(doc) + offset };
    const value = copyParsed(doc.value, doc.lines, file, ctx.positions, ref, offset);
    if (!isMap(value)) throw new KustomizeError('a transformer configuration must be a mapping', ref);
    out.push({ value, ref, lines, offset });
  }
  return out;
}

/** Unrendered configurations are warned at the kustomization's entry (targets/unrendered-plugins.ts matches the warning's file with the kustomization). */
function readConfig(ctx: BuildContext, k: Kustomization, entry: TransformerEntry, doc: ConfigDoc): TransformerConfig | undefined {
  const v = doc.value;
  const kind = typeof v.kind === 'string' ? v.kind : '';
  if (v.apiVersion !== 'builtin') {
    warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `${k.file}: ${NOT_RENDERED} the changes of the ${kind || 'unnamed'} plugin (apiVersion ${v.apiVersion === undefined ? 'none' : written(v.apiVersion)}) at ${doc.ref.file}:${doc.ref.line}`, entry.ref);
    return undefined;
  }
  const at = (key: string): SourceRef => fieldRef(ctx, doc, key);
  switch (kind) {
    case 'LabelTransformer':
    case 'AnnotationsTransformer': {
      const key = kind === 'LabelTransformer' ? 'labels' : 'annotations';
      return { kind, pairs: stringMap(v[key], key, at(key)), specs: fieldSpecs(ctx, doc), ref: at(key) };
    }
    case 'NamespaceTransformer': {
      const meta = v.metadata;
      if (meta !== undefined && meta !== null && !isMap(meta)) throw new KustomizeError('metadata must be a mapping', at('metadata'));
      const ns = isMap(meta) ? meta.namespace : undefined;
      if (ns !== undefined && ns !== null && typeof ns !== 'string') throw new KustomizeError('metadata.namespace must be a string', at('metadata'));
      const nsRef = { file: doc.ref.file, line: lineAfter(doc, /^\s*namespace\s*:/, at('metadata').line) };
      return { kind, namespace: { value: ns ?? '', ref: nsRef }, specs: fieldSpecs(ctx, doc), unsetOnly: flag(v.unsetOnly, 'unsetOnly', at('unsetOnly')), subjects: subjectMode(v.setRoleBindingSubjects, at('setRoleBindingSubjects')) };
    }
    case 'PrefixSuffixTransformer':
      return { kind, prefix: text(v.prefix, 'prefix', at('prefix')), suffix: text(v.suffix, 'suffix', at('suffix')), specs: fieldSpecs(ctx, doc), ref: at(v.prefix ? 'prefix' : 'suffix') };
    case 'PatchTransformer':
    case 'PatchStrategicMergeTransformer':
    case 'PatchJson6902Transformer':
      return { kind: 'patches', entries: readPatchTransformer(kind, doc, at, (key) => textStart(doc, at(key))) };
    case 'ReplacementTransformer':
      return { kind: 'replacements', entries: replacementEntries(ctx, v.replacements, at('replacements')) };
    default:
      warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `${k.file}: ${NOT_RENDERED} the changes of the builtin ${kind || 'unnamed'} configuration at ${doc.ref.file}:${doc.ref.line}`, entry.ref);
      return undefined;
  }
}

/** A ReplacementTransformer's `replacements`: files (`path`) or inline replacements, as the kustomization field. */
function replacementEntries(ctx: BuildContext, v: unknown, ref: SourceRef): Kustomization['replacements'] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KustomizeError('replacements must be a list', ref);
  return v.map((item: unknown) => {
    if (!isMap(item)) throw new KustomizeError('replacements entries must be mappings', ref);
    const at = ctx.positions.get(item) ?? ref;
    return typeof item.path === 'string' ? { path: item.path, ref: at } : { value: item, ref: at };
  });
}

/** The line of a top-level key of a configuration (its value's line for a mapping or list). */
function fieldRef(ctx: BuildContext, doc: ConfigDoc, key: string): SourceRef {
  const v = doc.value[key];
  const known = v !== null && typeof v === 'object' ? ctx.positions.get(v) : undefined;
  if (known) return known;
  return { file: doc.ref.file, line: lineAfter(doc, new RegExp(`^${key}\\s*:`), doc.ref.line) };
}

/** Where a scalar's text starts: the line after `key: |`, else the key's line. */
function textStart(doc: ConfigDoc, key: SourceRef): SourceRef {
  const block = /:\s*[|>][-+0-9]*\s*(#.*)?$/.test(doc.lines[key.line - doc.offset - 1] ?? '');
  return { file: key.file, line: block ? key.line + 1 : key.line };
}

/** The first line at or after `from` (a file line) matching `re`, else `from`. */
function lineAfter(doc: ConfigDoc, re: RegExp, from: number): number {
  for (let i = Math.max(from - doc.offset - 1, 0); i < doc.lines.length; i++) if (re.test(doc.lines[i])) return i + 1 + doc.offset;
  return from;
}

function stringMap(v: unknown, key: string, ref: SourceRef): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isMap(v) || Object.values(v).some((x) => x !== null && typeof x === 'object')) throw new KustomizeError(`${key} must be a map of strings`, ref);
  return toStringMap(v);
}

function text(v: unknown, key: string, ref: SourceRef): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') throw new KustomizeError(`${key} must be a string`, ref);
  return String(v);
}

function flag(v: unknown, key: string, ref: SourceRef): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new KustomizeError(`${key} must be true or false`, ref);
  return v;
}

function subjectMode(v: unknown, ref: SourceRef): SubjectMode {
  if (v === undefined || v === null || v === '') return 'defaultOnly';
  if (v === 'defaultOnly' || v === 'allServiceAccounts' || v === 'none') return v;
  throw new KustomizeError(`setRoleBindingSubjects must be defaultOnly, allServiceAccounts or none, not ${written(v)}`, ref);
}

/** `fieldSpecs`: each a mapping with a non-empty `path`, optional boolean `create` and `group`/`version`/`kind` strings. */
function fieldSpecs(ctx: BuildContext, doc: ConfigDoc): FieldSpec[] {
  const v = doc.value.fieldSpecs;
  const at = fieldRef(ctx, doc, 'fieldSpecs');
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KustomizeError('fieldSpecs must be a list', at);
  return v.map((item: unknown) => {
    const ref = item !== null && typeof item === 'object' ? (ctx.positions.get(item) ?? at) : at;
    if (!isMap(item)) throw new KustomizeError('fieldSpecs entries must be mappings with a path', ref);
    if (typeof item.path !== 'string' || item.path.replace(/^\/+|\/+$/g, '') === '') throw new KustomizeError('a fieldSpecs entry needs a non-empty path', ref);
    const gvk = (key: 'group' | 'version' | 'kind'): string | undefined => {
      const x = item[key];
      if (x === undefined || x === null || x === '') return undefined;
      if (typeof x !== 'string') throw new KustomizeError(`a fieldSpecs entry's ${key} must be a string`, ref);
      return x;
    };
    return { path: item.path.replace(/^\/+|\/+$/g, ''), create: flag(item.create, 'create', ref), group: gvk('group'), version: gvk('version'), kind: gvk('kind') };
  });
}
