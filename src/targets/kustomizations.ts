/**
 * Kustomization files as a graph: which folders and files each one includes (`resources`, `bases`,
 * `components`) or uses otherwise (patches, generators, replacements), so that a target built from a
 * kustomization hands the renderer (src/kustomize) exactly its files, and the files kustomizations
 * consume are not read again as plain manifests. Semantics of the fields: Kustomize's `kustomization.yaml` reference (kubectl.docs.kubernetes.io).
 */
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { transformerConfigPaths } from '../kustomize/inputs.js';
import { withFieldNames } from '../kustomize/field-names.js';
import type { RepoFiles } from './repo-files.js';
import { dirOf, joinPath } from '../util/repo-paths.js';

export interface Kustomization {
  /** Folder holding the kustomization file. */
  readonly folder: string;
  readonly file: string;
  /** Repository folders and files it includes through `resources`, `bases` and `components`. */
  readonly includes: readonly string[];
  /** Files it reads otherwise (patches, generator sources, replacements, configurations). */
  readonly uses: readonly string[];
  /** Its local `transformers:` entries (files or folders of configurations), whose own files it reads too. */
  readonly transformers: readonly string[];
  /** References that are not in this repository (URLs, `github.com/…` remote bases). */
  readonly remote: readonly string[];
  /** `namespace:` of the kustomization (overrides every object's namespace). */
  readonly namespace?: string;
}

const INCLUDE_FIELDS = ['resources', 'bases', 'components'];
const FILE_FIELDS = ['patchesStrategicMerge', 'crds', 'configurations', 'generators', 'transformers', 'validators'];

/** Every kustomization of the side, by folder. */
export function findKustomizations(files: RepoFiles): Map<string, Kustomization> {
  const out = new Map<string, Kustomization>();
  for (const f of files.files) {
    if (!isKustomizationPath(f.path)) continue;
    const folder = dirOf(f.path);
    if (!out.has(folder)) out.set(folder, readKustomization(f.path, f.text));
  }
  return out;
}

export function readKustomization(file: string, text: string): Kustomization {
  const folder = dirOf(file);
  const doc = parseDocuments(text, 'yaml').find((d) => isObject(d.value))?.value;
  const k = isObject(doc) ? withFieldNames(doc) : {};
  const includes: string[] = [];
  const uses: string[] = [];
  const remote: string[] = [];
  const add = (list: string[], ref: unknown) => {
    if (typeof ref !== 'string' || ref === '') return;
    if (/^[a-z]+:\/\/|^git@|^github\.com\/|^gitlab\.com\/|\?ref=|\/\/.*\/\//i.test(ref)) return void remote.push(ref);
    const path = joinPath(folder, ref);
    if (path !== undefined) list.push(path);
  };
  for (const field of INCLUDE_FIELDS) for (const ref of list(k[field])) add(includes, ref);
  for (const field of FILE_FIELDS) for (const ref of list(k[field])) add(uses, ref);
  const transformers: string[] = [];
  for (const ref of list(k.transformers)) if (typeof ref === 'string' && !ref.includes('\n')) add(transformers, ref);
  for (const p of [...list(k.patches), ...list(k.patchesJson6902), ...list(k.replacements)]) if (isObject(p)) add(uses, p.path);
  for (const g of [...list(k.configMapGenerator), ...list(k.secretGenerator)]) {
    if (!isObject(g)) continue;
    for (const src of [...list(g.files), ...list(g.envs), ...(g.env ? [g.env] : [])]) add(uses, typeof src === 'string' ? src.slice(src.indexOf('=') + 1) : src);
  }
  return { folder, file, includes, uses, transformers, remote, namespace: typeof k.namespace === 'string' && k.namespace ? k.namespace : undefined };
}

/**
 * What `transformers:` entries read beyond themselves: a folder's files (a kustomization folder's whole
 * build: kustomizationClosure), and the patch and replacement files a configuration file names
 * (relative to the kustomization's folder).
 */
function transformerInputs(k: Kustomization, files: RepoFiles): string[] {
  const out: string[] = [];
  for (const t of k.transformers) {
    const text = files.byPath.get(t)?.text;
    if (text !== undefined) {
      for (const rel of transformerConfigPaths(text)) {
        const path = joinPath(k.folder, rel);
        if (path !== undefined) out.push(path);
      }
    } else if (files.isFolder(t)) out.push(...files.under(t, false).map((f) => f.path));
  }
  return out;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Files a kustomization reads, through its includes, recursively: `resources` are the manifest files
 * (without rendering); `consumed` adds patches and generator sources; `remote` are references to other
 * repositories; `namespaced`: the consumed files read through a kustomization that sets `namespace:`
 * (it or one including it), whose objects that kustomization places (a folder reached twice counts as first reached).
 */
export function kustomizationClosure(root: Kustomization, all: ReadonlyMap<string, Kustomization>, files: RepoFiles): { resources: string[]; consumed: string[]; remote: string[]; namespaced: Set<string> } {
  const resources: string[] = [];
  const consumed: string[] = [];
  const remote: string[] = [];
  const namespaced = new Set<string>();
  const seen = new Set<string>();
  const visit = (k: Kustomization, placed: boolean) => {
    if (seen.has(k.folder)) return;
    seen.add(k.folder);
    const ns = placed || k.namespace !== undefined;
    const use = (...paths: string[]) => {
      consumed.push(...paths);
      if (ns) for (const p of paths) namespaced.add(p);
    };
    // The renderer owns every file of a kustomization folder (an unused one becomes an "Unused" document).
    use(k.file, ...k.uses, ...files.under(k.folder, false).map((f) => f.path), ...transformerInputs(k, files));
    remote.push(...k.remote);
    // A transformers entry that is a kustomization folder is built too (its objects are configurations, not
    // manifests): everything its build reads is consumed, nothing of it is a resource.
    for (const t of k.transformers) {
      const sub = all.get(t);
      if (sub) visitInputs(sub);
    }
    for (const inc of k.includes) {
      const sub = all.get(inc);
      if (sub) visit(sub, ns);
      else if (files.byPath.has(inc)) resources.push(inc), use(inc);
      else if (files.isFolder(inc)) for (const f of files.under(inc, false)) resources.push(f.path), use(f.path);
    }
  };
  /** What the build of a transformers folder `k` reads, consumed only. */
  const visitInputs = (k: Kustomization) => {
    if (seen.has(k.folder)) return;
    seen.add(k.folder);
    consumed.push(k.file, ...k.uses, ...files.under(k.folder, false).map((f) => f.path), ...transformerInputs(k, files));
    remote.push(...k.remote);
    for (const t of k.transformers) if (all.has(t)) visitInputs(all.get(t)!);
    for (const inc of k.includes) {
      const sub = all.get(inc);
      if (sub) visitInputs(sub);
      else if (files.byPath.has(inc)) consumed.push(inc);
      else if (files.isFolder(inc)) consumed.push(...files.under(inc, false).map((f) => f.path));
    }
  };
  visit(root, false);
  return { resources: [...new Set(resources)], consumed: [...new Set(consumed)], remote, namespaced };
}
