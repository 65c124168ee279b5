/**
 * configMapGenerator and secretGenerator: ConfigMaps and Secrets from literals, env files and files,
 * with generatorOptions' labels and annotations. The engine reads neither kind, so inputs outside the
 * file set (non-manifest files are often not loaded) leave their keys out instead of failing the build.
 * `behavior: merge|replace` combine with the generated object of the same name from a base. The name
 * hash suffix is added once the whole build is done (see `hashGeneratedNames`); its digest follows
 * Kustomize's (sha256 over kind, name and data) but is not promised to be byte-identical.
 */
import { createHash } from 'node:crypto';
import type { BuildContext } from './build-context.js';
import { use } from './build-context.js';
import type { GeneratorEntry, Kustomization } from './kustomization.js';
import { toStringMap } from './kustomization.js';
import { isMap, KustomizeError, placeNew } from './nodes.js';
import type { Resource } from './resource.js';
import { allIds, gvkOf, nameOf, remember, sameNamespace } from './resource.js';
import type { Json } from './types.js';
import { baseName, joinPath } from '../util/repo-paths.js';

export function runGenerators(ctx: BuildContext, k: Kustomization, resources: Resource[], options: Json): Resource[] {
  const out = [...resources];
  for (const g of k.generators) {
    const missing: string[] = [];
    const obj = generatedObject(ctx, k, g, options, missing);
    const hashed = !(isMap(g.value.options) && g.value.options.disableNameSuffixHash === true) && options.disableNameSuffixHash !== true;
    if (g.behavior === 'create') {
      out.push({ obj, ref: g.ref, generated: true, history: [], behavior: 'create', hashed, missingInputs: missing });
      continue;
    }
    // Matched by kind and any name it has had (current or earlier); by namespace only when the generator names one.
    const existing = out.find((r) => gvkOf(r.obj).kind === g.kind && allIds(r).some((id) => id.name === g.name && (g.namespace === undefined || sameNamespace(id.namespace, g.namespace))));
    if (!existing) throw new KustomizeError(`${g.kind} ${g.name}: behavior ${g.behavior} needs a generated ${g.kind} of that name from a base`, g.ref);
    existing.missingInputs = [...(g.behavior === 'merge' ? existing.missingInputs ?? [] : []), ...missing];
    if (g.behavior === 'replace') existing.obj.data = obj.data;
    else existing.obj.data = { ...(isMap(existing.obj.data) ? existing.obj.data : {}), ...(obj.data as Json) };
  }
  return out;
}

function generatedObject(ctx: BuildContext, k: Kustomization, g: GeneratorEntry, options: Json, missing: string[]): Json {
  const own = isMap(g.value.options) ? g.value.options : {};
  const data: Record<string, string> = {};
  for (const lit of asStrings(g.value.literals)) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new KustomizeError(`${g.kind} ${g.name}: literal "${lit}" is not KEY=VALUE`, g.ref);
    data[lit.slice(0, eq)] = unquote(lit.slice(eq + 1));
  }
  for (const env of asStrings(g.value.envs ?? (typeof g.value.env === 'string' ? [g.value.env] : []))) {
    const text = input(ctx, k, env, missing);
    for (const line of text?.split('\n') ?? []) {
      const t = line.trim();
      if (t === '' || t.startsWith('#')) continue;
      const eq = t.indexOf('=');
      if (eq > 0) data[t.slice(0, eq)] = t.slice(eq + 1);
    }
  }
  for (const f of asStrings(g.value.files)) {
    const eq = f.indexOf('=');
    const [key, path] = eq > 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [baseName(f), f];
    const text = input(ctx, k, path, missing);
    if (text !== undefined) data[key] = text;
  }
  const labels = { ...toStringMap(isMap(options.labels) ? options.labels : {}), ...toStringMap(isMap(own.labels) ? own.labels : {}) };
  const annotations = { ...toStringMap(isMap(options.annotations) ? options.annotations : {}), ...toStringMap(isMap(own.annotations) ? own.annotations : {}) };
  const metadata: Json = { name: g.name };
  if (g.namespace) metadata.namespace = g.namespace;
  if (Object.keys(labels).length) metadata.labels = labels;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const obj: Json = { apiVersion: 'v1', kind: g.kind, metadata };
  if (g.kind === 'Secret') {
    obj.type = typeof g.value.type === 'string' ? g.value.type : 'Opaque';
    if (Object.keys(data).length) obj.data = Object.fromEntries(Object.entries(data).map(([key, v]) => [key, Buffer.from(v).toString('base64')]));
  } else if (Object.keys(data).length) obj.data = data;
  placeNew(obj, g.ref, ctx.positions);
  return obj;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1) : v;
}

function input(ctx: BuildContext, k: Kustomization, rel: string, missing: string[]): string | undefined {
  const path = joinPath(k.dir, rel);
  const text = path === undefined ? undefined : ctx.fs.text(path);
  if (path !== undefined && text !== undefined) use(ctx, path, 'generator');
  else missing.push(path ?? rel);
  return text;
}

/** Adds the content hash to the names of generated objects, once the build is complete. */
export function hashGeneratedNames(resources: readonly Resource[]): void {
  for (const r of resources) {
    if (!r.hashed || !isMap(r.obj.metadata)) continue;
    remember(r);
    r.obj.metadata.name = `${nameOf(r.obj)}-${contentHash(r.obj)}`;
  }
}

function contentHash(obj: Json): string {
  const kind = gvkOf(obj).kind;
  const fields: Json = kind === 'Secret' ? { data: obj.data ?? '', kind, name: nameOf(obj), type: obj.type ?? '' } : { data: obj.data ?? '', kind, name: nameOf(obj) };
  const hex = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' })[c] ?? c);
}
