import { dirOf, inFolder } from '../util/repo-paths.js';
/**
 * Alternative bundles are the highest folders whose contents duplicate each other, not the smallest.
 * A plain-manifest repository with one folder per environment (`envs/prod/{namespaces.yaml,apps/*,policies/*}`
 * and the same under `envs/staging`) repeats every app folder and the policies folder in each environment;
 * taken pair by pair, `envs/prod/apps/shop` and `envs/prod/policies` were alternative bundles of their own,
 * so the policies were never analysed with the workloads they select: a policy change lost its concrete
 * opened and closed paths (an outage not reported as closed) and most findings.
 *
 * A folder unit (alternative-bundles.ts: a folder's own files) that has an alternative grows to the highest
 * folder above it that holds no two units that are alternatives of each other: for `envs/prod/apps/shop`
 * and `envs/staging/apps/shop`, the folders just below their deepest common ancestor (`envs/prod`,
 * `envs/staging`), and every plain file under that folder joins it (the environment's `namespaces.yaml`,
 * an app only that environment has). Every unit's highest such folder is the same whichever alternative is
 * asked (a folder holding two alternatives holds them for every pair), so the grown units never nest. Units
 * that cannot grow stay as they were: a file of a folder whose files redefine each other (`install.yaml`
 * beside `namespace-install.yaml`), the repository's top folder, and a folder whose own sub-folder is its
 * alternative (`deploy/` and `deploy/ha/`); so do folders whose parent holds another alternative
 * (`app/v1` and `app/v2`). A grown unit is named by the deepest folder holding all its files (`envs/prod`
 * when `envs/` holds nothing else).
 */

/**
 * `paths`: every plain file (path order); `units`: the units (a file's path for a file unit, a folder or
 * `.` for a folder unit); `conflicts`: pairs of units that are alternatives of each other. Returns the
 * file → its grown unit, for the files whose unit changes (empty when none grows).
 */
export function liftedUnits(paths: readonly string[], units: ReadonlySet<string>, conflicts: readonly { readonly a: string; readonly b: string }[]): Map<string, string> {
  const fileSet = new Set(paths);
  const isFileUnit = (unit: string) => fileSet.has(unit);
  const home = (unit: string) => (unit === '.' ? '' : unit);
  const holds = (folder: string, unit: string) => (isFileUnit(unit) ? inFolder(unit, folder) : folder === home(unit) || inFolder(home(unit), folder));
  const free = new Map<string, boolean>();
  const isFree = (folder: string) => {
    let known = free.get(folder);
    if (known === undefined) free.set(folder, (known = !conflicts.some((c) => holds(folder, c.a) && holds(folder, c.b))));
    return known;
  };
  const tops = new Set<string>();
  for (const unit of new Set(conflicts.flatMap((c) => [c.a, c.b]))) {
    if (isFileUnit(unit) || unit === '.' || !units.has(unit) || !isFree(unit)) continue;
    let top = unit;
    while (top !== '' && dirOf(top) !== '' && isFree(dirOf(top))) top = dirOf(top);
    tops.add(top);
  }
  // The files under each grown folder, and the deepest folder holding them all (its name).
  const under = new Map<string, string[]>();
  for (const path of paths) {
    for (let folder = dirOf(path); folder !== ''; folder = dirOf(folder)) {
      if (tops.has(folder)) {
        (under.get(folder) ?? under.set(folder, []).get(folder)!).push(path);
        break;
      }
    }
  }
  const out = new Map<string, string>();
  for (const [, files] of under) {
    const name = files.map(dirOf).reduce(commonFolder);
    for (const f of files) out.set(f, name);
  }
  return out;
}

/** The deepest folder holding both (`''` for the top). */
function commonFolder(a: string, b: string): string {
  while (a !== b && a !== '' && !inFolder(b, a)) a = dirOf(a);
  return a;
}
