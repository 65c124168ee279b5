/**
 * An ApplicationSet `clusters` generator whose clusters this repository does not hold (no Argo CD cluster
 * Secret, no list naming clusters: clusters registered with `argocd cluster add` live only in Argo CD's
 * namespace). Argo CD makes one Application per registered cluster its selector picks, the local cluster
 * `in-cluster` included when the selector is empty (Cluster Generator documentation). The generator is
 * expanded once over a stand-in cluster whose parameters are marker words; an Application in whose spec no
 * marker is left (beyond its destination and project) deploys the same to each of those clusters, so it is
 * analysed once, on a cluster named by the selector (`every cluster`, `every cluster with env=prod`): sets with
 * one selector pick the same clusters, so their Applications share that model. An Application whose path,
 * namespace or values depend on the cluster cannot be read here.
 */
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { str } from './controller-objects.js';
import type { ArgoCluster } from './cluster-secrets.js';
import { LOCAL_CLUSTER } from './cluster-secrets.js';

/** The marker words a stand-in cluster's parameters are made of: lowercase letters, so `normalize`, `slugify` and `lower` keep them. */
const MARKER = 'xqzcluster';
/** Each marker whole (`upper` keeps it too), not the letters a template writes right after it (`{{name}}netpol`). */
const MARKED = new RegExp(`${MARKER}(?:name|server|project|labels|annotations)`, 'gi');

/** Whether a value holds a stand-in marker (depends on the cluster). */
export function holdsMarker(value: string): boolean {
  return new RegExp(MARKED.source, 'i').test(value);
}

/**
 * A template function's result on a value holding stand-in markers: the result as it is when every marker
 * is still whole in it; else (`trunc 5` of the cluster's name, a `replace` inside a marker) the value's
 * markers, as the result depends on the cluster and only a whole marker says so (a cut one read as a
 * name every cluster shares).
 */
export function keptMarkers(value: string, result: string): string {
  const before = value.match(MARKED) ?? [];
  if (before.length === 0) return result;
  return (result.match(MARKED) ?? []).length >= before.length ? result : before.join('-');
}

/** The parameter holding a stand-in parameter set's clusters (its selector in words); no template can name it. */
export const STAND_IN_KEY = '\u0000clusters';

/**
 * The parameter marking a parameter set made beside a stand-in for a cluster other targets of the repository
 * name (`in-cluster`, `prod`, `https://prod.example.com`): an empty selector picks every cluster registered
 * with Argo CD, so its Applications for that cluster can join the model of the Applications sent there
 * (discover.ts). Its value: the cluster as the targets name it. No template can name it.
 */
export const COPY_KEY = '\u0000named-cluster';

/** Marks such a set whose cluster's labels, annotations and project only the live Argo CD knows (every named cluster but in-cluster). No template can name it. */
export const PARTLY_KNOWN_KEY = '\u0000partly-known';

/**
 * A cluster the targets name (`destination.name`, or `destination.server` read as targets name it:
 * `in-cluster` for `https://kubernetes.default.svc`) as a clusters generator's cluster: Argo CD's local
 * cluster's parameters are all known; another's name (or server URL) is the one given, and its server (or
 * name), labels, annotations and project the stand-in's markers (`standIn`), so a template reading them
 * depends on what only Argo CD knows.
 */
export function namedCluster(cluster: string, standIn: ArgoCluster): { readonly cluster: ArgoCluster; readonly known: boolean } {
  if (cluster === LOCAL_CLUSTER.name || cluster === LOCAL_CLUSTER.server) return { cluster: LOCAL_CLUSTER, known: true };
  return { cluster: isServer(cluster) ? { ...standIn, server: cluster } : { ...standIn, name: cluster }, known: false };
}

/** Whether a cluster as the targets name it is a server URL (`destination.server`), not a name. */
function isServer(cluster: string): boolean {
  return cluster.includes('://');
}

/**
 * An Application generated for a cluster the targets name (namedCluster), as analysed in that cluster's model:
 * a destination naming the cluster by what only Argo CD knows of it (its name, when the targets give its server,
 * or the other way round) names it as the targets do, and a name made of such parameters reads `each-cluster`
 * there (Argo CD's name for it is not known here).
 */
export function namedClusterApplication(app: { name: string; spec: Json }, cluster: string): { name: string; spec: Json } {
  const dest = isObject(app.spec.destination) ? app.spec.destination : {};
  const marked = [dest.name, dest.server].some((v) => typeof v === 'string' && holdsMarker(v));
  const { name: _name, server: _server, ...place } = dest;
  const spec = marked ? { ...app.spec, destination: { ...place, ...(isServer(cluster) ? { server: cluster } : { name: cluster }) } } : app.spec;
  return { name: app.name.replace(MARKED, EACH_CLUSTER), spec };
}

/** What a generated Application's name says in place of the cluster's parameters. */
export const EACH_CLUSTER = 'each-cluster';

/**
 * The stand-in for the clusters a generator's `selector` picks: labels the selector fixes (`matchLabels`, an
 * `In` of one value) keep their value, and every other label or annotation the templates (`texts`) name is a
 * marker, as are `name`, `server` and `project`.
 */
export function standInCluster(selector: Json, texts: readonly string[]): ArgoCluster {
  const fixed: Record<string, string> = {};
  for (const [k, v] of Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {})) fixed[k] = String(v);
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : []) {
    const key = str(e.key);
    if (key !== undefined && e.operator === 'In' && Array.isArray(e.values) && e.values.length === 1 && !(key in fixed)) fixed[key] = String(e.values[0]);
  }
  const named = (kind: 'labels' | 'annotations') => {
    const keys = new Set<string>();
    for (const t of texts) {
      for (const m of t.matchAll(new RegExp(`metadata\\.${kind}\\.([A-Za-z0-9_./-]+)`, 'g'))) keys.add(m[1]);
      for (const m of t.matchAll(new RegExp(`index\\s+\\.metadata\\.${kind}\\s+"([^"]+)"`, 'g'))) keys.add(m[1]);
    }
    return Object.fromEntries([...keys].map((k) => [k, `${MARKER}${kind}`]));
  };
  return { name: `${MARKER}name`, server: `${MARKER}server`, project: `${MARKER}project`, labels: { ...named('labels'), ...fixed }, annotations: named('annotations') };
}

/** Every string a template holds (its text, for the label keys it names). */
export function templateTexts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(templateTexts);
  return isObject(v) ? Object.values(v).flatMap(templateTexts) : [];
}

/**
 * A selector in words, for the cluster its Applications are analysed on: `every cluster` when empty, else
 * `every cluster with env=prod and tier in [edge, core]` (matchLabels, then matchExpressions in order).
 * Brackets, not parentheses: a cluster's name ending in a parenthesis reads as a cluster and the folder
 * telling it apart (side-names.ts).
 */
export function clustersSelected(selector: Json): string {
  const terms = Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {}).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : []) {
    terms.push(selectorTerm({ key: str(e.key) ?? '', operator: String(e.operator), values: (Array.isArray(e.values) ? e.values : []).map(String) }));
  }
  return terms.length ? `${EVERY_CLUSTER} with ${terms.join(' and ')}` : EVERY_CLUSTER;
}

/** One `matchExpressions` requirement in words: `tier in [edge, core]`, `name not in [in-cluster]`, `env set`, `env not set`. */
export function selectorTerm(e: { readonly key: string; readonly operator: string; readonly values: readonly string[] }): string {
  const values = `[${e.values.join(', ')}]`;
  return e.operator === 'In' ? `${e.key} in ${values}` : e.operator === 'NotIn' ? `${e.key} not in ${values}` : e.operator === 'Exists' ? `${e.key} set` : e.operator === 'DoesNotExist' ? `${e.key} not set` : `${e.key} ${e.operator} ${values}`;
}

const EVERY_CLUSTER = 'every cluster';

/** Whether a target's cluster is the clusters a selector picks (clustersSelected), not one cluster's name. */
export function isSelectedClusters(cluster: string): boolean {
  return cluster === EVERY_CLUSTER || cluster.startsWith(`${EVERY_CLUSTER} with `);
}

/**
 * An Application generated for a stand-in cluster, as analysed once for every cluster `clusters` names: the
 * markers of its name read `each-cluster`, and a destination naming the cluster names `clusters` instead.
 * Undefined when a marker is left anywhere else in its spec (a path, namespace or value per cluster).
 */
export function eachClusterApplication(app: { name: string; spec: Json }, clusters: string): { name: string; spec: Json } | undefined {
  const dest = isObject(app.spec.destination) ? app.spec.destination : {};
  const rest: Json = { ...app.spec };
  const place: Json = { ...dest };
  // The project and the destination's cluster may differ by cluster: the Applications still deploy the same.
  for (const k of ['destination', 'project']) delete rest[k];
  for (const k of ['name', 'server']) delete place[k];
  if (JSON.stringify([rest, place]).match(MARKED)) return undefined;
  const perCluster = [dest.name, dest.server].some((v) => typeof v === 'string' && v.match(MARKED));
  const spec = perCluster ? { ...app.spec, destination: { ...place, name: clusters } } : app.spec;
  return { name: app.name.replace(MARKED, EACH_CLUSTER), spec };
}
