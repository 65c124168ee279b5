/**
 * `replacements`: copy a field of one source object into fields of selected targets (Kustomize's
 * ReplacementTransformer). Field paths are dotted: map keys, list indexes, `[key=value]` to pick a list
 * item, `*` for every item. `options.delimiter` + `index` take (source) or replace (target) one part of
 * a delimited string; `options.create` makes a missing target field. A source that is not exactly one
 * object, or a target field that is missing without `create`, fails the build.
 */
import type { SourceRef } from '../engine/model.js';
import type { BuildContext } from './build-context.js';
import { localFile, use, warn } from './build-context.js';
import type { Kustomization, Selector } from './kustomization.js';
import { copyParsed, copyTree, isMap, KustomizeError, placeNew } from './nodes.js';
import { lackedObjects } from './render.js';
import type { Resource } from './resource.js';
import { describe } from './resource.js';
import { selectTargets } from './target-selector.js';
import type { Json } from './types.js';
import { documentLine } from '../manifests/document-line.js';

export function applyReplacements(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  applyReplacementEntries(ctx, k, resources, k.replacements);
}

/** Applies replacement entries in order (also a ReplacementTransformer's): inline ones, or files relative to the kustomization's folder. */
export function applyReplacementEntries(ctx: BuildContext, k: Kustomization, resources: readonly Resource[], entries: Kustomization['replacements']): void {
  for (const entry of entries) {
    for (const { value, ref } of replacementSpecs(ctx, k, entry)) applyOne(ctx, resources, value, ref);
  }
}

function replacementSpecs(ctx: BuildContext, k: Kustomization, entry: Kustomization['replacements'][number]): { value: Json; ref: SourceRef }[] {
  if ('value' in entry) return [entry];
  const path = localFile(ctx, k.dir, entry.path, entry.ref, 'replacement');
  use(ctx, path, 'replacement');
  const out: { value: Json; ref: SourceRef }[] = [];
  for (const doc of ctx.fs.documents(path)) {
    const ref = { file: path, line: documentLine(doc) };
    if (doc.error) throw new KustomizeError(`cannot parse: ${doc.error.message}`, { file: path, line: doc.error.line });
    const value = copyParsed(doc.value, doc.lines, path, ctx.positions, ref);
    for (const v of Array.isArray(value) ? value : [value]) {
      if (!isMap(v)) throw new KustomizeError('a replacement must be a mapping with source and targets', ref);
      out.push({ value: v, ref: ctx.positions.get(v) ?? ref });
    }
  }
  return out;
}

function selector(v: unknown, ref: SourceRef): Selector {
  if (!isMap(v)) throw new KustomizeError('a replacement selector must be a mapping', ref);
  const out: Record<string, string> = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector']) if (typeof v[key] === 'string') out[key] = v[key] as string;
  return out;
}

function applyOne(ctx: BuildContext, resources: readonly Resource[], spec: Json, ref: SourceRef): void {
  if (!isMap(spec.source)) throw new KustomizeError('a replacement needs a source', ref);
  const sources = selectTargets(resources, selector(spec.source, ref), ref);
  // None found where the build lacks objects Kustomize would have (a Helm chart's): most likely one of them, so the value is unknown.
  const lacked = sources.length === 0 ? lackedObjects(ctx.diagnostics) : undefined;
  if (lacked) {
    warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `replacement source selects no object of the build, which lacks ${lacked.what} (${lacked.ref.file}:${lacked.ref.line}): not applied`, ref, { unmatchedEntry: { entry: 'replacement source', lacks: lacked.what } });
    return;
  }
  if (sources.length !== 1) throw new KustomizeError(`replacement source selects ${sources.length} objects; it must select exactly one`, ref);
  use(ctx, sources[0].ref.file, 'replacement-source');
  const fieldPath = typeof spec.source.fieldPath === 'string' ? spec.source.fieldPath : 'metadata.name';
  const found = find(sources[0].obj, parsePath(fieldPath), false);
  const missing = sources[0].missingInputs ?? [];
  if (found.length === 0 && missing.length > 0) {
    // Generated data from files outside the file set: the value is unknown, so the replacement is left undone.
    warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `replacement from ${describe(sources[0].obj)} ${fieldPath} is not applied: its generator input ${missing.join(', ')} is not loaded`, ref);
    return;
  }
  if (found.length === 0) throw new KustomizeError(`replacement source field ${fieldPath} not found`, ref);
  let value = found[0].parent[found[0].key];
  const sopts = isMap(spec.source.options) ? spec.source.options : {};
  if (typeof sopts.delimiter === 'string' && typeof value === 'string') value = value.split(sopts.delimiter)[Number(sopts.index ?? 0)] ?? '';
  for (const t of Array.isArray(spec.targets) ? spec.targets : []) {
    if (!isMap(t)) continue;
    const tref = ctx.positions.get(t) ?? ref;
    const selected = selectTargets(resources, selector(t.select, tref), tref);
    const rejects = (Array.isArray(t.reject) ? t.reject : []).map((r) => new Set(selectTargets(resources, selector(r, tref), tref)));
    const opts = isMap(t.options) ? t.options : {};
    for (const r of selected) {
      if (rejects.some((set) => set.has(r))) continue;
      for (const fp of Array.isArray(t.fieldPaths) ? t.fieldPaths : []) {
        if (typeof fp !== 'string') continue;
        const places = find(r.obj, parsePath(fp), opts.create === true, ctx, tref);
        if (places.length === 0) throw new KustomizeError(`replacement target field ${fp} not found in ${String(r.obj.kind)} ${String((r.obj.metadata as Json | undefined)?.name)} (set options.create to add it)`, tref);
        for (const p of places) {
          p.parent[p.key] = targetValue(p.parent[p.key], value, opts, ctx, tref);
          // The containers from just below the object down to the field take the replacement's line, as a JSON 6902
          // operation's do: a rule whose peer it rewrites is the replacement's doing (why, annotations, rollback).
          for (const node of p.chain.slice(1)) ctx.positions.set(node, tref);
        }
      }
    }
  }
}

function targetValue(current: unknown, value: unknown, opts: Json, ctx: BuildContext, ref: SourceRef): unknown {
  if (typeof opts.delimiter === 'string') {
    const parts = typeof current === 'string' ? current.split(opts.delimiter) : [];
    const i = Number(opts.index ?? 0);
    while (parts.length <= i) parts.push('');
    parts[i] = String(value);
    return parts.join(opts.delimiter);
  }
  // An existing scalar keeps its type (Kustomize copies the value into the target's node, tag and all).
  if (typeof current === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof current === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  const copy = copyTree(value, ctx.positions);
  placeNew(copy, ref, ctx.positions);
  return copy;
}

type Step = { kind: 'key'; key: string } | { kind: 'match'; key: string; value: string } | { kind: 'index'; index: number } | { kind: 'all' };

function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  for (const raw of path.match(/\[[^\]]*\]|[^.[\]]+/g) ?? []) {
    const part = raw.startsWith('[') ? raw.slice(1, -1) : raw;
    const eq = part.indexOf('=');
    if (raw.startsWith('[') && eq > 0) steps.push({ kind: 'match', key: part.slice(0, eq), value: part.slice(eq + 1) });
    else if (part === '*') steps.push({ kind: 'all' });
    else if (/^\d+$/.test(part)) steps.push({ kind: 'index', index: Number(part) });
    else steps.push({ kind: 'key', key: part });
  }
  return steps;
}

/**
 * The (parent, key) places a path leads to, each with `chain`: the containers walked from `node` (first) down
 * to `parent` (last). Missing maps are made on the way when `create`.
 */
function find(node: unknown, steps: readonly Step[], create: boolean, ctx?: BuildContext, ref?: SourceRef, walked: readonly object[] = []): { parent: Json & unknown[]; key: string | number; chain: readonly object[] }[] {
  if (steps.length === 0) return [];
  const [step, ...rest] = steps;
  const here = (parent: object, key: string | number) => {
    const p = parent as Json & unknown[];
    const chain = [...walked, p];
    if (rest.length === 0) return [{ parent: p, key, chain }];
    let next = (p as Record<string | number, unknown>)[key];
    if ((next === undefined || next === null) && create) {
      next = rest[0].kind === 'key' ? {} : [];
      if (ctx && ref) ctx.positions.set(next as object, ref);
      (p as Record<string | number, unknown>)[key] = next;
    }
    return find(next, rest, create, ctx, ref, chain);
  };
  if (step.kind === 'key' && isMap(node)) return Object.hasOwn(node, step.key) || create ? here(node, step.key) : [];
  if (!Array.isArray(node)) return [];
  if (step.kind === 'index') return step.index < node.length ? here(node, step.index) : [];
  if (step.kind === 'all') return node.flatMap((_, i) => here(node, i));
  if (step.kind === 'match') return node.flatMap((item, i) => (isMap(item) && String(item[step.key]) === step.value ? here(node, i) : []));
  return [];
}
