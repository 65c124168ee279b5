/**
 * `targets:` roots checked against what the sides hold: a configured target none of whose roots names a
 * file or folder on either side is a configuration error (exit 2), naming the file, the line of its
 * roots, the target and each root. Never analysed as an empty target: that would turn a failing diff
 * into a pass (unmatched-roots.ts).
 */
import type { ManifestFile } from '../manifests/load.js';
import { RepoFiles } from '../targets/repo-files.js';
import { unmatchedTargets } from '../targets/unmatched-roots.js';
import { UsageError } from './errors.js';
import type { Side, SideSetup } from './sources.js';

/** Throws a UsageError when a configured target's roots match nothing on any of `sides`. */
export function checkConfiguredRoots(setup: Pick<SideSetup, 'config' | 'configFile' | 'targetLines'>, sides: readonly Pick<Side, 'paths'>[]): void {
  if (setup.config.targets.length === 0) return;
  const trees = sides.map((s) => new RepoFiles(s.paths.map((path): ManifestFile => ({ path, text: '' }))));
  const bad = unmatchedTargets(setup.config.targets, trees);
  if (bad.length === 0) return;
  const file = setup.configFile ?? 'the configuration';
  const lines = bad.map(({ index, target }) => {
    const line = setup.targetLines?.[index];
    const roots = target.roots.map((r) => JSON.stringify(r)).join(', ');
    const what = target.roots.length === 1 ? `root ${roots} matches` : `roots ${roots} match`;
    return `${file}${line === undefined ? '' : `:${line}`}: targets[${index}].roots: target "${target.name}": ${what} no file or folder in ${sides.length === 1 ? 'what is read' : 'base or head'}`;
  });
  throw new UsageError(`${lines.join('\n')}\n(roots are repository-relative folders, kustomizations, files or globs; fix the root or remove the target)`);
}
