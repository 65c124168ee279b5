/**
 * Controllers that apply nothing until someone acts: a Flux Kustomization with `spec.suspend: true` is not
 * reconciled (kustomize.toolkit.fluxcd.io/v1, "Suspend": no build, no apply, no garbage collection until it is
 * resumed); an Argo CD Application without an automated sync policy is synced only when someone asks (Argo CD
 * "Automated Sync Policy": a change makes it OutOfSync, nothing more). Merging deploys none of a change to their
 * files; resuming, or the sync, deploys all of it. The target is analysed as deployed, which is what the change does
 * once the controller runs (the safe side: a file that will deploy is never "no change"), and the report says
 * plainly, per target, that merging alone deploys nothing there: a `SUSPENDED` or `MANUAL_SYNC` notice at the
 * setting's line naming the changed files its build reads, and a clause in the verdict (report/suspended-clause.ts).
 */
import type { SourceRef } from '../engine/model.js';
import type { Notice, TargetSpec } from './types.js';
import { controllerText } from './target-controller.js';
import { firstAndMore } from '../util/and-list.js';
import { isDeepStrictEqual } from 'node:util';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { isObject } from '../manifests/context.js';

/** A suspended or manually synced target whose files the change touches (DiffReport `suspended`). */
export interface SuspendedTarget {
  /** `Flux Kustomization vault`, `Application shop`. */
  readonly what: string;
  /** What it waits for: Flux's resume, or an Argo CD sync someone starts. */
  readonly how: 'suspend' | 'manual-sync';
  /** The setting as the note says it (`spec.suspend: true`, `no spec.syncPolicy.automated`). */
  readonly setting: string;
  /** Where the setting is written (TargetSpec `suspended.ref`). */
  readonly ref: SourceRef;
  /** Changed files its build reads, sorted. */
  readonly changedFiles: readonly string[];
}

/**
 * The targets among `specs` (one cluster model's head targets) that are suspended or synced by hand and whose
 * build reads a changed file (`changedRead`: those files of one target), each controller once.
 */
export function suspendedTargets(specs: readonly TargetSpec[], changedRead: (t: TargetSpec) => readonly string[]): SuspendedTarget[] {
  const out: SuspendedTarget[] = [];
  for (const t of specs) {
    if (!t.suspended) continue;
    const what = t.controller ? controllerText(t.controller) : t.name;
    if (out.some((s) => s.what === what && s.ref.file === t.suspended!.ref.file && s.ref.line === t.suspended!.ref.line)) continue;
    const changedFiles = [...changedRead(t)].sort();
    if (changedFiles.length) out.push({ what, how: t.suspended.how, setting: t.suspended.setting, ref: t.suspended.ref, changedFiles });
  }
  return out;
}

/**
 * A controller object's document (`documentValueAt`) without the setting that makes it wait (Flux `spec.suspend`, an
 * Application's `spec.syncPolicy.automated`, an ApplicationSet's in its template), objects left empty dropped: a
 * change of the object that only suspends it is deployed on merge, so it is no change waiting for the resume
 * (own-controller-file.ts `counted`). Other documents as they are.
 */
export function withoutWaitSetting(document: unknown): unknown {
  const kind = isObject(document) ? document.kind : undefined;
  const path = kind === 'Kustomization' ? ['spec', 'suspend'] : kind === 'Application' ? ['spec', 'syncPolicy', 'automated'] : kind === 'ApplicationSet' ? ['spec', 'template', 'spec', 'syncPolicy', 'automated'] : [];
  return without(document, path);
}

/** `value` without the key at `path`, and without the objects that leaves empty on the way. */
function without(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || !isObject(value) || !(path[0] in value)) return value;
  const { [path[0]]: inner, ...rest } = value;
  if (path.length === 1) return rest;
  const kept = without(inner, path.slice(1));
  return isObject(kept) && Object.keys(kept).length === 0 ? rest : { ...rest, [path[0]]: kept };
}

/**
 * One notice per target: `Flux Kustomization vault is suspended (spec.suspend: true): Flux applies nothing of it
 * until it is resumed, so merging deploys none of this change to it; …. Changed here: …`; `Application shop is
 * synced by hand (no spec.syncPolicy.automated): Argo CD applies nothing of it until someone syncs it, …`.
 */
export function suspendedNotices(suspended: readonly SuspendedTarget[]): Notice[] {
  return suspended.map((s) => {
    const changed = `Changed here: ${firstAndMore(s.changedFiles, 3)}`;
    if (s.how === 'manual-sync') {
      return {
        code: 'MANUAL_SYNC' as const,
        message: `${s.what} is synced by hand (${s.setting}): Argo CD applies nothing of it until someone syncs it, so merging deploys none of this change to it; what the report says of it is what that sync deploys. ${changed}`,
        ref: s.ref,
      };
    }
    return {
      code: 'SUSPENDED' as const,
      message: `${s.what} is suspended (${s.setting}): Flux applies nothing of it until it is resumed, so merging deploys none of this change to it; what the report says of it is what resuming deploys. ${changed}`,
      ref: s.ref,
    };
  });
}

/**
 * Whether a changed file's two versions hold the same documents (comments, spacing or quoting edited, nothing a
 * controller applies): then the change deploys nothing there worth waiting for, and the verdict's clause leaves
 * the target out (its note stays). A file added, removed or not parsed whole is a change.
 */
export function sameDocuments(base: string | undefined, head: string | undefined): boolean {
  if (base === undefined || head === undefined) return false;
  const [b, h] = [parseDocuments(base, 'kubectl'), parseDocuments(head, 'kubectl')];
  return b.length === h.length && b.every((d, i) => d.error === undefined && h[i].error === undefined && isDeepStrictEqual(d.value, h[i].value));
}
