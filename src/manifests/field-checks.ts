/**
 * Two checks every level of an object gets: that a value meant to be a map is one, and that a map has
 * no field its schema lacks. Labels (`where`) are the loader's usual `Owner: path` (`NetworkPolicy
 * web/api: spec.ingress[0]`); a label without `: ` is the object's top level.
 */
import type { SourceRef } from '../engine/model.js';
import type { DocContext, Json } from './context.js';
import type { Severity } from './diagnostics.js';
import { isObject } from './context.js';
import { nearestName } from '../util/near-names.js';
import { quote } from './quote.js';

/**
 * `holder[key]`, a value the schema types as a map (`spec`, `metadata`, a rule, a peer, `ipBlock` …): absent (or
 * `null`, a nil pointer) reads as an empty map; anything else that is not a map is reported as an error
 * (the API server cannot decode it) and gives `undefined`.
 */
export function readMap(ctx: DocContext, holder: Json, key: string, where: string, fallback: SourceRef): Json | undefined {
  const raw = holder[key];
  if (raw === undefined || raw === null) return {};
  if (isObject(raw)) return raw;
  ctx.report('error', 'INVALID_FIELD', `${where} must be a map, not ${describeValue(raw)}`, ctx.keyRef(holder, key, ctx.ref(raw, fallback)));
  return undefined;
}

/** How an unknown field is reported: its severity and what follows from it, said after the field. */
export interface UnknownFieldReading {
  readonly severity: Severity;
  readonly consequence: string;
}

const REJECTED: UnknownFieldReading = { severity: 'error', consequence: 'the API server rejects objects with unknown fields' };

/**
 * Reports every field of `obj` that is not in `known`, at the line of its key, with `hints[field]` (a
 * field known by that name elsewhere, e.g. in another version of the kind) or else the nearest known
 * field as a suggestion. True when there is none. kubectl apply (strict field validation, its default
 * since 1.27) refuses such an object, so callers treat it like any other value the API server rejects;
 * a caller that reads the object on without the field says so in `reading` (a warning, Cilium's kinds).
 */
export function checkFields(ctx: DocContext, obj: Json, known: ReadonlySet<string>, where: string, fallback: SourceRef, hints: Readonly<Record<string, string>> = {}, reading: UnknownFieldReading = REJECTED): boolean {
  let ok = true;
  for (const key in obj) {
    if (known.has(key) || !Object.hasOwn(obj, key)) continue;
    ok = false;
    const cut = where.indexOf(': ');
    const owner = cut < 0 ? where : where.slice(0, cut);
    const path = cut < 0 ? key : `${where.slice(cut + 2)}.${key}`;
    const near = nearestName(key, known);
    const hint = Object.hasOwn(hints, key) ? ` (${hints[key]})` : near ? ` (did you mean \`${near}\`?)` : '';
    const shown = key.length > 60 ? quote(key) : `\`${path}\``;
    ctx.report(reading.severity, 'UNKNOWN_FIELD', `${owner}: unknown field ${shown}${hint}; ${reading.consequence}`, ctx.keyRef(obj, key, ctx.ref(obj, fallback)));
  }
  return ok;
}

/** `a string "hello"`, `a list`, `the number 5`: what a value is, for "must be a map, not …". */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${quote(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return typeof v === 'object' && v !== null ? 'a map' : typeof v;
}
