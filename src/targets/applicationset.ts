/**
 * Argo CD `ApplicationSet`s: the `list` and `git` (directories, files) generators are expanded against
 * this repository, `matrix` and `merge` combine them, each generator's `selector` filters its parameter
 * sets, and `spec.template` is filled in for each parameter set, giving Applications. Both template
 * syntaxes are understood: fasttemplate (`{{path.basename}}`, `{{path[1]}}`, element keys) and, with
 * `goTemplate: true`, `{{.path.basename}}` and `{{index .path.segments 1}}`. Other generators (clusters,
 * SCM, pull request, cluster decision resource) need a cluster or another API: one notice each, and a
 * matrix or merge that uses one gives nothing. Semantics: Argo CD's ApplicationSet generators (Matrix,
 * Merge, "Post Selector") and template documentation.
 */
import picomatch from 'picomatch';
import { plural } from '../util/plural.js';
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
  const expand: Expand = { set, files, repoUrls, notices, go };
  for (const gen of Array.isArray(spec.generators) ? spec.generators.filter(isObject) : []) {
    const params = generatorParams(expand, gen, 0);
    for (const p of params) {
      const app = fill(template, p, go) as Json;
      const meta = isObject(app.metadata) ? app.metadata : {};
      const name = str(meta.name);
      if (name && isObject(app.spec)) out.push({ name, spec: app.spec });
    }
  }
  return out;
}

/** What expanding one ApplicationSet's generators needs. */
interface Expand {
  readonly set: ControllerObject;
  readonly files: RepoFiles;
  readonly repoUrls: readonly string[];
  readonly notices: Notice[];
  readonly go: boolean;
}

/** Matrix and merge generators nest; deeper than this is read as a mistake (Argo CD allows one level). */
const MAX_NESTING = 3;

/** A generator's parameter sets, its `selector` applied (Argo CD's post selector). */
function generatorParams(x: Expand, gen: Json, depth: number): Params[] {
  const params = unselectedParams(x, gen, depth);
  return isObject(gen.selector) ? params.filter((p) => selects(gen.selector as Json, p)) : params;
}

function unselectedParams(x: Expand, gen: Json, depth: number): Params[] {
  const { set, files, repoUrls, notices } = x;
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
  const sets = children.map((c) => generatorParams(x, c, depth + 1));
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
  const value = (k: string) => (k in p && p[k] !== null && typeof p[k] !== 'object' ? String(p[k]) : undefined);
  const labels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (!Object.entries(labels).every(([k, v]) => value(k) === String(v))) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : [];
  return expressions.every((e) => {
    const key = str(e.key) ?? '';
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const v = value(key);
    switch (e.operator) {
      case 'In':
        return v !== undefined && values.includes(v);
      case 'NotIn':
        return v === undefined || !values.includes(v);
      case 'Exists':
        return v !== undefined;
      case 'DoesNotExist':
        return v === undefined;
      default:
        return false;
    }
  });
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
    // A pipeline: a value, then functions each given the previous result as its last argument.
    const [head, ...calls] = splitPipeline(expr);
    let value = goValue(head, params);
    for (const call of calls) {
      if (value === undefined) break;
      value = goFunction(call, value);
    }
    return value ?? m;
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

/** `.field`, `index .list N`, or a quoted string; undefined for anything else (the placeholder stays as written). */
function goValue(expr: string, params: Params): string | undefined {
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
