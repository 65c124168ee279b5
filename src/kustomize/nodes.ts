/**
 * Plain JSON trees with positions kept beside them. Parsed documents are shared through the parse cache
 * and never mutated: a render works on copies, and every copied mapping and sequence keeps the file and
 * line it was written at.
 */
import type { SourceRef } from '../engine/model.js';
import type { Json, Positions } from './types.js';

/** A build failure at a source position; caught at the top of a render and turned into a diagnostic. */
export class KustomizeError extends Error {
  constructor(
    message: string,
    readonly ref: SourceRef,
  ) {
    super(message);
  }
}

export function isMap(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A copy of a parsed value; each node's position is its line in `file` (plus `lineOffset`, for text inlined in another file), or the nearest ancestor's. */
export function copyParsed(value: unknown, lines: WeakMap<object, number>, file: string, positions: Positions, fallback: SourceRef, lineOffset = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  const line = lines.get(value);
  const ref = line === undefined ? fallback : { file, line: line + lineOffset };
  let out: unknown;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = copyParsed(value[i], lines, file, positions, ref, lineOffset);
    out = list;
  } else {
    const map: Json = {};
    for (const k in value) if (Object.hasOwn(value, k)) map[k] = copyParsed((value as Json)[k], lines, file, positions, ref, lineOffset);
    out = map;
  }
  positions.set(out as object, ref);
  return out;
}

/** A deep copy keeping each node's position (a resource folder rendered once, used by several overlays). */
export function copyTree<T>(value: T, positions: Positions): T {
  if (value === null || typeof value !== 'object') return value;
  let out: unknown;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = copyTree(value[i], positions);
    out = list;
  } else {
    const map: Json = {};
    for (const k in value) if (Object.hasOwn(value, k)) map[k] = copyTree((value as Json)[k], positions);
    out = map;
  }
  const ref = positions.get(value as object);
  if (ref) positions.set(out as object, ref);
  return out as T;
}

/** Gives `ref` to every node of a new value that has no position yet (values built by the renderer itself). */
export function placeNew(value: unknown, ref: SourceRef, positions: Positions): void {
  if (value === null || typeof value !== 'object') return;
  if (!positions.has(value)) positions.set(value, ref);
  for (const v of Array.isArray(value) ? value : Object.values(value)) placeNew(v, ref, positions);
}

/** Structural equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a);
  const bo = b as Json;
  return ka.length === Object.keys(bo).length && ka.every((k) => Object.hasOwn(bo, k) && sameValue((a as Json)[k], bo[k]));
}

/** The string-keyed map at `obj[key]`, created when absent (`create`) — undefined when absent or not a map. */
export function childMap(obj: Json, key: string, create: boolean, positions: Positions, ref: SourceRef): Json | undefined {
  const v = obj[key];
  if (isMap(v)) return v;
  if (v !== undefined && v !== null) return undefined;
  if (!create) return undefined;
  const made: Json = {};
  positions.set(made, ref);
  obj[key] = made;
  return made;
}
