/**
 * Which files the kustomizations of a selection need beyond it. Manifest globs (CLI `--path`, the App's
 * `manifests`) pick what is analysed, but an overlay inside them renders from bases, patches and
 * components that may lie outside: those are inputs too. Followed transitively from the kustomization
 * files: resources and bases (files, and folders' kustomization files), components, patch files
 * (`patches`, `patchesStrategicMerge`, `patchesJson6902`), transformer configuration files (and the patch
 * and replacement files their builtin configurations name, when the configuration's text is given), replacement files and generator inputs
 * (`files`, `envs`: replacements may read generated data). Remote entries are ignored.
 */
import { KUSTOMIZATION_FILE_NAMES, isKustomizationPath } from './file-set.js';
import { isMap } from './nodes.js';
import { isRemote } from './render.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { dirOf, joinPath } from '../util/repo-paths.js';
import { withFieldNames } from './field-names.js';

export interface KustomizeInputs {
  /** Paths needed (present in `paths`), the starting kustomization files included. */
  readonly needed: ReadonlySet<string>;
  /** Needed kustomization files whose text was not given: read them and ask again. */
  readonly unread: ReadonlySet<string>;
  /** Named files not among `paths` (e.g. generator inputs a manifest-only listing left out): read them if they exist. */
  readonly outside: ReadonlySet<string>;
}

/**
 * `paths`: every file that exists (a tree's paths seen through its symbolic links, util/tree-links.ts,
 * when it has links); `text(path)`: a file's text if read; `roots`: the kustomization files to start from.
 */
export function kustomizeInputs(paths: { has(path: string): boolean }, text: (path: string) => string | undefined, roots: Iterable<string>): KustomizeInputs {
  const needed = new Set<string>();
  const unread = new Set<string>();
  const outside = new Set<string>();
  const queue = [...roots].filter((p) => paths.has(p));
  for (const p of queue) needed.add(p);
  // Transformer configuration files, with the kustomization folder their patch paths are relative to.
  const configs: { file: string; dir: string }[] = [];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    const body = text(file);
    if (body === undefined) {
      unread.add(file);
      continue;
    }
    const dir = dirOf(file);
    const transformers = transformerFiles(body, dir);
    for (const ref of references(body, dir, paths, outside)) {
      if (transformers.has(ref)) configs.push({ file: ref, dir });
      if (needed.has(ref)) continue;
      needed.add(ref);
      if (isKustomizationPath(ref)) queue.push(ref);
    }
  }
  // The patch and replacement files their configurations name, when their text is at hand.
  for (const c of configs) {
    const body = text(c.file);
    if (body === undefined) continue;
    for (const rel of transformerConfigPaths(body)) {
      const path = joinPath(c.dir, rel);
      if (path === undefined) continue;
      if (paths.has(path)) needed.add(path);
      else outside.add(path);
    }
  }
  return { needed, unread, outside };
}

/** The paths a kustomization's `transformers:` entries name (inline configurations aside). */
function transformerFiles(body: string, dir: string): Set<string> {
  const doc = parseDocuments(body, 'yaml').find((d) => isMap(d.value))?.value;
  const k = isMap(doc) ? withFieldNames(doc) : undefined;
  const list = k !== undefined && Array.isArray(k.transformers) ? k.transformers : [];
  return new Set(list.filter((e): e is string => typeof e === 'string' && !e.includes('\n')).map((e) => joinPath(dir, e)).filter((p): p is string => p !== undefined));
}

/** `path` (PatchTransformer, PatchJson6902Transformer), `paths` (PatchStrategicMergeTransformer) and `replacements[].path` (ReplacementTransformer) of builtin configurations. */
export function transformerConfigPaths(body: string): string[] {
  const out: string[] = [];
  for (const doc of parseDocuments(body, 'yaml')) {
    const v = doc.value;
    if (!isMap(v) || v.apiVersion !== 'builtin') continue;
    if (typeof v.path === 'string') out.push(v.path);
    if (Array.isArray(v.paths)) out.push(...v.paths.filter((p): p is string => typeof p === 'string'));
    if (Array.isArray(v.replacements)) for (const r of v.replacements) if (isMap(r) && typeof r.path === 'string') out.push(r.path);
  }
  return out;
}

/** The paths one kustomization names (a folder stands for its kustomization file). */
function references(body: string, dir: string, paths: { has(path: string): boolean }, outside: Set<string>): string[] {
  const doc = parseDocuments(body, 'yaml').find((d) => isMap(d.value));
  if (!isMap(doc?.value)) return [];
  // Keys in another case are the fields they name (field-names.ts).
  const k = withFieldNames(doc.value);
  const entries: string[] = [];
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  entries.push(...strings(k.resources), ...strings(k.bases), ...strings(k.components), ...strings(k.configurations), ...strings(k.crds), ...strings(k.patchesStrategicMerge).filter((s) => !s.includes('\n')), ...strings(k.transformers).filter((s) => !s.includes('\n')));
  for (const key of ['patches', 'patchesJson6902', 'replacements']) {
    for (const e of Array.isArray(k[key]) ? k[key] : []) if (isMap(e) && typeof e.path === 'string') entries.push(e.path);
  }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const g of Array.isArray(k[key]) ? k[key] : []) {
      if (!isMap(g)) continue;
      entries.push(...strings(g.envs), ...(typeof g.env === 'string' ? [g.env] : []), ...strings(g.files).map((f) => (f.indexOf('=') > 0 ? f.slice(f.indexOf('=') + 1) : f)));
    }
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (isRemote(entry)) continue;
    const path = joinPath(dir, entry);
    if (path === undefined) continue;
    if (paths.has(path)) {
      out.push(path);
      continue;
    }
    const kustomization = KUSTOMIZATION_FILE_NAMES.map((name) => (path === '' ? name : `${path}/${name}`)).find((p) => paths.has(p));
    if (kustomization) out.push(kustomization);
    else outside.add(path);
  }
  return out;
}

/**
 * The files to load for a selection: the selected ones, plus every file their kustomizations need, and
 * the paths they name that `all` lacks (to read if they exist). For sources that hold every manifest
 * text already (a folder, a git revision read locally).
 */
export function withKustomizeInputs<F extends { readonly path: string; readonly text: string }>(all: readonly F[], selected: (path: string) => boolean): { files: F[]; outside: ReadonlySet<string> } {
  const byPath = new Map(all.map((f) => [f.path, f]));
  const roots = all.filter((f) => selected(f.path) && isKustomizationPath(f.path)).map((f) => f.path);
  const { needed, outside } = kustomizeInputs(new Set(byPath.keys()), (p) => byPath.get(p)?.text, roots);
  return { files: all.filter((f) => selected(f.path) || needed.has(f.path)), outside };
}
