/**
 * A Flux Kustomization that base left out as switched off (unlisted-kustomizations.ts: its folder's
 * kustomization does not list its file) and head deploys is new because the change lists it, not because a
 * parent's build failed on base. flux-clusters.ts `apartWhenNewInTree` takes a tree's target that base has no
 * target of, whose document base's file already holds, as new only because its parent failed on base, and
 * keeps it out of its tree's model; for a switched-on app that guess is refuted by base's own reading, and
 * apart from its tree it met none of its cluster's workloads and policies: an app switched on read as a model
 * of its own, "new in this change", 3 paths opened (itself and the internet), where in its cluster every
 * workload whose egress allows it reached it, and a namespace's default-deny would have selected it
 * (real repositories 45). failed-targets.ts makes the same guess of a new target's rejected first apply (read per
 * object, not as applying nothing): one guess, refuted alike (`newByFailedParent`).
 */
import { listedByFailedParent } from './flux-clusters.js';
import type { SwitchedOff, TargetSpec } from './types.js';

/**
 * Whether head's target `t` is a Kustomization `baseSwitchedOff` names (its namespace and name, in the same file): one
 * base left out as switched off, which head deploys because the change lists it. Two of one name in one file, in
 * two namespaces, are two Kustomizations (Flux's object key is namespace and name).
 */
export function switchedOnBy(baseSwitchedOff: readonly SwitchedOff[] | undefined): (t: TargetSpec) => boolean {
  const key = (file: string, namespace: string | undefined, name: string) => `${file}\0${namespace ?? ''}\0${name}`;
  const off = new Set((baseSwitchedOff ?? []).map((s) => key(s.ref.file, s.namespace, s.name)));
  return (t) => off.size > 0 && t.controller !== undefined && t.ref !== undefined && off.has(key(t.ref.file, t.controller.namespace, t.controller.name));
}

/**
 * flux-clusters.ts `listedByFailedParent` (a target base has no target of may be new only because its parent's build
 * failed on base) unless `t` is switched on by the change (`switchedOnBy`): base's own reading says why it is new. The
 * one guess every reader of a new Flux target makes (the tree's model here, failed-targets.ts's first apply).
 * `onBase`: base's text of a file (undefined: base has none).
 */
export function newByFailedParent(t: TargetSpec, onBase: (path: string) => string | undefined, baseSwitchedOff: readonly SwitchedOff[] | undefined): boolean {
  return listedByFailedParent(t, onBase) && !switchedOnBy(baseSwitchedOff)(t);
}

/**
 * `apart` (`apartWhenNewInTree(base, head, …)`, index for index with `head`) with head's own target back for each
 * one taken apart that is switched on by the change (`switchedOnBy`).
 */
export function switchedOnInTree(apart: readonly TargetSpec[], head: readonly TargetSpec[], baseSwitchedOff: readonly SwitchedOff[] | undefined): TargetSpec[] {
  const switchedOn = switchedOnBy(baseSwitchedOff);
  return apart.map((t, i) => (t !== head[i] && switchedOn(head[i]) ? head[i] : t));
}
