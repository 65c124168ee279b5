/**
 * Controllers that apply nothing until someone acts: a Flux Kustomization with `spec.suspend: true` is not
 * reconciled (kustomize.toolkit.fluxcd.io/v1, "Suspend": no build, no apply, no garbage collection until it is
 * resumed). Merging deploys none of a change to its files; resuming deploys all of it. The target is analysed
 * as deployed, which is what the change does once the Kustomization runs again (the safe side: a file that will
 * deploy is never "no change"), and the report says plainly, per target, that merging alone deploys nothing
 * there: a `SUSPENDED` notice at the `suspend:` line naming the changed files its build reads, and a clause in
 * the verdict (report/verdict.ts).
 */
import type { SourceRef } from '../engine/model.js';
import type { Notice, TargetSpec } from './types.js';
import { firstAndMore } from '../util/and-list.js';

/** A suspended target whose files the change touches (DiffReport `suspended`). */
export interface SuspendedTarget {
  /** `Flux Kustomization vault`. */
  readonly what: string;
  /** The `suspend:` line. */
  readonly ref: SourceRef;
  /** Changed files its build reads, sorted. */
  readonly changedFiles: readonly string[];
}

/**
 * The targets among `specs` (one cluster model's head targets) that are suspended and whose build reads a
 * changed file (`changedRead`: those files of one target), each once.
 */
export function suspendedTargets(specs: readonly TargetSpec[], changedRead: (t: TargetSpec) => readonly string[]): SuspendedTarget[] {
  const out: SuspendedTarget[] = [];
  for (const t of specs) {
    if (!t.suspended || out.some((s) => s.ref.file === t.suspended!.ref.file && s.ref.line === t.suspended!.ref.line)) continue;
    const changedFiles = [...changedRead(t)].sort();
    if (changedFiles.length) out.push({ what: `Flux Kustomization ${t.controller?.name ?? t.name}`, ref: t.suspended.ref, changedFiles });
  }
  return out;
}

/**
 * One notice per suspended target: `Flux Kustomization vault is suspended (spec.suspend: true): merging deploys
 * none of this change to it; it is analysed as deployed, which it is once resumed. Changed here: …`.
 */
export function suspendedNotices(suspended: readonly SuspendedTarget[]): Notice[] {
  return suspended.map((s) => ({
    code: 'SUSPENDED',
    message: `${s.what} is suspended (spec.suspend: true): Flux applies nothing of it until it is resumed, so merging deploys none of this change to it; what the report says of it is what resuming deploys. Changed here: ${firstAndMore(s.changedFiles, 3)}`,
    ref: s.ref,
  }));
}

/** The verdict's clause: `Flux Kustomization vault is suspended: this change deploys there when it resumes, not on merge (see the notes)`. */
export function suspendedClause(suspended: readonly { readonly what: string }[]): string {
  if (suspended.length === 0) return '';
  const one = suspended.length === 1;
  return `${one ? suspended[0].what : `${suspended.length} targets (${firstAndMore(suspended.map((s) => s.what), 2)})`} ${one ? 'is' : 'are'} suspended: this change deploys there when ${one ? 'it resumes' : 'they resume'}, not on merge (see the notes)`;
}
