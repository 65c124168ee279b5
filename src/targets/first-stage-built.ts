/**
 * A Flux apply rejected after its first stage (flux-stages.ts) applied that stage: the build's Namespaces *as head's
 * build makes them*. failed-targets.ts `withBaseTargets` reads such a build at base but for its changed files of
 * first-stage objects (`firstStage`, `firstStageObjects`), which keeps base's labels of a Namespace that a kustomization
 * patches, relabels (`labels:`, `commonLabels`) or that the Flux Kustomization's `patches` or `commonMetadata` change
 * in another file: its new labels, which decide what `namespaceSelector` peers match it, went unreported. Here each
 * Namespace head's build of that target declares with other labels than the held build's (or that it lacks: a first
 * apply, a Namespace new to the build) joins one stream, `FIRST_STAGE_NAMESPACES`, whose copies replace the held
 * build's in the merge (manifests/first-stage-copies.ts), each line pointing at the Namespace's own document
 * (file:line); the item names them (`wholeTarget.firstStageNamespaces`). The model reads no other first-stage kind
 * (CRDs, ClusterRoles). A Namespace head's build drops stays (nothing is pruned), as base has it.
 *
 * Copies of one Namespace that two Kustomizations apply (two such first stages, or one beside a Kustomization that
 * applies its build, or a changed Namespace file a failing apply's first stage applies: `firstStage`) are each
 * reconciled in turn, and the cluster holds whichever applied last: every applied copy joins the stream, in path order
 * of its source (file, then line), so the merge keeps the last as it keeps the last of any object, and says
 * DUPLICATE_OBJECT at the copies' own documents (last-copy.ts, co-applied-objects.ts). A failing target that applies
 * nothing (its build fails, or it waits on one that fails) puts no copy back: its held copy is not one of them.
 */
import type { DiffReport, NotAnalysed } from '../analysis/types.js';
import { andList } from '../util/and-list.js';
import type { Namespace } from '../engine/model.js';
import { sameLabels } from '../engine/selectors.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { FIRST_STAGE_NAMESPACES } from '../manifests/first-stage-copies.js';
import type { Sides } from './failed-targets.js';
import { targetPaths } from './failed-targets.js';
import { firstStageAt } from './flux-stages.js';
import { normalizeFolder } from './repo-files.js';
import { namespaceStream } from './shared-namespaces.js';
import { controllerKey, wholeBuildController } from './target-controller.js';
import type { TargetController, TargetSpec } from './types.js';
import { dirOf } from '../util/repo-paths.js';
import type { Labels, SourceRef } from '../engine/model.js';
import { pathsRead } from './renamed-targets.js';

/**
 * `held` (the cluster model's head files with the failing targets held at base: `withBaseTargets`) with the stream of
 * head's built Namespaces that differ, and `items` with `wholeTarget.firstStageNamespaces` set on the items they come
 * from: `{name, ref}` sorted by name. `headFiles`: the model's head files as head builds them; `specs`: its head targets;
 * `dependents`: more controllers held at base (held-targets.ts `heldDependents`, as `withBaseTargets` is given).
 * Unchanged (the same arrays) when no such Namespace differs.
 */
export function withFirstStageBuilt(items: readonly NotAnalysed[], headFiles: readonly ManifestFile[], held: ManifestFile[], specs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], sides: Sides, dependents: readonly TargetController[] = []): { files: ManifestFile[]; items: readonly NotAnalysed[] } {
  const staged: Namespace[] = [];
  // Per staged Namespace, the paths of the targets whose built copy the stream holds.
  const superseded = new Map<string, Set<string>>();
  let build: string | undefined;
  const out = items.map((n) => {
    const w = n.wholeTarget;
    // Rejected at the first stage (a Namespace, a CRD): nothing of the build was applied.
    if (w?.step !== 'apply' || w.key === undefined || firstStageAt(sides.head.files.text(n.error.ref.file), n.error.ref.line)) return n;
    const t = specs.find((s) => s.origin === 'flux' && wholeBuildController(s) !== undefined && controllerKey(wholeBuildController(s)!) === w.key);
    if (!t) return n;
    const own = ownFiles(t, baseSpecs, sides);
    const wanted = headFiles.filter(own);
    if (wanted.length === 0) return n;
    const was = new Map(declared(held.filter(own)).map((ns) => [ns.name, ns]));
    const differ = declared(wanted).filter((ns) => !(was.has(ns.name) && sameLabels(was.get(ns.name)!.labels, ns.labels)));
    if (differ.length === 0) return n;
    staged.push(...differ);
    // Its own copies of them (a changed Namespace file its first stage applies as written) are what its build makes of them.
    const paths = targetPaths(t, baseSpecs, sides);
    for (const ns of differ) for (const p of paths) (superseded.get(ns.name) ?? superseded.set(ns.name, new Set()).get(ns.name)!).add(p);
    build ??= wanted[0].build;
    return { ...n, wholeTarget: { ...w, firstStageNamespaces: differ.map((ns) => ({ name: ns.name, ref: ns.ref! })).sort((a, b) => (a.name < b.name ? -1 : 1)) } };
  });
  if (staged.length === 0) return { files: held, items };
  const applied = appliedCopies(held.filter((f) => f.build === build), superseded, appliedPaths(items, specs, sides, dependents));
  const stream = namespaceStream(inPathOrder([...staged.map((ns) => ({ name: ns.name, labels: ns.labels, ref: ns.ref! })), ...applied]), FIRST_STAGE_NAMESPACES);
  return { files: [...held, build === undefined ? stream : { ...stream, build }], items: out };
}

interface Copy {
  readonly name: string;
  readonly labels: Labels;
  readonly ref: SourceRef;
}

/**
 * The copies of the staged Namespaces (`superseded`'s keys) that `files` (the model with its failing targets held at
 * base) render from a path of `applied`, each at its document (file:line): those another Kustomization applies beside
 * the first stage. A copy in a path of a target whose built copy the stream holds (`superseded`'s values) is not one.
 */
function appliedCopies(files: readonly ManifestFile[], superseded: ReadonlyMap<string, ReadonlySet<string>>, applied: ReadonlySet<string>): Copy[] {
  const loaded = loadManifests(files);
  const out: Copy[] = [];
  for (const d of [...loaded.documents, ...(loaded.rendered ?? [])]) {
    if (!applied.has(d.file)) continue;
    for (const ns of d.model.namespaces) if (superseded.get(ns.name)?.has(d.file) === false && ns.ref) out.push({ name: ns.name, labels: ns.labels, ref: ns.ref });
  }
  return out;
}

/**
 * The paths whose objects reach the cluster as head has them beside the failing targets of `items` and `dependents`:
 * those a target that does not fail reads (failed-targets.ts `withBaseTargets` keeps them head's), and a failing apply's
 * changed files of first-stage objects (`firstStage`, `firstStageObjects`), which its first stage applies.
 */
function appliedPaths(items: readonly NotAnalysed[], specs: readonly TargetSpec[], sides: Sides, dependents: readonly TargetController[]): Set<string> {
  const failing = new Set([...items.flatMap((n) => (n.wholeTarget?.key !== undefined ? [n.wholeTarget.key] : [])), ...dependents.map(controllerKey)]);
  const applying = specs.filter((t) => {
    const c = wholeBuildController(t);
    return c === undefined || !failing.has(controllerKey(c));
  });
  const staged = items.flatMap((n) => [...(n.wholeTarget?.firstStage ?? []), ...(n.wholeTarget?.firstStageObjects ?? [])]);
  return new Set([...pathsRead(applying, sides.head), ...staged]);
}

/** Copies by their source's path, then line (as the loader reads files: last-copy.ts), each once. */
function inPathOrder(copies: readonly Copy[]): Copy[] {
  const once = new Map(copies.map((c) => [`${c.name}\0${c.ref.file}\0${c.ref.line}\0${JSON.stringify(c.labels)}`, c]));
  return [...once.values()].sort((a, b) => (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.line - b.ref.line));
}

/** The Namespaces `files` declare (a document of theirs, not only used), the last copy of each as loaded. */
function declared(files: readonly ManifestFile[]): Namespace[] {
  return loadManifests(files).cluster.namespaces.filter((ns) => ns.ref !== undefined);
}

/**
 * Whether a file of the model is one target `t` builds: a path its build reads on head or base (failed-targets.ts
 * `targetPaths`), or the kustomization Flux generates for one of its folders (no repository file).
 */
function ownFiles(t: TargetSpec, baseSpecs: readonly TargetSpec[], sides: Sides): (f: ManifestFile) => boolean {
  const paths = targetPaths(t, baseSpecs, sides);
  const folders = new Set([...[...paths].map(dirOf), ...t.roots.map((r) => normalizeFolder(r) ?? r)]);
  return (f) => paths.has(f.path) || (f.fluxGenerated === true && folders.has(dirOf(f.path)));
}

/**
 * `report` whose rollback reverts nothing while paths stay open, told where those paths come from when `items` staged
 * head's built Namespaces: the rollback reads the failing build at base, so no document of it is there to revert, and
 * its note ("what opens these … is in files this change did not touch") would send the reader elsewhere. The note names
 * each such Namespace at its document and the build's changed files, whose revert restores base's labels; no patch.
 */
export function withFirstStageRollbackNote(report: DiffReport, items: readonly NotAnalysed[]): DiffReport {
  const staged = items.filter((n) => n.wholeTarget?.firstStageNamespaces?.length);
  const r = report.rollback;
  if (staged.length === 0 || r.documents.length > 0 || r.remainingOpened === 0) return report;
  const namespaces = staged.flatMap((n) => n.wholeTarget!.firstStageNamespaces!.map((ns) => `${ns.name} (${ns.ref.file}:${ns.ref.line})`));
  const controllers = [...new Set(staged.map((n) => n.wholeTarget!.controller))];
  const changed = [...new Set(staged.flatMap((n) => n.changedFiles))].sort();
  const one = namespaces.length === 1;
  // Two failing applies (first-stage copies of one Namespace each): their stages, their builds.
  const how = controllers.length === 1 ? `the failing apply of ${controllers[0]} applies at its first stage` : `the failing applies of ${andList(controllers)} apply at their first stages`;
  const builds = controllers.length === 1 ? "that build's change" : "those builds' changes";
  const note = `No patch is offered: the opened paths may come from Namespace${one ? '' : 's'} ${andList(namespaces)}, which ${how} as head's build makes ${one ? 'it' : 'them'}; reverting ${builds} (changed here: ${changed.join(', ')}) restores base's labels.`;
  return { ...report, rollback: { ...r, notes: [...r.notes.filter((x) => !x.startsWith('No revert closes every opened path')), note] } };
}
