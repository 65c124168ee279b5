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
 *
 * Alike, a Kustomization head keeps whose source is a GitRepository base defines as this repository and head no
 * longer defines (its definition moved out of the repository, to a bootstrap): it is not read as deploying nothing,
 * which would remove every app. Either the cluster still has that source (made outside, kept: the usual case, as
 * the Kustomizations still name it), and they deploy head's files, or it is gone and Flux fails them ("source not
 * found") and keeps what they applied; neither removes an app. Analysed as the first, with base's definition of
 * each, and said in a note naming the second.
 */
import type { NotAnalysed } from '../analysis/types.js';
import type { MissingPathNotice, UndefinedSourceNotice } from './flux.js';
import { controllerKey, controllerText } from './target-controller.js';
import type { Notice, TargetSpec } from './types.js';

const missing = (n: Notice): n is MissingPathNotice => (n as Partial<MissingPathNotice>).missingPath !== undefined;
const sourceless = (n: Notice): n is UndefinedSourceNotice => (n as Partial<UndefinedSourceNotice>).undefinedSource !== undefined;

/**
 * `head` (head's discovered targets) with base's Flux target of each Kustomization head holds with a path that
 * does not exist (`headNotices`' MISSING_ROOT of flux.ts) and base deployed, at head's position of the object and
 * marked `pathGone`; and of each whose source GitRepository head does not define (`headExternal`: head's notice of
 * each object whose source is not this repository), as is. `gone`: those head notices, which the failing build or
 * `notes` say instead (each object's, and a grouped one when every Kustomization of it is kept). `base`: base's targets, their
 * clusters as head names them (sole-cluster.ts).
 */
export function withPathGone(base: readonly TargetSpec[], head: readonly TargetSpec[], headNotices: readonly Notice[], headExternal: readonly Notice[] = []): { readonly targets: readonly TargetSpec[]; readonly gone: ReadonlySet<Notice>; readonly notes: readonly Notice[] } {
  const gone = new Set<Notice>();
  const kept: TargetSpec[] = [];
  const wasOf = (namespace: string | undefined, name: string) => {
    const was = base.find((t) => t.origin === 'flux' && t.controller?.kind === 'FluxKustomization' && t.controller.name === name && t.controller.namespace === namespace);
    // Head still deploys a target of that name (another object of it): not this object's.
    return was && !head.some((t) => t.name === was.name) ? was : undefined;
  };
  for (const n of headNotices.filter(missing)) {
    const was = wasOf(n.missingPath.namespace, n.missingPath.name);
    if (!was || !n.ref) continue;
    gone.add(n);
    kept.push({ ...was, ref: n.ref, controller: { ...was.controller!, ref: n.ref }, pathGone: { path: n.missingPath.path } });
  }
  // Sources head no longer defines: the Kustomizations of each, kept and not.
  const bySource = new Map<string, { kept: UndefinedSourceNotice[]; other: number }>();
  for (const n of headExternal.filter(sourceless)) {
    const entry = bySource.get(n.undefinedSource.source) ?? bySource.set(n.undefinedSource.source, { kept: [], other: 0 }).get(n.undefinedSource.source)!;
    const was = wasOf(n.undefinedSource.namespace, n.undefinedSource.name);
    if (!was || !n.ref) {
      entry.other++;
      continue;
    }
    entry.kept.push(n);
    gone.add(n);
    kept.push({ ...was, ref: n.ref, controller: { ...was.controller!, ref: n.ref } });
  }
  const notes: Notice[] = [];
  for (const [source, { kept: of, other }] of bySource) {
    if (of.length === 0) continue;
    // The grouped notice (or the one) of this source says "not analysed": dropped when it names only kept Kustomizations.
    if (other === 0) for (const n of headNotices.filter(sourceless)) if (n.undefinedSource.source === source) gone.add(n);
    const names = of.map((n) => n.undefinedSource.name);
    const which = names.length === 1 ? `Flux Kustomization ${names[0]}` : `${names.length} Flux Kustomizations (${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''})`;
    notes.push({ code: 'EXTERNAL_SOURCE', message: `${which}: source GitRepository ${source}, which base defines as this repository, is not defined on head: taken as still this repository (the cluster keeps the source, or a bootstrap makes it), and analysed with base's definition of ${names.length === 1 ? 'it' : 'each'} over head's files; were the source gone, Flux would fail ${names.length === 1 ? 'it' : 'them'} ("source not found") and keep what ${names.length === 1 ? 'it' : 'they'} applied: no app would be removed either way`, ref: of[0].ref! });
  }
  return { targets: kept.length ? [...head, ...kept] : head, gone, notes };
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
