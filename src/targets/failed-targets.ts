/**
 * A Flux Kustomization or an Argo CD Application fails its whole build on one broken file: the cluster keeps
 * base's state of the whole target, not only of that file or of the kustomization that fails.
 *
 * - Flux: the kustomize-controller runs one pipeline per Kustomization (fetch, build `spec.path` with
 *   Kustomize, generating a kustomization.yaml over the folder's manifests when it has none, validate, apply;
 *   Flux's Kustomization API reference, fluxcd.io/flux/components/kustomize/kustomizations). A file that does
 *   not parse, or a nested kustomization that does not build, fails the build step, and nothing of the
 *   Kustomization is applied: its objects stay as the last successful reconciliation left them.
 * - Argo CD: the repo-server generates an Application's manifests fail-fast, for a directory source (even with
 *   `directory.recurse`) as for a kustomization; one malformed YAML file fails the Application's comparison
 *   and its sync whole (a ComparisonError; Argo CD maintainers, argoproj/argo-cd discussion 26072).
 * - Flux, at apply: kustomize-controller applies a build as one set (fluxcd/pkg ssa `ApplyAll`): a server-side
 *   dry-run of every object first, and the first object the API server rejects fails the whole apply before any
 *   object is applied; the Kustomization is not Ready and keeps its last applied revision (Flux maintainers:
 *   "Flux reconciler is by design transactional", kustomize-controller issue 1168; "the dry-run fails … and
 *   nothing gets applied", issue 1194). One object of head's build the API server would reject (the loader's
 *   errors but a syntax error, a failing build and Cilium's agent, which refuses only after the API server
 *   stored the policy) therefore keeps base's state of the whole Flux target, not only of that object — but for the
 *   apply's first stage: kustomize-controller applies Namespaces and CRDs in a stage of its own before the rest, so
 *   an object rejected at a later stage leaves head's changed files of first-stage objects only applied
 *   (flux-stages.ts; `wholeTarget.firstStage`; of files mixing them with other objects, those objects alone:
 *   `firstStageObjects`), and a rejected Namespace fails that stage, so nothing is applied.
 * - Argo CD, at sync: an object of a kind the cluster does not serve fails the whole sync before anything is applied,
 *   unless SkipDryRunOnMissingResource is set (argocd-missing-kinds.ts; `step: 'sync'`).
 * - Argo CD, at sync: an Application with the sync option FailOnSharedResource=true fails its whole sync on an object
 *   another Application of the cluster applies (argocd-shared-resources.ts; `step: 'sync'`, `reason: 'sharedResource'`).
 * - `kubectl apply -f` of plain folders (layout targets, configured targets) applies file by file, and Argo CD
 *   applies an Application's objects one by one after a dry-run that is client-side unless server-side apply is on
 *   (gitops-engine pull request 699), which the API server's validation is not part of: those keep the per-object
 *   reading (analysis/rejected-objects.ts) and the per-build one (unanalysed-builds.ts).
 *
 * Shapes: a failure is a `NotAnalysed` item (the run fails at its file:line, as for a failing build) with
 * `wholeTarget` set to the controller object; `withBaseTargets` then puts base's files of every such target
 * in place of head's, so the rest of the cluster model is compared with what the cluster really runs.
 */
import type { NotAnalysed } from '../analysis/types.js';
import { unparsedCause } from '../analysis/rejected-objects.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { pathsRead } from './renamed-targets.js';
import { hasGlob, normalizeFolder } from './repo-files.js';
import type { SideIndex } from './target-files.js';
import { controllerIdentity, controllerKey, controllerText, wholeBuildController } from './target-controller.js';
import type { SwitchedOff, TargetController, TargetSpec } from './types.js';
import { isWithin } from '../util/repo-paths.js';
import { andList } from '../util/and-list.js';
import { appliedAtFirstStage, firstStageAt, stagedText } from './flux-stages.js';
import { appSkipsMissing, notServed, objectSkipsMissing } from './argocd-missing-kinds.js';
import type { SharedFailure } from './argocd-shared-resources.js';
import { ownControllerFile } from './own-controller-file.js';
import { newByFailedParent } from './switched-on.js';

/** The sides' indexes, head's first. */
export interface Sides {
  readonly head: SideIndex;
  readonly base: SideIndex;
}

/** Targets whose controller builds them whole (see above): those discovery read from such a controller object. */
const wholeBuild = (t: TargetSpec) => wholeBuildController(t) !== undefined;

/** The files a target reads on head and (the same name) on base: a file the pull request deletes is read on base. */
export function targetPaths(t: TargetSpec, baseSpecs: readonly TargetSpec[], sides: Sides): Set<string> {
  const onBase = baseSpecs.filter((b) => b.name === t.name);
  return new Set([...pathsRead([t], sides.head), ...pathsRead(onBase, sides.base)]);
}

/**
 * The head target (built whole) whose files hold `file`, or whose folders hold the build a Kustomize error names.
 * A parent Flux Kustomization (cluster-apps, `path: ./apps`) may read a whole tree that nested Kustomizations
 * build (each its own `spec.path` below it): the one whose own root is the deepest folder holding the failing
 * file or build is the controller that fails, at any nesting depth (an Argo CD app-of-apps alike).
 */
function holder(file: string, build: string | undefined, specs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], sides: Sides): TargetSpec | undefined {
  const holders = specs.filter((t) => {
    if (!wholeBuild(t)) return false;
    const paths = targetPaths(t, baseSpecs, sides);
    return paths.has(file) || (build !== undefined && [...paths].some((p) => p.startsWith(`${build}/`)));
  });
  return holders.map((t, i) => ({ t, i, depth: rootDepth(t, build ?? file) })).sort((a, b) => b.depth - a.depth || a.i - b.i)[0]?.t;
}

/** The length of `t`'s longest root folder that is `path` or holds it (-1: none does, the target reads it from elsewhere). */
function rootDepth(t: TargetSpec, path: string): number {
  const holds = (r: string) => {
    const folder = normalizeFolder(r) ?? r;
    return folder === '.' || isWithin(path, folder);
  };
  return Math.max(-1, ...t.roots.filter((r) => !hasGlob(r) && holds(r)).map((r) => (normalizeFolder(r) ?? r).length));
}

/**
 * Whether `d` is an object the API server would reject: the loader's errors (MANIFEST_REJECTED), but for a file that
 * does not parse and a failing build (no object reaches the API server) and Cilium's agent refusing a policy the API
 * server stored (manifests/kinds/cilium-ports.ts).
 */
const NOT_API_SERVER: ReadonlySet<string> = new Set(['YAML_SYNTAX', 'KUSTOMIZE_BUILD_FAILED', 'AGENT_REFUSED']);
const apiServerRejects = (d: Diagnostic) => d.severity === 'error' && !NOT_API_SERVER.has(d.code);

/**
 * The error that says why an object is rejected, over the line that only says it is not applied (Diagnostic
 * `unapplied`: load.ts `notAppliedMessage`, or that line as rejected-objects.ts tells it for a kept object): the field at fault.
 */
const summaryOnly = (d: Diagnostic) => d.unapplied !== undefined;

/** The folder a KUSTOMIZE_BUILD_FAILED error names (`kustomize build DIR fails`, render-one.ts). */
const buildOf = (d: Diagnostic) => /^kustomize build (.*?) fails/.exec(d.message)?.[1];

/**
 * `items` (head's failing builds whose files the pull request changes, unanalysed-builds.ts) with each one
 * inside a Flux or Argo CD target marked `wholeTarget`, and, for each head file of such a target with a
 * syntax error that base's same file did not have, one item more: the error as the loader wrote it (without
 * the per-file reading rejected-objects.ts added), the target's changed files. `head`/`base`: the diagnostics
 * of the cluster model's first analysis; `specs`/`baseSpecs`: its member targets on each side; `baseSwitchedOff`:
 * the Kustomizations base's discovery left out as switched off (TargetSelection `switchedOff`, switched-on.ts).
 */
export function failedTargets(target: string, items: readonly NotAnalysed[], head: readonly Diagnostic[], base: readonly Diagnostic[], specs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], sides: Sides, changed: ReadonlySet<string>, baseSwitchedOff: readonly SwitchedOff[] | undefined): NotAnalysed[] {
  if (!specs.some(wholeBuild)) return [...items];
  const marked = (t: TargetSpec) => {
    const c = wholeBuildController(t)!;
    return { wholeTarget: { controller: controllerText(c), ref: c.ref, key: controllerKey(c) } };
  };
  // The target's changed files: those its build reads; as the items name them, its controller object's too when the change edits it (own-controller-file.ts).
  const changedRead = (t: TargetSpec) => [...targetPaths(t, baseSpecs, sides)].filter((p) => changed.has(p)).sort();
  const changedOf = (t: TargetSpec, own: readonly string[] = []) => [...new Set([...own, ...changedRead(t), ...ownControllerFile(t, baseSpecs, sides, changed)])].sort();
  // A failing kustomization's item names the target's every changed file: none of them is applied.
  const out: NotAnalysed[] = items.map((n) => {
    const t = holder(n.error.ref.file, buildOf(n.error), specs, baseSpecs, sides);
    return t ? { ...n, changedFiles: changedOf(t, n.changedFiles), ...marked(t) } : n;
  });
  const syntax = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error' && d.code === 'YAML_SYNTAX');
  const older = new Set(syntax(base).map((d) => d.ref.file));
  const seen = new Set<string>();
  for (const d of syntax(head)) {
    // A file base could not parse either: no new failure (rejected-objects.ts reads it as before). One error per file.
    if (older.has(d.ref.file) || seen.has(d.ref.file)) continue;
    seen.add(d.ref.file);
    const t = holder(d.ref.file, undefined, specs, baseSpecs, sides);
    if (!t) continue;
    out.push({ target, side: 'head', error: { ...d, message: unparsedCause(d.message) }, changedFiles: changedOf(t), ...marked(t) });
  }
  // Objects the API server rejects in a Flux target's head build (above): its whole apply fails; objects of a kind the
  // cluster does not serve in an Argo CD target's: its whole sync fails (argocd-missing-kinds.ts), unless its option
  // skips that check. One error base has too
  // (same code and message, which name the object), or one in a file the pull request does not touch (the report's
  // pre-existing errors: a target new only because its parent failed on base has no base diagnostics to match), is
  // older than the pull request: the cluster's apply failed on it already, so its state is no revision here, and the
  // per-object reading stays. One item per Flux Kustomization or Application, at the first new error of its build (by
  // file and line), the field at fault over the "not applied" line.
  const olderRejects = new Set(base.filter(apiServerRejects).map((d) => `${d.code}\0${d.message}`));
  const rejects = head.filter((d) => apiServerRejects(d) && changed.has(d.ref.file) && !olderRejects.has(`${d.code}\0${d.message}`));
  const failed = new Set(out.flatMap((n) => (n.wholeTarget?.key !== undefined ? [n.wholeTarget.key] : [])));
  // A Kustomization (Application) base's model does not hold is new: its first apply fails, so none of its objects reach
  // the cluster, and it is read as applying nothing, as on base (`firstApply`). But one new only because its parent's
  // build failed on base (parent-failed-on-base.ts) probably ran all along: Flux keeps its last applied objects, which
  // base's model does not hold, so reading it as applying nothing would be as wrong as head's objects; it keeps the
  // per-object reading. One base left out as switched off is new because the change lists it (switched-on.ts): its first apply.
  const onBase = new Set(baseSpecs.flatMap((b) => (wholeBuild(b) && b.controller ? [controllerIdentity(b.controller)] : [])));
  const isNew = (t: TargetSpec) => !onBase.has(controllerIdentity(t.controller!));
  const applying = specs.filter((t) => wholeBuild(t) && t.controller !== undefined && (!isNew(t) || !newByFailedParent(t, (p) => sides.base.files.text(p), baseSwitchedOff)));
  const headText = (p: string) => sides.head.files.text(p);
  const skipsAll = new Set(applying.filter((t) => t.origin === 'argocd' && appSkipsMissing(t.controller!, headText)));
  // Which rejections fail a target's whole apply or sync: any for Flux; for Argo CD a kind not served, unless skipped.
  const fails = (t: TargetSpec, d: Diagnostic) => t.origin === 'flux' || (notServed(d) && !skipsAll.has(t) && !objectSkipsMissing(headText(d.ref.file), d.ref.line));
  const byTarget = new Map<TargetSpec, Diagnostic[]>();
  for (const d of rejects) {
    const t = holder(d.ref.file, undefined, applying, baseSpecs, sides);
    if (t && fails(t, d) && !failed.has(controllerKey(wholeBuildController(t)!))) byTarget.set(t, [...(byTarget.get(t) ?? []), d]);
  }
  // A rejected Namespace or CRD first: it fails the apply's first stage, so nothing of the build is applied (flux-stages.ts).
  const first = (d: Diagnostic) => Number(firstStageAt(headText(d.ref.file), d.ref.line));
  for (const [t, ds] of byTarget) {
    const flux = t.origin === 'flux';
    const order = (a: Diagnostic, b: Diagnostic) => (flux ? first(b) - first(a) : 0) || Number(summaryOnly(a)) - Number(summaryOnly(b)) || (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.line - b.ref.line);
    const d = [...ds].sort(order)[0];
    const m = marked(t);
    // Rejected at a later stage, the apply's first stage (Namespaces, CRDs) reached the cluster: the changed files of first-stage objects only are head's (flux-stages.ts).
    const firstStage = !flux || first(d) ? [] : changedRead(t).filter((p) => appliedAtFirstStage(headText(p), sides.base.files.text(p)));
    // Files mixing them with other objects: their first-stage objects only (flux-stages.ts `stagedText`); a first apply applied nothing of them before.
    const firstStageObjects = !flux || first(d) ? [] : changedRead(t).filter((p) => stagedText(p, headText(p), isNew(t) ? undefined : sides.base.files.text(p)) !== undefined);
    const step = flux ? ('apply' as const) : ('sync' as const);
    out.push({ target, side: 'head', error: d, changedFiles: changedOf(t), wholeTarget: { ...m.wholeTarget, step, ...(flux && !first(d) ? { afterFirstStage: true as const } : {}), ...(isNew(t) ? { firstApply: true as const } : {}), ...(firstStage.length ? { firstStage } : {}), ...(firstStageObjects.length ? { firstStageObjects } : {}) } });
  }
  return out;
}

/**
 * `items` and one item more for each Application of `failures` (argocd-shared-resources.ts) not already failing in
 * `items`: the error (DUPLICATE_OBJECT) at its copy of the shared object, the changed files of that Application and of
 * the other copies, `wholeTarget` with `step: 'sync'`, `reason: 'sharedResource'`, `sharedWith` (the others' names), and
 * `firstApply` for an Application base's model does not hold (one new only because its parent failed on base is left
 * out, as above, `baseSwitchedOff` as there).
 */
export function withSharedResourceFailures(target: string, items: readonly NotAnalysed[], failures: readonly SharedFailure[], baseSpecs: readonly TargetSpec[], sides: Sides, changed: ReadonlySet<string>, baseSwitchedOff: readonly SwitchedOff[] | undefined): NotAnalysed[] {
  const failed = new Set(items.flatMap((n) => (n.wholeTarget?.key !== undefined ? [n.wholeTarget.key] : [])));
  const onBase = new Set(baseSpecs.flatMap((b) => (wholeBuild(b) && b.controller ? [controllerIdentity(b.controller)] : [])));
  const out = [...items];
  for (const f of failures) {
    const t = f.app.spec;
    const c = t.controller!;
    const isNew = !onBase.has(controllerIdentity(c));
    if (failed.has(controllerKey(c)) || (isNew && newByFailedParent(t, (p) => sides.base.files.text(p), baseSwitchedOff))) continue;
    const copies = f.sharedWith.map((o) => ({ name: o.name, ref: o.objects.get(f.key)! }));
    const changedFiles = [...new Set([...[...targetPaths(t, baseSpecs, sides), ...copies.map((o) => o.ref.file)].filter((p) => changed.has(p)), ...ownControllerFile(t, baseSpecs, sides, changed)])].sort();
    const names = [...new Set(copies.map((o) => o.name))].sort();
    const message = `${f.object} is synced by Application ${c.name}, which sets FailOnSharedResource=true, and by ${andList(copies.map((o) => `${o.name} (${o.ref.file}:${o.ref.line})`))} too`;
    out.push({ target, side: 'head', error: { severity: 'error', code: 'DUPLICATE_OBJECT', message, ref: f.ref }, changedFiles, wholeTarget: { controller: controllerText(c), ref: c.ref, key: controllerKey(c), step: 'sync', ...(isNew ? { firstApply: true as const } : {}), reason: 'sharedResource', sharedWith: names } });
  }
  return out;
}

/**
 * `headFiles` with every file of the targets `items` mark `wholeTarget` as base has it (a file only head holds
 * is dropped, one only base holds comes back), but for files another member target of the model that does not
 * fail reads too: that one applies head's. `baseFiles`: the same model's base files. `held`: the controllers of more
 * targets that keep base's state (Kustomizations that depend on a failing one: held-targets.ts).
 */
export function withBaseTargets(items: readonly NotAnalysed[], headFiles: readonly ManifestFile[], baseFiles: readonly ManifestFile[], specs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], sides: Sides, held: readonly TargetController[] = []): ManifestFile[] {
  const failing = new Set([...items.flatMap((n) => (n.wholeTarget?.key !== undefined ? [n.wholeTarget.key] : [])), ...held.map(controllerKey)]);
  if (failing.size === 0) return [...headFiles];
  const whole = specs.filter((t) => {
    const c = wholeBuildController(t);
    return c !== undefined && failing.has(controllerKey(c));
  });
  const paths = new Set(whole.flatMap((t) => [...targetPaths(t, baseSpecs, sides)]));
  for (const p of pathsRead(specs.filter((t) => !whole.includes(t)), sides.head)) paths.delete(p);
  // An apply failing after its first stage applied that stage: its changed files of first-stage objects only are head's
  // (`firstStage`, flux-stages.ts), unless a failing target that applies nothing of them reads them too.
  const staged = new Map(items.flatMap((n) => (n.wholeTarget?.firstStage && n.wholeTarget.key !== undefined ? [[n.wholeTarget.key, n.wholeTarget.firstStage] as const] : [])));
  if (staged.size) {
    const unstaged = new Set(whole.filter((t) => !staged.has(controllerKey(wholeBuildController(t)!))).flatMap((t) => [...targetPaths(t, baseSpecs, sides)]));
    for (const p of [...staged.values()].flat()) if (!unstaged.has(p)) paths.delete(p);
  }
  // A Kustomization whose first apply fails (`firstApply`) applies nothing: its paths take no base file back, but those
  // another failing target (that base has) reads too.
  const fresh = new Set(items.flatMap((n) => (n.wholeTarget?.firstApply && n.wholeTarget.key !== undefined ? [n.wholeTarget.key] : [])));
  const restored = new Set(whole.filter((t) => !fresh.has(controllerKey(wholeBuildController(t)!))).flatMap((t) => [...targetPaths(t, baseSpecs, sides)]));
  const kept = [...headFiles.filter((f) => !paths.has(f.path)), ...baseFiles.filter((f) => paths.has(f.path) && (fresh.size === 0 || restored.has(f.path)))];
  // Files of first-stage objects mixed with others (`firstStageObjects`): head's first-stage documents, base's others
  // (none for a first apply), unless a failing target that applies nothing of them reads them too.
  const parts = items.flatMap((n) => (n.wholeTarget?.firstStageObjects && n.wholeTarget.key !== undefined ? n.wholeTarget.firstStageObjects.map((p) => ({ p, first: n.wholeTarget?.firstApply === true })) : []));
  if (parts.length === 0) return kept;
  const unstaged = new Set(whole.filter((t) => !staged.has(controllerKey(wholeBuildController(t)!)) && !items.some((n) => n.wholeTarget?.firstStageObjects && n.wholeTarget.key === controllerKey(wholeBuildController(t)!))).flatMap((t) => [...targetPaths(t, baseSpecs, sides)]));
  const merged = new Map<string, ManifestFile>();
  for (const { p, first } of parts) {
    const at = headFiles.find((f) => f.path === p);
    const text = stagedText(p, sides.head.files.text(p), first ? undefined : sides.base.files.text(p));
    if (at && text && paths.has(p) && !unstaged.has(p)) merged.set(p, { ...at, text: text.text, sourceLines: text.sourceLines });
  }
  return [...kept.filter((f) => !merged.has(f.path)), ...merged.values()];
}
