/**
 * JSON patches (RFC 6902: add, remove, replace, move, copy, test; paths are RFC 6901 pointers, `-`
 * appends to a list), with the leniency of the library Kustomize uses: `replace` of a missing map key sets it. A failed operation is a build failure at the operation's line, as in Kustomize.
 *
 * Positions: the mappings and sequences on the way to the changed location (below the object itself)
 * take the line of the operation's value (`value:`, or where a mapping or list value starts), else the
 * operation's line: a rule whose port an inline `replace` sets is cited where the new port is written, the
 * line a pull request edits, not at `- op:` lines above it (new-user 49, finding 3). An added value keeps the
 * lines it was written at.
 */
import type { SourceRef } from '../engine/model.js';
import { copyTree, isMap, KustomizeError, placeNew, sameValue } from './nodes.js';
import type { Json, Positions } from './types.js';
import { patchedPosition } from './patched-refs.js';

export interface JsonPatchOp {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
  /** The operation's line (`- op: …`): where a failure is told. */
  readonly ref: SourceRef;
  /** Where its value is written (add, replace, test): the mapping or list value's own line, else the `value:` key's. */
  readonly valueRef?: SourceRef;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * The operations of a parsed patch document (a list of `{op, path, value|from}`). `lines`: the document's text
 * by line, its first at `ref`'s line (the parsed tree has no positions for scalars: a `value:` key is found there).
 */
export function readJsonPatch(doc: unknown, positions: Positions, ref: SourceRef, lines?: readonly string[]): JsonPatchOp[] {
  if (!Array.isArray(doc)) throw new KustomizeError('a JSON patch must be a list of operations', ref);
  const starts = doc.map((raw) => (isMap(raw) && positions.get(raw)) || ref);
  return doc.map((raw, i) => {
    const at = starts[i];
    if (!isMap(raw) || typeof raw.op !== 'string' || !OPS.has(raw.op)) throw new KustomizeError('a JSON patch operation needs op: add, remove, replace, move, copy or test', at);
    if (typeof raw.path !== 'string') throw new KustomizeError(`JSON patch ${raw.op} needs a path`, at);
    if ((raw.op === 'move' || raw.op === 'copy') && typeof raw.from !== 'string') throw new KustomizeError(`JSON patch ${raw.op} needs from`, at);
    if ((raw.op === 'add' || raw.op === 'replace' || raw.op === 'test') && !Object.hasOwn(raw, 'value')) throw new KustomizeError(`JSON patch ${raw.op} needs a value`, at);
    const valueRef = Object.hasOwn(raw, 'value') ? valueLine(raw.value, positions, at, starts.slice(i + 1).find((s) => s.line > at.line), ref, lines) : undefined;
    return { op: raw.op as JsonPatchOp['op'], path: raw.path, from: raw.from as string | undefined, value: raw.value, ref: at, ...(valueRef ? { valueRef } : {}) };
  });
}

/**
 * Where an operation's value is written: a mapping's or list's own position when it has one on a line of its own,
 * else the first `value:` key line from the operation's line up to the next operation's (`next`), else undefined.
 */
function valueLine(value: unknown, positions: Positions, op: SourceRef, next: SourceRef | undefined, doc: SourceRef, lines: readonly string[] | undefined): SourceRef | undefined {
  const own = value !== null && typeof value === 'object' ? positions.get(value) : undefined;
  if (own && own.file === op.file && own.line > op.line) return own;
  if (!lines) return own;
  const end = Math.min(lines.length, (next?.line ?? doc.line + lines.length) - doc.line);
  for (let i = op.line - doc.line; i < end; i++) {
    if (i >= 0 && /^\s*(?:-\s+)?["']?value["']?\s*:/.test(lines[i])) return { file: op.file, line: doc.line + i };
  }
  return own;
}

function pointer(path: string, ref: SourceRef): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KustomizeError(`JSON pointer "${path}" must start with /`, ref);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Applies the operations to `obj` in place. `metadata.annotations` exists while they run, an empty map
 * if the object has none, and goes again if it is still empty: Kustomize keeps its own bookkeeping
 * annotations on every resource during a build, so `add /metadata/annotations/KEY` works on an object
 * without annotations there (kustomize v5: a workload-identity patch on a plain ServiceAccount), while
 * any other missing parent, `labels` included, fails.
 */
export function applyJsonPatch(obj: Json, ops: readonly JsonPatchOp[], positions: Positions): void {
  const metadata = obj.metadata;
  const made = isMap(metadata) && !Object.hasOwn(metadata, 'annotations') ? (metadata.annotations = {}) : undefined;
  try {
    for (const op of ops) applyOne(obj, op, positions);
  } finally {
    if (made && isMap(metadata) && metadata.annotations === made && Object.keys(made).length === 0) delete metadata.annotations;
  }
}

function applyOne(obj: Json, op: JsonPatchOp, positions: Positions): void {
  const fail = (why: string): never => {
    throw new KustomizeError(`JSON patch ${op.op} ${op.path}: ${why}`, op.ref);
  };
  const path = pointer(op.path, op.ref);
  if (path.length === 0) fail('the whole object cannot be patched');
  switch (op.op) {
    case 'test':
      if (!sameValue(get(obj, path, fail), op.value)) fail('test failed');
      return;
    case 'remove':
      remove(obj, path, fail);
      break;
    case 'replace':
      // As in the JSON patch library Kustomize uses (evanphx/json-patch v4): a missing map key is set, a missing list index fails.
      if (!Array.isArray(get(obj, path.slice(0, -1), fail))) put(obj, path, fresh(op.value, op, positions), 'add', fail);
      else {
        get(obj, path, fail);
        put(obj, path, fresh(op.value, op, positions), 'replace', fail);
      }
      break;
    case 'add':
      put(obj, path, fresh(op.value, op, positions), 'add', fail);
      break;
    case 'copy':
    case 'move': {
      const from = pointer(op.from ?? '', op.ref);
      const value = copyTree(get(obj, from, fail), positions);
      if (op.op === 'move') remove(obj, from, fail);
      put(obj, path, value, 'add', fail);
      break;
    }
  }
  markPath(obj, path, op.valueRef ?? op.ref, positions);
}

function fresh(value: unknown, op: JsonPatchOp, positions: Positions): unknown {
  const out = copyTree(value, positions);
  placeNew(out, op.valueRef ?? op.ref, positions);
  return out;
}

function get(obj: unknown, path: readonly string[], fail: (why: string) => never): unknown {
  let node = obj;
  for (const part of path) {
    if (Array.isArray(node)) {
      const i = index(part, node.length - 1, fail);
      node = node[i];
    } else if (isMap(node) && Object.hasOwn(node, part)) node = node[part];
    else fail(`no field "${part}"`);
  }
  return node;
}

function index(part: string, max: number, fail: (why: string) => never): number {
  if (!/^(0|[1-9][0-9]*)$/.test(part) || Number(part) > max) fail(`no list index "${part}"`);
  return Number(part);
}

function put(obj: Json, path: readonly string[], value: unknown, mode: 'add' | 'replace', fail: (why: string) => never): void {
  const parent = get(obj, path.slice(0, -1), fail);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    if (mode === 'add' && last === '-') parent.push(value);
    else if (mode === 'add') parent.splice(index(last, parent.length, fail), 0, value);
    else parent[index(last, parent.length - 1, fail)] = value;
  } else if (isMap(parent)) parent[last] = value;
  else fail('the parent is not a map or a list');
}

function remove(obj: Json, path: readonly string[], fail: (why: string) => never): void {
  const parent = get(obj, path.slice(0, -1), fail);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(index(last, parent.length - 1, fail), 1);
  else if (isMap(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else fail(`no field "${last}"`);
}

/** The containers from just below the object down to the changed location's parent take the operation's line (where they were written stays known: patched-refs.ts). */
function markPath(obj: Json, path: readonly string[], ref: SourceRef, positions: Positions): void {
  let node: unknown = obj;
  for (const part of path.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(part)] : isMap(node) ? node[part] : undefined;
    if (node === null || typeof node !== 'object') return;
    positions.set(node, patchedPosition(ref, positions.get(node)));
  }
}
