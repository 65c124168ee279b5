/**
 * A build that fails on head (KUSTOMIZE_BUILD_FAILED) yields no objects: what head deploys through it is
 * not analysed. When the pull request changes none of the files that build reads, that is an old,
 * untouched failure (a pre-existing error, one count line). When it changes some, the pull request's
 * change to that target was not analysed, and the report must not read as "no change": the failure is
 * taken out of the pre-existing count and reported as `notAnalysed`. One that base's build of the same
 * folder fails with too (the same error: `alsoOnBase`) is older than the pull request, which did not break
 * that sync: as for pre-existing errors and findings, it is told ("also failing on base"), keeps the check
 * from `success`, and does not fail the run; one base does not have fails the run unless
 * `--fail-on`/`failOn` is `never` (report/verdict.ts).
 */
import type { DiffReport, FailedOnBase, NotAnalysed } from '../analysis/types.js';
import { topLevelKustomizations } from '../kustomize/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { fluxGenerated } from './flux-generated.js';
import { kustomizationClosure } from './kustomizations.js';
import { hasGlob, normalizeFolder } from './repo-files.js';
import type { SideIndex } from './target-files.js';
import type { TargetSpec } from './types.js';
import type { FailedBuild } from './unapplied-builds.js';
import { dirOf, joinPath } from '../util/repo-paths.js';

/**
 * The head build failures of one cluster model (`target`, its head files `headFiles`) whose build reads
 * a changed file. A build's files are its kustomization closure on head and on base (a file the pull
 * request deletes is read on base); without a kustomization holding the failing file, every file of the model.
 * `base`: base's diagnostics of the same model, for `alsoOnBase`; `components`: the component folders the
 * controller objects build into each build folder (`buildComponents`), read on either side too.
 */
export function unanalysedBuilds(target: string, head: readonly Diagnostic[], headFiles: readonly ManifestFile[], sides: readonly SideIndex[], changed: ReadonlySet<string>, base: readonly Diagnostic[] = [], components: BuildComponents = new Map()): NotAnalysed[] {
  const failures = buildFailures(head);
  if (failures.length === 0) return [];
  const reads = buildReads(headFiles, sides, components);
  const older = new Set(buildFailures(base).map(failureKey));
  const out: NotAnalysed[] = [];
  for (const error of failures) {
    const changedFiles = [...filesOfFailure(error, reads, headFiles, sides)].filter((f) => changed.has(f)).sort();
    if (changedFiles.length) out.push({ target, side: 'head', error, changedFiles, ...(older.has(failureKey(error)) ? { alsoOnBase: true as const } : {}) });
  }
  return out;
}

/**
 * The failing builds no controller object deploys whose controller objects head reads as written
 * (`headBuilds`, discover.ts `TargetSelection.unapplied`, an app-of-apps kustomization applied by a bootstrap),
 * counted as the failing builds of targets are: not analysed on head when the pull request changes a file the
 * build reads (its closure on head or on base), `alsoOnBase` when base's reading lost the same build with the
 * same error (`baseBuilds`). A build failing on base only is no item: older than the pull request, its
 * UNAPPLIED_BUILD notice says it. `target`: the cluster model the items are reported with.
 */
export function unappliedNotAnalysed(target: string, headBuilds: readonly FailedBuild[], baseBuilds: readonly FailedBuild[], sides: readonly SideIndex[], changed: ReadonlySet<string>): NotAnalysed[] {
  const older = new Set(baseBuilds.flatMap((b) => (b.error ? [failureKey(b.error)] : [])));
  return headBuilds.flatMap((b): NotAnalysed[] => {
    if (!b.error) return [];
    const reads = new Set([b.error.ref.file, ...sides.flatMap((s) => {
      const k = s.kustomizations.get(b.dir);
      return k ? kustomizationClosure(k, s.kustomizations, s.files).consumed : [];
    })]);
    const changedFiles = [...reads].filter((f) => changed.has(f)).sort();
    return changedFiles.length ? [{ target, side: 'head', error: b.error, changedFiles, ...(older.has(failureKey(b.error)) ? { alsoOnBase: true as const } : {}) }] : [];
  });
}

const buildFailures = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error' && d.code === 'KUSTOMIZE_BUILD_FAILED');

/**
 * A build failure as base and head can share it: the failing file and the message (which names the built
 * folder), numbers left out, as introduced-errors.ts matches an error base already had (lines move when a
 * file is edited above the cause).
 */
const failureKey = (d: Diagnostic) => `${d.ref.file}\u0000${d.message.replace(/\d+/g, '#')}`;

/**
 * `headFiles` with the builds of `items` as base has them: a build that fails deploys nothing new (kubectl,
 * Flux and Argo CD stop at the failed build and leave what base deployed), so the rest of the model is
 * compared with the cluster that would really run, and the failed build adds no opened or closed path of
 * its own. A file that a head build not failing here also reads stays as head has it; a file only head
 * holds is dropped, one only base holds comes back. `baseFiles`: the same model's base files.
 */
export function withBaseBuilds(items: readonly NotAnalysed[], headFiles: readonly ManifestFile[], baseFiles: readonly ManifestFile[], sides: readonly SideIndex[], components: BuildComponents = new Map()): ManifestFile[] {
  if (items.length === 0) return [...headFiles];
  const reads = buildReads(headFiles, sides, components);
  const failed = new Set(items.flatMap((i) => [...filesOfFailure(i.error, reads, headFiles, sides)]));
  const failing = new Set(items.flatMap((i) => failingBuilds(i.error, reads)));
  // Files of head builds that do not fail here are theirs (one that reads the file an error is cited at builds).
  for (const r of reads) if (!failing.has(r)) for (const f of r) failed.delete(f);
  const fromBase = baseFiles.filter((f) => failed.has(f.path));
  return [...headFiles.filter((f) => !failed.has(f.path)), ...fromBase];
}

/**
 * The files each top-level kustomization of head reads, on head or on base (a file the pull request deletes is
 * read on base), by its folder. One no side holds is the kustomization Flux generates for a folder without one
 * (target-files.ts): it reads the folder's files and the kustomizations below it (flux-generated.ts), and its
 * own generated file, which a side without it holds as the plain files it lists. The component folders a
 * controller object builds into the folder (`components`) are read too, on each side that holds them.
 */
function buildReads(headFiles: readonly ManifestFile[], sides: readonly SideIndex[], components: BuildComponents): BuildReads[] {
  const tops = topLevelKustomizations(new Map(headFiles.map((f) => [f.path, f.text])));
  const closure = (s: SideIndex, dir: string) => {
    const k = s.kustomizations.get(dir);
    return k ? kustomizationClosure(k, s.kustomizations, s.files).consumed : undefined;
  };
  return tops.map((dir) => Object.assign(new Set(sides.flatMap((s) => {
    const added = (components.get(dir) ?? []).flatMap((c) => closure(s, c) ?? []);
    const own = closure(s, dir);
    if (own) return [...own, ...added];
    const generated = fluxGenerated(dir, s.files, s.kustomizations);
    const written = headFiles.filter((f) => isKustomizationPath(f.path) && dirOf(f.path) === dir).map((f) => f.path);
    return [...written, ...generated.files.map((f) => f.path), ...generated.kustomizations.flatMap((g) => kustomizationClosure(g, s.kustomizations, s.files).consumed), ...added];
  })), { dir }));
}

/** The files the component folders of `specs`' controller objects read on `side` (`buildComponents`). */
export function componentFiles(specs: readonly TargetSpec[], side: SideIndex): string[] {
  return [...buildComponents(specs).values()].flat().flatMap((c) => {
    const k = side.kustomizations.get(c);
    return k ? kustomizationClosure(k, side.kustomizations, side.files).consumed : [];
  });
}

/** Build folder → the component folders controller objects build into it (Flux `spec.components`, Argo CD `kustomize.components`). */
export type BuildComponents = ReadonlyMap<string, readonly string[]>;

/**
 * The component folders each target's controller object adds to the build of its root (`specs`: both sides'
 * targets): Flux writes `spec.components` into the kustomization of `spec.path` (flux-edit.ts), Argo CD its
 * `kustomize.components` into the source path's (argocd-overrides.ts), so no kustomization of the repository
 * names them and a file deleted from one is read by base's component alone.
 */
export function buildComponents(specs: readonly TargetSpec[]): BuildComponents {
  const out = new Map<string, string[]>();
  for (const t of specs) {
    const entries = [...(t.fluxEdit?.components ?? []), ...(t.kustomize?.components ?? [])];
    if (entries.length === 0) continue;
    for (const r of t.roots) {
      if (hasGlob(r)) continue;
      const folder = normalizeFolder(r) ?? r;
      const list = out.get(folder) ?? out.set(folder, []).get(folder)!;
      for (const e of entries) {
        const c = joinPath(folder, e.value);
        if (c !== undefined && !list.includes(c)) list.push(c);
      }
    }
  }
  return out;
}

/** A top-level build's files, and its folder. */
type BuildReads = Set<string> & { readonly dir: string };

/**
 * The files of the builds the error fails (`failingBuilds`: the build it names, `kustomize build DIR fails`, and
 * those reading the manifest it is cited at): a Flux Kustomization whose own fields are wrong (`components` not
 * a list) fails the build of its `path`, a folder that does not read the file the error is cited at (real-eval 24, tyriis/home-ops
 * 293650b8e: the app's objects were taken from neither side, and its app-template workloads read as
 * removed), and the file the error is cited at with, when it is a kustomization, what it reads on either side:
 * a Flux Kustomization's `spec.components` (or an Argo CD Application's `kustomize.components`) are built into
 * its path's kustomization by the controller, so no closure of the repository's files names them, and a file
 * the pull request deletes from such a component is read by base's component alone. Without either build,
 * every file of the model.
 */
function filesOfFailure(error: Diagnostic, reads: readonly BuildReads[], headFiles: readonly ManifestFile[], sides: readonly SideIndex[]): Set<string> {
  const builds = failingBuilds(error, reads);
  // The file the error is cited at is the failure's own (a Flux Kustomization outside the build it fails).
  return builds.length ? new Set([error.ref.file, ...failingReads(error.ref.file, sides), ...builds.flatMap((r) => [...r])]) : new Set(headFiles.map((f) => f.path));
}

/**
 * The top-level builds `error` fails: those that build the folder it names (`kustomize build DIR fails`: the
 * top-level build of DIR, or one that reads DIR's kustomization, a nested build) and those that read the file it
 * is cited at. A kustomization the error is cited at counts only without a named build: another build can read
 * it and build, as a Component's JSON patch appending to `/spec/ingress/0/from` fails the build whose policy has
 * no ingress rule and not one whose policy has (soerenschneider/k8s-gitops d59df4d; kustomize stops each build
 * at its own first error, and each failing build has its own diagnostic, naming its folder). A manifest the
 * error is cited at (a Flux Kustomization whose own fields fail the build of its path) is an object each build
 * reading it applies, and fails there too.
 */
function failingBuilds(error: Diagnostic, reads: readonly BuildReads[]): BuildReads[] {
  const named = buildOf(error);
  const byName = reads.filter((r) => r.dir === named || [...r].some((f) => dirOf(f) === named && isKustomizationPath(f)));
  const readers = reads.filter((r) => r.has(error.ref.file) && !byName.includes(r));
  return byName.length && isKustomizationPath(error.ref.file) ? byName : [...byName, ...readers];
}

/** The files the kustomization at `file` reads on head and on base (none when `file` is no kustomization). */
function failingReads(file: string, sides: readonly SideIndex[]): string[] {
  if (!isKustomizationPath(file)) return [];
  const dir = dirOf(file);
  return sides.flatMap((s) => {
    const k = s.kustomizations.get(dir);
    return k ? kustomizationClosure(k, s.kustomizations, s.files).consumed : [];
  });
}

/**
 * The base build failures of one cluster model that head no longer has (the build of the same folder
 * succeeds, or is gone): what the report compares head's objects there with is nothing. Told apart by the
 * folder the error names (`kustomize build DIR fails`, render-one.ts).
 */
export function failedOnBase(target: string, base: readonly Diagnostic[], head: readonly Diagnostic[]): FailedOnBase[] {
  const failing = new Set(buildFailures(head).map(buildOf));
  return buildFailures(base).filter((d) => !failing.has(buildOf(d))).map((error) => ({ target, error }));
}

function buildOf(d: Diagnostic): string {
  return /^kustomize build (.*?) fails/.exec(d.message)?.[1] ?? d.message;
}

/** `report` with `notAnalysed` (and its count) set, those failures no longer counted as pre-existing errors. */
export function withNotAnalysed(report: DiffReport, items: readonly NotAnalysed[]): DiffReport {
  if (items.length === 0) return report;
  // By what it says and where: the report may come from a second load (withBaseBuilds) with its own diagnostics.
  const key = (d: Diagnostic) => `${d.code}|${d.ref.file}|${d.ref.line}|${d.message}`;
  const told = new Set(items.map((i) => key(i.error)));
  const untouched = report.errors.untouched.filter((d) => !told.has(key(d)));
  const older = items.filter((i) => i.alsoOnBase).length;
  return { ...report, notAnalysed: items, counts: { ...report.counts, notAnalysed: items.length, ...(older ? { notAnalysedOnBase: older } : {}) }, errors: { ...report.errors, untouched, preExisting: untouched.length } };
}
