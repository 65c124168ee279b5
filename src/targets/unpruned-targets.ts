/**
 * Targets whose controller does not prune (TargetSpec `unpruned`: Flux `spec.prune: false`, an Argo CD
 * Application without `syncPolicy.automated.prune: true`): objects the change removes from their source stay
 * in the cluster. Head's controller decides, as it is the one that syncs head. Which files such a target read
 * on base (the analysis keeps base's objects of them that head no longer defines: analysis/unpruned-objects.ts),
 * and the note naming each kept object with what deleting them by hand would open and close.
 */
import type { SourceRef } from '../engine/model.js';
import type { UnprunedObject } from '../analysis/unpruned-objects.js';
import { plural } from '../util/plural.js';
import { pathsRead } from './renamed-targets.js';
import { controllerText } from './target-controller.js';
import type { SideIndex } from './target-files.js';
import type { Notice, TargetController, TargetSpec } from './types.js';

/** One controller that does not prune, present on both sides, and the files its target read on base. */
export interface UnprunedReader {
  readonly controller: TargetController;
  readonly setting: string;
  readonly ref: SourceRef;
  readonly files: ReadonlySet<string>;
}

const sameController = (a: TargetController, b: TargetController) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.generatedBy === b.generatedBy;

/**
 * Head's targets whose controller does not prune, each with the files its base target (the same controller
 * object, by kind, namespace and name) read on `baseSide`. A controller only head has removed nothing yet; one
 * only base has is itself deleted (what that leaves is its parent's pruning, not told here).
 */
export function unprunedReaders(head: readonly TargetSpec[], base: readonly TargetSpec[], baseSide: SideIndex): UnprunedReader[] {
  return head.flatMap((t) => {
    if (t.unpruned === undefined || t.controller === undefined) return [];
    const was = base.find((b) => b.controller !== undefined && sameController(b.controller, t.controller!));
    return was ? [{ controller: t.controller, setting: t.unpruned.setting, ref: t.unpruned.ref, files: pathsRead([was], baseSide) }] : [];
  });
}

/** `Kind/namespace/name` as a note names it: `NetworkPolicy db/pg` (cluster-scoped: `Kind name`). */
function objectText(key: string): string {
  const [kind, namespace, ...name] = key.split('/');
  return namespace ? `${kind} ${namespace}/${name.join('/')}` : `${kind} ${name.join('/')}`;
}

/**
 * One note per controller whose target keeps objects: each object with base's document, the controller's
 * setting and where it is written, and `counts(reader)`: the paths opened and closed were that controller's
 * objects deleted by hand (the analysis without keeping them).
 */
export function unprunedNotices(kept: readonly UnprunedObject[], readers: readonly UnprunedReader[], counts: (reader: UnprunedReader) => { readonly opened: number; readonly closed: number }): Notice[] {
  return readers.flatMap((r) => {
    const own = kept.filter((k) => r.files.has(k.base.file));
    if (own.length === 0) return [];
    const { opened, closed } = counts(r);
    const objects = own.map((k) => `${objectText(k.key)} (${k.base.file}:${k.base.line})`).join(', ');
    const them = own.length === 1 ? 'it' : 'them';
    const effect = opened || closed ? [opened && `${plural(opened, 'path')} open`, closed && `${plural(closed, 'path')} close`].filter(Boolean).join(' and ') : 'no path changes';
    return [{
      code: 'NOT_PRUNED' as const,
      // The setting's position ends the note (the notice's ref), right after the setting it places.
      message: `${objects} ${own.length === 1 ? 'is' : 'are'} removed from the repository but ${own.length === 1 ? 'stays' : 'stay'} in the cluster, and head is analysed with ${them} (once ${own.length === 1 ? 'it is' : 'they are'} deleted by hand, ${effect}): ${controllerText(r.controller)} does not prune, ${r.setting}`,
      ref: r.ref,
    }];
  });
}
