/**
 * The loader's side of Kustomize rendering: rendered objects become model documents whose positions
 * are the source files' (the resource file, or the patch that set a field), and the files a render
 * used become source documents — the units that changes and rollbacks are made of — without being read
 * as objects themselves.
 */
import type { FileUse, RenderResult } from '../kustomize/index.js';
import { DocContext, isObject } from './context.js';
import type { Diagnostic } from './diagnostics.js';
import type { ManifestDocument, ManifestFile } from './load.js';
import { emptyModel, readObject } from './load.js';
import { parseDocuments } from './yaml-documents.js';

/** One model document per rendered object; not a source document (it has no text of its own). */
export function loadRenderedObjects(result: RenderResult, diagnostics: Diagnostic[]): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  for (const o of result.objects) {
    const ctx = new DocContext(o.ref.file, new Map(), o.ref, diagnostics, result.positions);
    const model = emptyModel();
    const objects: string[] = [];
    const rejected: string[] = [];
    readObject(ctx, model, o.value, objects, rejected);
    // The rendered object stands for its text: equal renders of one object (two overlays) are copies, not conflicts.
    out.push({ file: o.ref.file, startLine: o.ref.line, endLine: o.ref.line, text: JSON.stringify(o.value), objects, rejected, model });
  }
  return out;
}

const USE_NAMES: Readonly<Record<FileUse, string>> = {
  kustomization: 'Kustomization',
  component: 'Component',
  resource: 'Resource',
  patch: 'Patch',
  replacement: 'Replacements',
  generator: 'Generator input',
};

/**
 * The documents of a file a render used (or of a kustomization folder), identified by file: a resource
 * document by the object it defines and its file (`Deployment/default/api in base/app.yaml`), any other
 * by its use (`Patch overlays/prod/port.yaml`). They carry no model: the rendered objects do.
 */
export function sourceDocuments(file: ManifestFile, uses: ReadonlySet<FileUse> | undefined): ManifestDocument[] {
  const docs: ManifestDocument[] = [];
  const isJson = /\.json$/i.test(file.path);
  const use: FileUse | undefined = uses && [...uses][0];
  for (const doc of parseDocuments(file.text, isJson)) {
    if (!doc.error && (doc.value === null || doc.value === undefined)) continue;
    const objects = use === 'resource' && !doc.error ? objectNames(doc.value).map((o) => `${o} in ${file.path}`) : [`${use ? USE_NAMES[use] : 'Unused'} ${file.path}`];
    docs.push({ file: file.path, startLine: doc.startLine, endLine: doc.endLine, text: doc.text, objects, rejected: [], model: emptyModel() });
  }
  return docs;
}

/** `Kind/namespace/name` of the objects a resource document defines, as written (before rendering). */
function objectNames(value: unknown): string[] {
  if (!isObject(value)) return [];
  if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return value.items.flatMap(objectNames);
  const meta = isObject(value.metadata) ? value.metadata : {};
  return [`${String(value.kind)}/${typeof meta.namespace === 'string' ? meta.namespace : 'default'}/${String(meta.name)}`];
}
