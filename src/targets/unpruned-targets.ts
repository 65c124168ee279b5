/**
 * Targets whose controller does not prune (TargetSpec `unpruned`: Flux `spec.prune: false`, an Argo CD
 * Application without `syncPolicy.automated.prune: true`): objects the change removes from their source stay
 * in the cluster. Head's controller decides, as it is the one that syncs head. Which files such a target read
 * on base (the analysis keeps base's objects of them that head no longer defines: analysis/unpruned-objects.ts),
 * and the note naming each kept object with what deleting them by hand would open and close.
 */
import { objectOwner } from '../manifests/load.js';
import type { SourceRef } from '../engine/model.js';
import type { PruneDisabledFiles, UnprunedObject } from '../analysis/unpruned-objects.js';
import { plural } from '../util/plural.js';
import { pathsRead } from './renamed-targets.js';
import { controllerText } from './target-controller.js';
import type { SideIndex } from './target-files.js';
import type { Notice, TargetController, TargetSpec } from './types.js';

/**
 * One controller present on both sides and the files its target read on base; `unpruned`: its setting that
 * makes it leave every removed object (absent: it prunes, and leaves only objects annotated to stay).
 */
export interface UnprunedReader {
  readonly controller: TargetController;
  readonly unpruned?: { readonly setting: string; readonly ref: SourceRef };
  readonly files: ReadonlySet<string>;
}

const sameController = (a: TargetController, b: TargetController) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.generatedBy === b.generatedBy;

/**
 * Head's Flux and Argo CD targets, each with the files its base target (the same controller object, by kind,
 * namespace and name) read on `baseSide`, and head's setting when it does not prune. A controller only head
 * has removed nothing yet; one only base has is itself deleted (what that leaves is its parent's pruning, not
 * told here).
 */
export function unprunedReaders(head: readonly TargetSpec[], base: readonly TargetSpec[], baseSide: SideIndex): UnprunedReader[] {
  return head.flatMap((t) => {
    if ((t.origin !== 'flux' && t.origin !== 'argocd') || t.controller === undefined) return [];
    const was = base.find((b) => b.controller !== undefined && sameController(b.controller, t.controller!));
    return was ? [{ controller: t.controller, ...(t.unpruned ? { unpruned: t.unpruned } : {}), files: pathsRead([was], baseSide) }] : [];
  });
}

/** The analysis options of `readers`: files whose removed objects all stay, and files whose annotated ones do (analysis/unpruned-objects.ts). */
export function unprunedOptions(readers: readonly UnprunedReader[]): { readonly unprunedFiles?: readonly string[]; readonly pruneDisabledFiles?: PruneDisabledFiles } {
  const files = (rs: readonly UnprunedReader[]) => [...new Set(rs.flatMap((r) => [...r.files]))].sort();
  const pruning = readers.filter((r) => r.unpruned === undefined);
  const off = files(readers.filter((r) => r.unpruned !== undefined));
  const flux = files(pruning.filter((r) => r.controller.kind === 'FluxKustomization'));
  const argocd = files(pruning.filter((r) => r.controller.kind === 'Application'));
  return { ...(off.length ? { unprunedFiles: off } : {}), ...(flux.length || argocd.length ? { pruneDisabledFiles: { flux, argocd } } : {}) };
}

/** `Kind/namespace/name` as a note names it: `NetworkPolicy db/pg` (cluster-scoped: `Kind name`; Calico's kinds as findings say them, `Calico NetworkPolicy db/pg`). */
function objectText(key: string): string {
  const [key0, namespace = '', ...name] = key.split('/');
  // A Namespace's key names it as its own namespace (`Namespace/x/x`): written once, as every object's owner is.
  return objectOwner(key0.replace(/^Calico(?=[A-Z])/, 'Calico '), namespace, name.join('/'));
}

/**
 * One note per controller whose target keeps objects: each object with base's document, why it stays (the
 * controller's setting, at its line; else the objects' annotation, at the first one's document), and
 * `counts(reader)`: the paths opened and closed were that controller's objects deleted by hand (the analysis
 * without keeping them). `now`: the change's own counts, with the objects kept; where it changes paths, those
 * counts are the change's in all with the objects deleted, not what deleting them adds, and are said so
 * (re40 larivierec dc334cb99: "116 paths closed" and "once it is deleted by hand, 116 paths close" read as 116 more).
 */
export function unprunedNotices(kept: readonly UnprunedObject[], readers: readonly UnprunedReader[], counts: (reader: UnprunedReader) => { readonly opened: number; readonly closed: number }, now?: { readonly opened: number; readonly closed: number }): Notice[] {
  // Each object told once, by the first controller whose reason keeps it: a controller that does not prune for an
  // object kept as written, one that prunes for an object kept by its annotation (a parent Kustomization reading
  // the same files prunes, and is not why the object stays).
  const told = new Set<string>();
  return readers.flatMap((r) => {
    const own = kept.filter((k) => !told.has(k.key) && r.files.has(k.base.file) && (r.unpruned === undefined) === (k.annotation !== undefined));
    own.forEach((k) => told.add(k.key));
    if (own.length === 0) return [];
    const { opened, closed } = counts(r);
    // An object the repository still holds, that a `$patch: delete` now takes out of the build, is said so, at that line.
    const removed = own.filter((k) => k.deletion === undefined);
    const deleted = own.flatMap((k) => (k.deletion ? [{ k, at: k.deletion }] : []));
    const objects = [
      ...(removed.length ? [`${removed.map((k) => `${objectText(k.key)} (base:${k.base.file}:${k.base.line})`).join(', ')} ${removed.length === 1 ? 'is' : 'are'} removed from the repository`] : []),
      ...(deleted.length ? [`${deleted.map(({ k, at }) => `${objectText(k.key)} (${at.file}:${at.line})`).join(', ')} ${deleted.length === 1 ? 'is' : 'are'} taken out of the build by a \`$patch: delete\``] : []),
    ].join(' and ');
    const one = own.length === 1;
    const them = one ? 'it' : 'them';
    const effect = opened || closed ? [opened && `${plural(opened, 'path')} open`, closed && `${plural(closed, 'path')} close`].filter(Boolean).join(' and ') : 'no path changes';
    // The change itself opens or closes paths: the counts are its own in all, with the objects deleted.
    const inAll = now && (now.opened || now.closed) ? `the change ${opened || closed ? [opened && `opens ${plural(opened, 'path')}`, closed && `closes ${plural(closed, 'path')}`].filter(Boolean).join(' and ') + ' in all' : 'changes no path at all'}` : undefined;
    const annotations = [...new Set(own.flatMap((k) => (k.annotation !== undefined ? [k.annotation] : [])))];
    // The reason's position ends the note (the notice's ref), right after the setting or annotation it places.
    const why = r.unpruned ? `${controllerText(r.controller)} does not prune, ${r.unpruned.setting}` : `${controllerText(r.controller)} prunes, but ${one ? 'it is' : 'they are'} annotated ${annotations.join(', ')}`;
    return [{
      code: 'NOT_PRUNED' as const,
      message: `${objects} but ${one ? 'stays' : 'stay'} in the cluster, and head is analysed with ${them} (once ${one ? 'it is' : 'they are'} deleted by hand, ${inAll ?? effect}): ${why}`,
      ...(r.unpruned ? { ref: r.unpruned.ref } : { ref: own[0].base, side: 'base' as const }),
    }];
  });
}
