/**
 * A "no change" that holds only under a fold's assumption (analysis/types.ts `AssumedFold`): targets only
 * one side has were taken as deployed with a target both sides have, and had they not been, the change
 * would open or close paths. Real-eval 8 (kubeflow b9dddd282): the change moved an optional `contrib/`
 * kustomization into the main install and listed it there; the report read "No change" (exit 0, ✅) with
 * the other reading, 48,202 paths closed, only in a note. The verdict leads with both readings (verdict.ts),
 * and such a "no change" is not proven (unproven.ts). Policies moved into files no target builds are read
 * the same way (real-eval 9, F; targets/unbuilt-moves.ts): no change if the destination is applied.
 */
import type { AssumedFold } from '../analysis/types.js';
import { plural } from '../util/plural.js';

/**
 * `contrib/netpol was deployed on its own` (base's folded in), `policies is deployed on its own` (head's split
 * out), `the policies moved to kustomize/components/network-policy are applied` (moved where no target builds).
 */
export function foldCondition(fold: AssumedFold): string {
  if (fold.unbuilt?.length) return `the policies moved to ${listed(foldersOf(fold.unbuilt))} are applied`;
  const ns = fold.olds.length ? fold.olds : fold.news;
  const names = ns.join(', ').replace(/, ([^,]*)$/, ' and $1');
  const verb = fold.olds.length ? (ns.length === 1 ? 'was' : 'were') : ns.length === 1 ? 'is' : 'are';
  return `${names} ${verb} deployed on ${ns.length === 1 ? 'its' : 'their'} own`;
}

/** `opens 2 paths and closes 40 paths`. */
export function foldEffect(fold: Pick<AssumedFold, 'opened' | 'closed'>): string {
  const parts = [...(fold.opened ? [`opens ${plural(fold.opened, 'path')}`] : []), ...(fold.closed ? [`closes ${plural(fold.closed, 'path')}`] : [])];
  return parts.length ? parts.join(' and ') : 'opens or closes no path';
}

/** `if contrib/netpol was deployed on its own, otherwise the change closes 4 paths`: what "no change" is followed by. */
export function foldClause(fold: AssumedFold): string {
  return `if ${foldCondition(fold)}, otherwise the change ${foldEffect(fold)}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(names: readonly string[]): string {
  return names.join(', ').replace(/, ([^,]*)$/, ' and $1');
}

/** Distinct folders of these files, sorted: `kustomize/components/network-policy`. */
function foldersOf(paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.')))].sort();
}
