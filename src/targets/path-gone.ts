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
 *
 * Alike, a Flux Kustomization head deletes while a failing build on head that nothing deploys still lists its file
 * (unapplied-builds.ts: `kubernetes/kyak/apps/media/kustomization.yaml` listing the deleted `./jellyfin/ks.yaml`,
 * applied by a bootstrap outside the repository): that apply fails, nothing is pruned, and the cluster keeps the
 * Kustomization as base defines it, reconciling its path (real repositories 38, coolguy1771 a1d6c9542: the app read
 * as removed, its paths closed). Head keeps base's target of it, at the entry that lists it, with a note there
 * (`HELD_BACK`); with its path gone too, it is a `pathGone` target as above (Flux fails it and keeps what it applied).
 */
import type { NotAnalysed } from '../analysis/types.js';
import type { SourceRef } from '../engine/model.js';
import type { MissingPathNotice, UndefinedSourceNotice } from './flux.js';
import { controllerKey, controllerText } from './target-controller.js';
import type { Notice, TargetSpec } from './types.js';
import type { FailedBuild } from './unapplied-builds.js';
import type { SideIndex } from './target-files.js';
import { inFolder, joinPath } from '../util/repo-paths.js';
import { textLines } from '../util/line-ends.js';

/**
 * Head's failing builds that nothing deploys (unapplied-builds.ts), asked about files head deletes: `entryOf` the
 * entry of such a build (or a kustomization it includes) that lists a file (its line, the build's folder and
 * error), if any; `exists` whether head holds a file; `holdsFiles` whether a folder holds any file on head.
 */
export interface ListedGone {
  readonly entryOf: (file: string) => { readonly ref: SourceRef; readonly build: string; readonly error: string } | undefined;
  readonly exists: (file: string) => boolean;
  readonly holdsFiles: (folder: string) => boolean;
}

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
export function withPathGone(base: readonly TargetSpec[], head: readonly TargetSpec[], headNotices: readonly Notice[], headExternal: readonly Notice[] = [], headListed?: ListedGone): { readonly targets: readonly TargetSpec[]; readonly gone: ReadonlySet<Notice>; readonly notes: readonly Notice[] } {
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
  // Deleted, still listed by a failing build nothing deploys: the cluster keeps the Kustomization.
  for (const was of headListed ? base : []) {
    const c = was.controller;
    const entry = c && was.origin === 'flux' && c.kind === 'FluxKustomization' && !headListed!.exists(c.ref.file) ? headListed!.entryOf(c.ref.file) : undefined;
    // Head still deploys that object into that cluster (defined elsewhere): not gone.
    const same = (t: TargetSpec) => t.controller?.kind === c?.kind && t.controller?.name === c?.name && t.controller?.namespace === c?.namespace && t.cluster === was.cluster;
    if (!entry || !c || head.some(same) || kept.some(same)) continue;
    const root = was.roots[0];
    const pathGone = root !== undefined && !headListed!.holdsFiles(root);
    // The object as base defines it (its identity pairs base's target with this one: side-names.ts), at the entry; a name no head target has.
    kept.push({ ...was, name: freeName(was.name, [...head, ...kept]), ref: entry.ref, ...(pathGone ? { pathGone: { path: `./${root}` } } : {}) });
    const how = pathGone ? `its path (${root}) holds no file on head either: Flux fails it and neither applies nor prunes, so the cluster keeps what it applied; analysed with base's files` : `it keeps reconciling head's files with base's definition; analysed so`;
    notes.push({ code: 'HELD_BACK', message: `${controllerText(c)} (base:${c.ref.file}:${c.ref.line}) is deleted by this change, but ${entry.ref.file}:${entry.ref.line} still lists it, so the build of ${entry.build || '.'} fails (${entry.error}) and, applied by nothing here, changes nothing in the cluster: the cluster keeps the Kustomization as base defines it, and ${how}`, ref: entry.ref });
  }
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

/** `name`, or the first `name#N` (discover.ts `uniqueName`) no target of `taken` has. */
function freeName(name: string, taken: readonly TargetSpec[]): string {
  const names = new Set(taken.map((t) => t.name));
  if (!names.has(name)) return name;
  const plain = name.replace(/#\d+$/, '');
  let n = 2;
  while (names.has(`${plain}#${n}`)) n++;
  return `${plain}#${n}`;
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

/**
 * The ListedGone of head's failing builds nothing deploys (`unapplied`: TargetSelection `unapplied`), over head's
 * index `side`; undefined when there is none. An entry lists a file when it names it, or a folder holding it that
 * head does not hold; the kustomizations a build includes (folders holding one) are searched too.
 */
export function headListedGone(unapplied: readonly FailedBuild[] | undefined, side: SideIndex): ListedGone | undefined {
  if (!unapplied?.length) return undefined;
  const { files } = side;
  const exists = (file: string) => files.byPath.has(file);
  const holdsFiles = (folder: string) => files.isFolder(folder) && files.under(folder).length > 0;
  const entries = new Map<string, { ref: SourceRef; build: string; error: string }>();
  for (const b of unapplied) {
    const error = b.error?.message ?? `kustomize build ${b.dir || '.'} fails`;
    const seen = new Set<string>();
    const visit = (folder: string): void => {
      const k = side.kustomizations.get(folder);
      if (!k || seen.has(folder)) return;
      seen.add(folder);
      const lines = textLines(files.text(k.file) ?? '');
      for (const include of k.includes) {
        if (side.kustomizations.has(include)) visit(include);
        else if (!exists(include) && !holdsFiles(include)) {
          const at = lines.findIndex((l) => entryPath(l, folder) === include);
          if (!entries.has(include)) entries.set(include, { ref: { file: k.file, line: at >= 0 ? at + 1 : 1 }, build: b.dir, error });
        }
      }
    };
    visit(b.dir);
  }
  if (entries.size === 0) return undefined;
  const entryOf = (file: string) => entries.get(file) ?? [...entries].find(([p]) => inFolder(file, p))?.[1];
  return { entryOf, exists, holdsFiles };
}

/** The repository path a kustomization's list line (`  - ./jellyfin/ks.yaml`) names from `folder`, if it is one. */
function entryPath(line: string, folder: string): string | undefined {
  const m = /^\s*-\s*["']?([^"'#\s]+)["']?\s*(?:#.*)?$/.exec(line);
  return m ? joinPath(folder, m[1]) : undefined;
}
