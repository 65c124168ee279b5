/**
 * One `kustomize build` of a folder: resources (files, folders with a kustomization, in order), then
 * generators, then components (applied to what is accumulated so far, generated objects included), and
 * the transformers in Kustomize's order — patchesStrategicMerge, patches, namespace, namePrefix,
 * nameSuffix, labels, commonAnnotations, patchesJson6902, replicas, images, replacements (kusttarget
 * `configureBuiltinTransformers`), then the builtin configurations listed under `transformers:`
 * (builtin-transformers.ts). A kustomization a Flux Kustomization's target wrote its fields into is
 * built with them, then its `commonMetadata` (flux-edit.ts). At the top: generated names get their
 * hash, name references follow renames, and NetworkPolicies a `namespace:` moved from their written
 * namespace are said (namespace-moves.ts).
 */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { applyPatches } from './apply-patches.js';
import type { BuildContext } from './build-context.js';
import { localFile, memoKey, restricted, restrictorError, use, warn } from './build-context.js';
import type { FileReads } from './file-set.js';
import { recordedFiles, showDir } from './file-set.js';
import { hashGeneratedNames, runGenerators } from './generators.js';
import type { Kustomization } from './kustomization.js';
import { readKustomization } from './kustomization.js';
import { loadResourceFile } from './load-resources.js';
import { fixNameReferences } from './name-references.js';
import { namespaceMoveDiagnostics } from './namespace-moves.js';
import { copyTree, KustomizeError } from './nodes.js';
import { applyReplacements } from './replacements.js';
import { setCommonMetadata, withFluxEdit } from './flux-edit.js';
import { runTransformerConfigs } from './builtin-transformers.js';
import type { Resource } from './resource.js';
import { edited, idKey } from './resource.js';
import { addAnnotations, addLabels, addNameAffixes, setImages, setNamespace, setReplicas } from './transformers.js';
import { isWithin, joinPath } from '../util/repo-paths.js';

/** A whole build from a kustomization folder, ready to emit. */
export function buildTop(ctx: BuildContext, dir: string): Resource[] {
  const resources = buildFolder(ctx, dir, { file: dir, line: 1 });
  hashGeneratedNames(resources);
  fixNameReferences(ctx, resources);
  ctx.diagnostics.push(...namespaceMoveDiagnostics(resources));
  return resources;
}

/** The kustomization file of a folder (Kustomize refuses two). */
export function kustomizationFile(ctx: BuildContext, dir: string, ref: SourceRef): string {
  const files = ctx.fs.kustomizationFiles(dir);
  if (files.length === 0) throw new KustomizeError(`${showDir(dir)} has no kustomization.yaml, kustomization.yml or Kustomization`, ref);
  if (files.length > 1) throw new KustomizeError(`${showDir(dir)} has more than one kustomization file (${files.join(', ')})`, ref);
  return files[0];
}

/** A resource folder, built once per render and copied for every overlay that includes it. */
function buildFolder(ctx: BuildContext, dir: string, ref: SourceRef): Resource[] {
  const known = ctx.memo.get(memoKey(ctx, dir));
  if (known) {
    for (const [question, answer] of known.reads) ctx.reads.set(question, answer);
    for (const [path, uses] of known.used) for (const u of uses) use(ctx, path, u);
    for (const d of known.includes) ctx.includes.add(d);
    ctx.diagnostics.push(...known.diagnostics);
    ctx.deleted.push(...known.deleted);
    return known.resources.map((r) => ({ ...r, obj: copyTree(r.obj, ctx.positions), history: r.history.map((h) => ({ ...h })) }));
  }
  // The folder's own questions to the files are kept with it (a build reusing it asked them too); the
  // view passes them on to the enclosing build's.
  const reads: FileReads = new Map();
  const own: BuildContext = { ...ctx, fs: recordedFiles(ctx.fs, reads), reads, used: new Map(), includes: new Set(), diagnostics: [], deleted: [] };
  let resources: Resource[];
  try {
    resources = accumulate(own, dir, ref, []);
  } finally {
    // Those of folders it reused from the memo too, failing or not.
    for (const [question, answer] of reads) ctx.reads.set(question, answer);
  }
  ctx.memo.set(memoKey(ctx, dir), { resources: resources.map((r) => ({ ...r, obj: copyTree(r.obj, ctx.positions), history: [...r.history] })), diagnostics: own.diagnostics, used: own.used, includes: own.includes, reads, deleted: own.deleted });
  for (const [path, uses] of own.used) for (const u of uses) use(ctx, path, u);
  for (const d of own.includes) ctx.includes.add(d);
  ctx.diagnostics.push(...own.diagnostics);
  ctx.deleted.push(...own.deleted);
  return resources;
}

/**
 * Builds the kustomization of `dir` onto `into`: a folder of resources starts from nothing, a
 * component works on what its parent has accumulated.
 */
function accumulate(ctx: BuildContext, dir: string, ref: SourceRef, into: Resource[], asComponent = false): Resource[] {
  // Kustomize refuses a folder that is, or contains, one being built ("cycle detected: candidate root contains visited root").
  const building = ctx.stack.find((d) => isWithin(d, dir));
  if (building !== undefined) {
    // The chain of builds that leads back, so the reader sees which entry closes the loop (new-user 37).
    const chain = [...ctx.stack, dir].map(showDir).join(' → ');
    throw new KustomizeError(building === dir ? `cycle: ${showDir(dir)} is already being built (${chain})` : `cycle: ${showDir(dir)} contains ${showDir(building)}, which is being built (${chain})`, ref);
  }
  const file = kustomizationFile(ctx, dir, ref);
  use(ctx, file, asComponent ? 'component' : 'kustomization');
  const read = readKustomization(ctx.fs, file, dir, ctx.positions);
  // Flux writes its Kustomization's fields into the file before the build (flux-edit.ts).
  const k = read.fluxEdit ? withFluxEdit(read, read.fluxEdit) : read;
  if (asComponent && k.kind !== 'Component') throw new KustomizeError(`${file} is listed under components but is not kind: Component`, ref);
  if (!asComponent && k.kind === 'Component') throw new KustomizeError(`${file} is a Component: list it under components, not resources`, ref);
  for (const n of k.notRendered) warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `${file}: ${n.field} is not rendered; the result lacks ${n.missing}`, n.ref, n.objects ? { lacks: n.missing } : undefined);
  for (const c of k.configurationFiles) use(ctx, localFile(ctx, dir, c.value, c.ref, 'configuration'), 'configuration');
  ctx.stack.push(dir);
  try {
    let resources = addResources(ctx, k, into);
    // Generators before components (kusttarget `accumulateTarget`, kustomize v5.1 on): a component's
    // replacements, patches and merge generators see the ConfigMaps and Secrets its parent generates.
    resources = runGenerators(ctx, k, resources, k.generatorOptions);
    // Kustomize inflates Helm charts among the generators; not rendered here, each is a stand-in (chartStandIns).
    if (k.charts.length > 0) resources = [...resources, ...chartStandIns(ctx, k)];
    for (const c of k.components) resources = addComponent(ctx, k, c.value, c.ref, resources);
    resources = transform(ctx, k, resources);
    if (k.fluxEdit) setCommonMetadata(ctx, resources, k.fluxEdit);
    return resources;
  } finally {
    ctx.stack.pop();
  }
}

/** The kind of a chart's stand-in (`Resource.chart`), of a group no cluster serves. */
export const CHART_STAND_IN = { apiVersion: 'stand-in.reachdiff/v1', kind: 'UnrenderedHelmChart' } as const;

/**
 * One stand-in per chart of the kustomization (`helmCharts`, `helmChartInflationGenerator`), which Kustomize
 * would inflate with `helm template` and reachdiff does not render: an object of its own kind in the release
 * namespace the entry writes, so the build's `namespace:` transformers (this kustomization's and those of
 * every overlay above) move it as they move the chart's objects. render-one.ts takes the stand-ins out of the
 * result (`RenderResult.unrenderedCharts`): the loader counts their namespaces as ones where pods the
 * manifests do not hold run (`Cluster.unreadReleaseNamespaces`), as for a Flux HelmRelease not rendered.
 * Named after the kustomization file and the entry's line, so two charts of one build never share an id.
 */
function chartStandIns(ctx: BuildContext, k: Kustomization): Resource[] {
  return k.charts.map((c) => {
    const metadata: Record<string, unknown> = { name: `${c.name}.${k.file}.${c.ref.line}`, ...(c.namespace !== undefined ? { namespace: c.namespace } : {}) };
    const obj = { ...CHART_STAND_IN, metadata };
    ctx.positions.set(obj, c.ref);
    ctx.positions.set(metadata, c.ref);
    return { obj, ref: c.ref, generated: false, history: [], chart: c };
  });
}

function transform(ctx: BuildContext, k: Kustomization, input: Resource[]): Resource[] {
  let resources = applyPatches(ctx, k, input, 'patchesStrategicMerge');
  resources = applyPatches(ctx, k, resources, 'patches');
  if (k.namespace) setNamespace(ctx, resources, k.namespace, k.namespaceField);
  addNameAffixes(resources, k.namePrefix, k.nameSuffix);
  addLabels(ctx, k, resources);
  addAnnotations(ctx, k, resources);
  resources = applyPatches(ctx, k, resources, 'patchesJson6902');
  setReplicas(ctx, resources, k.replicas);
  setImages(resources, k.images);
  applyReplacements(ctx, k, resources);
  // `transformers:` run after the kustomization's own (kusttarget `runTransformers` appends them).
  return runTransformerConfigs(ctx, k, resources, (path, ref) => buildFolder(ctx, path, ref));
}

function addResources(ctx: BuildContext, k: Kustomization, into: Resource[]): Resource[] {
  const out = [...into];
  const ids = new Map(out.map((r) => [idKey(r.obj), r]));
  for (const entry of k.resources) {
    for (const r of resourceEntry(ctx, k, entry.value, entry.ref)) {
      // Listed by that entry: a change adding it cites the entry, not the untouched file (Resource `edits`).
      edited(r, entry.ref);
      const id = idKey(r.obj);
      if (ids.has(id)) throw new KustomizeError(`may not add resource with an already registered id: ${idText(id)} (from ${r.ref.file}:${r.ref.line}, first from ${ids.get(id)?.ref.file}:${ids.get(id)?.ref.line})`, entry.ref);
      ids.set(id, r);
      out.push(r);
    }
  }
  return out;
}

/** An id (resource.ts idKey) in words: `networking.k8s.io/v1/NetworkPolicy shop allow-dns`, `v1/Namespace staging` (no namespace for a cluster-scoped kind). */
function idText(id: string): string {
  const [gvk, namespace, name] = id.split('|');
  return [gvk.replace(/^\//, ''), namespace, name].filter(Boolean).join(' ');
}

/** How a remote entry's warning ends: what the build lacks of a resource (its objects) or a component (its changes). */
const REMOTE_NOT_FETCHED = { resource: 'is not fetched; the result lacks its objects', component: 'is not fetched; the result lacks its changes' } as const;

/**
 * The first warning of the build saying that the result lacks objects Kustomize would have made: a remote
 * resource not fetched, Helm charts not inflated, generator plugins not run (kustomization.ts NOT_RENDERED),
 * with how a message names them ("a remote resource's objects", "the objects of the Helm charts"). A patch or
 * a replacement that finds nothing in such a build is most likely aimed at one of them: Kustomize, which has
 * them, would apply it (real-eval 21: gnunn-gitops/cluster-config, a `$patch: delete` of a Helm chart's
 * PodDisruptionBudget read as a failing build).
 */
export function lackedObjects(diagnostics: readonly Diagnostic[]): { readonly what: string; readonly ref: SourceRef } | undefined {
  for (const d of diagnostics) if (d.code === 'KUSTOMIZE_NOT_RENDERED' && d.lacks !== undefined) return { what: d.lacks, ref: d.ref };
  return undefined;
}

/** Looks remote: a URL, a git address, or a `?ref=` — Kustomize fetches those; we do not. */
export function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^git@/.test(entry) || /[?&](ref|version|timeout|submodules)=/.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry);
}

/**
 * Said of a path above the root read: the repository's, or the folder `list`, `lint` and `explain` were
 * given, whose overlays often name bases beside it.
 */
const ABOVE_ROOT = 'above the root read: the repository, or the folder given; for an overlay whose bases lie outside that folder, read a folder holding them (the repository root) and narrow with --path';

/** Whether `d` is a build failing on a resource above the root read (an overlay given as the folder, its `../../base` outside it). */
export function isAboveRootFailure(d: Diagnostic): boolean {
  return d.code === 'KUSTOMIZE_BUILD_FAILED' && d.message.includes(ABOVE_ROOT);
}

function resourceEntry(ctx: BuildContext, k: Kustomization, entry: string, ref: SourceRef): Resource[] {
  const path = joinPath(k.dir, entry);
  if (path !== undefined && ctx.fs.isFile(path)) {
    if (restricted(ctx, path, k.dir)) throw restrictorError(ctx, 'resource', entry, k.dir, ref);
    use(ctx, path, 'resource');
    return loadResourceFile(ctx, path);
  }
  if (path !== undefined && ctx.fs.isDir(path)) {
    ctx.includes.add(path);
    return buildFolder(ctx, path, ref);
  }
  if (isRemote(entry)) {
    warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `${k.file}: remote resource ${entry} ${REMOTE_NOT_FETCHED.resource}`, ref, { lacks: "a remote resource's objects", remoteEntry: { kustomization: k.file, kind: 'resource', entry } });
    return [];
  }
  throw new KustomizeError(`resource ${entry}: no such file or folder${path === undefined ? ` (${ABOVE_ROOT})` : ` (${path})`}`, ref);
}

function addComponent(ctx: BuildContext, k: Kustomization, entry: string, ref: SourceRef, resources: Resource[]): Resource[] {
  const path = joinPath(k.dir, entry);
  if (path === undefined || !ctx.fs.isDir(path)) {
    if (isRemote(entry)) {
      warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `${k.file}: remote component ${entry} ${REMOTE_NOT_FETCHED.component}`, ref, { remoteEntry: { kustomization: k.file, kind: 'component', entry } });
      return resources;
    }
    throw new KustomizeError(`component ${entry}: no such folder`, ref);
  }
  ctx.includes.add(path);
  const before = new Set(resources);
  const out = accumulate(ctx, path, ref, resources, true);
  // The objects the component adds are the entry's doing, wherever their files are (Resource `edits`).
  for (const r of out) if (!before.has(r)) edited(r, ref);
  return out;
}

export type { Diagnostic };
