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
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ControllerObject } from './controller-objects.js';
import { controllerObject } from './controller-objects.js';
import { EDIT_FIELDS } from './flux-edit.js';
import type { WrittenText } from './written-documents.js';
import { documentLine } from '../manifests/document-line.js';

type Span = NonNullable<DocumentChange['head']>;

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
  readonly object: ControllerObject;
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
  if (onlyEdit && JSON.stringify(withoutEdit(base.object.value)) !== JSON.stringify(withoutEdit(head.object.value))) return undefined;
  const object = `${String(head.object.value.kind)}/${head.object.namespace ?? ''}/${head.object.name}`;
  return { ...d, key: object, change: 'edited', objects: [object], base: base.span, head: head.span };
}

/**
 * The controller document (a Flux Kustomization or an Argo CD Application) of `text` (file `file`) spanning
 * `line`, or, without a line, the one named `name`; undefined when the file or the document is not there.
 */
function documentAt(text: string | undefined, file: string, line: number | undefined, name: string): WrittenDocument | undefined {
  if (text === undefined) return undefined;
  for (const d of parseDocuments(text, 'yaml')) {
    const object = controllerObject(d.value, { file, line: documentLine(d) });
    if (object?.kind !== 'FluxKustomization' && object?.kind !== 'Application') continue;
    const here = line !== undefined ? d.startLine <= line && line <= d.endLine : object.name === name;
    if (here) return { span: { file, startLine: d.startLine, endLine: d.endLine, text: d.text }, object };
  }
  return undefined;
}

/** `m` without `keys`. */
function without(m: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
}

/** The document with the fields its edit is made of left out (what must be equal for a revert of the document to revert only the edit). */
function withoutEdit(v: Json): unknown {
  if (!isObject(v.spec)) return v;
  if (v.kind === 'Kustomization') return { ...v, spec: without(v.spec, EDIT_FIELDS) };
  // An Application: the overrides of its source, or of each of its sources. A `kustomize:` holding nothing but
  // them is left out too: a change that adds the first override adds that key (new-user trial fresh60).
  const source = (s: unknown) => {
    if (!isObject(s) || !isObject(s.kustomize)) return s;
    const rest = without(s.kustomize, ARGO_FIELDS);
    return Object.keys(rest).length ? { ...s, kustomize: rest } : without(s, ['kustomize']);
  };
  const spec = v.spec;
  return { ...v, spec: { ...spec, ...(spec.source !== undefined ? { source: source(spec.source) } : {}), ...(Array.isArray(spec.sources) ? { sources: spec.sources.map(source) } : {}) } };
}
