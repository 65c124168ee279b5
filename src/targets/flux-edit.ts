/**
 * A Flux Kustomization's fields that change what its `spec.path` renders — `patches` (and the deprecated
 * `patchesStrategicMerge`, `patchesJson6902`), `components`, `namePrefix`, `nameSuffix`, `images`,
 * `commonMetadata` — read with their positions into the edit Flux's kustomize-controller writes into the
 * path's kustomization before the build (kustomize/flux-edit.ts), and that kustomization as the target
 * hands it to the renderer: the path's own file with the edit as a second document, or, for a folder
 * without one, the file Flux generates (flux-generated.ts) with it. `targetNamespace` is in the edit too (the
 * build's `namespace:`), and stays the loader's as well (TargetSpec `kustomize.namespace`). Semantics: Flux's Kustomization API reference
 * (kustomize.toolkit.fluxcd.io/v1: Patches, Components, Name Prefix and Suffix, Images, Common Metadata);
 * fluxcd/pkg kustomize `Generator.GenerateManifest` (components must be local relative paths; missing ones
 * are left out with `ignoreMissingComponents`).
 */
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import type { ManifestFile } from '../manifests/load.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { generatedListingText } from '../manifests/generated-kustomization.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import { FLUX_EDIT_KIND } from '../kustomize/flux-edit.js';
import type { Entry, PatchEntry } from '../kustomize/kustomization.js';
import { FieldReader, readImage, readPatches, readSelector, toStringMap } from '../kustomize/kustomization.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { copyParsed, KustomizeError } from '../kustomize/nodes.js';
import { isClusterScoped } from '../kustomize/resource.js';
import { NodePositions } from '../kustomize/types.js';
import type { ControllerObject } from './controller-objects.js';
import { str } from './controller-objects.js';
import type { FluxGenerated } from './flux-generated.js';
import type { Kustomization } from './kustomizations.js';
import { kustomizationClosure } from './kustomizations.js';
import { isEncrypted, skipReason } from './non-manifest.js';
import type { RepoFiles } from './repo-files.js';
import { textLines } from '../util/line-ends.js';
import { joinPath } from '../util/repo-paths.js';
import { escapeRegExp } from '../util/reg-exp.js';
import { documentLine } from '../manifests/document-line.js';

/** The spec fields Flux writes into the kustomization it builds (beside `targetNamespace`). */
export const EDIT_FIELDS = ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'components', 'namePrefix', 'nameSuffix', 'images', 'commonMetadata'] as const;

/**
 * The edit a Flux Kustomization makes to the kustomization of `folder` (its `spec.path`), or undefined
 * when its spec sets none of the fields. A spec Flux refuses becomes the edit's `error` (the build then
 * fails at that line), never an exception.
 */
export function fluxEdit(ks: ControllerObject, folder: string, files: RepoFiles): FluxEdit | undefined {
  const positions = new NodePositions();
  const spec = specWithPositions(ks, files, positions);
  const targetNamespace = spec ? str(spec.targetNamespace) : undefined;
  if (!spec || (!EDIT_FIELDS.some((f) => spec[f] !== undefined && spec[f] !== null) && targetNamespace === undefined)) return undefined;
  const specRef = positions.get(spec) ?? ks.ref;
  const reader = (key: string) => new FieldReader(spec, positions, specRef, linesOf(files, fileOf(spec[key], positions) ?? specRef.file));
  const base = editBase(ks, files, specRef);
  try {
    // `patches` as a kustomization's; the deprecated v1beta2 fields hold objects, not text (deprecatedPatches).
    const patches = [...readPatches(onlyPatches(reader('patches'), spec, positions, specRef, files)), ...deprecatedPatches(spec, positions, specRef)];
    const byPath = patches.find((p) => p.path !== undefined);
    if (byPath) throw new KustomizeError('a patch of spec.patches is written inline (patch:), it has no path', byPath.ref);
    const components = reader('components').strings('components');
    const refused = components.find((c) => !isLocalRelative(c.value));
    if (refused) throw new KustomizeError(`component path '${refused.value}' must be local and relative`, refused.ref);
    const kept = spec.ignoreMissingComponents === true ? components.filter((c) => { const p = joinPath(folder, c.value); return p !== undefined && files.isFolder(p); }) : components;
    return {
      ...base,
      // Written as the kustomization's `namespace:`: Kustomize's namespace transformer, which refuses two objects made one.
      ...(targetNamespace !== undefined ? { targetNamespace: { value: targetNamespace, ref: keyLineAfter(files, specRef)('targetNamespace') } } : {}),
      ...scalar(spec, 'namePrefix', specRef, files),
      ...scalar(spec, 'nameSuffix', specRef, files),
      patches,
      components: kept,
      images: reader('images').list('images').map(readImage),
      ...commonMetadata(spec, positions, specRef, files),
    };
  } catch (e) {
    if (!(e instanceof KustomizeError)) throw e;
    return { ...base, error: { message: e.message, ref: e.ref } };
  }
}

/** An edit writing no field: the Flux Kustomization, and the line of its `spec.path` (`specRef`: its spec's position). */
function editBase(ks: ControllerObject, files: RepoFiles, specRef: SourceRef) {
  return { kind: FLUX_EDIT_KIND, kustomization: { name: ks.name, ref: ks.ref }, patches: [], components: [], images: [], path: keyLineAfter(files, specRef)('path') } as const;
}

/**
 * What a Flux Kustomization writing no field into the kustomization Flux generates for its folder gives
 * that kustomization: nothing but where the listing's failures are said (the `spec.path` line). Built only
 * when the listing fails (listedTwice); otherwise the folder is read as its files are.
 */
export function listingOnlyEdit(ks: ControllerObject, files: RepoFiles): FluxEdit {
  const positions = new NodePositions();
  const spec = specWithPositions(ks, files, positions);
  return editBase(ks, files, (spec && positions.get(spec)) ?? ks.ref);
}

/** `file` (the path's kustomization) with the edit appended as its second document; its own lines stay where they are. */
export function withEditDocument(file: ManifestFile, edit: FluxEdit): ManifestFile {
  const sep = file.text.endsWith('\n') ? '' : '\n';
  return { ...file, text: `${file.text}${sep}---\n${JSON.stringify(edit)}\n` };
}

/**
 * The kustomization Flux generates for `folder` (no kustomization file there): `resources` lists `files`
 * and the kustomization folders below (relative to `folder`), with the edit as its second document.
 */
export function generatedKustomization(folder: string, resources: readonly string[], edit: FluxEdit): ManifestFile {
  const text = generatedListingText(folder, resources);
  // No file of the repository: its listing is no document of the change, and a revert lists the folder again (manifests/generated-kustomization.ts).
  return withEditDocument({ path: folder === '' ? 'kustomization.yaml' : `${folder}/kustomization.yaml`, text, fluxGenerated: true }, { ...edit, generated: true });
}

/** What Flux's generated kustomization of a folder lists: its manifest files (encrypted ones too: Flux decrypts them) and the kustomization folders below. */
export function generatedResources(generated: FluxGenerated, charts: readonly string[]): { readonly files: readonly ManifestFile[]; readonly resources: readonly string[] } {
  const listed = generated.files.filter((f) => skipReason(f.path, f.text, charts) === undefined || isEncrypted(f.text));
  return { files: listed, resources: [...listed.map((f) => f.path), ...generated.kustomizations.map((k) => k.folder)] };
}

/**
 * The Kustomization's spec with a position on every mapping and sequence: a rendered object carries them
 * (the renderer's node positions); one read as committed is parsed again from its file, at its document.
 */
function specWithPositions(ks: ControllerObject, files: RepoFiles, positions: NodePositions): Json | undefined {
  const spec = ks.value.spec;
  if (!isObject(spec)) return undefined;
  if (positions.has(spec)) return spec;
  const copy = committedWithPositions(ks, files, positions);
  return copy && isObject(copy.spec) ? copy.spec : spec;
}

/**
 * A controller object as committed, parsed again from its file at its document with a position on every
 * mapping and sequence; undefined when that document is not the object's (one an ApplicationSet or a
 * build made).
 */
export function committedWithPositions(obj: ControllerObject, files: RepoFiles, positions: NodePositions): Json | undefined {
  const text = files.byPath.get(obj.ref.file)?.text;
  const doc = text === undefined ? undefined : parseDocuments(text, 'kubectl').find((d) => documentLine(d) === obj.ref.line);
  if (!doc || !isObject(doc.value) || doc.value.kind !== obj.value.kind) return undefined;
  const copy = copyParsed(doc.value, doc.lines, obj.ref.file, positions, obj.ref);
  return isObject(copy) ? copy : undefined;
}

/** A reader of `spec.patches` alone (readPatches reads the deprecated fields as a kustomization writes them, as text). */
function onlyPatches(r: FieldReader, spec: Json, positions: NodePositions, specRef: SourceRef, files: RepoFiles): FieldReader {
  return new FieldReader(spec.patches === undefined ? {} : { patches: spec.patches }, positions, specRef, linesOf(files, fileOf(spec.patches, positions) ?? r.ref.file));
}

/**
 * Flux v1beta2's `patchesStrategicMerge` (a list of objects, each a patch naming its target by kind and
 * name) and `patchesJson6902` (`target` and `patch`, a list of operation objects), as kustomization patch
 * entries whose text is the object as JSON, at the object's line (fluxcd/pkg kustomize `Generator`).
 */
function deprecatedPatches(spec: Json, positions: NodePositions, specRef: SourceRef): PatchEntry[] {
  const list = (key: string) => {
    const v = spec[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new KustomizeError(`spec.${key} must be a list`, specRef);
    return v.map((item) => ({ item, ref: (item !== null && typeof item === 'object' ? positions.get(item) : undefined) ?? specRef }));
  };
  const out: PatchEntry[] = [];
  for (const { item, ref } of list('patchesStrategicMerge')) {
    if (!isObject(item)) throw new KustomizeError('spec.patchesStrategicMerge entries must be objects', ref);
    out.push({ field: 'patchesStrategicMerge', ref, inline: { text: JSON.stringify(item), ref }, allowNameChange: false, allowKindChange: false });
  }
  for (const { item, ref } of list('patchesJson6902')) {
    if (!isObject(item) || !Array.isArray(item.patch)) throw new KustomizeError('spec.patchesJson6902 entries need a target and a patch (a list of operations)', ref);
    const target = readSelector(item.target, ref);
    if (!target) throw new KustomizeError('spec.patchesJson6902 entries need a target', ref);
    out.push({ field: 'patchesJson6902', ref, target, inline: { text: JSON.stringify(item.patch), ref }, allowNameChange: true, allowKindChange: true });
  }
  return out;
}

function fileOf(node: unknown, positions: NodePositions): string | undefined {
  return node !== null && typeof node === 'object' ? positions.get(node)?.file : undefined;
}

/** A repository file's lines (none when it is not there). */
export function linesOf(files: RepoFiles, path: string): readonly string[] {
  return textLines(files.byPath.get(path)?.text ?? '');
}

/**
 * Where a controller object's field `key` is written: the first line at or after `ref`'s line that holds
 * `key:` (YAML's block mapping syntax), else `ref` itself. The parsed tree has no positions for scalars.
 */
export function keyLineAfter(files: RepoFiles, ref: SourceRef): (key: string) => SourceRef {
  const lines = linesOf(files, ref.file);
  return (key) => {
    const i = lines.findIndex((l, n) => n >= ref.line - 1 && new RegExp(`^\\s*${key}\\s*:`).test(l));
    return { file: ref.file, line: i < 0 ? ref.line : i + 1 };
  };
}

/** `namePrefix` / `nameSuffix` with the line it is written on (searched from the spec's line). */
function scalar(spec: Json, key: 'namePrefix' | 'nameSuffix', specRef: SourceRef, files: RepoFiles): { [k: string]: Entry } {
  const v = spec[key];
  if (v === undefined || v === null) return {};
  if (typeof v === 'object') throw new KustomizeError(`spec.${key} must be a string`, specRef);
  return { [key]: { value: String(v), ref: keyLineAfter(files, specRef)(key) } };
}

function commonMetadata(spec: Json, positions: NodePositions, specRef: SourceRef, files: RepoFiles): Pick<FluxEdit, 'commonMetadata'> {
  const m = spec.commonMetadata;
  if (m === undefined || m === null) return {};
  if (!isObject(m)) throw new KustomizeError('spec.commonMetadata must be a mapping of labels and annotations', specRef);
  const ref = positions.get(m) ?? specRef;
  const map = (v: unknown, what: string) => {
    if (v === undefined || v === null) return {};
    if (!isObject(v)) throw new KustomizeError(`spec.commonMetadata.${what} must be a map of strings`, ref);
    return toStringMap(v);
  };
  const labels = map(m.labels, 'labels');
  const labelRefs = isObject(m.labels) ? keyLines(files, positions.get(m.labels) ?? ref, Object.keys(labels)) : {};
  return { commonMetadata: { labels, annotations: map(m.annotations, 'annotations'), ref, ...(Object.keys(labelRefs).length ? { labelRefs } : {}) } };
}

/**
 * The line each of `keys` is written on in the mapping that starts at `from` (its first key's line): the first
 * line from there writing `key:` (quoted or not) at the mapping's indentation. A key not found is left out.
 */
function keyLines(files: RepoFiles, from: SourceRef, keys: readonly string[]): Record<string, SourceRef> {
  const lines = linesOf(files, from.file);
  // A position at the `labels:` key itself: the mapping starts on the next line.
  const start = /^\s*labels\s*:\s*(#.*)?$/.test(lines[from.line - 1] ?? '') ? from.line : from.line - 1;
  const first = lines[start];
  if (first === undefined) return {};
  const indent = first.length - first.trimStart().length;
  const out: Record<string, SourceRef> = {};
  for (const key of keys) {
    const written = new RegExp(`^\\s{${indent}}["']?${escapeRegExp(key)}["']?\\s*:`);
    for (let i = start; i < lines.length; i++) {
      const l = lines[i];
      // The mapping ends at the first line less indented than its keys.
      if (i > start && l.trim() && !l.trimStart().startsWith('#') && l.length - l.trimStart().length < indent) break;
      if (written.test(l)) {
        out[key] = { file: from.file, line: i + 1 };
        break;
      }
    }
  }
  return out;
}

/** fluxcd/pkg `IsLocalRelativePath`: no URL, not absolute. */
function isLocalRelative(path: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.startsWith('/') && !/^(git@|github\.com\/)/.test(path);
}

/**
 * Whether `targetNamespace`, written as the `namespace:` of the kustomization Flux generates for a folder
 * without one (`generated`: what it lists), does more than place every object in it, which the loader does
 * for files read as they are and for the builds below (ManifestFile `overrideNamespace`): a Namespace object
 * is renamed to it, and two objects of one group, kind and name land in one namespace, which fails the build
 * (Kustomize's namespace transformer, kustomize/transformers.ts `refuseMergedIds`, or its resource
 * accumulation when they were one already). A kustomization below the folder is one of its resources, so its
 * objects count too (`kubectl kustomize` of `namespace: staging` over `resources: [a, b]`, each building an
 * `allow-dns` of its own namespace, fails). Only then is that kustomization built for a `targetNamespace` alone:
 * a build of the whole folder makes its generated file one of the target's documents. Objects are read as
 * written: a build below that may name objects otherwise (a name prefix or suffix, generators, Helm charts,
 * replacements, a patch allowed to rename, a remote base) counts as matters, as does a `List`.
 */
export function namespaceTransformMatters(generated: FluxGenerated, kustomizations: ReadonlyMap<string, Kustomization>, files: RepoFiles): boolean {
  const builds = generated.kustomizations.map((k) => kustomizationClosure(k, kustomizations, files));
  if (builds.some((b) => b.remote.length > 0)) return true;
  for (const b of builds) {
    const resources = new Set(b.resources);
    for (const path of b.consumed) {
      if (resources.has(path)) continue;
      const text = files.byPath.get(path)?.text ?? '';
      if (isKustomizationPath(path) ? RENAMING_FIELDS.test(text) : RENAMING_PATCH.test(text)) return true;
    }
  }
  const texts = [...generated.files.map((f) => f.text), ...builds.flatMap((b) => b.resources.map((p) => files.byPath.get(p)?.text ?? ''))];
  // Every object lands in the target namespace: its id is the rest; a Namespace object or a List decides alone.
  return sharesId(texts.map((text) => ({ text })), (v, kind) => (kind === 'Namespace' || kind.endsWith('List') ? true : `${groupOf(v)}|${kind}|${String((v.metadata as Json).name)}`));
}

/**
 * Whether the kustomization Flux generates for a folder, with no field written into it, lists two resources
 * of one id, which `kustomize build` refuses ("may not add resource with an already registered id"; `kubectl
 * kustomize` 5.5 over Flux's listing): the folder's files and what the kustomizations below build, read as
 * written, each in its namespace (the build's `namespace:` over the written one; none is `default`, as
 * Kustomize reads it; none for a cluster-scoped kind). Two copies of a policy, or a base two listed builds
 * include. A build below that renames its objects may make a pair seen here two objects: the listing is then
 * built, which is what Flux does anyway.
 */
export function listedTwice(generated: FluxGenerated, kustomizations: ReadonlyMap<string, Kustomization>, files: RepoFiles): boolean {
  const texts = [
    ...generated.files.map((f) => ({ text: f.text })),
    ...generated.kustomizations.flatMap((k) => kustomizationClosure(k, kustomizations, files).resources.map((p) => ({ text: files.byPath.get(p)?.text ?? '', namespace: k.namespace }))),
  ];
  return sharesId(texts, (v, kind, namespace) => {
    const written = typeof (v.metadata as Json).namespace === 'string' && (v.metadata as Json).namespace !== '' ? String((v.metadata as Json).namespace) : undefined;
    const ns = isClusterScoped(kind) ? '' : (namespace ?? written ?? 'default');
    return `${groupOf(v)}|${kind}|${ns}|${String((v.metadata as Json).name)}`;
  });
}

/**
 * Whether two documents of `texts` have one id by `idOf` (given the object, its kind and the text's
 * `namespace`), or `idOf` says one decides alone (`true`). Documents that are no object with a kind and
 * metadata are skipped.
 */
function sharesId(texts: readonly { text: string; namespace?: string }[], idOf: (v: Json, kind: string, namespace: string | undefined) => string | true): boolean {
  const seen = new Set<string>();
  for (const { text, namespace } of texts) {
    for (const doc of parseDocuments(text, 'kubectl')) {
      const v = doc.value;
      if (doc.error || !isObject(v) || !isObject(v.metadata) || typeof v.kind !== 'string') continue;
      const id = idOf(v, v.kind, namespace);
      if (id === true || seen.has(id)) return true;
      seen.add(id);
    }
  }
  return false;
}

/** An object's API group ('' for the core group). */
function groupOf(v: Json): string {
  return typeof v.apiVersion === 'string' && v.apiVersion.includes('/') ? v.apiVersion.split('/')[0] : '';
}

/** Kustomization fields that make objects no file writes, or name them otherwise than written. */
const RENAMING_FIELDS = /^\s*(namePrefix|nameSuffix|configMapGenerator|secretGenerator|generators|helmCharts|helmChartInflationGenerator|replacements|transformers)\s*:|allowNameChange\s*:\s*true|\/metadata\/name\b/m;
/** A patch file (JSON 6902) that may rename its target. */
const RENAMING_PATCH = /\/metadata\/name\b/;

/** Whether the edit writes more than `targetNamespace` into the kustomization. */
export function editsMoreThanNamespace(edit: FluxEdit): boolean {
  return edit.error !== undefined || edit.namePrefix !== undefined || edit.nameSuffix !== undefined || edit.patches.length > 0 || edit.components.length > 0 || edit.images.length > 0 || edit.commonMetadata !== undefined || edit.commonLabels !== undefined;
}
