/**
 * Argo CD's sync option `FailOnSharedResource=true`: by default an Application's sync applies all its manifests
 * whether or not another Application applied an object already (co-applied-objects.ts); with the option, "Argo CD
 * will fail the sync whenever it finds a resource in the current Application that is already applied in the cluster
 * by another Application" (Argo CD's sync options, "Fail the sync if a shared resource is found"). The check is made
 * before any task runs (the application controller's sync: the comparison's SharedResourceWarning condition, set for
 * a live object whose tracking label or annotation names another Application, fails the operation with "Shared
 * resource found: …"), so nothing of that revision is applied: the cluster keeps what the last successful sync applied.
 *
 * Read here per object identity (kind, namespace, name) of each Application's own build, whatever its copy's text
 * (identical copies are shared too). Which Application the live object is tracked by decides who fails:
 * - an Application with the option that builds an object another Application of the cluster builds on head fails,
 *   when base's only builder of that object (the one the live object is tracked by) is another Application, or
 *   when some other builder lacks the option: that one syncs regardless and takes the object over, so the next
 *   sync of the one with the option finds it shared;
 * - the one base's only builder is keeps it when every other builder sets the option too (those fail instead);
 *   an object no Application built alone on base, whose every builder sets the option, goes to whichever syncs
 *   first: not decided here (no failure read; the co-applied warning still names the copies).
 * A failure base has too (same Application, same object, the option set there as well) is older than the pull
 * request and keeps the per-object reading, as failed-targets.ts does with the others.
 *
 * Argo CD issue 18754 (open): the first sync right after an Application is created may pass the check, the
 * comparison not having run yet; the documented behaviour is read.
 */
import { isObject } from '../manifests/context.js';
import { documentValueAt } from '../manifests/yaml-documents.js';
import type { SourceRef } from '../engine/model.js';
import type { ManifestFile } from '../manifests/load.js';
import { isClusterScoped } from '../kustomize/resource.js';
import { definedObjects } from './object-identities.js';
import { lineAtOffset } from '../util/line-ends.js';
import type { TargetController, TargetSpec } from './types.js';

/** The option as Argo CD spells it. */
export const FAIL_ON_SHARED = 'FailOnSharedResource=true';

/** Whether a sync-options list (`syncOptions` entries, or an annotation's comma-separated value) holds `option`. */
export const holdsOption = (options: unknown, option: string) =>
  (Array.isArray(options) ? options : typeof options === 'string' ? options.split(',') : []).some((o) => typeof o === 'string' && o.trim() === option);

/**
 * Whether the Application `app` sets sync option `option` for all its objects: its `spec.syncPolicy.syncOptions`, or,
 * for one an ApplicationSet generates (its position is the set's), the template's. `text`: a file's text on one side.
 */
export function appSyncOption(app: TargetController, text: (path: string) => string | undefined, option: string): boolean {
  const doc = documentValueAt(text(app.ref.file), app.ref.line);
  if (!isObject(doc) || !isObject(doc.spec)) return false;
  const spec = app.generatedBy !== undefined && isObject(doc.spec.template) && isObject(doc.spec.template.spec) ? doc.spec.template.spec : doc.spec;
  return isObject(spec.syncPolicy) && holdsOption(spec.syncPolicy.syncOptions, option);
}

/** One Argo CD Application's build on one side: `objects` maps each object's key (`Kind/namespace/name`) to its first copy's place. */
export interface AppBuild {
  readonly spec: TargetSpec;
  /** The Application's identity (target-controller.ts `controllerIdentity`): the same object on both sides. */
  readonly id: string;
  readonly name: string;
  readonly failsOnShared: boolean;
  readonly objects: ReadonlyMap<string, SourceRef>;
}

/** The object identities of one build's files, each at its first copy (a rendered stream's line at its source). */
export function buildObjects(files: readonly ManifestFile[]): Map<string, SourceRef> {
  const out = new Map<string, SourceRef>();
  for (const f of files) {
    for (const d of definedObjects(f.text, undefined)) {
      const [kind, own, ...rest] = d.key.split('/');
      const namespace = isClusterScoped(kind) ? '' : f.overrideNamespace ?? (own || f.defaultNamespace || 'default');
      const key = `${kind}/${namespace}/${rest.join('/')}`;
      if (out.has(key)) continue;
      const line = lineAtOffset(f.text, d.offset);
      out.set(key, f.sourceLines?.[line - 1] ?? { file: f.path, line });
    }
  }
  return out;
}

/** An Application whose sync fails on a shared object: the object (`NetworkPolicy shop/web-in`), its copy, and the others building it. */
export interface SharedFailure {
  readonly app: AppBuild;
  /** The object's key, as `AppBuild.objects` has it. */
  readonly key: string;
  readonly object: string;
  readonly ref: SourceRef;
  readonly sharedWith: readonly AppBuild[];
}

/** `Kind/namespace/name` as messages name an object. */
const objectText = (key: string) => {
  const [kind, namespace, ...rest] = key.split('/');
  return `${kind} ${namespace === '' ? rest.join('/') : `${namespace}/${rest.join('/')}`}`;
};

/** The Applications of `head` (one cluster) whose sync fails on a shared object, as above; one per Application, at its first such object by place. */
export function sharedFailures(head: readonly AppBuild[], base: readonly AppBuild[]): SharedFailure[] {
  if (!head.some((a) => a.failsOnShared)) return [];
  const olderOf = new Map(failing(base, new Map()).map((f) => [f.app.id, new Set(f.keys)] as const));
  const soleOnBase = new Map<string, string | undefined>();
  for (const a of base) for (const k of a.objects.keys()) soleOnBase.set(k, soleOnBase.has(k) ? undefined : a.id);
  const out: SharedFailure[] = [];
  for (const f of failing(head, soleOnBase)) {
    const keys = f.keys.filter((k) => !olderOf.get(f.app.id)?.has(k));
    if (keys.length === 0) continue;
    const at = (k: string) => f.app.objects.get(k)!;
    const key = [...keys].sort((x, y) => (at(x).file < at(y).file ? -1 : at(x).file > at(y).file ? 1 : at(x).line - at(y).line))[0];
    out.push({ app: f.app, key, object: objectText(key), ref: at(key), sharedWith: head.filter((o) => o !== f.app && o.objects.has(key)) });
  }
  return out;
}

/**
 * Each Application with the option and the keys of the objects it fails on, given which Application built each object
 * alone on the side before (`sole`; none: read as no single owner).
 */
function failing(apps: readonly AppBuild[], sole: ReadonlyMap<string, string | undefined>): { app: AppBuild; keys: string[] }[] {
  const builders = new Map<string, AppBuild[]>();
  for (const a of apps) for (const k of a.objects.keys()) (builders.get(k) ?? builders.set(k, []).get(k)!).push(a);
  return apps.flatMap((app) => {
    if (!app.failsOnShared) return [];
    const keys = [...app.objects.keys()].filter((k) => {
      const others = builders.get(k)!.filter((o) => o.id !== app.id);
      if (others.length === 0) return false;
      const owner = sole.get(k);
      return (owner !== undefined && owner !== app.id) || others.some((o) => !o.failsOnShared);
    });
    return keys.length ? [{ app, keys }] : [];
  });
}
