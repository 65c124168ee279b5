/**
 * A Flux Kustomization head keeps whose `spec.path` head deletes (an app's folder removed, its `ks.yaml` and the
 * parent's entry left): the kustomize-controller fails that Kustomization before anything is built ("kustomization
 * path not found", reason ArtifactFailed, Ready False), so it applies nothing and prunes nothing; garbage
 * collection runs only after a successful apply, and the objects it applied stay on the cluster as they were
 * (Flux's Kustomization API reference, "Garbage collection" and "Status"). Its dependents wait on it too (not Ready).
 *
 * Discovery reads such an object as deploying nothing (flux.ts MISSING_ROOT), which would read as removing the app.
 * Here head's targets keep base's definition of it, marked `pathGone`, and each model says it as a changed build
 * failing on head (`NotAnalysed` with `wholeTarget`), whose files are base's (failed-targets.ts `withBaseTargets`):
 * never a silent pass, and no path of its own. A Kustomization base did not have (new on head with a missing path)
 * deploys nothing on either side: left to the MISSING_ROOT note.
 */
import type { NotAnalysed } from '../analysis/types.js';
import type { MissingPathNotice } from './flux.js';
import { controllerKey, controllerText } from './target-controller.js';
import type { Notice, TargetSpec } from './types.js';

const missing = (n: Notice): n is MissingPathNotice => (n as Partial<MissingPathNotice>).missingPath !== undefined;

/**
 * `head` (head's discovered targets) with base's Flux target of each Kustomization head holds with a path that
 * does not exist (`headNotices`' MISSING_ROOT of flux.ts) and base deployed, at head's position of the object and
 * marked `pathGone`; `gone`: those head notices, which the failing build says instead. `base`: base's targets,
 * their clusters as head names them (sole-cluster.ts).
 */
export function withPathGone(base: readonly TargetSpec[], head: readonly TargetSpec[], headNotices: readonly Notice[]): { readonly targets: readonly TargetSpec[]; readonly gone: ReadonlySet<Notice> } {
  const gone = new Set<Notice>();
  const kept: TargetSpec[] = [];
  for (const n of headNotices.filter(missing)) {
    const { namespace, name } = n.missingPath;
    const was = base.find((t) => t.origin === 'flux' && t.controller?.kind === 'FluxKustomization' && t.controller.name === name && t.controller.namespace === namespace);
    // Head still deploys a target of that name (another object of it): not this object's.
    if (!was || !n.ref || head.some((t) => t.name === was.name)) continue;
    gone.add(n);
    kept.push({ ...was, ref: n.ref, controller: { ...was.controller!, ref: n.ref }, pathGone: { path: n.missingPath.path } });
  }
  return { targets: kept.length ? [...head, ...kept] : head, gone };
}

/**
 * One changed build not analysed per `pathGone` target of a model's head (`specs`): the Kustomization fails on
 * head, at its object's position; `changed(t)`: the files the pull request changes that base's definition
 * reads, and the object's own file when changed.
 */
export function pathGoneFailures(target: string, specs: readonly TargetSpec[], changed: (t: TargetSpec) => readonly string[]): NotAnalysed[] {
  return specs.flatMap((t): NotAnalysed[] => {
    if (!t.pathGone || !t.controller || !t.ref) return [];
    const c = t.controller;
    const message = `${controllerText(c)}: spec.path ${t.pathGone.path} holds no file on head: Flux fails this Kustomization ("kustomization path not found") and neither applies nor prunes, so the cluster keeps what it applied; analysed with base's files`;
    return [{ target, side: 'head', error: { severity: 'error', code: 'KUSTOMIZE_BUILD_FAILED', message, ref: t.ref }, changedFiles: [...changed(t)].sort(), wholeTarget: { controller: controllerText(c), ref: c.ref, key: controllerKey(c) } }];
  });
}
