/**
 * Config Sync's namespace placement (configmanagement.gke.io), applied to a target's files before they
 * are loaded:
 *
 * - A hierarchical repository (a `Repo` object in `<root>/system/`): a directory under
 *   `<root>/namespaces/` holding a Namespace named like it is a namespace directory, whose objects go to
 *   that namespace; any other directory there is an abstract namespace, whose namespace-scoped objects
 *   are inherited by every namespace directory below it (one copy each).
 * - A `NamespaceSelector` object and the `configmanagement.gke.io/namespace-selector: NAME` annotation:
 *   an annotated object applies only in the namespaces the selector's labels match — in a hierarchical
 *   repository among the namespaces it is inherited by; in an unstructured one, a namespace-less object
 *   goes to every Namespace the repository declares that matches (Config Sync's default `static` mode). A
 *   selector in `mode: dynamic` also selects namespaces on the cluster that the repository does not
 *   declare: its NetworkPolicies are applied in the declared ones it matches and counted as unmodelled
 *   for the rest (`ManifestFile.undeclaredNamespaces`), so a change to one is never a silent pass.
 *
 * - Cluster selection (config-sync-clusters.ts): on the target's `cluster`, an object whose
 *   cluster-name-selector or ClusterSelector leaves that cluster out is not applied, nor is any object of a
 *   Namespace left out; without a cluster (the repository names none), no annotated object is applied.
 *
 * A copy is the same source file in a build of its own (`ManifestFile.build`, see src/manifests/builds.ts)
 * with that namespace as its `overrideNamespace`; documents a copy does not apply are blanked line for line,
 * so every position still points at the source.
 */
import type { LabelSelector, Labels } from '../engine/model.js';
import { matches } from '../engine/selectors.js';
import { isObject } from '../manifests/context.js';
import type { ManifestFile } from '../manifests/load.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import { onceBy } from '../util/once.js';
import type { ConfigSyncCluster } from './config-sync-clusters.js';
import { CLUSTER_NAME_ANNOTATION, CLUSTER_SELECTOR_ANNOTATION, clusterNames, stringLabels } from './config-sync-clusters.js';
import { readLabelSelector } from './config-sync-selector.js';
import type { Notice } from './types.js';
import { textLines } from '../util/line-ends.js';
import { baseName } from '../util/repo-paths.js';
import { documentLine } from '../manifests/document-line.js';

const GROUP = 'configmanagement.gke.io/';
const SELECTOR_ANNOTATION = 'configmanagement.gke.io/namespace-selector';
/** What GROUP, SELECTOR_ANNOTATION and the cluster annotations (configsync.gke.io/…) have in common. */
const GKE_GROUPS = 'gke.io/';

interface Doc {
  readonly parsed: ParsedDocument;
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Labels;
  readonly selector?: string;
  /** `configsync.gke.io/cluster-name-selector`: the clusters it applies on. */
  readonly clusters?: readonly string[];
  /** `configmanagement.gke.io/cluster-selector`: the ClusterSelector naming the clusters it applies on. */
  readonly clusterSelector?: string;
}

/**
 * `files` placed as Config Sync places them (unchanged when nothing of Config Sync is there); notices name
 * what cannot be placed (an annotation naming no NamespaceSelector, a selector that cannot be read).
 * Cluster-scoped objects are never copied (the loader ignores a namespace on them).
 */
export function configSyncPlacement(files: readonly ManifestFile[], target: string, cluster?: ConfigSyncCluster): { files: ManifestFile[]; notices: Notice[] } {
  const notices: Notice[] = [];
  const docs = new Map<ManifestFile, Doc[]>();
  const docsOf = (f: ManifestFile) => {
    let d = docs.get(f);
    if (!d) docs.set(f, (d = readDocs(f)));
    return d;
  };
  // Every Config Sync marker names a gke.io group: one search of each file (asked for every target of every
  // repository), the precise ones only in the files it finds.
  const marked = files.filter((f) => f.text.includes(GKE_GROUPS));
  if (marked.length === 0) return { files: [...files], notices };
  const roots = marked.filter((f) => /(^|\/)system\/[^/]+\.ya?ml$/.test(f.path) && f.text.includes(GROUP) && docsOf(f).some((d) => d.kind === 'Repo' && d.apiVersion?.startsWith(GROUP))).map((f) => f.path.replace(/\/?system\/[^/]+$/, ''));
  const annotated = marked.some((f) => f.text.includes(SELECTOR_ANNOTATION));
  const clusterAnnotated = marked.some((f) => f.text.includes(CLUSTER_NAME_ANNOTATION) || f.text.includes(CLUSTER_SELECTOR_ANNOTATION));
  if (roots.length === 0 && !annotated && !clusterAnnotated) return { files: [...files], notices };

  // Cluster selection: whether an object applies on this target's cluster.
  const onCluster = (d: Doc, f: ManifestFile): boolean => {
    if (d.clusters === undefined && d.clusterSelector === undefined) return true;
    if (!cluster) return false;
    if (d.clusters !== undefined && !d.clusters.includes(cluster.name)) return false;
    if (d.clusterSelector === undefined) return true;
    const selects = cluster.selectors[d.clusterSelector];
    if (selects === undefined) notices.push({ code: 'CONFIG_SYNC', message: `${target}: ${d.kind ?? 'object'} ${d.name ?? ''} names ClusterSelector ${d.clusterSelector}, which this repository does not define: Config Sync applies it nowhere`, ref: { file: f.path, line: documentLine(d.parsed) } });
    if (selects === null) notices.push({ code: 'CONFIG_SYNC', message: `${target}: ClusterSelector ${d.clusterSelector} cannot be read; ${d.kind ?? 'object'} ${d.name ?? ''} is applied nowhere`, ref: { file: f.path, line: documentLine(d.parsed) } });
    return selects === true;
  };
  // Namespaces this cluster does not get: nothing in them is applied.
  const leftOut = new Set<string>();
  for (const f of files) for (const d of docsOf(f)) if (d.kind === 'Namespace' && d.name && !onCluster(d, f)) leftOut.add(d.name);

  // Namespaces the repository declares, with their labels; NamespaceSelectors by name.
  const declared = new Map<string, Labels>();
  const selectors = new Map<string, LabelSelector | undefined>();
  // NamespaceSelectors in `mode: dynamic` (spec.mode; `static` is the default): they also select namespaces the repository does not declare.
  const dynamic = new Set<string>();
  for (const f of files) {
    for (const d of docsOf(f)) {
      if (d.kind === 'Namespace' && d.name && !leftOut.has(d.name)) declared.set(d.name, { ...d.labels, 'kubernetes.io/metadata.name': d.name });
      if (d.kind === 'NamespaceSelector' && d.apiVersion?.startsWith(GROUP) && d.name) {
        const spec = isObject(d.parsed.value) && isObject(d.parsed.value.spec) ? d.parsed.value.spec : undefined;
        selectors.set(d.name, readLabelSelector(spec?.selector));
        if (spec?.mode === 'dynamic') dynamic.add(d.name);
      }
    }
  }
  const nsDirs = new Map<string, string>(); // namespace directory → namespace
  for (const root of roots) {
    const prefix = root === '' ? 'namespaces/' : `${root}/namespaces/`;
    for (const f of files) {
      if (!f.path.startsWith(prefix)) continue;
      const dir = f.path.slice(0, f.path.lastIndexOf('/'));
      const base = baseName(dir);
      if (docsOf(f).some((d) => d.kind === 'Namespace' && d.name === base)) nsDirs.set(dir, base);
    }
  }
  const hierarchyOf = (path: string): { namespaces: string[]; own: boolean } | undefined => {
    const root = roots.find((r) => path.startsWith(r === '' ? 'namespaces/' : `${r}/namespaces/`));
    if (root === undefined) return undefined;
    const dir = path.slice(0, path.lastIndexOf('/'));
    const own = nsDirs.get(dir);
    if (own !== undefined) return { namespaces: [own], own: true };
    return { namespaces: [...nsDirs].filter(([d]) => d.startsWith(`${dir}/`)).map(([, ns]) => ns), own: false };
  };
  const applies = (d: Doc, ns: string | undefined, f: ManifestFile): boolean => {
    if (d.selector === undefined) return true;
    if (!selectors.has(d.selector)) {
      notices.push({ code: 'CONFIG_SYNC', message: `${target}: ${d.kind ?? 'object'} ${d.name ?? ''} names NamespaceSelector ${d.selector}, which this repository does not define: Config Sync applies it nowhere`, ref: { file: f.path, line: documentLine(d.parsed) } });
      return false;
    }
    const selector = selectors.get(d.selector);
    if (!selector) {
      notices.push({ code: 'CONFIG_SYNC', message: `${target}: NamespaceSelector ${d.selector} cannot be read; ${d.kind ?? 'object'} ${d.name ?? ''} is applied nowhere`, ref: { file: f.path, line: documentLine(d.parsed) } });
      return false;
    }
    const labels = ns === undefined ? undefined : declared.get(ns);
    return labels !== undefined && matches(selector, labels);
  };

  const out: ManifestFile[] = [];
  for (const f of files) {
    const hierarchy = hierarchyOf(f.path);
    const own = docsOf(f);
    const selected = own.some((d) => d.selector !== undefined);
    // Cluster selection first: what this cluster does not get is blanked in every copy.
    const here = own.map((d) => onCluster(d, f) && (d.namespace === undefined || !leftOut.has(d.namespace)));
    if (!hierarchy && !selected) {
      out.push(here.every(Boolean) ? f : { ...f, text: blanked(f.text, own.filter((_, i) => !here[i]).map((d) => d.parsed)) });
      continue;
    }
    // Where each copy goes: the hierarchy's namespaces, else (an unstructured repository) each namespace-less
    // selected object to every declared namespace, and the file as it is for the rest.
    const placements: (string | undefined)[] = hierarchy ? hierarchy.namespaces.filter((n) => !leftOut.has(n)) : [undefined, ...declared.keys()];
    for (const ns of placements) {
      const keep = own.map((d, i) => {
        if (!here[i]) return false;
        if (hierarchy) return d.selector === undefined || (!d.namespace || d.namespace === ns ? applies(d, ns, f) : false);
        // Unstructured: the copy without a namespace holds what no selector places; each namespace's copy the namespace-less selected objects that match it.
        if (ns === undefined) return d.selector === undefined || (d.namespace !== undefined && applies(d, d.namespace, f));
        return d.selector !== undefined && d.namespace === undefined && applies(d, ns, f);
      });
      if (ns !== undefined && !keep.some(Boolean)) continue;
      const text = keep.every(Boolean) ? f.text : blanked(f.text, own.filter((_, i) => !keep[i]).map((d) => d.parsed));
      const copy: ManifestFile = ns === undefined ? { ...f, text } : { ...f, text, overrideNamespace: ns };
      out.push(placements.length > 1 && ns !== undefined ? { ...copy, build: `${f.build ?? ''}config-sync:${ns}` } : copy);
    }
    if (!hierarchy) out.push(...undeclaredCopies(f, own, here));
  }
  return { files: out, notices: onceBy(notices, (n) => n.message) };

  /**
   * An unstructured repository's NetworkPolicies that a dynamic NamespaceSelector may place in namespaces
   * the repository does not declare (namespace-less, or naming such a namespace): one copy per selector,
   * holding only them, for the loader to count as unmodelled (`ManifestFile.undeclaredNamespaces`).
   */
  function undeclaredCopies(f: ManifestFile, own: readonly Doc[], here: readonly boolean[]): ManifestFile[] {
    const bySelector = new Map<string, Doc[]>();
    own.forEach((d, i) => {
      if (!here[i] || d.kind !== 'NetworkPolicy' || d.selector === undefined || !dynamic.has(d.selector) || !selectors.get(d.selector)) return;
      if (d.namespace !== undefined && declared.has(d.namespace)) return;
      (bySelector.get(d.selector) ?? bySelector.set(d.selector, []).get(d.selector)!).push(d);
    });
    return [...bySelector].map(([selector, docs]) => ({
      ...f,
      text: blanked(f.text, own.filter((d) => !docs.includes(d)).map((d) => d.parsed)),
      build: `${f.build ?? ''}config-sync:undeclared:${selector}`,
      undeclaredNamespaces: selector,
    }));
  }
}

function readDocs(f: ManifestFile): Doc[] {
  if (!/\.(ya?ml|json)$/.test(f.path)) return [];
  return parseDocuments(f.text, 'kubectl').map((parsed) => {
    const v = parsed.value;
    const meta = isObject(v) && isObject(v.metadata) ? v.metadata : {};
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    const labels = stringLabels(meta.labels);
    const annotation = (key: string) => (isObject(meta.annotations) ? str(meta.annotations[key]) : undefined);
    const selector = annotation(SELECTOR_ANNOTATION);
    const clusters = annotation(CLUSTER_NAME_ANNOTATION);
    const clusterSelector = annotation(CLUSTER_SELECTOR_ANNOTATION);
    return {
      parsed,
      kind: isObject(v) ? str(v.kind) : undefined,
      apiVersion: isObject(v) ? str(v.apiVersion) : undefined,
      name: str(meta.name),
      namespace: str(meta.namespace),
      labels,
      ...(selector !== undefined ? { selector } : {}),
      ...(clusters !== undefined ? { clusters: clusterNames(clusters) } : {}),
      ...(clusterSelector !== undefined ? { clusterSelector } : {}),
    };
  });
}

/** `text` with the lines of `docs` made comments, so the rest keeps its line numbers. */
function blanked(text: string, docs: readonly ParsedDocument[]): string {
  const lines = textLines(text);
  for (const d of docs) for (let i = d.startLine - 1; i < d.endLine && i < lines.length; i++) lines[i] = '#';
  return lines.join('\n');
}
