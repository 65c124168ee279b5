/**
 * Argo CD `ApplicationSet`s: the `list` and `git` (directories, files) generators are expanded against
 * this repository and `spec.template` is filled in for each parameter set, giving Applications. Both
 * template syntaxes are understood: fasttemplate (`{{path.basename}}`, `{{path[1]}}`, element keys) and,
 * with `goTemplate: true`, `{{.path.basename}}` and `{{index .path.segments 1}}`. Other generators
 * (clusters, matrix, merge, SCM, pull request) need a cluster or another API: one notice each.
 * Semantics: Argo CD's ApplicationSet generators and template documentation.
 */
import picomatch from 'picomatch';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ControllerObject } from './controller-objects.js';
import { sameRepository, str } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import { baseName, normalizeFolder, parentOf } from './repo-files.js';
import type { Notice } from './types.js';

type Params = Record<string, unknown>;

/** The Applications an ApplicationSet generates from this repository: `{name, spec}` each. */
export function generatedApplications(set: ControllerObject, files: RepoFiles, repoUrls: readonly string[], notices: Notice[]): { name: string; spec: Json }[] {
  const spec = isObject(set.value.spec) ? set.value.spec : {};
  const template = isObject(spec.template) ? spec.template : undefined;
  if (!template) return [];
  const go = spec.goTemplate === true;
  const out: { name: string; spec: Json }[] = [];
  for (const gen of Array.isArray(spec.generators) ? spec.generators.filter(isObject) : []) {
    const params = generatorParams(set, gen, files, repoUrls, notices);
    for (const p of params) {
      const app = fill(template, p, go) as Json;
      const meta = isObject(app.metadata) ? app.metadata : {};
      const name = str(meta.name);
      if (name && isObject(app.spec)) out.push({ name, spec: app.spec });
    }
  }
  return out;
}

function generatorParams(set: ControllerObject, gen: Json, files: RepoFiles, repoUrls: readonly string[], notices: Notice[]): Params[] {
  if (isObject(gen.list)) return (Array.isArray(gen.list.elements) ? gen.list.elements : []).filter(isObject).map((e) => ({ ...e, ...flatten(e) }));
  if (isObject(gen.git)) {
    const git = gen.git;
    if (!sameRepository(git.repoURL, repoUrls)) {
      notices.push({ code: 'EXTERNAL_SOURCE', message: `ApplicationSet ${set.name}: git generator reads ${String(git.repoURL)}, another repository; not analysed`, ref: set.ref });
      return [];
    }
    if (Array.isArray(git.directories)) return directoryParams(git.directories.filter(isObject), files);
    if (Array.isArray(git.files)) return fileParams(git.files.filter(isObject), files);
    return [];
  }
  const kind = Object.keys(gen).find((k) => k !== 'selector' && k !== 'values') ?? 'unknown';
  notices.push({ code: 'UNSUPPORTED_GENERATOR', message: `ApplicationSet ${set.name}: the ${kind} generator needs a live cluster or another API; its Applications are not analysed`, ref: set.ref });
  return [];
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
    for (const doc of parseDocuments(f.text, /\.json$/i.test(f.path))) {
      if (isObject(doc.value)) out.push({ ...flatten(doc.value), ...pathParams(parentOf(f.path)), 'path.filename': baseName(f.path) });
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

function fillGo(s: string, params: Params): string {
  return s.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (m, expr: string) => {
    const index = /^index\s+\.(\S+)\s+(\d+)$/.exec(expr);
    if (index) {
      const list = params[index[1]];
      return Array.isArray(list) && list[Number(index[2])] !== undefined ? String(list[Number(index[2])]) : m;
    }
    const field = /^\.(\S+)$/.exec(expr);
    return field && field[1] in params && !Array.isArray(params[field[1]]) ? String(params[field[1]]) : m;
  });
}
