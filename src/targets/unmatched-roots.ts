/**
 * Configured targets (`targets:` of the configuration) whose roots name nothing at all: no root matches
 * a file or folder on any side. That is a typo in the configuration, never a target to analyse as empty
 * (which would turn a failing diff into a pass). A root missing on one side only (a folder the change
 * adds or removes) is a MISSING_ROOT notice of that side (target-files.ts). Targets a controller object
 * names (Argo CD, Flux) are not the configuration's: theirs stay notices.
 */
import type { RepoFiles } from './repo-files.js';
import { rootPaths } from './root-paths.js';
import type { TargetSpec } from './types.js';

export interface UnmatchedTarget {
  /** Index of the target in `targets:`. */
  readonly index: number;
  readonly target: TargetSpec;
}

/**
 * `targets`: the configuration's targets, in file order. `sides`: every path of each side (base and
 * head, or the one side read), not narrowed by `--path` or `manifests:` (a narrowed-out root still exists).
 * Targets without roots (only `helm` or `render`) are never unmatched.
 */
export function unmatchedTargets(targets: readonly TargetSpec[], sides: readonly RepoFiles[]): UnmatchedTarget[] {
  return targets.flatMap((target, index) => {
    if (target.origin !== 'config' || target.roots.length === 0) return [];
    const matches = target.roots.some((root) => sides.some((files) => rootPaths(root, files).length > 0));
    return matches ? [] : [{ index, target }];
  });
}
