/**
 * Argo CD `ApplicationSet`s: the `list`, `git` (directories, files) and `clusters` generators are expanded
 * against this repository, `matrix` and `merge` combine them, each generator's `selector` filters its
 * parameter sets, and `spec.template` is filled in for each parameter set, giving Applications. Both template
 * syntaxes are understood: fasttemplate (`{{path.basename}}`, `{{path[1]}}`, element keys) and, with
 * `goTemplate: true`, `{{.path.basename}}`, `{{index .path.segments 1}}` and `{{printf "%s-%s" .a .b}}`. A `clusters` generator reads the
 * cluster Secrets the repository holds (cluster-secrets.ts); without any, the clusters a `merge` names in its
 * other generators' elements (keyed on `name`, `nameNormalized` or `server`), with a notice; else one
 * stand-in for the clusters its selector picks, when what each Application deploys does not depend on the
 * cluster (unknown-clusters.ts), and otherwise it needs a live cluster; with `flatList`, one Application whose
 * template ranges over the clusters (`{{ range .clusters }}`). Other generators (SCM, pull request, cluster decision resource) need a cluster or another
 * API: one notice each, and a matrix or merge that uses one gives nothing. Semantics: Argo CD's ApplicationSet
 * generators (Cluster, Matrix, Merge, "Post Selector") and template documentation.
 */
import picomatch from 'picomatch';
import { plural } from '../util/plural.js';
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ArgoCluster } from './cluster-secrets.js';
import { LOCAL_CLUSTER } from './cluster-secrets.js';
import type { ControllerObject } from './controller-objects.js';
import { sameRepository, str } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import type { Notice } from './types.js';
import { written } from '../manifests/quote.js';
import { firstAndMore } from '../util/and-list.js';
import { clustersSelected, COPY_KEY, eachClusterApplication, holdsMarker, keptMarkers, namedCluster, namedClusterApplication, PARTLY_KNOWN_KEY, selectorTerm, STAND_IN_KEY, standInCluster, templateTexts } from './unknown-clusters.js';
import { baseName, dirOf } from '../util/repo-paths.js';

type Params = Record<string, unknown>;

/**
 * The Applications an ApplicationSet generates from this repository: `{name, spec}` each. `clusters`: the
 * cluster Secrets the set sees (cluster-secrets.ts `clustersFor`), for its `clusters` generators. `named`:
 * clusters other targets name (`in-cluster`, `prod`), for which a clusters generator whose clusters only Argo
 * CD knows and whose selector is empty also makes that cluster's Applications (`copyFor`), beside its stand-in's.
 */
export function generatedApplications(set: ControllerObject, files: RepoFiles, repoUrls: readonly string[], notices: Notice[], clusters: readonly ArgoCluster[] = [], listUses: ClustersFromList[] = [], named: readonly string[] = []): GeneratedApplication[] {
  const spec = isObject(set.value.spec) ? set.value.spec : {};
  const template = isObject(spec.template) ? spec.template : undefined;
  if (!template) return [];
  const go = spec.goTemplate === true;
  const out: GeneratedApplication[] = [];
  const expand: Expand = { set, files, repoUrls, notices, go, clusters, listUses, texts: templateTexts(spec), named };
  const standIn: { name: string; spec: Json; clusters: string }[] = [];
  const local: GeneratedApplication[] = [];
  for (const gen of Array.isArray(spec.generators) ? spec.generators.filter(isObject) : []) {
    const params = generatorParams(expand, gen, 0);
    for (const p of params) {
      const app = fill(template, p, go) as Json;
      const meta = isObject(app.metadata) ? app.metadata : {};
      const name = str(meta.name);
      if (!name || !isObject(app.spec)) continue;
      const each = p[STAND_IN_KEY];
      if (p[FLAT_UNKNOWN_KEY] === true && holdsMarker(JSON.stringify(app))) {
        // A flat list of clusters only the live Argo CD knows, read by the Application (its values list them).
        notices.push({ code: 'UNSUPPORTED_GENERATOR', message: `ApplicationSet ${set.name}: ${NEEDS_LIVE_CLUSTER}, and its flatList Application reads the list of clusters; it is not analysed`, ref: set.ref });
        continue;
      }
      if (typeof each === 'string') standIn.push({ name, spec: app.spec, clusters: each });
      else if (typeof p[COPY_KEY] === 'string') local.push({ ...namedClusterApplication({ name, spec: app.spec }, p[COPY_KEY]), copyFor: p[COPY_KEY] });
      else out.push({ name, spec: app.spec });
    }
  }
  if (standIn.length === 0) return out;
  // A named cluster's own Applications only when the stand-in's are read: else none of the generator's is.
  const each = eachClusterApplications(set, standIn, notices);
  return [...out, ...each, ...(each.length ? local : [])];
}

/**
 * The Applications made for stand-in clusters (unknown-clusters.ts), each analysed once for the clusters its
 * selector picks, with one note for the set; when any of them deploys something that depends on the cluster,
 * none is: the generator needs a live cluster.
 */
function eachClusterApplications(set: ControllerObject, apps: readonly { name: string; spec: Json; clusters: string }[], notices: Notice[]): GeneratedApplication[] {
  const read = apps.flatMap((a) => eachClusterApplication(a, a.clusters) ?? []);
  if (read.length < apps.length) {
    notices.push({ code: 'UNSUPPORTED_GENERATOR', message: `ApplicationSet ${set.name}: ${NEEDS_LIVE_CLUSTER}, and what its Applications deploy depends on the cluster; its Applications are not analysed`, ref: set.ref });
    return [];
  }
  const selected = [...new Set(apps.map((a) => a.clusters))];
  const local = selected.includes(clustersSelected({})) ? ", Argo CD's local cluster in-cluster included" : '';
  const names = read.map((a) => a.name);
  notices.push({
    code: 'CLUSTERS_UNKNOWN',
    message: `ApplicationSet ${set.name}: no Argo CD cluster Secret its clusters generator reads is in this repository, and no list naming clusters is beside it, so which clusters it deploys to only the live Argo CD knows (${selected.join('; ')}${local}); each gets the same Applications, analysed once (${plural(names.length, 'Application')}: ${firstAndMore(names, 5)})`,
    ref: set.ref,
  });
  return read.map((a, i) => ({ ...a, eachCluster: apps[i].clusters }));
}

/**
 * An Application an ApplicationSet generates; `eachCluster`: made for a stand-in cluster, the clusters it stands
 * for in words; `copyFor`: made for a cluster other targets name (`in-cluster`, `prod`), which that stand-in
 * stands for too (analysed only beside the Applications sent there: discover.ts).
 */
export interface GeneratedApplication {
  readonly name: string;
  readonly spec: Json;
  readonly eachCluster?: string;
  readonly copyFor?: string;
}

const NEEDS_LIVE_CLUSTER = 'the clusters generator needs a live cluster (no Argo CD cluster Secret for it in this repository, and no list naming clusters beside it)';

/** What expanding one ApplicationSet's generators needs. */
interface Expand {
  readonly set: ControllerObject;
  readonly files: RepoFiles;
  readonly repoUrls: readonly string[];
  readonly notices: Notice[];
  readonly go: boolean;
  /** The repository's cluster Secrets the set sees; empty: none held here. */
  readonly clusters: readonly ArgoCluster[];
  /** Where clusters were taken from a merge's list (filled in as generators expand). */
  readonly listUses: ClustersFromList[];
  /** Every string of the set's spec: the cluster labels and annotations its templates name. */
  readonly texts: readonly string[];
  /** Clusters other targets name, each given its own parameter set beside a stand-in (generatedApplications). */
  readonly named: readonly string[];
}

/** Matrix and merge generators nest; deeper than this is read as a mistake (Argo CD allows one level). */
const MAX_NESTING = 3;

/**
 * A generator's parameter sets, its `selector` applied (Argo CD's post selector). On a stand-in cluster's set
 * (unknown-clusters.ts) a requirement on what only the live cluster knows (its name, server, project, a label
 * the cluster selector does not fix) is neither met nor failed: the set stays, standing for the clusters that
 * meet it too (`every cluster with name not in [in-cluster]`), and a label it fixes takes that value.
 */
function generatorParams(x: Expand, gen: Json, depth: number, listed?: readonly ArgoCluster[]): Params[] {
  const params = unselectedParams(x, gen, depth, listed);
  if (!isObject(gen.selector)) return params;
  const selector = gen.selector;
  return params.flatMap((p) => {
    const clusters = p[STAND_IN_KEY];
    // A named cluster's set whose labels only Argo CD knows: kept only when the selector is known to pick it.
    if (p[PARTLY_KNOWN_KEY] === true) return requirements(selector).every((r) => !standInValue(p, r.key) && meets(r, p)) ? [p] : [];
    if (typeof clusters !== 'string') return selects(selector, p) ? [p] : [];
    const unknown = requirements(selector).filter((r) => standInValue(p, r.key));
    const known = requirements(selector).filter((r) => !standInValue(p, r.key));
    if (!known.every((r) => meets(r, p))) return [];
    return [{ ...fixedBy(unknown, p), [STAND_IN_KEY]: narrowed(clusters, unknown) }];
  });
}

/** Whether a parameter of a stand-in cluster's set is known only to the live cluster: a marker, or a label or annotation it may have. */
function standInValue(p: Params, key: string): boolean {
  if (/^metadata\.(labels|annotations)\./.test(key) && !(key in p)) return true;
  const v = p[key];
  return typeof v === 'string' && holdsMarker(v);
}

/** A stand-in's parameters with each label or annotation that `unknown` requirements fix (an `In` of one value) set to it. */
function fixedBy(unknown: readonly Requirement[], p: Params): Params {
  const out: Params = { ...p };
  for (const r of unknown) {
    const m = /^metadata\.(labels|annotations)\.(.+)$/.exec(r.key);
    if (!m || r.operator !== 'In' || r.values.length !== 1) continue;
    out[r.key] = r.values[0];
    const map = `metadata.${m[1]}`;
    out[map] = { ...(isObject(out[map]) ? out[map] : {}), [m[2]]: r.values[0] };
  }
  return out;
}

/** The clusters a stand-in stands for, narrowed by requirements on what only the live cluster knows. */
function narrowed(clusters: string, unknown: readonly Requirement[]): string {
  if (unknown.length === 0) return clusters;
  const key = (k: string) => k.replace(/^metadata\.labels\./, '').replace(/^metadata\.annotations\./, 'annotation ');
  const terms = unknown.map((r) => (r.operator === 'In' && r.values.length === 1 ? `${key(r.key)}=${r.values[0]}` : selectorTerm({ ...r, key: key(r.key) })));
  return `${clusters}${clusters.includes(' with ') ? ' and' : ' with'} ${terms.join(' and ')}`;
}

/** `listed`: for a `clusters` generator inside a merge, the clusters the merge's other generators name (mergeParams). */
function unselectedParams(x: Expand, gen: Json, depth: number, listed?: readonly ArgoCluster[]): Params[] {
  const { set, files, repoUrls, notices } = x;
  if (isObject(gen.clusters)) return clusterGeneratorParams(x, gen.clusters, listed);
  if (isObject(gen.list)) return (Array.isArray(gen.list.elements) ? gen.list.elements : []).filter(isObject).map((e) => ({ ...e, ...flatten(e) }));
  if (isObject(gen.git)) {
    const git = gen.git;
    if (!sameRepository(git.repoURL, repoUrls)) {
      notices.push({ code: 'EXTERNAL_SOURCE', message: `ApplicationSet ${set.name}: git generator reads ${written(git.repoURL)}, another repository; not analysed`, ref: set.ref });
      return [];
    }
    if (Array.isArray(git.directories)) return directoryParams(git.directories.filter(isObject), files);
    if (Array.isArray(git.files)) return fileParams(git.files.filter(isObject), files);
    return [];
  }
  const combined = isObject(gen.matrix) ? 'matrix' : isObject(gen.merge) ? 'merge' : undefined;
  if (combined) {
    const spec = gen[combined] as Json;
    const children = Array.isArray(spec.generators) ? spec.generators.filter(isObject) : [];
    const wrong =
      depth >= MAX_NESTING ? `nests matrix and merge generators more than ${MAX_NESTING} deep`
      : combined === 'matrix' && children.length !== 2 ? `has a matrix generator of ${plural(children.length, 'generator')} (it takes exactly 2)`
      : combined === 'merge' && children.length < 2 ? `has a merge generator of ${plural(children.length, 'generator')} (it takes 2 or more)`
      : combined === 'merge' && mergeKeys(spec).length === 0 ? 'has a merge generator without mergeKeys'
      : undefined;
    if (wrong) {
      notices.push({ code: 'UNSUPPORTED_GENERATOR', message: `ApplicationSet ${set.name} ${wrong}; Argo CD generates nothing from it, so its Applications are not analysed`, ref: set.ref });
      return [];
    }
    return combined === 'matrix' ? matrixParams(x, children, depth) : mergeParams(x, children, mergeKeys(spec), depth);
  }
  const kind = Object.keys(gen).find((k) => k !== 'selector' && k !== 'values') ?? 'unknown';
  notices.push({ code: 'UNSUPPORTED_GENERATOR', message: `ApplicationSet ${set.name}: the ${kind} generator needs a live cluster or another API; its Applications are not analysed`, ref: set.ref });
  return [];
}

/** Parameters a merge's list may name clusters by (a cluster's own parameters). */
const CLUSTER_KEYS: readonly string[] = ['name', 'nameNormalized', 'server'];

/**
 * A `clusters` generator's parameter sets, one per cluster its `selector` (over the cluster Secret's labels)
 * selects: the repository's cluster Secrets (later Secrets of one name replacing earlier ones, as Argo CD keys
 * them by name), plus Argo CD's local cluster `in-cluster` when the selector is empty (it has no Secret, so no
 * labels) and no Secret declares its server. Without Secrets here, `listed` (the clusters a merge names) stand
 * in, their labels unknown, so the selector is taken to select each; without either, a notice and nothing.
 */
function clusterGeneratorParams(x: Expand, generator: Json, listed: readonly ArgoCluster[] | undefined): Params[] {
  const selector = isObject(generator.selector) ? generator.selector : {};
  const selective = (isObject(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0) || (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  // `flatList`: one parameter set whose `clusters` lists every cluster's parameters, for one Application
  // (Cluster Generator documentation, "Gather cluster information as a flat list"); its template ranges over them.
  const flat = (sets: Params[]): Params[] => (generator.flatList === true ? [{ clusters: sets.map(({ [STAND_IN_KEY]: _each, ...p }) => p), ...(sets.some((p) => typeof p[STAND_IN_KEY] === 'string') ? { [FLAT_UNKNOWN_KEY]: true } : {}) }] : sets);
  const known = x.clusters.length ? [...new Map(x.clusters.map((c) => [c.name, c])).values()].filter((c) => selects(selector, { ...c.labels })) : listed ?? [];
  if (known.length === 0 && x.clusters.length === 0) {
    // The clusters live only in Argo CD: one stand-in for those the selector picks (unknown-clusters.ts).
    const values = isObject(generator.values) ? generator.values : {};
    const cluster = standInCluster(selector, x.texts);
    const standIn = { ...clusterParams(cluster, values, x.go), [STAND_IN_KEY]: clustersSelected(selector) };
    if (generator.flatList === true) return flat([standIn]);
    // An empty selector picks every registered cluster, the local in-cluster included: the clusters other targets
    // name get their own Applications, for the model of the Applications sent there (discover.ts).
    if (selective) return [standIn];
    return [standIn, ...x.named.map((name) => {
      const c = namedCluster(name, cluster);
      return { ...clusterParams(c.cluster, values, x.go), [COPY_KEY]: name, ...(c.known ? {} : { [PARTLY_KNOWN_KEY]: true }) };
    })];
  }
  const all = x.clusters.length ? x.clusters : known;
  const local = !selective && !all.some((c) => c.server === LOCAL_CLUSTER.server || c.name === LOCAL_CLUSTER.name) ? [LOCAL_CLUSTER] : [];
  const clusters = [...local, ...known];
  if (x.clusters.length === 0) x.listUses.push({ set: x.set.name, ref: x.set.ref, clusters: known.map((c) => c.name), local: local.length > 0 });
  const values = isObject(generator.values) ? generator.values : {};
  return flat(clusters.map((c) => clusterParams(c, values, x.go)));
}

/** The parameter marking a `flatList` set whose clusters only the live Argo CD knows (a stand-in in its list); no template can name it. */
const FLAT_UNKNOWN_KEY = '\u0000flat-unknown';

/**
 * One cluster's parameters: `name`, `nameNormalized`, `server`, `project`, `metadata.labels.<k>`,
 * `metadata.annotations.<k>`, and `values.<k>` filled in from those (not from each other, as in Argo CD).
 */
function clusterParams(c: ArgoCluster, values: Json, go: boolean): Params {
  // The maps themselves too, for Go's `index .metadata.labels "k"` (a missing key is the empty string there).
  const p: Params = { name: c.name, nameNormalized: normalizedName(c.name), server: c.server, project: c.project, 'metadata.labels': { ...c.labels }, 'metadata.annotations': { ...c.annotations } };
  for (const [k, v] of Object.entries(c.labels)) p[`metadata.labels.${k}`] = v;
  for (const [k, v] of Object.entries(c.annotations)) p[`metadata.annotations.${k}`] = v;
  const own = { ...p };
  for (const [k, v] of Object.entries(values)) if (v !== null && typeof v !== 'object') p[`values.${k}`] = fill(String(v), own, go);
  return p;
}

/** Argo CD's `nameNormalized`: lowercase, each character other than a-z, 0-9, `-`, `.` a hyphen, at most 253, trimmed of `-` and `.`. */
function normalizedName(name: string): string {
  return dnsName(name, 253).replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * The clusters a merge's other generators name: each parameter set with a `name`, `nameNormalized` or
 * `server` is one cluster (named by the first of those; its server, unknown unless given, is its name, so
 * that Applications sent to `{{server}}` land on one cluster per name).
 */
function listedClusters(sets: readonly Params[]): ArgoCluster[] {
  const byName = new Map<string, ArgoCluster>();
  for (const p of sets) {
    const value = (k: string) => (p[k] !== null && p[k] !== undefined && typeof p[k] !== 'object' && String(p[k]) !== '' ? String(p[k]) : undefined);
    const name = value('name') ?? value('nameNormalized') ?? value('server');
    if (name !== undefined && !byName.has(name)) byName.set(name, { name, server: value('server') ?? name, project: '', labels: {}, annotations: {} });
  }
  return [...byName.values()];
}

/** An ApplicationSet whose clusters were taken from a merge's list, for the notice saying so. */
export interface ClustersFromList {
  readonly set: string;
  readonly ref: SourceRef;
  /** The clusters its lists name. */
  readonly clusters: readonly string[];
  /** Whether the local cluster was added (the generator has no selector). */
  readonly local: boolean;
}

/**
 * One notice for every ApplicationSet whose clusters came from its merge's list rather than cluster Secrets:
 * which sets, which clusters, and what that leaves out. `missing`: the Applications made for listed clusters
 * whose path does not exist here, taken as clusters that environment does not have (no note each).
 */
export function clustersFromListNotice(uses: readonly ClustersFromList[], missing: readonly string[] = []): Notice | undefined {
  if (uses.length === 0) return undefined;
  const sets = [...new Set(uses.map((u) => u.set))];
  const clusters = [...new Set(uses.flatMap((u) => u.clusters))].sort();
  const local = [...new Set(uses.filter((u) => u.local).map((u) => u.set))];
  const first = firstAndMore;
  return {
    code: 'CLUSTERS_FROM_LIST',
    message: `No Argo CD cluster Secret that the clusters generator${sets.length === 1 ? '' : 's'} of ${plural(sets.length, 'ApplicationSet')} (${first(sets, 5)}) would read is in this repository (in the build ${sets.length === 1 ? 'it is' : 'they are'} rendered from, or read as committed), so ${sets.length === 1 ? 'it is' : 'they are'} expanded over the clusters ${sets.length === 1 ? 'its' : 'their'} merge lists name (${first(clusters, 12)})${local.length ? `, and Argo CD's local cluster in-cluster for ${local.length === sets.length ? (sets.length === 1 ? 'it' : 'each') : `those without a selector (${first(local, 5)})`}` : ''}, each with the clusters generator's values merged with its list element, their labels unknown (a selector is taken to select each); clusters only the live Argo CD knows are not analysed${missing.length ? `. ${plural(new Set(missing).size, 'Application')} for listed clusters ${new Set(missing).size === 1 ? 'has' : 'have'} no path here (${first([...new Set(missing)], 5)}), taken as clusters that environment does not have` : ''}`,
    ref: uses[0].ref,
  };
}

/**
 * Every combination of the two children's parameter sets, the second's keys over the first's. The second
 * child may use the first's parameters (`path: '{{path}}/envs'`): it is filled in with each of the first's
 * sets before it is expanded.
 */
function matrixParams(x: Expand, [first, second]: Json[], depth: number): Params[] {
  const out: Params[] = [];
  const expanded = new Map<string, Params[]>();
  for (const p of generatorParams(x, first, depth + 1)) {
    const child = fill(second, p, x.go) as Json;
    const key = JSON.stringify(child);
    const seconds = expanded.get(key) ?? expanded.set(key, generatorParams(x, child, depth + 1)).get(key)!;
    for (const q of seconds) out.push({ ...p, ...q });
  }
  return out;
}

/**
 * The first child's parameter sets, each overridden by the set of every later child with the same values
 * of `mergeKeys` (a later child's keys win); a later set matching no first set is dropped. Sets of one
 * child that are not unique by the merge keys make Argo CD generate nothing: a notice, no Applications.
 */
function mergeParams(x: Expand, children: Json[], keys: readonly string[], depth: number): Params[] {
  const keyOf = (p: Params) => JSON.stringify(keys.map((k) => (k in p ? String(p[k]) : null)));
  // Without cluster Secrets here, a clusters child's clusters are those the other children name by a cluster
  // key (expanded first): each listed element is a cluster, given the clusters generator's defaults before merging.
  const fromList = x.clusters.length === 0 && keys.some((k) => CLUSTER_KEYS.includes(k));
  const isClusters = (c: Json) => fromList && isObject(c.clusters);
  const others = new Map(children.map((c, i) => [i, isClusters(c) ? [] : generatorParams(x, c, depth + 1)]));
  const listed = fromList ? listedClusters([...others.values()].flat()) : [];
  const sets = children.map((c, i) => (isClusters(c) ? generatorParams(x, c, depth + 1, listed) : others.get(i)!));
  const indexed: Map<string, Params>[] = [];
  for (const list of sets) {
    const byKey = new Map<string, Params>();
    for (const p of list) {
      if (byKey.has(keyOf(p))) {
        x.notices.push({ code: 'UNSUPPORTED_GENERATOR', message: `ApplicationSet ${x.set.name}: a merge generator's parameter sets are not unique by mergeKeys (${keys.join(', ')}); Argo CD generates nothing from it, so its Applications are not analysed`, ref: x.set.ref });
        return [];
      }
      byKey.set(keyOf(p), p);
    }
    indexed.push(byKey);
  }
  return sets[0].map((p) => indexed.slice(1).reduce((acc, byKey) => ({ ...acc, ...(byKey.get(keyOf(p)) ?? {}) }), p));
}

function mergeKeys(spec: Json): string[] {
  return (Array.isArray(spec.mergeKeys) ? spec.mergeKeys : []).filter((k): k is string => typeof k === 'string' && k !== '');
}

/**
 * A generator's `selector` (`matchLabels`, `matchExpressions` with In, NotIn, Exists, DoesNotExist) over a
 * parameter set, values compared as strings; a selector Argo CD would reject (an unknown operator) selects nothing.
 */
function selects(selector: Json, p: Params): boolean {
  return requirements(selector).every((r) => meets(r, p));
}

/** One requirement of a selector: a `matchLabels` entry is an `In` of its one value. */
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function requirements(selector: Json): Requirement[] {
  const labels = Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {}).map(([key, v]) => ({ key, operator: 'In', values: [String(v)] }));
  const expressions = (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : []).map((e) => ({ key: str(e.key) ?? '', operator: String(e.operator), values: Array.isArray(e.values) ? e.values.map(String) : [] }));
  return [...labels, ...expressions];
}

function meets(r: Requirement, p: Params): boolean {
  const v = r.key in p && p[r.key] !== null && typeof p[r.key] !== 'object' ? String(p[r.key]) : undefined;
  switch (r.operator) {
    case 'In':
      return v !== undefined && r.values.includes(v);
    case 'NotIn':
      return v === undefined || !r.values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    default:
      return false;
  }
}

/** Folders matching the `path` globs, minus those an `exclude: true` entry matches. */
function directoryParams(entries: Json[], files: RepoFiles): Params[] {
  const globs = (exclude: boolean) => entries.filter((e) => (e.exclude === true) === exclude).map((e) => str(e.path)).filter((p): p is string => !!p).map((p) => normalizeFolder(p) ?? p);
  const include = picomatch(globs(false));
  const excluded = globs(true);
  const exclude = excluded.length ? picomatch(excluded) : () => false;
  return [...files.folders].filter((d) => d !== '' && include(d) && !exclude(d)).sort().map(pathParams);
}

/** Each matching JSON/YAML file gives its keys (flattened with dots) plus `path` of its folder. */
function fileParams(entries: Json[], files: RepoFiles): Params[] {
  const match = picomatch(entries.map((e) => str(e.path)).filter((p): p is string => !!p));
  const out: Params[] = [];
  for (const f of files.files) {
    if (!match(f.path)) continue;
    for (const doc of parseDocuments(f.text, 'kubectl')) {
      if (isObject(doc.value)) out.push({ ...flatten(doc.value), ...pathParams(dirOf(f.path)), 'path.filename': baseName(f.path) });
    }
  }
  return out;
}

function pathParams(folder: string): Params {
  const segments = folder.split('/');
  const base = baseName(folder);
  const normalized = base.replace(/[^a-zA-Z0-9-.]/g, '-').toLowerCase();
  const flat: Params = { path: folder, 'path.path': folder, 'path.basename': base, 'path.basenameNormalized': normalized, 'path.segments': segments };
  segments.forEach((s, i) => (flat[`path[${i}]`] = s));
  return flat;
}

function flatten(v: Json, prefix = ''): Params {
  const out: Params = {};
  for (const [k, val] of Object.entries(v)) {
    if (isObject(val)) Object.assign(out, flatten(val, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = val;
  }
  return out;
}

/** Every string of the template with its placeholders filled; unknown placeholders stay as written. */
function fill(v: unknown, params: Params, go: boolean): unknown {
  if (typeof v === 'string') return go ? fillGo(v, params) : v.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (m, key: string) => (key in params ? String(params[key]) : m));
  if (Array.isArray(v)) return v.map((x) => fill(x, params, go));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, params, go)]));
  return v;
}

function fillGo(text: string, params: Params): string {
  const s = text.includes('range') ? fillRanges(text, params) : text;
  return s.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (m, expr: string) => {
    // A pipeline: a value, then functions each given the previous result as its last argument.
    const [head, ...calls] = splitPipeline(expr);
    let value = goValue(head, params);
    for (const call of calls) {
      if (value === undefined) break;
      // A stand-in cluster's markers stay whole through the functions (unknown-clusters.ts).
      const next = goFunction(call, value);
      value = next === undefined ? undefined : keptMarkers(value, next);
    }
    return value ?? m;
  });
}

/**
 * Go's `{{ range .list }}…{{ end }}` over a list of parameter sets (a `flatList`'s `clusters`): the body once
 * per element, filled with that element's parameters; `{{-` and `-}}` trim the spaces beside them as in Go.
 * A range over anything else, or nested, stays as written.
 */
function fillRanges(s: string, params: Params): string {
  return s.replace(/(\s*)\{\{(-?)\s*range\s+\.(\S+?)\s*(-?)\}\}((?:(?!\{\{-?\s*range\b)[\s\S])*?)\{\{(-?)\s*end\s*(-?)\}\}(\s*)/g, (m, before: string, trimBefore: string, key: string, trimStart: string, body: string, trimEnd: string, trimAfter: string, after: string) => {
    const list = params[key];
    if (!Array.isArray(list) || !list.every(isObject)) return m;
    const inner = (trimEnd ? body.replace(/\s+$/, '') : body).replace(trimStart ? /^\s+/ : /^(?!)/, '');
    return `${trimBefore ? '' : before}${(list as Params[]).map((element) => fillGo(inner, element)).join('')}${trimAfter ? '' : after}`;
  });
}

/** `a | f "x|y" | g` into its stages, a `|` inside a quoted argument kept. */
function splitPipeline(expr: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote = false;
  for (const ch of expr) {
    if (ch === '"') quote = !quote;
    if (ch === '|' && !quote) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** `.field`, `index .list N`, `printf "…" ARGS`, or a quoted string; undefined for anything else (the placeholder stays as written). */
function goValue(expr: string, params: Params): string | undefined {
  if (/^printf\s/.test(expr)) return goPrintf(expr, params);
  // `index .metadata.labels "env"`: a map's entry (a missing key of a known map is Go's zero value, ''), else held flat.
  const entry = /^index\s+\.(\S+)\s+"((?:[^"\\]|\\.)*)"$/.exec(expr);
  if (entry) {
    const map = params[entry[1]];
    const v = isObject(map) ? (map[entry[2]] ?? '') : params[`${entry[1]}.${entry[2]}`];
    return v !== undefined && v !== null && typeof v !== 'object' ? String(v) : undefined;
  }
  const index = /^index\s+\.(\S+)\s+(\d+)$/.exec(expr);
  if (index) {
    const list = params[index[1]];
    return Array.isArray(list) && list[Number(index[2])] !== undefined ? String(list[Number(index[2])]) : undefined;
  }
  const field = /^\.(\S+)$/.exec(expr);
  if (field) return field[1] in params && !Array.isArray(params[field[1]]) ? String(params[field[1]]) : undefined;
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(expr);
  return quoted ? quoted[1] : undefined;
}

/**
 * Go's `printf "%s-%s" .namespace .path.basename` (text/template's `printf`, fmt.Sprintf): each argument a value
 * goValue reads, put in place of `%s`, `%v` or `%d` in turn, `%%` a percent sign. Undefined (the placeholder stays as
 * written) for another verb, an argument it cannot read, or a count of arguments that differs from the verbs'.
 */
function goPrintf(expr: string, params: Params): string | undefined {
  const [, format, ...rest] = expr.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  if (!format?.startsWith('"')) return undefined;
  const args = rest.map((a) => goValue(a, params));
  if (args.some((a) => a === undefined)) return undefined;
  let next = 0;
  let bad = false;
  const out = format.slice(1, -1).replace(/%(.)/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    if (!'svd'.includes(verb) || next >= args.length) return ((bad = true), '');
    return args[next++]!;
  });
  return bad || next !== args.length ? undefined : out;
}

/** A DNS-1123 name from any string: lowercase, every other character a hyphen (Argo CD's `normalize`). */
function dnsName(v: string, max: number): string {
  return v.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, max);
}

/**
 * The functions ApplicationSet templates use to build names and paths: Argo CD's `normalize` (a valid DNS
 * name, at most 253 characters) and `slugify` (lowercase words joined by hyphens, at most 50), and Sprig's
 * `lower`, `upper`, `trim`, `trunc N`, `replace OLD NEW`, `default X` (Argo CD's Go Template documentation;
 * Sprig's string functions). Undefined for any other function.
 */
function goFunction(call: string, value: string): string | undefined {
  const [name, ...args] = call.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const arg = (i: number) => (args[i]?.startsWith('"') ? args[i].slice(1, -1) : args[i]);
  switch (name) {
    case 'normalize':
      return args.length === 0 ? dnsName(value, 253) : undefined;
    case 'slugify':
      return args.length === 0 ? value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') : undefined;
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    case 'trim':
      return value.trim();
    case 'trunc': {
      const n = Number(arg(0));
      return Number.isInteger(n) ? (n >= 0 ? value.slice(0, n) : value.slice(n)) : undefined;
    }
    case 'replace':
      return args.length === 2 ? value.split(arg(0) ?? '').join(arg(1) ?? '') : undefined;
    case 'default':
      return args.length === 1 ? (value === '' ? arg(0) : value) : undefined;
    default:
      return undefined;
  }
}
