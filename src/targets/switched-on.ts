/**
 * A Flux Kustomization that base left out as switched off (unlisted-kustomizations.ts: its folder's
 * kustomization does not list its file) and head deploys is new because the change lists it, not because a
 * parent's build failed on base. flux-clusters.ts `apartWhenNewInTree` takes a tree's target that base has no
 * target of, whose document base's file already holds, as new only because its parent failed on base, and
 * keeps it out of its tree's model; for a switched-on app that guess is refuted by base's own reading, and
 * apart from its tree it met none of its cluster's workloads and policies: an app switched on read as a model
 * of its own, "new in this change", 3 paths opened (itself and the internet), where in its cluster every
 * workload whose egress allows it reached it, and a namespace's default-deny would have selected it
 * (real repositories 45).
 */
import type { SwitchedOff, TargetSpec } from './types.js';

/**
 * `apart` (`apartWhenNewInTree(base, head, …)`, index for index with `head`) with head's own target back for each
 * one taken apart that `baseSwitchedOff` names: the same Kustomization (its name, in the same file) that base
 * left out as switched off.
 */
export function switchedOnInTree(apart: readonly TargetSpec[], head: readonly TargetSpec[], baseSwitchedOff: readonly SwitchedOff[] | undefined): TargetSpec[] {
  if (!baseSwitchedOff?.length) return [...apart];
  const off = new Set(baseSwitchedOff.map((s) => `${s.ref.file}\0${s.name}`));
  return apart.map((t, i) => {
    const own = head[i];
    if (t === own || own.controller === undefined || own.ref === undefined) return t;
    return off.has(`${own.ref.file}\0${own.controller.name}`) ? own : t;
  });
}
