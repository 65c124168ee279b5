/**
 * A kustomization file read into typed fields, each entry with its source line. Unknown fields are a
 * build failure, as in Kustomize; fields we do not render are listed in `notRendered`.
 */
import type { SourceRef } from '../engine/model.js';
import type { Files } from './file-set.js';
import type { FluxEdit } from './flux-edit.js';
import { isFluxEdit } from './flux-edit.js';
import { copyParsed, isMap, KustomizeError } from './nodes.js';
import { fieldOf, KUSTOMIZATION_FIELDS, withFieldNames } from './field-names.js';
import { reparsedWithDuplicateKeys } from '../manifests/yaml-documents.js';
import type { Json, Positions } from './types.js';
import { written } from '../manifests/quote.js';
import { textLines } from '../util/line-ends.js';
import { documentLine } from '../manifests/document-line.js';

export interface Entry {
  readonly value: string;
  readonly ref: SourceRef;
}

/** A patch selector (`target:`); every string is a regular expression matched against the whole value. */
export interface Selector {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

export interface PatchEntry {
  readonly field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
  readonly ref: SourceRef;
  readonly path?: string;
  /** An inline patch and the line its text starts at. */
  readonly inline?: { readonly text: string; readonly ref: SourceRef };
  readonly target?: Selector;
  readonly allowNameChange: boolean;
  readonly allowKindChange: boolean;
}

export interface TransformerEntry {
  readonly value: string;
  readonly ref: SourceRef;
  readonly inline: boolean;
}

export interface LabelEntry {
  readonly pairs: Readonly<Record<string, string>>;
  readonly includeSelectors: boolean;
  readonly includeTemplates: boolean;
  readonly ref: SourceRef;
}

export interface ImageEntry {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

export interface GeneratorEntry {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly namespace?: string;
  readonly behavior: 'create' | 'merge' | 'replace';
  readonly value: Json;
  readonly ref: SourceRef;
}

export interface Kustomization {
  readonly file: string;
  readonly dir: string;
  readonly kind: 'Kustomization' | 'Component';
  readonly ref: SourceRef;
  readonly resources: readonly Entry[];
  readonly components: readonly Entry[];
  readonly namespace?: Entry;
  /** The field `namespace` was written from, when not the kustomization's own: Flux's `targetNamespace` (flux-edit.ts). */
  readonly namespaceField?: 'targetNamespace';
  readonly namePrefix?: Entry;
  readonly nameSuffix?: Entry;
  readonly commonLabels?: LabelEntry;
  readonly labels: readonly LabelEntry[];
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly patches: readonly PatchEntry[];
  readonly images: readonly ImageEntry[];
  /** `replicas` entries; `ref`: the entry's position (a name no scalable object has fails the build there, transformers.ts `setReplicas`). */
  readonly replicas: readonly { readonly name: string; readonly count: number; readonly ref: SourceRef }[];
  /** `replacements:` entries: inline values (with positions) or files. */
  readonly replacements: readonly ({ readonly path: string; readonly ref: SourceRef } | { readonly value: Json; readonly ref: SourceRef })[];
  readonly generators: readonly GeneratorEntry[];
  readonly generatorOptions: Json;
  /**
   * `transformers:` entries in order: a local file or folder (`value` as written, `ref` its line), or an
   * inline configuration (`value` the text; `ref` the line its text starts at, in the kustomization file).
   */
  readonly transformers: readonly TransformerEntry[];
  /** Fields present that we do not render, with what the result then lacks. */
  /** Fields not rendered: what the result then lacks, and whether that is objects Kustomize would have made (Diagnostic `lacks`). */
  readonly notRendered: readonly { readonly field: string; readonly ref: SourceRef; readonly missing: string; readonly objects: boolean }[];
  /**
   * The charts of `helmCharts` (and the older `helmChartInflationGenerator`), which are not rendered, each with
   * the release namespace its entry writes (`namespace`, `releaseNamespace`): the build carries a stand-in per
   * chart through its transformers, so that the namespace the chart's pods land in is known (render.ts
   * `chartStandIns`).
   */
  readonly charts: readonly ChartEntry[];
  /** Local files named by fields we do not render (`configurations`, `crds`): Kustomize still fails when one is missing. */
  readonly configurationFiles: readonly Entry[];
  /** Flux's edit of this kustomization, when a Flux Kustomization's target wrote it (flux-edit.ts). */
  readonly fluxEdit?: FluxEdit;
}

/** A chart a kustomization inflates (not rendered here): its release name and namespace as written, and its entry's line. */
export interface ChartEntry {
  readonly name: string;
  readonly namespace?: string;
  readonly ref: SourceRef;
}

const NOT_RENDERED: Readonly<Record<string, string>> = {
  helmCharts: 'the objects of the Helm charts',
  helmGlobals: 'the objects of the Helm charts',
  helmChartInflationGenerator: 'the objects of the Helm charts',
  generators: 'the objects of the generator plugins',
  validators: 'nothing (validator plugins do not change objects) but their checks',
  configurations: 'the changes of the custom transformer configurations (extra field specs)',
  vars: 'the substitution of $(VAR) references',
  crds: 'the custom field specs of the CRDs',
  openapi: 'the strategic merge keys of the custom schema',
};

/** The fields this renderer applies: every field (field-names.ts) but those it does not render. */
/** The fields of NOT_RENDERED that make objects: a build without them lacks objects Kustomize would have. */
const MAKES_OBJECTS = new Set(['helmCharts', 'helmGlobals', 'helmChartInflationGenerator', 'generators']);

const RENDERED = new Set(KUSTOMIZATION_FIELDS.filter((f) => NOT_RENDERED[f] === undefined));

export function readKustomization(fs: Files, file: string, dir: string, positions: Positions): Kustomization {
  const docs = fs.documents(file);
  const fileRef = { file, line: 1 };
  // A Flux Kustomization's target appends its edit as a second document (flux-edit.ts).
  const edit = docs.length > 1 && !docs[docs.length - 1].error && isFluxEdit(docs[docs.length - 1].value) ? (docs[docs.length - 1].value as FluxEdit) : undefined;
  // (An unparsed document has no value: it is no edit either.)
  const real = docs.filter((d) => (d.error || (d.value !== null && d.value !== undefined)) && (edit === undefined || d.value !== edit));
  if (real.length !== 1) throw new KustomizeError(real.length === 0 ? 'the kustomization file is empty' : 'a kustomization file holds one document', fileRef);
  // Kustomize reads a key written twice as its last value (a second `target:` in a patch); objects' files stay strict.
  const doc = real[0].error?.message.startsWith('duplicated mapping key') ? reparsedWithDuplicateKeys(real[0]) : real[0];
  if (doc.error) throw new KustomizeError(`cannot parse the kustomization: ${doc.error.message}`, { file, line: doc.error.line });
  const ref = { file, line: documentLine(doc) };
  const parsed = copyParsed(doc.value, doc.lines, file, positions, ref);
  if (!isMap(parsed)) throw new KustomizeError('the kustomization is not a mapping', ref);
  // Keys as Kustomize matches them to its fields (field-names.ts: `apiversion:` is `apiVersion`).
  const raw = withFieldNames(parsed, (from, to) => positions.set(to, positions.get(from) ?? ref));
  const r = new FieldReader(raw, positions, ref, fs.lines(file));
  const kind = raw.kind ?? 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component') throw new KustomizeError(`kind ${written(kind)} is not Kustomization or Component`, ref);
  // Kustomize refuses a kustomization that says nothing beyond its type.
  if (Object.keys(raw).every((key) => key === 'apiVersion' || key === 'kind' || key === 'metadata')) throw new KustomizeError('the kustomization is empty', ref);
  const notRendered: { field: string; ref: SourceRef; missing: string; objects: boolean }[] = [];
  for (const l of r.list('labels')) {
    if (l.value.fields !== undefined) notRendered.push({ field: 'labels[].fields', ref: l.ref, missing: 'the labels on those custom field specs', objects: false });
  }
  for (const key of Object.keys(raw)) {
    if (NOT_RENDERED[key] !== undefined) notRendered.push({ field: key, ref: r.keyRef(key), missing: NOT_RENDERED[key], objects: MAKES_OBJECTS.has(key) });
    else if (!RENDERED.has(key)) throw new KustomizeError(`invalid Kustomization: unknown field "${key}"`, r.keyRef(key));
  }
  return {
    file,
    dir,
    kind,
    ref,
    resources: [...r.strings('resources'), ...r.strings('bases')],
    components: r.strings('components'),
    namespace: r.scalar('namespace'),
    namePrefix: r.scalar('namePrefix'),
    nameSuffix: r.scalar('nameSuffix'),
    commonLabels: raw.commonLabels === undefined ? undefined : { pairs: r.stringMap('commonLabels'), includeSelectors: true, includeTemplates: true, ref: r.keyRef('commonLabels') },
    labels: r.list('labels').map(readLabelEntry),
    commonAnnotations: r.stringMap('commonAnnotations'),
    patches: readPatches(r),
    images: r.list('images').map(readImage),
    replicas: r.list('replicas').map(readReplica),
    replacements: r.list('replacements').map((x) => (typeof x.value.path === 'string' ? { path: x.value.path, ref: x.ref } : x)),
    generators: [...readGenerators(r, 'configMapGenerator', 'ConfigMap'), ...readGenerators(r, 'secretGenerator', 'Secret')],
    generatorOptions: isMap(raw.generatorOptions) ? raw.generatorOptions : {},
    transformers: readTransformerEntries(r),
    notRendered,
    charts: [...chartEntries(r, 'helmCharts', 'namespace'), ...chartEntries(r, 'helmChartInflationGenerator', 'releaseNamespace')],
    configurationFiles: [...r.strings('configurations'), ...r.strings('crds')].filter((e) => !/^[a-z]+:\/\//i.test(e.value)),
    ...(edit ? { fluxEdit: edit } : {}),
  };
}

/** Typed access to a kustomization's fields; a value of the wrong type is a build failure at its line. */
export class FieldReader {
  constructor(
    readonly raw: Json,
    private readonly positions: Positions,
    readonly ref: SourceRef,
    readonly lines: readonly string[],
  ) {}

  /** The line of a top-level key. */
  keyRef(key: string): SourceRef {
    const v = this.raw[key];
    const at = v !== null && typeof v === 'object' ? this.positions.get(v) : undefined;
    if (at) return at;
    // The key as written may differ in case from the field (field-names.ts).
    const i = this.lines.findIndex((l) => {
      const top = /^"?([^":\s]+)"?:/.exec(l);
      return top !== null && fieldOf(top[1]) === key;
    });
    return i < 0 ? this.ref : { file: this.ref.file, line: i + 1 };
  }

  refOf(node: object, fallback: SourceRef): SourceRef {
    return this.positions.get(node) ?? fallback;
  }

  scalar(key: string): Entry | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'object') throw new KustomizeError(`${key} must be a string`, this.keyRef(key));
    return { value: String(v), ref: this.keyRef(key) };
  }

  /** A list of strings, each with the line it is written on. */
  strings(key: string): Entry[] {
    const v = this.raw[key];
    if (v === undefined || v === null) return [];
    const at = this.keyRef(key);
    if (!Array.isArray(v)) throw new KustomizeError(`${key} must be a list`, at);
    let from = at.line;
    return v.map((item) => {
      if (typeof item !== 'string') throw new KustomizeError(`${key} entries must be strings`, at);
      const line = this.lineOf(item, from);
      from = line;
      return { value: item, ref: { file: at.file, line } };
    });
  }

  /** The first line at or after `from` whose block key is `key` in any case (`Patch:` is `patch`, field-names.ts), as a list item's too; undefined when none. */
  keyLineOf(key: string, from: number): number | undefined {
    const folded = key.toLowerCase();
    for (let i = Math.max(from - 1, 0); i < this.lines.length; i++) {
      const m = /^\s*(?:-\s+)?["']?([^"':\s]+)["']?\s*:/.exec(this.lines[i]);
      if (m !== null && m[1].toLowerCase() === folded) return i + 1;
    }
    return undefined;
  }

  /** The first line at or after `from` holding `text` (a scalar's own line, which the parser does not record). */
  lineOf(text: string, from: number): number {
    for (let i = Math.max(from - 1, 0); i < this.lines.length; i++) if (this.lines[i].includes(text)) return i + 1;
    return from;
  }

  stringMap(key: string): Record<string, string> {
    const v = this.raw[key];
    if (v === undefined || v === null) return {};
    if (!isMap(v)) throw new KustomizeError(`${key} must be a map of strings`, this.keyRef(key));
    return toStringMap(v);
  }

  /** A list of mappings, each with its line. */
  list(key: string): { value: Json; ref: SourceRef }[] {
    const v = this.raw[key];
    if (v === undefined || v === null) return [];
    const at = this.keyRef(key);
    if (!Array.isArray(v)) throw new KustomizeError(`${key} must be a list`, at);
    return v.map((item) => {
      if (!isMap(item)) throw new KustomizeError(`${key} entries must be mappings`, at);
      return { value: item, ref: this.refOf(item, at) };
    });
  }
}

/** Label and annotation values are strings; YAML numbers and booleans are taken as written. */
export function toStringMap(v: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? '' : String(val);
  return out;
}

function readLabelEntry(l: { value: Json; ref: SourceRef }): LabelEntry {
  const pairs = isMap(l.value.pairs) ? toStringMap(l.value.pairs) : {};
  return { pairs, includeSelectors: l.value.includeSelectors === true, includeTemplates: l.value.includeTemplates === true, ref: l.ref };
}

/**
 * The entries of a chart field, read leniently (the field is not rendered, so a malformed entry is no build
 * failure here): a mapping's release name (`releaseName`, else the chart's `name`/`chartName`) and namespace.
 */
function chartEntries(r: FieldReader, key: string, namespaceKey: string): ChartEntry[] {
  const v = r.raw[key];
  if (!Array.isArray(v)) return [];
  const at = r.keyRef(key);
  const text = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  return v.filter(isMap).map((item) => {
    const namespace = text(item[namespaceKey]);
    return { name: text(item.releaseName) ?? text(item.name) ?? text(item.chartName) ?? 'chart', ...(namespace !== undefined ? { namespace } : {}), ref: r.refOf(item, at) };
  });
}

export function readImage(i: { value: Json; ref: SourceRef }): ImageEntry {
  const v = i.value;
  if (typeof v.name !== 'string') throw new KustomizeError('images entries need a name', i.ref);
  const str = (x: unknown) => (x === undefined || x === null ? undefined : String(x));
  return { name: v.name, newName: str(v.newName), newTag: str(v.newTag), digest: str(v.digest) };
}

function readReplica(x: { value: Json; ref: SourceRef }): { name: string; count: number; ref: SourceRef } {
  const count = x.value.count;
  if (typeof x.value.name !== 'string' || typeof count !== 'number') throw new KustomizeError('replicas entries need a name and a numeric count', x.ref);
  return { name: x.value.name, count, ref: x.ref };
}

/** A `target:` selector; every value is kept as a string. */
export function readSelector(v: unknown, ref: SourceRef): Selector | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) throw new KustomizeError('a patch target must be a mapping', ref);
  const out: Record<string, string> = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector']) {
    if (v[k] !== undefined && v[k] !== null) out[k] = String(v[k]);
  }
  return out;
}

/** The patch entries of `patches`, `patchesStrategicMerge` and `patchesJson6902` (a kustomization's, or a Flux Kustomization's spec). */
export function readPatches(r: FieldReader): PatchEntry[] {
  const out: PatchEntry[] = [];
  for (const p of r.list('patches')) {
    const v = p.value;
    const options = isMap(v.options) ? v.options : {};
    const base = { field: 'patches' as const, ref: p.ref, target: readSelector(v.target, p.ref), allowNameChange: options.allowNameChange === true, allowKindChange: options.allowKindChange === true };
    if (typeof v.path === 'string' && typeof v.patch === 'string') throw new KustomizeError('a patch has either path or patch, not both', p.ref);
    if (typeof v.path === 'string') out.push({ ...base, path: v.path });
    else if (typeof v.patch === 'string') out.push({ ...base, inline: { text: v.patch, ref: inlineStart(r, p.ref, 'patch') } });
    else throw new KustomizeError('a patch needs path or patch', p.ref);
  }
  for (const e of r.strings('patchesStrategicMerge')) {
    const inline = e.value.includes('\n') || /^\s*[{]|^\s*apiVersion\s*:/.test(e.value);
    out.push({ field: 'patchesStrategicMerge', ref: e.ref, allowNameChange: false, allowKindChange: false, ...(inline ? { inline: { text: e.value, ref: { file: e.ref.file, line: e.ref.line + 1 } } } : { path: e.value }) });
  }
  for (const p of r.list('patchesJson6902')) {
    const v = p.value;
    const target = readSelector(v.target, p.ref);
    if (!target) throw new KustomizeError('patchesJson6902 entries need a target', p.ref);
    const base = { field: 'patchesJson6902' as const, ref: p.ref, target, allowNameChange: true, allowKindChange: true };
    if (typeof v.path === 'string') out.push({ ...base, path: v.path });
    else if (typeof v.patch === 'string') out.push({ ...base, inline: { text: v.patch, ref: inlineStart(r, p.ref, 'patch') } });
    else throw new KustomizeError('a patchesJson6902 entry needs path or patch', p.ref);
  }
  return out;
}

/**
 * `transformers:` entries. Kustomize reads an entry that parses as YAML objects as an inline configuration
 * (kusttarget `configureExternalTransformers`); any other is a path. An inline text's lines are found
 * by its first line, searched from the previous entry's line.
 */
function readTransformerEntries(r: FieldReader): TransformerEntry[] {
  const v = r.raw.transformers;
  if (v === undefined || v === null) return [];
  const at = r.keyRef('transformers');
  if (!Array.isArray(v)) throw new KustomizeError('transformers must be a list', at);
  let from = at.line;
  return v.map((item) => {
    if (typeof item !== 'string') throw new KustomizeError('transformers entries must be strings', at);
    const inline = /\n/.test(item.trim()) || /^\s*[{]/.test(item);
    if (!inline) {
      from = r.lineOf(item, from);
      return { value: item, inline, ref: { file: at.file, line: from } };
    }
    // Found by its first non-blank line; the text starts that many lines before it.
    const lines = textLines(item);
    const skipped = lines.findIndex((l) => l.trim() !== '');
    const line = r.lineOf(lines[skipped].trim(), from);
    from = line + 1;
    return { value: item, inline, ref: { file: at.file, line: line - skipped } };
  });
}

/** Where an inline block scalar's text starts: the line after `key: |`, or the key's line for a one-line value. */
function inlineStart(r: FieldReader, entry: SourceRef, key: string): SourceRef {
  const keyLine = r.keyLineOf(key, entry.line) ?? r.lineOf(`${key}:`, entry.line);
  const block = /:\s*[|>][-+0-9]*\s*(#.*)?$/.test(lineText(r, keyLine));
  return { file: entry.file, line: block ? keyLine + 1 : keyLine };
}

function lineText(r: FieldReader, line: number): string {
  return r.lines[line - 1] ?? '';
}

function readGenerators(r: FieldReader, key: string, kind: 'ConfigMap' | 'Secret'): GeneratorEntry[] {
  return r.list(key).map((g) => {
    if (typeof g.value.name !== 'string') throw new KustomizeError(`${key} entries need a name`, g.ref);
    // Kustomize takes any other behavior (or none) as create.
    const behavior = g.value.behavior === 'merge' || g.value.behavior === 'replace' ? g.value.behavior : 'create';
    const namespace = typeof g.value.namespace === 'string' ? g.value.namespace : undefined;
    return { kind, name: g.value.name, namespace, behavior, value: g.value, ref: g.ref };
  });
}
