/**
 * Plain manifests that redefine each other's objects are alternatives, not one deployment: a project's
 * `install.yaml` and `ha/install.yaml` (argo-cd) each define the same Deployments, and exactly one of
 * them is applied. Read as one cluster, the objects only one of them has meet (the non-HA bundle's redis
 * reaching the HA bundle's haproxy), and the report invents paths no deployment has.
 *
 * The plain files are grouped into units: a folder's files, except that files of one folder that define
 * the same object are each a unit of their own (`install.yaml`, `namespace-install.yaml` side by side).
 * Units that define a workload or a policy another unit also defines (same kind, namespace and name) are
 * alternative bundles: each is a target of its own, named by its file when it has one, else by its folder.
 * A folder unit grows to the highest folder above it holding no two alternatives, with every plain file
 * under it (an environment's folder, not its app folders: lifted-bundles.ts); a bundle that cannot grow
 * takes the plain files of the folders above it (bundle-parents.ts).
 * Only those kinds decide: two bundles of one app each run its workloads (and hold its policies), while a
 * shared CRD, ConfigMap, Secret, RBAC object, ServiceAccount or Namespace is usually a copy beside a
 * deployment (a CRD folder for code generation, a test's copy of a ConfigMap, a Namespace each app folder
 * repeats), and splitting on it cut a deployed folder from what is applied with it (real-eval 9, C1:
 * a policy moved between two folders applied to one namespace read as paths opened). The other units
 * stay together as the plain-manifest target. A unit that repeats several others together (`release/` =
 * `kubernetes-manifests/` + `istio-manifests/`) is the alternative of their union, which is one bundle
 * (`istio-manifests + kubernetes-manifests`), not one per folder (union-bundles.ts). A namespace-less object's namespace is the one
 * `namespaceFromPath` gives its file, else none (every plain file gets the same default). Config Sync
 * repositories are left whole: Config Sync places namespace-less objects by folder and by selector
 * (config-sync.ts), so the same name in two folders is two objects.
 *
 * Namespace-less copies in folders named after namespaces (`namespaces/dev/app.yaml`, `namespaces/prod/app.yaml`
 * without `namespaceFromPath`) are split the same way: read as one cluster they would collapse into one
 * object in `default`; each folder alone is a truer model, and the notice names `namespaceFromPath`.
 * An object defined twice within one unit stays what the loader makes of it (the last copy, a
 * `DUPLICATE_OBJECT` warning: src/manifests/last-copy.ts).
 */
import { objectOwner } from '../manifests/load.js';
import { namespaceFromPath } from './namespace-from-path.js';
import { plural } from '../util/plural.js';
import { decidingObjects, definedObjects } from './object-identities.js';
import { lineAtOffset } from '../util/line-ends.js';
import { unionParts } from './union-bundles.js';
import { liftedUnits } from './lifted-bundles.js';
import { bundleParents, type BundleParents } from './bundle-parents.js';
import { andList, namedItems } from '../util/and-list.js';
import type { SourceRef } from '../engine/model.js';
import type { Notice } from './types.js';
import { dirOf } from '../util/repo-paths.js';

export interface Bundle {
  /** The file of a bundle of one file, else the folder (`.` for the top). */
  readonly name: string;
  readonly files: readonly string[];
  /** One line: what it redefines, and where. */
  readonly why: string;
  /**
   * The bundle it is an alternative to (its name), and what both define (`Deployment shop/api`);
   * `withFolders`: the folders above a bundle sub-folder whose plain files it is analysed with (bundle-parents.ts).
   */
  readonly alternativeTo: { readonly bundle: string; readonly shared: string; readonly variant?: true; readonly withFolders?: readonly string[] };
}

export interface BundleSplit {
  /** Plain files no other unit contradicts: the plain-manifest target, as before. */
  readonly rest: readonly string[];
  readonly bundles: readonly Bundle[];
  readonly notices: readonly Notice[];
}

/** Pairs named in the notice; the rest are counted. */
const NAMED_PAIRS = 3;

/** `files` (plain manifests, path order) split into alternative bundles and the rest; `pattern`: the top-level `namespaceFromPath`. */
export function alternativeBundles(files: readonly { readonly path: string; readonly text: string }[], pattern?: string): BundleSplit {
  const whole: BundleSplit = { rest: files.map((f) => f.path), bundles: [], notices: [] };
  if (files.length < 2) return whole;
  const fromPath = pattern ? namespaceFromPath(pattern) : () => undefined;
  const objects = (f: { readonly path: string; readonly text: string }) => definedObjects(f.text, fromPath(f.path));
  const defining = (f: { readonly path: string; readonly text: string }) => decidingObjects(f.text, fromPath(f.path));
  /** Object key → the file defining it, or the files when several do (most objects: one file, no array). */
  const definedBy = new Map<string, string | string[]>();
  let redefined = false;
  // Indexed loops and no namespace asked of a path when no pattern gives one: this runs once per plain file of each side.
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const deciding = decidingObjects(f.text, pattern ? fromPath(f.path) : undefined);
    for (let j = 0; j < deciding.length; j++) {
      const key = deciding[j].key;
      const known = definedBy.get(key);
      if (known === undefined) definedBy.set(key, f.path);
      else if (typeof known !== 'string') {
        if (!known.includes(f.path)) known.push(f.path);
      } else if (known !== f.path) {
        definedBy.set(key, [known, f.path]);
        redefined = true;
      }
    }
  }
  if (!redefined) return whole;
  if (files.some((f) => f.text.includes('configmanagement.gke.io') || f.text.includes('configsync.gke.io'))) return whole;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const definers = new Map([...definedBy].filter((e): e is [string, string[]] => Array.isArray(e[1])));
  // Units: folders, with the files of a folder that redefine each other's objects split out.
  const unitOf = new Map<string, string>();
  for (const [, paths] of definers) {
    for (const p of paths) if (paths.some((q) => q !== p && dirOf(q) === dirOf(p))) unitOf.set(p, p);
  }
  for (const f of files) if (!unitOf.has(f.path)) unitOf.set(f.path, dirOf(f.path) || '.');
  /** Pairs of units that define the same workload or policy, one per pair, with the first such object and where the second unit defines it. */
  const conflictsOf = () => {
    const found: { readonly a: string; readonly b: string; readonly key: string; readonly ref: SourceRef }[] = [];
    const seen = new Set<string>();
    for (const [key, paths] of definers) {
      for (let i = 0; i < paths.length; i++) {
        for (let j = i + 1; j < paths.length; j++) {
          const [a, b] = [unitOf.get(paths[i])!, unitOf.get(paths[j])!];
          if (a === b || seen.has(`${a}\0${b}`)) continue;
          seen.add(`${a}\0${b}`).add(`${b}\0${a}`);
          const file = byPath.get(paths[j])!;
          const offset = defining(file).find((d) => d.key === key)!.offset;
          found.push({ a, b, key, ref: { file: file.path, line: lineAtOffset(file.text, offset) } });
        }
      }
    }
    return found;
  };
  let conflicts = conflictsOf();
  if (conflicts.length === 0) return whole;
  // Each folder unit grows to the highest folder above it holding no two alternatives: an environment, not its app folders (lifted-bundles.ts).
  const lifted = liftedUnits(files.map((f) => f.path), new Set(unitOf.values()), conflicts);
  if (lifted.size) {
    for (const f of files) unitOf.set(f.path, lifted.get(f.path) ?? unitOf.get(f.path)!);
    conflicts = conflictsOf();
  }
  // A unit that repeats several others together is the alternative of their union: they are one unit (union-bundles.ts).
  const keys = new Map<string, Set<string>>();
  for (const f of files) {
    const unit = unitOf.get(f.path)!;
    const set = keys.get(unit) ?? keys.set(unit, new Set()).get(unit)!;
    for (const d of objects(f)) set.add(d.key);
  }
  const alternativesOf = new Map<string, Set<string>>();
  for (const c of conflicts) for (const [x, y] of [[c.a, c.b], [c.b, c.a]]) (alternativesOf.get(x) ?? alternativesOf.set(x, new Set()).get(x)!).add(y);
  const unions = unionParts(keys, alternativesOf);
  if (unions.size) {
    for (const f of files) unitOf.set(f.path, unions.get(unitOf.get(f.path)!) ?? unitOf.get(f.path)!);
    conflicts = conflictsOf();
  }
  if (conflicts.length === 0) return whole;
  const split = new Set(conflicts.flatMap((c) => [c.a, c.b]));
  const members = new Map<string, string[]>();
  const rest: string[] = [];
  for (const f of files) {
    const unit = unitOf.get(f.path)!;
    if (split.has(unit)) (members.get(unit) ?? members.set(unit, []).get(unit)!).push(f.path);
    else rest.push(f.path);
  }
  // A unit of one file is named by the file (`install.yaml`, `ha/install.yaml`): clearer than its folder.
  const named = (unit: string) => (members.get(unit)?.length === 1 ? members.get(unit)![0] : unit);
  // Variants of one object are analysed with the rest of the plain manifests, which then is no target of its own.
  const restKeys = rest.map((r) => ({ path: r, keys: objects(byPath.get(r)!).map((d) => d.key) }));
  const variants = objectVariants(members, unitOf, keys, restKeys.flatMap((f) => f.keys.map((key) => ({ folder: dirOf(f.path), key }))));
  const shared = variants.size ? rest : [];
  // A bundle sub-folder is analysed with the plain files of the folders above it (bundle-parents.ts).
  const parents = bundleParents(members, keys, restKeys);
  const order = new Map(files.map((f, i) => [f.path, i]));
  const inOrder = (paths: readonly string[]) => [...paths].sort((a, b) => order.get(a)! - order.get(b)!);
  const bundles = [...members].map(([unit, paths]): Bundle => {
    const c = conflicts.find((x) => x.a === unit || x.b === unit)!;
    const other = named(c.a === unit ? c.b : c.a);
    if (variants.has(unit)) {
      const why = `the plain manifests with ${unit}, a variant of ${describe(c.key)} that ${other} also defines (one of them is applied)`;
      return { name: unit, files: [...shared, unit], why, alternativeTo: { bundle: other, shared: describe(c.key), variant: true } };
    }
    const above = parents.folders.get(unit);
    const alternativeTo = { bundle: other, shared: describe(c.key), ...(above ? { withFolders: above.map((f) => f || '.') } : {}) };
    const withText = above ? `, with the plain manifests of ${andList(above.map((f) => f || '.'))} above it` : '';
    return { name: named(unit), files: inOrder([...paths, ...(parents.files.get(unit) ?? [])]), why: `plain manifests that are an alternative to ${other} (both define ${describe(c.key)})${withText}`, alternativeTo };
  });
  const pairs = namedItems(conflicts, NAMED_PAIRS).named.map((c) => `${named(c.a)} and ${named(c.b)} both define ${describe(c.key)}`);
  const unnamed = conflicts.length - pairs.length;
  const more = unnamed > 0 ? `, and ${plural(unnamed, 'more pair')}` : '';
  const asVariants = variants.size ? `; ${[...variants].join(', ')} taken as variants of one object of which one is applied, each analysed with the other plain manifests` : '';
  const withParents = parentsClause(parents, named);
  const message = `${pairs.join('; ')}${more}: taken as alternative bundles of plain manifests (never applied together in one namespace), each analysed as its own target (${bundles.map((b) => b.name).join(', ')}), so no path is reported between objects of different bundles${withParents}${asVariants}; if they are copies for different namespaces of one cluster, set namespaceFromPath`;
  return { rest: variants.size ? [] : rest.filter((r) => !parents.moved.has(r)), bundles, notices: [{ code: 'ALTERNATIVE_BUNDLES', message, ref: conflicts[0].ref, ...(!withParents && !asVariants ? { pairs: `${pairs.join('; ')}${more}` } : {}) }] };
}

/**
 * Variants of one object rather than bundles: split units that are each one file of a folder defining only
 * objects another split file of that folder defines too (an operator's Deployment per cluster profile, as
 * OpenShift's `07-operator.yaml` and `07-operator-ibm-cloud-managed.yaml`, which the cluster-version
 * operator applies one or the other of by its `include.release.openshift.io/*` annotation), in a folder
 * that also holds other objects of their namespace (the Namespace, its policies, RBAC). Those are applied
 * with whichever variant: each variant is analysed together with the rest of the plain manifests
 * (real-eval 11, C: analysed apart, the pod a new policy isolates read "no change" and the policy was told
 * of pods the manifests do not hold). Whole installs side by side (`install.yaml`, `ha/install.yaml`,
 * `deploy/longhorn-okd.yaml`) have nothing of their namespace beside them and stay bundles of their own.
 */
function objectVariants(
  members: ReadonlyMap<string, readonly string[]>,
  unitOf: ReadonlyMap<string, string>,
  keys: ReadonlyMap<string, ReadonlySet<string>>,
  restObjects: readonly { readonly folder: string; readonly key: string }[],
): Set<string> {
  const single = [...members].filter(([unit, files]) => files.length === 1 && files[0] === unit && unitOf.get(unit) === unit).map(([unit]) => unit);
  const out = new Set<string>();
  for (const unit of single) {
    const others = single.filter((u) => u !== unit && dirOf(u) === dirOf(unit)).flatMap((u) => [...(keys.get(u) ?? [])]);
    const own = keys.get(unit) ?? new Set<string>();
    if (own.size === 0 || [...own].some((k) => !others.includes(k))) continue;
    const namespaces = new Set([...own].map((k) => k.split('/')[1]).filter((ns) => ns !== ''));
    const beside = restObjects.filter((o) => o.folder === dirOf(unit)).map((o) => o.key.split('/'));
    if (beside.some(([kind, ns, ...name]) => namespaces.has(ns) || (kind === 'Namespace' && namespaces.has(name.join('/'))))) out.add(unit);
  }
  return out;
}

/** Groups of bundles with the same folders above them the notice names; the rest are counted. */
const NAMED_PARENTS = 3;

/**
 * `; demos/walkthrough/policies analysed with the plain manifests of demos/walkthrough, the folder above it`;
 * `app/v1 and app/v2 each analysed with …, the folder above them (whichever is applied protects its workloads)`;
 * then the folders the plain-manifest target keeps too. Empty when no bundle gets a folder's files.
 */
function parentsClause(parents: BundleParents, named: (unit: string) => string): string {
  if (parents.folders.size === 0) return '';
  const groups = new Map<string, { readonly folders: readonly string[]; readonly bundles: string[] }>();
  for (const [unit, folders] of parents.folders) {
    const key = folders.join('\0');
    (groups.get(key) ?? groups.set(key, { folders, bundles: [] }).get(key)!).bundles.push(named(unit));
  }
  const shownGroups = namedItems([...groups.values()], NAMED_PARENTS).named;
  const shown = shownGroups.map(({ folders, bundles }) => {
    const several = bundles.length > 1;
    const where = `${andList(folders.map((f) => f || '.'))}, the ${folders.length > 1 ? 'folders' : 'folder'} above ${several ? 'them (whichever is applied protects its workloads)' : 'it'}`;
    return `${andList(bundles)} ${several ? 'each ' : ''}analysed with the plain manifests of ${where}`;
  });
  const unnamed = [...groups.values()].slice(shownGroups.length).reduce((n, g) => n + g.bundles.length, 0);
  const more = unnamed > 0 ? `, and ${plural(unnamed, 'more bundle')} with the folders above ${unnamed === 1 ? 'it' : 'them'}` : '';
  const kept = [...parents.kept].map((f) => f || '.');
  const keptText = kept.length ? `; the plain-manifest target keeps those of ${andList(kept)} too, with the other plain manifests under ${kept.length > 1 ? 'them' : 'it'}` : '';
  return `; ${shown.join('; ')}${more}${keptText}`;
}

/** `Deployment server`, `Deployment shop/server`, `Namespace shop` (its key `Namespace/shop/shop`). */
function describe(key: string): string {
  const [kind, namespace = '', ...name] = key.split('/');
  return objectOwner(kind, namespace, name.join('/'));
}
