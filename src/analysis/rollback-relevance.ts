/**
 * Which changed documents a rollback may need at all. The connectivity is computed from the cluster
 * model alone (engine/model.ts `Cluster`): Namespaces, workloads, policies of the kinds the engine applies,
 * Services and Ingresses (manifests/load.ts `modelReadsKind`). Reverting a document that feeds none of it —
 * a Secret, a ConfigMap, RBAC, a policy of a kind the engine does not model — changes no path, so such a
 * document is never a rollback candidate (real-eval 11, HomeLab 35dc72f0: a bounded search reverted a
 * ClusterRole, a Secret and the kustomization line adding the ClusterRole).
 *
 * - A plain document matters when either version contributes to the model.
 * - A source document of a Kustomize render has no model of its own (its rendered objects do): it matters
 *   when one of its rendered objects feeds the model (whatever its kind: a Kyverno ClusterPolicy generating
 *   NetworkPolicies, a Dragonfly, an app-template HelmRelease making workloads and policies from its values),
 *   when it names an object of a kind the model reads, when a build uses its file otherwise than as a
 *   resource (a patch, a replacement, a replacement's source, a generator's input …), or when it is no
 *   object at all (a JSON patch, anything else).
 * - A kustomization matters unless its only change is `resources` (or `bases`) entries added or removed,
 *   each a file whose every document is one that does not matter.
 *
 * A revert of a kustomization can need a document that does not matter: a file the change deleted with
 * the entry naming it (`companions`), restored with the entry so that the build does not fail. And a file
 * the change added with the entry naming it (a patch file and its `patches` entry) is deleted with the
 * entry, so that the rollback leaves nothing behind that no build reads.
 */
import { isDeepStrictEqual } from 'node:util';
import { posix } from 'node:path';
import type { FileUse, RenderResult } from '../kustomize/index.js';
import type { DocumentModel, LoadResult, ManifestDocument, ManifestFile } from '../manifests/load.js';
import { isKustomizationKey, isKustomizationPath } from '../kustomize/file-set.js';
import { FLUX_EDIT_KIND } from '../kustomize/flux-edit.js';
import { modelReadsKind } from '../manifests/load.js';
import { CHART_REF_KINDS } from '../manifests/kinds/chart-sources.js';
import type { ObjectGenerate } from '../manifests/kinds/kyverno-object-generate.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { withFieldNames } from '../kustomize/field-names.js';
import { documentKeys } from './document-changes.js';
import type { DocumentChange } from './types.js';
import { documentsByFile } from '../manifests/documents-by-file.js';
import type { FluxObject, WholeFluxTargets } from './rollback-flux-targets.js';
import { fluxObjectsOf, fluxRootOf, restoredFluxTargets, wholeFluxTargets } from './rollback-flux-targets.js';
import { inFolder } from '../util/repo-paths.js';

export interface RevertRelevance {
  /** Whether reverting this changed document can change the connectivity the model computes. */
  matters(change: DocumentChange): boolean;
  /**
   * Whether a version of this changed document holds an object a Kyverno rule generates a NetworkPolicy for (a
   * Dragonfly), or a chart source whose version decides how app-template releases are read (an OCIRepository a
   * chartRef names, manifests/chart-refs.ts): it feeds the model though it defines no object of a kind the model reads.
   */
  triggers(change: DocumentChange): boolean;
  /** Changed documents that reverting `set` needs: those its build would fail without, and those it leaves read by nothing (see below). */
  companions(set: readonly DocumentChange[]): DocumentChange[];
  /**
   * The documents of `set` that the change added and that only `set`'s reverted kustomizations named: deleted
   * as tidying, not to close a path (once the entry is reverted no build reads them; new-user trial 45, finding 8).
   */
  orphans(set: readonly DocumentChange[]): DocumentChange[];
  /**
   * A rollback that takes apart the folder of a Flux Kustomization the change added, extended to remove
   * that object too, with its parent's entry (rollback-flux-targets.ts); undefined when there is none.
   */
  wholeFluxTargets(set: readonly DocumentChange[]): WholeFluxTargets | undefined;
}

/** The parts of a document's model that the cluster model is made of (`unmodelled`, `hostNetwork`: no). */
const CLUSTER_PARTS = ['namespaces', 'workloads', 'policies', 'clusterPolicies', 'services', 'ingressBackends', 'clusterwide', 'calico', 'calicoTiers', 'objectGenerates'] as const satisfies readonly (keyof DocumentModel)[];

/** The `resources` entries of a kustomization; `bases` is their older name. */
const ENTRY_FIELDS = ['resources', 'bases'];

/**
 * `headFiles`: the repository's head files (every target's), so that a file another target's kustomization
 * names is never taken for one the revert leaves read by nothing; absent, the head documents of this
 * analysis only.
 */
export function revertRelevance(changes: readonly DocumentChange[], base: LoadResult, head: LoadResult, headFiles?: readonly Pick<ManifestFile, 'path' | 'text'>[]): RevertRelevance {
  const baseDocs = documentKeys(base.documents);
  const headDocs = documentKeys(head.documents);
  let uses: Map<string, Set<FileUse>> | undefined;
  const usesOf = (path: string): ReadonlySet<FileUse> => (uses ??= fileUses([...base.renders, ...head.renders])).get(path) ?? new Set();
  const byFile = (docs: readonly ManifestDocument[]) => {
    let index: Map<string, ManifestDocument[]> | undefined;
    return (file: string) => (index ??= documentsByFile(docs)).get(file) ?? [];
  };
  const baseFile = byFile(base.documents);
  const headFile = byFile(head.documents);

  // Objects a Kyverno rule of either side generates a NetworkPolicy for (a Dragonfly): their documents feed the model too.
  // A rule a Kustomize build renders is on its rendered document (a source document has no model of its own).
  let generators: ObjectGenerate[] | undefined;
  const generatorsOf = () => (generators ??= [base, head].flatMap((side) => [...side.documents, ...(side.rendered ?? [])]).flatMap((d) => d.model.objectGenerates ?? []));
  const triggers = (m: DocumentModel): boolean => m.otherObjects !== undefined && m.otherObjects.some((o) => generatorsOf().some((g) => g.matches(o)));
  const feeds = (d: ManifestDocument): boolean => modelled(d.model) || triggers(d.model);
  // What the builds render from a source document of each side: its objects as deployed, with their models.
  const baseRendered = renderedWithin(base);
  const headRendered = renderedWithin(head);
  const versionsOf = (c: DocumentChange): ManifestDocument[] => [
    ...[baseDocs.get(c.key), headDocs.get(c.key)].filter((d): d is ManifestDocument => d !== undefined),
    ...(c.base ? baseRendered(c.base) : []),
    ...(c.head ? headRendered(c.head) : []),
  ];

  /** A source document's object of a kind the model never reads, in a file every build uses as a resource only. */
  const inertObject = (object: string): boolean => {
    const named = /^([^/\s]+)\/\S+ in (.+)$/.exec(object);
    if (!named) return false;
    const [, kind, file] = named;
    return !modelReadsKind(kind) && [...usesOf(file)].every((u) => u === 'resource');
  };
  /** A document of `rendered`'s side that feeds no model, as written or as rendered (a Kyverno ClusterPolicy generating policies does). */
  const inertDocument = (d: ManifestDocument, rendered: typeof baseRendered): boolean => !feeds(d) && !rendered(d).some(feeds) && d.objects.length > 0 && d.objects.every(inertObject);
  /** An entry whose every document (on the side that lists it) does not matter; a folder or a remote base does. */
  const inertEntry = (dir: string, entry: string, side: (file: string) => ManifestDocument[], rendered: typeof baseRendered): boolean => {
    if (entry.includes('://') || entry.includes('?')) return false;
    const docs = side(posix.join(dir, entry));
    return docs.length > 0 && docs.every((d) => inertDocument(d, rendered));
  };

  const kustomizationMatters = (c: DocumentChange): boolean => {
    const entries = kustomizationEntries(c);
    if (!entries) return true;
    const dir = posix.dirname(c.head!.file);
    return !(entries.added.every((e) => inertEntry(dir, e, headFile, headRendered)) && entries.removed.every((e) => inertEntry(dir, e, baseFile, baseRendered)));
  };

  const objectMatters = (c: DocumentChange, object: string): boolean => {
    if (isKustomizationKey(object)) return kustomizationMatters(c);
    const kind = /^([^/\s]+)\//.exec(object)?.[1];
    // A JSON patch or another document without objects reaches whatever it names: it matters.
    if (kind === undefined) return true;
    if (modelReadsKind(kind)) return true;
    // A source an app-template release's chartRef may name: its version decides how the releases are read
    // (manifests/chart-refs.ts), so reverting a tag bump from chart 3 to 4 restores the pods' chart-3 labels.
    if (CHART_REF_KINDS.has(kind) && chartRefsOf()) return true;
    // A source document of a kind a Kyverno rule generates policies for (its labels unknown here: any of the kind).
    if (generatorsOf().some((g) => g.kinds.has(kind))) return true;
    // A plain document of another kind (with no model: judged above) is never read; a source document's
    // is, when a build reads its file otherwise than as a resource.
    return / in .+$/.test(object) && !inertObject(object);
  };

  // Whether either side holds an app-template release read by its chartRef source's version.
  let chartRefs: boolean | undefined;
  const chartRefsOf = () => (chartRefs ??= [...base.documents, ...head.documents, ...(base.rendered ?? []), ...(head.rendered ?? [])].some((d) => (d.model.chartRefReleases ?? []).length > 0));
  // A plain OCIRepository or HelmChart defines no object of a kind the model reads, yet its version decides how the app-template releases naming it are read.
  const servesChart = (m: DocumentModel): boolean => (m.chartSources ?? []).length > 0 && chartRefsOf();
  const triggersChange = (c: DocumentChange): boolean => versionsOf(c).some((d) => triggers(d.model) || servesChart(d.model));
  // A source document whose rendered object feeds the model matters whatever its kind: a Kyverno ClusterPolicy
  // generating NetworkPolicies, a Dragonfly its operator makes one for (talos-homelab 5f369009: the rule,
  // rendered from a kustomization, was no candidate, and the rollback reverted nothing).
  const matters = (c: DocumentChange): boolean => {
    if (versionsOf(c).some((d) => feeds(d) || servesChart(d.model))) return true;
    return c.objects.some((o) => objectMatters(c, o));
  };

  const kustomizations = changes.some((c) => c.objects.some((o) => isKustomizationKey(o)));
  const companions = (set: readonly DocumentChange[]): DocumentChange[] => {
    if (!kustomizations) return [];
    const needed = new Set<string>();
    for (const k of set) {
      if (!k.base || !k.objects.some((o) => isKustomizationKey(o))) continue;
      const dir = posix.dirname(k.base.file);
      const restored = k.head ? kustomizationEntries(k)?.removed : listEntries(k.base.text);
      for (const e of restored ?? []) needed.add(posix.join(dir, e));
    }
    const picked = new Set(set.map((c) => c.key));
    const restoredFiles = needed.size === 0 ? [] : changes.filter((c) => !picked.has(c.key) && c.change === 'removed' && needed.has(c.base!.file) && headFile(c.base!.file).length === 0 && !matters(c));
    return [...restoredFiles, ...orphanedFiles(set, picked)];
  };

  /**
   * The documents of files the change added that only the reverted kustomizations' new entries name (a
   * patch file and the `patches` entry naming it, a resource and its `resources` entry): reverting the
   * entry leaves the file read by nothing, so the rollback deletes it too, rather than leave it behind.
   * A file another kustomization of head names stays.
   */
  const orphanedFiles = (set: readonly DocumentChange[], picked: ReadonlySet<string>): DocumentChange[] => {
    const reverted = set.filter((k) => k.head && k.objects.some((o) => isKustomizationKey(o)));
    const named = new Set<string>();
    for (const k of reverted) {
      const before = k.base ? namedIn(k.base.file, k.base.text) : new Set<string>();
      for (const path of namedIn(k.head!.file, k.head!.text)) if (!before.has(path)) named.add(path);
    }
    const deleting = set.filter((c) => c.change === 'added');
    if (named.size === 0 && !deleting.some((c) => isFluxObject(c.key))) return [];
    const revertedFiles = new Set(reverted.map((k) => k.head!.file));
    const stillNamed = (path: string) => [...(namersOf().get(path) ?? [])].some((k) => !revertedFiles.has(k));
    // A kustomization the revert deletes below a folder Flux lists itself: Flux lists that kustomization's files instead.
    const deleted = new Set(reverted.filter((k) => !k.base).map((k) => posix.dirname(k.head!.file)));
    // A moved document (base had it elsewhere) is never deleted for its entry.
    const orphan = (c: DocumentChange, gone: ReadonlySet<string>) => !picked.has(c.key) && c.change === 'added' && !c.movedFrom && c.head !== undefined && baseFile(c.head.file).length === 0 && !stillNamed(c.head.file) && !listedByFlux(c.head.file, deleted, gone);
    const entryOrphans = changes.filter((c) => c.head && named.has(c.head.file) && orphan(c, new Set()));
    // A Flux Kustomization the revert deletes (or leaves read by nothing) builds its folder no more: the files
    // there the change added, that no other kustomization names and no Flux Kustomization left builds, go with it.
    const gone = new Set([...deleting, ...entryOrphans].map((c) => c.key).filter(isFluxObject));
    if (gone.size === 0) return entryOrphans;
    const roots = fluxObjects().filter((o) => gone.has(o.key)).map((o) => o.root);
    const kept = fluxObjects().filter((o) => !gone.has(o.key)).map((o) => o.root);
    const builtOnlyByGone = (file: string) => roots.some((r) => inFolder(file, r)) && !kept.some((r) => inFolder(file, r));
    const known = new Set(entryOrphans.map((c) => c.key));
    return [...entryOrphans, ...changes.filter((c) => !known.has(c.key) && c.head && builtOnlyByGone(c.head.file) && orphan(c, gone))];
  };
  /**
   * Whether Flux's generated kustomization of a folder (its edit document marks it: kustomize/flux-edit.ts
   * `generated`) would list `path` once the kustomizations in `deleted` are gone: no kustomization is left
   * between the two (manifests/generated-kustomization.ts). Such a file is no orphan: it stays deployed.
   */
  let generatedFolders: string[] | undefined;
  // The folders Flux Kustomizations build with a kustomization of their own (a build without the load restrictor,
  // targets/flux-builds.ts): deleting that kustomization, Flux generates one listing the folder's files.
  let fluxBuilt: string[] | undefined;
  const listedByFlux = (path: string, deleted: ReadonlySet<string>, gone: ReadonlySet<string> = new Set()): boolean => {
    generatedFolders ??= head.documents.filter((d) => isKustomizationPath(d.file) && d.text.includes('"generated":true') && d.text.includes(FLUX_EDIT_KIND)).map((d) => posix.dirname(d.file));
    fluxBuilt ??= head.renders.filter((r) => r.loadRestrictor === 'LoadRestrictionsNone').map((r) => (r.dir === '' ? '.' : r.dir));
    // A folder only Flux Kustomizations the revert removes build is built by none.
    const goneRoots = fluxObjects().filter((o) => gone.has(o.key)).map((o) => o.root || '.');
    const keptRoots = new Set(fluxObjects().filter((o) => !gone.has(o.key)).map((o) => o.root || '.'));
    const built = fluxBuilt.filter((g) => deleted.has(g) && (keptRoots.has(g) || !goneRoots.includes(g)));
    if ((generatedFolders.length === 0 && built.length === 0) || !/\.ya?ml$/.test(path)) return false;
    const folders = new Set(headKustomizations().map((k) => posix.dirname(k.path)));
    for (const g of [...generatedFolders, ...built]) {
      if (g !== '.' && !path.startsWith(`${g}/`)) continue;
      let dir = posix.dirname(path);
      while (dir !== g && dir !== '.' && !(folders.has(dir) && !deleted.has(dir))) dir = posix.dirname(dir);
      if (dir === g || (g === '.' && dir === '.')) return true;
    }
    return false;
  };
  // Head's Flux Kustomization documents (keyed as the changes are), with the folders they build.
  let fluxList: FluxObject[] | undefined;
  const fluxObjects = (): FluxObject[] => (fluxList ??= fluxObjectsOf([...headDocs].map(([key, d]) => ({ key, file: d.file, text: d.text }))));
  // Whether a key is one of `fluxObjects()`, asked of its own document: a rollback deleting an added app asks
  // about a few keys, and reading every head document's text for Flux's kind cost more (10k bench: ~15 ms a push).
  const fluxKeys = new Map<string, boolean>();
  const isFluxObject = (key: string): boolean => {
    let known = fluxKeys.get(key);
    if (known === undefined) {
      const d = headDocs.get(key);
      fluxKeys.set(key, (known = d !== undefined && fluxRootOf(d.text) !== undefined));
    }
    return known;
  };
  // companions runs once per candidate rollback: each kustomization's text is parsed once per diff, not per
  // candidate and added file (re20-monosense 9f15e0b: 2.5 of 6.2 s re-parsing head's kustomizations).
  const parsed = new Map<string, { text: string; named: Set<string> }>();
  const namedIn = (file: string, text: string): Set<string> => {
    const hit = parsed.get(file);
    if (hit && hit.text === text) return hit.named;
    const named = namedFiles(file, text);
    parsed.set(file, { text, named });
    return named;
  };
  /** Per repository path, head's kustomization files naming it. */
  let namers: Map<string, Set<string>> | undefined;
  const namersOf = (): Map<string, Set<string>> => {
    if (namers) return namers;
    namers = new Map();
    for (const k of headKustomizations()) for (const path of namedIn(k.path, k.text)) (namers.get(path) ?? namers.set(path, new Set()).get(path)!).add(k.path);
    return namers;
  };
  let kustomizationFiles: { path: string; text: string }[] | undefined;
  const headKustomizations = () =>
    (kustomizationFiles ??= headFiles ? headFiles.filter((f) => isKustomizationPath(f.path)) : head.documents.filter((d) => d.objects.some((o) => isKustomizationKey(o))).map((d) => ({ path: d.file, text: d.text })));

  const orphans = (set: readonly DocumentChange[]): DocumentChange[] => {
    const keys = new Set(set.map((c) => c.key));
    return orphanedFiles(set, new Set(set.filter((c) => c.change !== 'added').map((c) => c.key))).filter((c) => keys.has(c.key));
  };
  let baseNamers: Map<string, Set<string>> | undefined;
  const baseNamersOf = (): Map<string, Set<string>> => {
    if (baseNamers) return baseNamers;
    baseNamers = new Map();
    for (const d of base.documents) if (d.objects.some((o) => isKustomizationKey(o))) for (const path of namedFiles(d.file, d.text)) (baseNamers.get(path) ?? baseNamers.set(path, new Set()).get(path)!).add(d.file);
    return baseNamers;
  };
  const entriesOf = (c: DocumentChange) => (c.objects.some((o) => isKustomizationKey(o)) ? kustomizationEntries(c) : undefined);
  // A removal of a new Flux Kustomization's folder, or a restoral of a removed one's (rollback-flux-targets.ts).
  const wholeTargets = (set: readonly DocumentChange[]) => {
    const inputs = {
      changes,
      baseHasFile: (file: string) => baseFile(file).length > 0,
      baseHasFolder: (folder: string) => base.documents.some((d) => inFolder(d.file, folder)),
      addedEntries: (c: DocumentChange) => entriesOf(c)?.added,
      namers: (path: string) => [...(namersOf().get(path) ?? [])],
      headHasFolder: (folder: string) => head.documents.some((d) => inFolder(d.file, folder)),
      removedEntries: (c: DocumentChange) => entriesOf(c)?.removed,
      baseNamers: (path: string) => [...(baseNamersOf().get(path) ?? [])],
    };
    return wholeFluxTargets(set, inputs) ?? restoredFluxTargets(set, inputs);
  };
  return { matters, triggers: triggersChange, companions, orphans, wholeFluxTargets: wholeTargets };
}

/** The rendered documents whose position (their source document's) lies within a span of one side (none without renders). */
function renderedWithin(side: LoadResult): (span: Pick<ManifestDocument, 'file' | 'startLine' | 'endLine'>) => readonly ManifestDocument[] {
  let byFile: Map<string, ManifestDocument[]> | undefined;
  return (span) => (side.rendered?.length ? ((byFile ??= documentsByFile(side.rendered)).get(span.file) ?? []).filter((d) => d.startLine >= span.startLine && d.startLine <= span.endLine) : []);
}

function modelled(m: DocumentModel): boolean {
  return CLUSTER_PARTS.some((part) => (m[part]?.length ?? 0) > 0);
}

function fileUses(renders: readonly RenderResult[]): Map<string, Set<FileUse>> {
  const out = new Map<string, Set<FileUse>>();
  for (const r of renders) {
    for (const [path, how] of r.used) {
      let set = out.get(path);
      if (!set) out.set(path, (set = new Set()));
      for (const u of how) set.add(u);
    }
  }
  return out;
}

/**
 * An edited kustomization whose only change is entries added to or removed from `resources`/`bases`
 * (the others in the same order): those entries. Undefined for any other change (or text that does not parse).
 */
function kustomizationEntries(c: DocumentChange): { added: string[]; removed: string[] } | undefined {
  if (!c.base || !c.head) return undefined;
  const before = kustomizationValue(c.base.text);
  const after = kustomizationValue(c.head.text);
  if (!before || !after) return undefined;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!ENTRY_FIELDS.includes(key) && !isDeepStrictEqual(before[key], after[key])) return undefined;
  }
  const added: string[] = [];
  const removed: string[] = [];
  for (const field of ENTRY_FIELDS) {
    const was = stringList(before[field]);
    const now = stringList(after[field]);
    if (!was || !now) return undefined;
    const gone = was.filter((e) => !now.includes(e));
    const come = now.filter((e) => !was.includes(e));
    if (!isDeepStrictEqual(was.filter((e) => !gone.includes(e)), now.filter((e) => !come.includes(e)))) return undefined;
    added.push(...come);
    removed.push(...gone);
  }
  return { added, removed };
}

/**
 * The files a kustomization's text names, as repository paths: every string in it that, taken relative to
 * its folder, could be a file (`resources`, `patches[].path`, `patchesStrategicMerge`, `components`, a
 * generator's `files` entry after its `key=`). Over-naming is harmless: only files the change added
 * and nothing else names are looked up.
 */
function namedFiles(file: string, text: string): Set<string> {
  const value = kustomizationValue(text);
  const out = new Set<string>();
  const dir = posix.dirname(file);
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const entry = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v;
      if (!entry.includes('\n') && !entry.includes('://')) out.add(posix.normalize(posix.join(dir, entry.trim())));
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  if (value) visit(value);
  return out;
}

/** Every `resources`/`bases` entry of a kustomization's text (none when it does not parse). */
function listEntries(text: string): string[] {
  const value = kustomizationValue(text);
  return value ? ENTRY_FIELDS.flatMap((f) => stringList(value[f]) ?? []) : [];
}

function kustomizationValue(text: string): Record<string, unknown> | undefined {
  const docs = parseDocuments(text, 'yaml', false);
  if (docs.length !== 1 || docs[0].error) return undefined;
  const v = docs[0].value;
  // Keys in another case are the fields they name (field-names.ts).
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? withFieldNames(v as Record<string, unknown>) : undefined;
}

/** A list of strings (absent: empty); undefined for anything else. */
function stringList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) && v.every((e) => typeof e === 'string') ? (v as string[]) : undefined;
}
