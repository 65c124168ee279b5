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
    const directive = directiveHint(key, path);
    const hint = Object.hasOwn(hints, key) ? ` (${hints[key]})` : directive ? ` (${directive})` : near ? ` (did you mean \`${near}\`?)` : '';
    const shown = key.length > 60 ? quote(key) : `\`${path}\``;
    ctx.report(reading.severity, 'UNKNOWN_FIELD', `${owner}: unknown field ${shown}${hint}; ${reading.consequence}`, ctx.keyRef(obj, key, ctx.ref(obj, fallback)));
  }
  return ok;
}

/**
 * What a strategic-merge directive left in a rendered object means, or undefined for any other field. `$patch` in
 * an item of a list: the list has no merge key (a NetworkPolicy's `ingress`, `egress`, `from`, `to`, `ports`), so
 * strategic merge did not match the item against the base's; it replaced the whole list with the patch's items,
 * the directive kept as a field (kubectl kustomize renders it so): `$patch: delete` removes nothing and drops the
 * list's other items. A JSON 6902 `remove` of the item's index does what was meant. `path`: the field's
 * (`spec.ingress[1].$patch`).
 */
export function directiveHint(key: string, path: string): string | undefined {
  if (key !== '$patch' && !/^\$(retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/.test(key)) return undefined;
  const item = /^(.*)\[\d+\]\.\$patch$/.exec(path);
  if (!item) return 'a strategic-merge directive, read only in a patch; here it is a field of the object';
  const pointer = `/${item[1].replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}`;
  return `\`${item[1]}\` has no merge key, so strategic merge replaced the whole list with the patch's items and kept \`$patch\` as a field: it removes no item and drops the others; to remove one, use a JSON 6902 patch \`- op: remove\` with \`path: ${pointer}/INDEX\` (the item's index)`;
}

/** `a string "hello"`, `a list`, `the number 5`: what a value is, for "must be a map, not …". */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${quote(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return typeof v === 'object' && v !== null ? 'a map' : typeof v;
}
