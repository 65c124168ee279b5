/**
 * Flux Kustomizations that a failing one (failed-targets.ts) holds back, beside its own target:
 *
 * - Dependents. A Kustomization whose `spec.dependsOn` names another is applied only once that one is Ready
 *   (Flux's Kustomization API reference, "Dependencies"; a Kustomization's readiness is its last
 *   reconciliation's condition), and a Kustomization whose build fails is not Ready. So a dependent is not
 *   reconciled either and the cluster keeps base's state of its whole target; it is not Ready then, so its
 *   own dependents wait too, transitively. An entry with `readyExpr` replaces the Ready check by an
 *   expression, which is not evaluated here: it is not followed.
 * - Children. The Kustomization objects a held target's build applies (their documents are among its files:
 *   a parent's `clusters/prod` holding `apps.yaml`) are not updated: the cluster keeps base's definition of
 *   each (a child head adds is not created, one head's build no longer holds is not pruned). A child is a
 *   Kustomization of its own, still reconciled by the controller: it builds this revision's files with
 *   base's definition (its path, patches, substitutions, namespace).
 *
 * - Argo CD alike, for children only: the Applications an app-of-apps Application's failing build holds are not
 *   updated (Argo CD does not sync an Application it cannot render) and keep syncing their own sources.
 *
 * Each held target is said in a notice naming the failing Kustomization that holds it back, at its
 * file:line, and the error there (`HELD_BACK`).
 */
import type { NotAnalysed } from '../analysis/types.js';
import { andList } from '../util/and-list.js';
import { isWithin } from '../util/repo-paths.js';
import { controllerIdentity, controllerKey, controllerText } from './target-controller.js';
import type { Notice, TargetController, TargetSpec } from './types.js';

/** One target a failing Kustomization holds back. */
export interface HeldTarget {
  /** `depends`: not reconciled (base's whole state); `child`: reconciled with base's definition (`spec`). */
  readonly how: 'depends' | 'child';
  readonly controller: TargetController;
  /** Head's target (a dependent, a child head keeps or adds), else base's (a child only base has). */
  readonly target: TargetSpec;
  /**
   * Its definition on the cluster: base's target (a dependent's files are base's too: failed-targets.ts);
   * undefined when base has none (a child head adds is not created, a dependent head adds never reconciles).
   */
  readonly spec?: TargetSpec;
  /** The failing item at the root of the chain (its `wholeTarget` names the Kustomization, its error the cause). */
  readonly failure: NotAnalysed;
  /** The held Kustomization in between (a dependent's dependency, a child's parent), when the root is not the direct cause. */
  readonly via?: TargetController;
  /**
   * A child whose definition on the cluster (`spec`) reads no file on head, its path moved or deleted: Flux fails
   * its build ("kustomization path not found") and neither applies nor prunes, so the cluster keeps what base
   * applied, as a dependent's (j0sh3rs/home-ops cb32de68: an app's folder moved while its parent's build failed
   * read as removing the app).
   */
  readonly pathGone?: true;
}

/** The files a target reads on a side. */
type PathsOf = (t: TargetSpec, side: 'head' | 'base') => ReadonlySet<string>;

/** Whether `dep` (a `dependsOn` entry) names controller `c` (a namespace neither writes matches any). */
const names = (dep: { readonly name: string; readonly namespace?: string }, c: TargetController) =>
  c.kind === 'FluxKustomization' && dep.name === c.name && (dep.namespace === undefined || c.namespace === undefined || dep.namespace === c.namespace);

/**
 * The targets of `specs` (head's member targets) and `baseSpecs` (base's) that the failing items of `items`
 * (`wholeTarget` set) hold back: every dependent first (each with base's target, when base has one), then the
 * children whose definition head changes, adds or drops (a child both sides define alike is no change).
 * `pathsOf`: the files a target reads on a side.
 */
export function heldTargets(items: readonly NotAnalysed[], specs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], pathsOf: PathsOf): HeldTarget[] {
  const failingKeys = new Map(items.flatMap((n) => (n.wholeTarget?.key !== undefined ? [[n.wholeTarget.key, n] as const] : [])));
  if (failingKeys.size === 0) return [];
  // Argo CD alike for children: an app-of-apps Application whose build fails is not synced, so the Applications it
  // holds keep base's definitions and still sync their own sources (real repositories 34: its kustomization listing
  // a missing file dropped every child Application from head, read as removing their workloads and policies).
  const controlled = specs.filter((t) => (t.origin === 'flux' || t.origin === 'argocd') && t.controller !== undefined);
  const failing = controlled.filter((t) => failingKeys.has(controllerKey(t.controller!)));
  if (failing.length === 0) return [];
  const baseControlled = baseSpecs.filter((t) => (t.origin === 'flux' || t.origin === 'argocd') && t.controller !== undefined);
  const onBase = (c: TargetController) => baseControlled.find((b) => controllerIdentity(b.controller!) === controllerIdentity(c));
  const out: HeldTarget[] = [];
  const held = new Map<string, { readonly t: TargetSpec; readonly failure: NotAnalysed }>(failing.map((t) => [controllerKey(t.controller!), { t, failure: failingKeys.get(controllerKey(t.controller!))! }]));
  // Dependents, until no more: each waits on a failing or a held Kustomization.
  for (let more = true; more; ) {
    more = false;
    for (const t of controlled) {
      const key = controllerKey(t.controller!);
      if (held.has(key)) continue;
      const on = (t.dependsOn ?? []).filter((d) => d.readyExpr === undefined).flatMap((d) => [...held.values()].filter((h) => names(d, h.t.controller!)))[0];
      if (!on) continue;
      held.set(key, { t, failure: on.failure });
      const via = failingKeys.has(controllerKey(on.t.controller!)) ? undefined : on.t.controller!;
      const spec = onBase(t.controller!);
      out.push({ how: 'depends', controller: t.controller!, target: t, ...(spec ? { spec } : {}), failure: on.failure, ...(via ? { via } : {}) });
      more = true;
    }
  }
  // Children: Kustomizations whose documents a held target's build reads, on either side.
  const heldIds = new Set([...held.values()].map((h) => controllerIdentity(h.t.controller!)));
  const seen = new Set<string>();
  for (const { t: parent, failure } of held.values()) {
    const paths = new Set([...pathsOf(parent, 'head'), ...baseControlled.filter((b) => controllerIdentity(b.controller!) === controllerIdentity(parent.controller!)).flatMap((b) => [...pathsOf(b, 'base')])]);
    const via = failingKeys.has(controllerKey(parent.controller!)) ? undefined : parent.controller!;
    const children = [...controlled, ...baseControlled].filter((c) => paths.has(c.controller!.ref.file) && !heldIds.has(controllerIdentity(c.controller!)));
    for (const c of children) {
      const id = controllerIdentity(c.controller!);
      if (seen.has(id)) continue;
      seen.add(id);
      const now = controlled.find((h) => controllerIdentity(h.controller!) === id);
      const was = onBase(c.controller!);
      if (now && was && sameDefinition(now, was)) continue;
      // Flux fails a build whose spec.path holds no file ("kustomization path not found") whatever its `components:`
      // add: files those read outside the path do not make it build (real repositories 43, rafaribe/home-ops
      // 404a5db68: apps moved away under a failing parent, each child's volsync component kept, read as removed).
      const headFiles = was !== undefined ? [...pathsOf(was, 'head')] : [];
      const gone = was !== undefined && pathsOf(was, 'base').size > 0 && (headFiles.length === 0 || (was.roots.length > 0 && was.roots.every((r) => !headFiles.some((f) => isWithin(f, r)))));
      out.push({ how: 'child', controller: (now ?? was)!.controller!, target: (now ?? was)!, ...(was ? { spec: was } : {}), failure, ...(via ? { via } : {}), ...(gone ? { pathGone: true as const } : {}) });
    }
  }
  return out;
}

/** What of a target decides what it deploys, without positions and the words for people. */
function definition(t: TargetSpec): string {
  const { name: _name, why: _why, ref: _ref, controller: _controller, parentBuild: _parent, ...rest } = t;
  return JSON.stringify(rest, (k, v: unknown) => (k === 'ref' || k === 'labelRefs' ? undefined : v));
}

/** Whether two targets of one controller object deploy alike. */
export function sameDefinition(a: TargetSpec, b: TargetSpec): boolean {
  return definition(a) === definition(b);
}

/**
 * `specs` as the cluster runs them while `held` holds: each held target as base defines it (one head adds left
 * out, a child only base has added). A dependent's files are base's too (failed-targets.ts `withBaseTargets`).
 */
export function specsAsHeld(specs: readonly TargetSpec[], held: readonly HeldTarget[]): TargetSpec[] {
  if (held.length === 0) return [...specs];
  const byId = new Map(held.map((h) => [controllerIdentity(h.controller), h]));
  const out: TargetSpec[] = [];
  for (const t of specs) {
    const h = t.controller && byId.get(controllerIdentity(t.controller));
    if (!h) out.push(t);
    else if (h.spec) out.push(h.spec === t ? t : { ...h.spec, name: t.name });
  }
  // Children only base has: still on the cluster, as base defines them.
  for (const h of held) if (h.spec && !specs.some((t) => t.controller && controllerIdentity(t.controller) === controllerIdentity(h.controller))) out.push(h.spec);
  return out;
}

/** Whether `held` changes what head's targets read: a held target head defines otherwise than base, adds or drops. */
export function changesSpecs(held: readonly HeldTarget[]): boolean {
  return held.some((h) => h.spec === undefined || h.target === h.spec || !sameDefinition(h.target, h.spec));
}

/** The controllers of the dependents in `specs` (as `specsAsHeld` gave them), and of the children whose path is gone on head, whose files are base's. */
export function heldDependents(specs: readonly TargetSpec[], held: readonly HeldTarget[]): TargetController[] {
  const ids = new Set(held.filter((h) => (h.how === 'depends' || h.pathGone) && h.spec).map((h) => controllerIdentity(h.controller)));
  return specs.flatMap((t) => (t.controller && ids.has(controllerIdentity(t.controller)) ? [t.controller] : []));
}

/** Where a failure is: the failing Kustomization at its file:line, and the error's position. */
function cause(h: HeldTarget): string {
  const w = h.failure.wholeTarget!;
  const at = w.ref ? ` (${w.ref.file}:${w.ref.line})` : '';
  return `${w.controller}${at}, whose build fails on head (${h.failure.error.ref.file}:${h.failure.error.ref.line})`;
}

/** The controller at its position (`base:` when only base holds it). */
const where = (c: TargetController, onBase = false) => `${controllerText(c)} (${onBase ? 'base:' : ''}${c.ref.file}:${c.ref.line})`;

/**
 * One notice per held target, at its controller object (a child only base has: at the failure): which failing
 * Kustomization holds it back (file:line) and how; `changed`: the files the pull request changes, of which a dependent's are named (not applied).
 */
export function heldNotices(held: readonly HeldTarget[], changed: (t: TargetSpec) => readonly string[]): Notice[] {
  return held.flatMap((h): Notice[] => {
    const through = h.via ? `${controllerText(h.via)}, which waits on ${cause(h)}` : cause(h);
    if (h.how === 'depends') {
      const own = changed(h.target);
      // A dependent the change does not touch keeps what it ran: nothing to say.
      if (h.spec && own.length === 0 && sameDefinition(h.target, h.spec)) return [];
      const changes = own.length ? `; its changes (${andList(own)}) are not applied` : '';
      const state = h.spec ? `so the cluster keeps base's state of this target too${changes}; analysed with base's files` : `and it is new on head, so nothing of it is applied${changes}`;
      return [{ code: 'HELD_BACK', message: `${where(h.controller)} depends on ${through}: Flux applies it only once that one is Ready, ${state}`, ref: h.controller.ref }];
    }
    const removed = h.spec !== undefined && h.target === h.spec;
    const what = h.spec === undefined
      ? `it is new on head and is not created, so nothing of it is analysed`
      : h.pathGone
        ? `the cluster keeps base's definition of it, whose path (${andList(h.spec.roots)}) holds no file on head: Flux fails its build and neither applies nor prunes, so the cluster keeps what it applied; analysed with base's files`
        : removed
        ? `head's build no longer holds it but is not applied, so it stays on the cluster as base defines it; analysed so`
        : `the cluster keeps base's definition of it, which still reconciles this revision's files; analysed with base's definition`;
    return [{ code: 'HELD_BACK', message: `${where(h.controller, removed)} is applied by ${through}: ${what}`, ref: removed ? h.failure.error.ref : h.controller.ref }];
  });
}
