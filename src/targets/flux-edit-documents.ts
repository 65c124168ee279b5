/**
 * A Flux edit (kustomize/flux-edit.ts) is a document no repository holds: the target appends it to the
 * kustomization it builds, made from a controller object's fields — a Flux Kustomization's `patches`,
 * `components`, `namePrefix`, `nameSuffix`, `images` and `commonMetadata`, or an Argo CD Application's
 * `spec.source.kustomize` overrides `namePrefix`, `nameSuffix` and `commonLabels` (argocd-overrides.ts). A
 * change to those fields is a change of that document, and a rollback that reverts it must be offered on
 * what the author wrote: the controller object's own document (`kustomization.ref`, its file and line on
 * each side). Reverting that whole document is reverting exactly the edit when the two versions differ in
 * nothing else (the edit's fields aside); otherwise it would also revert what the rollback did not evaluate
 * (a Kustomization's `path` or `postBuild`, an Application's `destination`…), and the document is not
 * offered (undefined).
 */
import type { DocumentChange } from '../analysis/types.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import { isFluxEdit } from '../kustomize/flux-edit.js';
import { parseDocuments, splitDocuments } from '../manifests/yaml-documents.js';
import type { WrittenText } from './written-documents.js';

type Span = NonNullable<DocumentChange['head']>;

/** The spec fields a Flux Kustomization's edit is made of (targets/flux-edit.ts EDIT_FIELDS). */
const FLUX_FIELDS = ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'components', 'namePrefix', 'nameSuffix', 'images', 'commonMetadata'];
/** The `kustomize` override fields of an Argo CD Application's source that its edit is made of (argocd-overrides.ts). */
const ARGO_FIELDS = ['namePrefix', 'nameSuffix', 'commonLabels', 'patches', 'components'];

/** The Flux edit a document span holds, if it is one (its text is the edit's JSON). */
export function fluxEditOf(span: Span | undefined): FluxEdit | undefined {
  if (!span) return undefined;
  try {
    const v: unknown = JSON.parse(span.text);
    return isFluxEdit(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Per document of `docs` that is a Flux edit on either side: the same change told of the controller document
 * it comes from (`edited`, spans of the written files, key `Kind/namespace/name`), or
 * undefined when that document cannot be found on both sides or (`onlyEdit`, for a revert) differs in more
 * than the edit. Documents that are no Flux edit are not in the map.
 */
export function fluxEditDocuments(docs: readonly DocumentChange[], written: { readonly base: WrittenText; readonly head: WrittenText }, onlyEdit = true): Map<DocumentChange, DocumentChange | undefined> {
  const out = new Map<DocumentChange, DocumentChange | undefined>();
  for (const d of docs) {
    const edits = { base: fluxEditOf(d.base), head: fluxEditOf(d.head) };
    const known = edits.head ?? edits.base;
    if (!known) continue;
    out.set(d, kustomizationChange(d, edits, known, written, onlyEdit));
  }
  return out;
}

interface WrittenDocument {
  readonly span: Span;
  readonly value: Record<string, unknown>;
}

function kustomizationChange(d: DocumentChange, edits: { base?: FluxEdit; head?: FluxEdit }, known: FluxEdit, written: { readonly base: WrittenText; readonly head: WrittenText }, onlyEdit: boolean): DocumentChange | undefined {
  // A side without the edit (the Kustomization set none of the fields there) still has the Kustomization: found by name in the same file.
  const find = (side: 'base' | 'head') => {
    const edit = edits[side] ?? known;
    const byLine = edits[side] !== undefined;
    return documentAt(written[side](edit.kustomization.ref.file), edit.kustomization.ref.file, byLine ? edit.kustomization.ref.line : undefined, known.kustomization.name);
  };
  const base = find('base');
  const head = find('head');
  if (!base || !head || base.span.text === head.span.text) return undefined;
  if (onlyEdit && JSON.stringify(withoutEdit(base.value)) !== JSON.stringify(withoutEdit(head.value))) return undefined;
  const meta = (head.value.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const object = `${String(head.value.kind)}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${String(meta.name)}`;
  return { ...d, key: object, change: 'edited', objects: [object], base: base.span, head: head.span };
}

/**
 * The controller document (a Flux Kustomization or an Argo CD Application) of `text` (file `file`) spanning
 * `line`, or, without a line, the one named `name`; undefined when the file or the document is not there.
 */
function documentAt(text: string | undefined, file: string, line: number | undefined, name: string): WrittenDocument | undefined {
  if (text === undefined) return undefined;
  const chunks = splitDocuments(text);
  const docs = parseDocuments(text, false);
  for (const c of chunks) {
    const value = docs.find((p) => p.startLine === c.startLine)?.value;
    if (!isController(value)) continue;
    const here = line !== undefined ? c.startLine <= line && line <= c.endLine : (value.metadata as { name?: unknown } | undefined)?.name === name;
    if (here) return { span: { file, startLine: c.startLine, endLine: c.endLine, text: c.text }, value };
  }
  return undefined;
}

function isController(v: unknown): v is Record<string, unknown> {
  if (!isMap(v)) return false;
  const api = String(v.apiVersion);
  return (v.kind === 'Kustomization' && api.startsWith('kustomize.toolkit.fluxcd.io/')) || (v.kind === 'Application' && api.startsWith('argoproj.io/'));
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `m` without `keys`. */
function without(m: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
}

/** The document with the fields its edit is made of left out (what must be equal for a revert of the document to revert only the edit). */
function withoutEdit(v: Record<string, unknown>): unknown {
  if (!isMap(v.spec)) return v;
  if (v.kind === 'Kustomization') return { ...v, spec: without(v.spec, FLUX_FIELDS) };
  // An Application: the overrides of its source, or of each of its sources.
  const source = (s: unknown) => (isMap(s) && isMap(s.kustomize) ? { ...s, kustomize: without(s.kustomize, ARGO_FIELDS) } : s);
  const spec = v.spec;
  return { ...v, spec: { ...spec, ...(spec.source !== undefined ? { source: source(spec.source) } : {}), ...(Array.isArray(spec.sources) ? { sources: spec.sources.map(source) } : {}) } };
}
