/**
 * The patch transformers of one kustomization: `patchesStrategicMerge`, `patches` (strategic merge or
 * JSON 6902, told apart by content: a list of operations is JSON 6902) and `patchesJson6902`. A
 * strategic merge patch without `target` applies to the one object with its kind and name (current or
 * earlier, as Kustomize's "any id"); with `target`, to every selected object, keeping the object's
 * name and kind unless `options.allowNameChange`/`allowKindChange`.
 */
import type { SourceRef } from '../engine/model.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { textLines } from '../util/line-ends.js';
import type { BuildContext } from './build-context.js';
import { localFile, use, warn } from './build-context.js';
import type { JsonPatchOp } from './json6902.js';
import { applyJsonPatch, readJsonPatch } from './json6902.js';
import type { Kustomization, PatchEntry, Selector } from './kustomization.js';
import { copyParsed, copyTree, isMap, KustomizeError } from './nodes.js';
import type { Resource } from './resource.js';
import { allIds, gvkOf, nameOf, namespaceOf, remember, sameNamespace } from './resource.js';
import { deletesObject, StrategicMerge } from './strategic-merge.js';
import { lackedObjects } from './render.js';
import { selectTargets } from './target-selector.js';
import type { Json } from './types.js';
import { documentLine } from '../manifests/document-line.js';

type Loaded = { kind: 'smp'; docs: { value: Json; ref: SourceRef; deleteAt?: SourceRef }[] } | { kind: 'json6902'; ops: JsonPatchOp[] };

export function applyPatches(ctx: BuildContext, k: Kustomization, resources: Resource[], field: PatchEntry['field']): Resource[] {
  return applyPatchEntries(ctx, k, resources, k.patches.filter((e) => e.field === field));
}

/**
 * Applies patch entries in order (also those of patch transformer configurations): inline text in the
 * file `entry.inline.ref` names, paths relative to the kustomization's folder.
 */
export function applyPatchEntries(ctx: BuildContext, k: Kustomization, resources: Resource[], entries: readonly PatchEntry[]): Resource[] {
  let out = resources;
  for (const entry of entries) {
    const patch = loadPatch(ctx, k, entry);
    if (entry.target && selectTargets(out, entry.target, entry.ref).length === 0) selectsNothing(ctx, entry.target, entry.ref);
    if (patch.kind === 'json6902') {
      if (!entry.target) throw new KustomizeError('a JSON 6902 patch needs a target', entry.ref);
      for (const r of selectTargets(out, entry.target, entry.ref)) applyJsonPatch(r.obj, patch.ops, ctx.positions);
      continue;
    }
    for (const doc of patch.docs) {
      const targets = entry.target ? selectTargets(out, entry.target, entry.ref) : byIdOrRemote(ctx, out, doc.value, doc.ref);
      for (const r of targets) {
        if (deletesObject(doc.value)) {
          out = out.filter((x) => x !== r);
          deleted(ctx, r, [doc.deleteAt ?? doc.ref, doc.ref, entry.ref]);
        } else mergeInto(ctx, r, doc.value, entry);
      }
    }
  }
  return out;
}

/** Records that a `$patch: delete` at `lines` took `r` out of the build (RenderResult `deleted`). */
function deleted(ctx: BuildContext, r: Resource, lines: readonly SourceRef[]): void {
  const edits = lines.filter((l, i) => lines.findIndex((m) => m.file === l.file && m.line === l.line) === i);
  ctx.deleted.push({ kind: gvkOf(r.obj).kind, namespace: namespaceOf(r.obj), name: nameOf(r.obj), ref: r.ref, edits });
}

/**
 * A patch whose `target` selects no object of the build: Kustomize applies it to none without a word, so a
 * typo in the target (`name: postgress`) silently undoes the overlay's change (new-user 37). A warning at the
 * patch entry, KUSTOMIZE_PATCH_SELECTS_NOTHING; where the build lacks objects Kustomize would have (a remote
 * resource's, a Helm chart's), the patch is most likely for one of them: KUSTOMIZE_NOT_RENDERED, as a patch
 * without target says then.
 */
function selectsNothing(ctx: BuildContext, target: Selector, ref: SourceRef): void {
  const what = `{${Object.entries(target).map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
  const lacked = lackedObjects(ctx.diagnostics);
  if (lacked) warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `patch target ${what} selects no object of the build, which lacks ${lacked.what} (${lacked.ref.file}:${lacked.ref.line}): not applied`, ref, { unmatchedEntry: { entry: `patch target ${what}`, lacks: lacked.what } });
  else warn(ctx, 'KUSTOMIZE_PATCH_SELECTS_NOTHING', `patch target ${what} selects no object of the build, so the patch changes nothing (Kustomize applies it to none without an error): check the target's kind, name and namespace`, ref);
}

function mergeInto(ctx: BuildContext, r: Resource, patch: Json, entry: PatchEntry): void {
  // A patch found by an earlier name (before a prefix, say) must not rename the object back.
  const adjusted = keepIdentity(ctx, r, patch, entry.target ? entry : { ...entry, allowNameChange: false, allowKindChange: false });
  const rootRef = ctx.positions.get(r.obj);
  const before = { name: nameOf(r.obj), namespace: namespaceOf(r.obj) };
  new StrategicMerge(gvkOf(r.obj).kind, ctx.positions, ctx.positions.get(patch) ?? entry.ref).mergeMap(r.obj, adjusted, []);
  if (rootRef) ctx.positions.set(r.obj, rootRef);
  if (nameOf(r.obj) !== before.name || namespaceOf(r.obj) !== before.namespace) remember(r, before);
}

/** With a target, the patch's own name and kind do not rename the object unless the options allow it. */
function keepIdentity(ctx: BuildContext, r: Resource, patch: Json, entry: PatchEntry): Json {
  const copy = copyTree(patch, ctx.positions);
  if (!entry.allowKindChange) {
    copy.kind = r.obj.kind;
    copy.apiVersion = r.obj.apiVersion;
  }
  if (!entry.allowNameChange && isMap(copy.metadata)) {
    copy.metadata.name = nameOf(r.obj);
    if (namespaceOf(r.obj)) copy.metadata.namespace = namespaceOf(r.obj);
    else delete copy.metadata.namespace;
  }
  return copy;
}

/**
 * The one object a patch without target names. None matching is a build failure, unless the build lacks
 * objects Kustomize would have (a remote resource's, a Helm chart's: render.ts `lackedObjects`): the patch
 * is most likely aimed at one of them (Kustomize would apply it), so it is not applied, with a
 * KUSTOMIZE_NOT_RENDERED warning at the patch.
 */
function byIdOrRemote(ctx: BuildContext, resources: readonly Resource[], patch: Json, ref: SourceRef): Resource[] {
  const g = gvkOf(patch);
  const name = nameOf(patch);
  const ns = namespaceOf(patch);
  const found = resources.filter((r) => {
    const rg = gvkOf(r.obj);
    if (rg.kind !== g.kind || rg.group !== g.group || (g.version !== '' && rg.version !== g.version)) return false;
    return allIds(r).some((id) => id.name === name && sameNamespace(id.namespace, ns));
  });
  const what = `${g.kind} ${ns ? `${ns}/` : ''}${name}`;
  if (found.length > 1) throw new KustomizeError(`strategic merge patch ${what} matches ${found.length} resources; add a namespace or a target`, ref);
  if (found.length === 1) return found;
  const lacked = lackedObjects(ctx.diagnostics);
  if (!lacked) throw new KustomizeError(`no resource matches strategic merge patch ${what}`, ref);
  warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `strategic merge patch ${g.kind} ${name} matches no object of the build, which lacks ${lacked.what} (${lacked.ref.file}:${lacked.ref.line}): not applied`, ref, { unmatchedEntry: { entry: `strategic merge patch ${g.kind} ${name}`, lacks: lacked.what } });
  return [];
}

function loadPatch(ctx: BuildContext, k: Kustomization, entry: PatchEntry): Loaded {
  const { file, text, offset } = patchText(ctx, k, entry);
  const docs: { value: unknown; ref: SourceRef; deleteAt?: SourceRef; text: string }[] = [];
  for (const doc of parseDocuments(text, 'yaml')) {
    const ref = { file, line: documentLine(doc) + offset };
    if (doc.error) throw new KustomizeError(`cannot parse the patch: ${doc.error.message}`, { file, line: doc.error.line + offset });
    if (doc.value === null || doc.value === undefined) continue;
    const at = isMap(doc.value) && deletesObject(doc.value) ? directiveLine(doc.text) : undefined;
    docs.push({ value: copyParsed(doc.value, doc.lines, file, ctx.positions, ref, offset), ref, text: doc.text, ...(at !== undefined ? { deleteAt: { file, line: doc.startLine + offset + at } } : {}) });
  }
  if (docs.length === 0) throw new KustomizeError('the patch is empty', entry.ref);
  const isJson = entry.field === 'patchesJson6902' || (entry.field === 'patches' && Array.isArray(docs[0].value));
  if (isJson) {
    if (docs.length !== 1) throw new KustomizeError('a JSON 6902 patch is one list of operations', docs[1].ref);
    return { kind: 'json6902', ops: readJsonPatch(docs[0].value, ctx.positions, docs[0].ref, textLines(docs[0].text)) };
  }
  return {
    kind: 'smp',
    docs: docs.map((d) => {
      if (!isMap(d.value)) throw new KustomizeError('a strategic merge patch must be a mapping', d.ref);
      if (!entry.target && (typeof d.value.kind !== 'string' || nameOf(d.value) === '')) {
        throw new KustomizeError('a strategic merge patch without target needs kind and metadata.name', d.ref);
      }
      return { value: d.value, ref: d.ref, ...(d.deleteAt ? { deleteAt: d.deleteAt } : {}) };
    }),
  };
}

/** The 0-based line, in a patch document's text, of its top-level `$patch:` key (its least indented one); undefined: not found (a flow mapping). */
function directiveLine(text: string): number | undefined {
  let best: { line: number; indent: number } | undefined;
  textLines(text).forEach((l, line) => {
    const m = /^(\s*)["']?\$patch["']?\s*:/.exec(l);
    if (m && (!best || m[1].length < best.indent)) best = { line, indent: m[1].length };
  });
  return best?.line;
}

function patchText(ctx: BuildContext, k: Kustomization, entry: PatchEntry): { file: string; text: string; offset: number } {
  if (entry.inline) return { file: entry.inline.ref.file, text: entry.inline.text, offset: entry.inline.ref.line - 1 };
  const path = localFile(ctx, k.dir, entry.path ?? '', entry.ref, 'patch');
  use(ctx, path, 'patch');
  return { file: path, text: ctx.fs.text(path) ?? '', offset: 0 };
}
