/**
 * The plain manifests a bundle sub-folder is applied with. A folder of policies that is an alternative
 * bundle (it defines an AdminNetworkPolicy another folder defines too) usually exists to protect the
 * workloads of the folder above it: network-policy-api's policy-assistant walkthrough applies
 * `demo-deployment-a.yaml` and `policies/*.yaml` together. Analysed apart, the workloads read as open to
 * everything and the policies close paths only for pods the manifests do not hold (real-eval 12, C /
 * repro 06). A bundle folder grows first to the highest folder holding no other alternative
 * (lifted-bundles.ts: the walkthrough's `policies/` becomes `demos/walkthrough`), so what is left here
 * are bundles whose parent holds another alternative (`app/v1` and `app/v2` under `app/`) and files of a
 * folder whose files redefine each other.
 *
 * A bundle (a folder, or a file of a folder whose files redefine each other; not a union of folders)
 * gets the plain manifests that lie directly in each folder above its folder, at any depth up to the
 * repository's root (a conformance suite's layout, analysed when `--path` brings a top-level `conformance/`
 * back: `conformance/base/manifests.yaml` beside `baseline_admin_network_policy/*.yaml`, each file a bundle), when
 *   - no bundle holds a file of that folder (a folder of alternatives is no part of what its sub-folders
 *     are applied with), and
 *   - the folder's objects are of the bundle's namespaces: an object of a namespace the bundle's objects
 *     are in (namespace-less objects are all of one namespace), a Namespace of one of them, or any object
 *     when the bundle holds an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy (they select namespaces
 *     cluster-wide).
 * Several bundles under one folder each get its files (whichever is applied protects them). The files
 * leave the plain-manifest target, so its workloads are not also reported alone, unfenced; unless other
 * plain manifests lie under that folder (a sibling sub-folder no bundle holds), which are applied with it
 * as before: then the plain-manifest target keeps them too.
 */
import { API_CLUSTER_POLICY_KIND_NAMES, policyKindAlternatives } from '../manifests/policy-kinds.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

/** Where a bundle's parent folders' files go: each bundle's folders, and the files the plain-manifest target keeps. */
export interface BundleParents {
  /** Bundle unit → the folders above it whose plain files it is analysed with, nearest first. */
  readonly folders: ReadonlyMap<string, readonly string[]>;
  /** Bundle unit → those files, in `rest`'s order. */
  readonly files: ReadonlyMap<string, readonly string[]>;
  /** Files of `rest` given to a bundle and no longer part of the plain-manifest target. */
  readonly moved: ReadonlySet<string>;
  /** Folders whose files a bundle gets and the plain-manifest target keeps too (other plain files lie under them). */
  readonly kept: ReadonlySet<string>;
}

/** Identities of the cluster-scoped policy kinds (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy). */
const CLUSTER_WIDE = new RegExp(`^(?:${policyKindAlternatives(API_CLUSTER_POLICY_KIND_NAMES)})/`);

/**
 * `members`: bundle unit → its files; `keys`: unit → the objects (`Kind/namespace/name`) its files define;
 * `rest`: the plain files no bundle holds (path order), each with the objects it defines.
 */
export function bundleParents(
  members: ReadonlyMap<string, readonly string[]>,
  keys: ReadonlyMap<string, ReadonlySet<string>>,
  rest: readonly { readonly path: string; readonly keys: readonly string[] }[],
): BundleParents {
  const folders = new Map<string, string[]>();
  const files = new Map<string, string[]>();
  if (rest.length === 0) return { folders, files, moved: new Set(), kept: new Set() };
  const held = new Set([...members.values()].flatMap((paths) => paths.map(dirOf)));
  const restIn = new Map<string, { readonly path: string; readonly keys: readonly string[] }[]>();
  for (const f of rest) (restIn.get(dirOf(f.path)) ?? restIn.set(dirOf(f.path), []).get(dirOf(f.path))!).push(f);
  for (const [unit, paths] of members) {
    // Its folder: a folder unit's own (`.`, the root, has none above it), a file unit's the file's; not a union's.
    const fileUnit = paths.length === 1 && paths[0] === unit;
    const home = fileUnit ? dirOf(unit) : unit;
    if (home === '.' || (fileUnit && home === '') || !paths.every((p) => dirOf(p) === home)) continue;
    const own = keys.get(unit) ?? new Set<string>();
    const clusterWide = [...own].some((k) => CLUSTER_WIDE.test(k));
    const namespaces = new Set([...own].map((k) => k.split('/')[1]));
    const related = (key: string) => {
      const [kind, namespace, ...name] = key.split('/');
      return clusterWide || namespaces.has(namespace) || (kind === 'Namespace' && namespaces.has(name.join('/')));
    };
    for (let folder = dirOf(home); ; folder = dirOf(folder)) {
      const plain = restIn.get(folder);
      if (plain && !held.has(folder) && plain.some((f) => f.keys.some(related))) {
        (folders.get(unit) ?? folders.set(unit, []).get(unit)!).push(folder);
        (files.get(unit) ?? files.set(unit, []).get(unit)!).push(...plain.map((f) => f.path));
      }
      if (folder === '') break;
    }
  }
  const given = new Set([...folders.values()].flat());
  const taken = new Set([...files.values()].flat());
  // A folder with other plain files under it (not its own, not given to a bundle) stays with them in the plain manifests.
  const kept = new Set([...given].filter((folder) => rest.some((f) => !taken.has(f.path) && inFolder(f.path, folder))));
  const moved = new Set([...taken].filter((path) => !kept.has(dirOf(path))));
  for (const [unit, list] of files) {
    const mine = new Set(list);
    files.set(unit, rest.map((f) => f.path).filter((p) => mine.has(p)));
  }
  return { folders, files, moved, kept };
}
