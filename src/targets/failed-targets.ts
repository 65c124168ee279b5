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
 * - `kubectl apply -f` of plain folders (layout targets, configured targets) applies file by file: those keep
 *   the per-file reading (analysis/rejected-objects.ts) and the per-build one (unanalysed-builds.ts).
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
import { controllerKey, controllerText, wholeBuildController } from './target-controller.js';
import type { TargetController, TargetSpec } from './types.js';
import { isWithin } from '../util/repo-paths.js';

/** The sides' indexes, head's first. */
export interface Sides {
  readonly head: SideIndex;
  readonly base: SideIndex;
}

/** Targets whose controller builds them whole (see above): those discovery read from such a controller object. */
const wholeBuild = (t: TargetSpec) => wholeBuildController(t) !== undefined;

/** The files a target reads on head and (the same name) on base: a file the pull request deletes is read on base. */
function targetPaths(t: TargetSpec, baseSpecs: readonly TargetSpec[], sides: Sides): Set<string> {
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

/** The folder a KUSTOMIZE_BUILD_FAILED error names (`kustomize build DIR fails`, render-one.ts). */
const buildOf = (d: Diagnostic) => /^kustomize build (.*?) fails/.exec(d.message)?.[1];

/**
 * `items` (head's failing builds whose files the pull request changes, unanalysed-builds.ts) with each one
 * inside a Flux or Argo CD target marked `wholeTarget`, and, for each head file of such a target with a
 * syntax error that base's same file did not have, one item more: the error as the loader wrote it (without
 * the per-file reading rejected-objects.ts added), the target's changed files. `head`/`base`: the diagnostics
 * of the cluster model's first analysis; `specs`/`baseSpecs`: its member targets on each side.
 */
export function failedTargets(target: string, items: readonly NotAnalysed[], head: readonly Diagnostic[], base: readonly Diagnostic[], specs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], sides: Sides, changed: ReadonlySet<string>): NotAnalysed[] {
  if (!specs.some(wholeBuild)) return [...items];
  const marked = (t: TargetSpec) => {
    const c = wholeBuildController(t)!;
    return { wholeTarget: { controller: controllerText(c), ref: c.ref, key: controllerKey(c) } };
  };
  const changedOf = (t: TargetSpec, own: readonly string[] = []) => [...new Set([...own, ...[...targetPaths(t, baseSpecs, sides)].filter((p) => changed.has(p))])].sort();
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
  return [...headFiles.filter((f) => !paths.has(f.path)), ...baseFiles.filter((f) => paths.has(f.path))];
}
