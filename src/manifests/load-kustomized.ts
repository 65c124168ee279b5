/**
 * The loader's side of Kustomize rendering: rendered objects become model documents whose positions
 * are the source files' (the resource file, or the patch that set a field), and the files a render
 * used become source documents — the units that changes and rollbacks are made of — without being read
 * as objects themselves.
 */
import type { RenderResult, UnrenderedChart } from '../kustomize/index.js';
import { isKustomizationPath, kustomizationKey } from '../kustomize/index.js';
import { FLUX_EDIT_KIND } from '../kustomize/flux-edit.js';
import { DocContext, isObject } from './context.js';
import type { Diagnostic } from './diagnostics.js';
import type { ManifestDocument, ManifestFile } from './load.js';
import { emptyModel, readObject } from './load.js';
import { parseDocuments } from './yaml-documents.js';
import { substitutedObjects } from './post-build-substitution.js';
import { withValuesFrom } from './helm-values-from.js';

/**
 * One model document per rendered object; not a source document (it has no text of its own). Kept per
 * render result and placement: a render reused from the cache (base and head share most) is not read again.
 */
export function loadRenderedObjects(built: RenderResult, diagnostics: Diagnostic[], placement?: Pick<ManifestFile, 'defaultNamespace' | 'overrideNamespace' | 'substitute' | 'substituteUnread'>, textOf?: (path: string) => string | undefined): ManifestDocument[] {
  // As Flux applies the build, and helm-controller composes a release's values from its ConfigMaps.
  const result = withValuesFrom(postBuildResult(built, placement, textOf), textOf);
  const key = `${placement?.defaultNamespace ?? ''}|${placement?.overrideNamespace ?? ''}`;
  const known = loaded.get(result)?.get(key);
  if (known) {
    diagnostics.push(...known.diagnostics);
    return known.documents;
  }
  const own: Diagnostic[] = [];
  const documents: ManifestDocument[] = [];
  for (const o of result.objects) {
    const ctx = new DocContext(o.ref.file, new Map(), o.ref, own, result.positions, undefined, placement?.defaultNamespace, placement?.overrideNamespace, undefined, textOf);
    const model = emptyModel();
    const objects: string[] = [];
    const rejected: string[] = [];
    readObject(ctx, model, o.value, objects, rejected);
    // The rendered object stands for its text: equal renders of one object (two overlays) are copies, not conflicts.
    documents.push({ file: o.ref.file, startLine: o.ref.line, endLine: o.ref.line, text: JSON.stringify(o.value), objects, rejected, model });
  }
  // A chart the build does not render installs pods the manifests do not hold: where, as for a HelmRelease not read.
  for (const c of result.unrenderedCharts ?? []) {
    const releaseNamespaces = chartNamespaces(c, placement?.defaultNamespace ?? 'default', placement?.overrideNamespace);
    documents.push({ file: c.ref.file, startLine: c.ref.line, endLine: c.ref.line, text: JSON.stringify({ helmChart: c.name, namespaces: releaseNamespaces }), objects: [], rejected: [], model: { ...emptyModel(), releaseNamespaces } });
  }
  let byPlacement = loaded.get(result);
  if (!byPlacement) loaded.set(result, (byPlacement = new Map()));
  byPlacement.set(key, { documents, diagnostics: own });
  diagnostics.push(...own);
  return documents;
}

/**
 * A build's result as Flux applies it: with its kustomization's post-build variables (`placement.substitute`)
 * expanded in its objects (post-build-substitution.ts); the result itself without them. Kept per result and
 * values, so a render reused from the cache gives the same substituted result (and the same model documents).
 */
export function postBuildResult(result: RenderResult, placement: Pick<ManifestFile, 'substitute' | 'substituteUnread'> | undefined, textOf: ((path: string) => string | undefined) | undefined): RenderResult {
  const values = placement?.substitute;
  if (!values || !result.ok || done.has(result)) return result;
  // Emptied fields are marked only where an unread values object may hold the variable (emptied-values.ts).
  const unread = (placement?.substituteUnread?.length ?? 0) > 0;
  const key = `${unread ? 'unread|' : ''}${JSON.stringify(values)}`;
  let byValues = substituted.get(result);
  if (!byValues) substituted.set(result, (byValues = new Map()));
  const known = byValues.get(key);
  if (known) return known;
  const missing = new Set<string>();
  const objects = substitutedObjects(result.objects, result.positions, { values, writtenQuoted: quotedIn(result, textOf), markEmptied: unread }, missing);
  const out = objects.every((o, i) => o === result.objects[i]) ? result : { ...result, objects };
  byValues.set(key, out);
  done.add(out);
  if (missing.size) unset.set(out, [...missing].sort());
  return out;
}

/**
 * The `${VAR}`s a build's post-build substitution found no value for, sorted (empty: none, or no substitution):
 * names Flux expands to the empty string in the objects it applies (never in one marked `substitute: disabled`,
 * nor in text the build did not copy into an object).
 */
export function unsetVariables(result: RenderResult): readonly string[] {
  return unset.get(result) ?? [];
}

const unset = new WeakMap<RenderResult, readonly string[]>();

const substituted = new WeakMap<RenderResult, Map<string, RenderResult>>();
/** Results post-build substitution made (or found without variables): never substituted again (`$${X}` would be expanded twice). */
const done = new WeakSet<RenderResult>();

/** Whether a file the build read writes `text` between quotes (a scalar kyaml keeps quoted through the build). */
function quotedIn(result: RenderResult, textOf: ((path: string) => string | undefined) | undefined): (text: string) => boolean {
  return (text) => [...result.used.keys()].some((p) => {
    const t = textOf?.(p);
    return t !== undefined && (t.includes(`"${text}"`) || t.includes(`'${text}'`));
  });
}

const loaded = new WeakMap<RenderResult, Map<string, { documents: ManifestDocument[]; diagnostics: Diagnostic[] }>>();

/**
 * The documents of a file a render used (or of a kustomization folder). They carry no model (the
 * rendered objects do) and are identified by content and file, never by how a render used them (a
 * component's files are the same documents whether an overlay lists it or not): a kustomization by its
 * kind and file (`Kustomization overlays/prod/kustomization.yaml`, `Component components/tls/kustomization.yaml`), a document defining objects by them and its
 * file (`Deployment/default/api in base/app.yaml`, strategic merge patches included), a JSON patch or
 * anything else by its file (`Patch prod/port.yaml`, `Document …`).
 */
export function sourceDocuments(file: ManifestFile): ManifestDocument[] {
  // Kustomize's reader (yaml-documents.ts): a file a render used is read as the render read it.
  const parsed = parseDocuments(file.text, 'yaml');
  // Per parse (itself kept per text) and path: base and head share most files.
  let byPath = sourceDocs.get(parsed);
  if (!byPath) sourceDocs.set(parsed, (byPath = new Map()));
  // A kustomization Flux generates is kept apart from a repository file of the same path and text.
  const key = file.fluxGenerated ? `\0${file.path}` : file.path;
  const known = byPath.get(key);
  if (known) return known;
  const docs: ManifestDocument[] = [];
  byPath.set(key, docs);
  for (const doc of parsed) {
    if (!doc.error && (doc.value === null || doc.value === undefined)) continue;
    // Flux's generated listing of a folder is no document anyone wrote: the folder's files are (their change is the change).
    // Its edit document stays: it stands for the Flux Kustomization's fields (targets/flux-edit-documents.ts).
    if (file.fluxGenerated && !(isObject(doc.value) && doc.value.kind === FLUX_EDIT_KIND)) continue;
    docs.push({ file: file.path, startLine: doc.startLine, endLine: doc.endLine, text: doc.text, objects: identity(file.path, doc.value), rejected: [], model: emptyModel() });
  }
  return docs;
}

const sourceDocs = new WeakMap<readonly unknown[], Map<string, ManifestDocument[]>>();

function identity(path: string, value: unknown): string[] {
  if (isKustomizationPath(path)) return [kustomizationKey(path, isObject(value) ? value.kind : undefined)];
  const names = objectNames(value);
  if (names.length > 0) return names.map((o) => `${o} in ${path}`);
  const isJsonPatch = Array.isArray(value) && value.length > 0 && value.every((op) => isObject(op) && typeof op.op === 'string');
  return [`${isJsonPatch ? 'Patch' : 'Document'} ${path}`];
}

/**
 * `Kind/namespace/name` of the objects a resource document defines, as written (before rendering):
 * `Kind/name` when the document names no namespace, since the kustomization (or target) decides it
 * and `default` would name the wrong object.
 */
function objectNames(value: unknown): string[] {
  if (!isObject(value) || typeof value.kind !== 'string') return [];
  if (value.kind.endsWith('List') && Array.isArray(value.items)) return value.items.flatMap(objectNames);
  const meta = isObject(value.metadata) ? value.metadata : {};
  if (typeof meta.name !== 'string') return [];
  return [typeof meta.namespace === 'string' ? `${value.kind}/${meta.namespace}/${meta.name}` : `${value.kind}/${meta.name}`];
}

/**
 * The namespaces a chart's pods may land in (`Cluster.unreadReleaseNamespaces`): the target's override (Flux
 * `targetNamespace`), else the one a `namespace:` transformer gave its stand-in, else both the release namespace
 * its entry writes (charts that write `{{ .Release.Namespace }}`) and the target's default (charts that write
 * none), else the default.
 */
function chartNamespaces(c: UnrenderedChart, defaultNamespace: string, overrideNamespace: string | undefined): string[] {
  if (overrideNamespace !== undefined) return [overrideNamespace];
  if (c.namespace === '') return [defaultNamespace];
  if (c.namespace !== c.written) return [c.namespace];
  return [...new Set([c.namespace, defaultNamespace])];
}
