/** What every kind normaliser needs: the file, node positions, and a place to put diagnostics. */
import type { Protocol, SourceRef } from '../engine/model.js';
import { PROTOCOLS } from '../engine/connection-set.js';
import type { Diagnostic, DiagnosticCode, DiagnosticData, Severity } from './diagnostics.js';
import { KeyLines, keyLineInText } from './key-lines.js';
import { emptiedField } from './flux-variables.js';

export type Json = Record<string, unknown>;

export class DocContext {
  constructor(
    readonly file: string,
    private readonly lines: Map<object, number>,
    readonly docRef: SourceRef,
    private readonly sink: Diagnostic[],
    /** Positions in any file, for rendered objects whose fields come from several files (src/kustomize). */
    private readonly refs?: { get(node: object): SourceRef | undefined; set(node: object, ref: SourceRef): unknown },
    /** Where a line of this file came from (a rendered stream points back at its sources); identity by default. */
    private readonly locate: (line: number) => SourceRef = (line) => ({ file, line }),
    /** The namespace of namespaced objects that name none (`kubectl apply -n` semantics). */
    readonly defaultNamespace = 'default',
    /** The namespace of every namespaced object, whatever it names (Kustomize `namespace`, Flux `targetNamespace`). */
    readonly overrideNamespace?: string,
    /** The document's text and parsed value, for the lines of keys and list items (key-lines.ts). */
    private readonly source?: { readonly text: string; readonly value: unknown; readonly startLine: number },
    /** A rendered object's file texts (it has no `source`): a key's line is then found below its map's position (key-lines.ts `keyLineInText`). */
    private readonly textOf?: (path: string) => string | undefined,
  ) {}

  /**
   * `Kind/namespace/` of each object of a modelled kind the document holds without a name the API server
   * takes (no `metadata.name`, or one not a string): read as nothing, but what a diff keeps base's version
   * of when the document stands where base's object stood (analysis/rejected-objects.ts).
   */
  readonly unnamed: string[] = [];

  /**
   * Objects whose `metadata.name`, or written `metadata.namespace`, the API server refuses: read as written (one side
   * is analysed as the peer tools read it), each with the `Kind/namespace/` (or `Kind/`, for a refused namespace)
   * of base's object its document may stand for. A diff creates none that base does not hold and keeps that base
   * object instead (analysis/rejected-objects.ts).
   */
  readonly refusedNames: { readonly key: string; readonly prefix: string }[] = [];

  private keyLines?: KeyLines;
  /** Copies made by `alias`, to their originals: the text knows only the originals (made on first alias: most documents have none). */
  private originals?: Map<object, object>;

  /** The position of a node, or of the nearest known ancestor given as fallback. */
  ref(node: unknown, fallback: SourceRef = this.docRef): SourceRef {
    if (node !== null && typeof node === 'object') {
      const at = this.refs?.get(node);
      if (at) return at;
      const line = this.lines.get(node);
      if (line !== undefined) return this.locate(line);
    }
    return fallback;
  }

  /** The position of the key `key` of the map `node` (an unknown field, a bad label), else `fallback`. */
  keyRef(node: object, key: string, fallback: SourceRef): SourceRef {
    if (!this.source) return this.renderedKeyRef(node, key) ?? fallback;
    const line = this.positions()?.keyLine(this.originals?.get(node) ?? node, key);
    return line === undefined ? fallback : this.locate(line + (this.source?.startLine ?? 1) - 1);
  }

  /** The line of `key` in a rendered map, read off the text of the file its position names. */
  private renderedKeyRef(node: object, key: string): SourceRef | undefined {
    const at = this.textOf && this.refs?.get(node);
    const text = at ? this.textOf!(at.file) : undefined;
    const line = at && text !== undefined ? keyLineInText(text, at.line, key) : undefined;
    return at && line !== undefined ? { file: at.file, line } : undefined;
  }

  /**
   * The fallback position for reading the field `holder[key]`: the line of its key when the value is a
   * scalar (`policyTypes: Ingress`, `labels: app=web`: a type error where a map or list belongs; a scalar has
   * no position of its own, so without this the report would point at the enclosing map or the document),
   * else `fallback` (a map or list has its own position, which readers take with `ref`). Costs nothing on
   * valid input: key lines are looked up only for a scalar.
   */
  fieldRef(holder: object, key: string, fallback: SourceRef): SourceRef {
    const value: unknown = (holder as Record<string, unknown>)[key];
    return value === undefined || value === null || typeof value === 'object' ? fallback : this.keyRef(holder, key, fallback);
  }

  /** The position of item `index` of the list `node` (a scalar item has no position of its own), else `fallback`. */
  itemRef(node: object, index: number, fallback: SourceRef): SourceRef {
    const item: unknown = Array.isArray(node) ? node[index] : undefined;
    if (item !== null && typeof item === 'object') return this.ref(item, fallback);
    const line = this.positions()?.itemLine(node, index);
    return line === undefined ? fallback : this.locate(line + (this.source?.startLine ?? 1) - 1);
  }

  private positions(): KeyLines | undefined {
    if (!this.source) return undefined;
    return (this.keyLines ??= new KeyLines(this.source.text, this.source.value));
  }

  /** Lines (1-based, of the file) where Flux's substitution emptied variables without a value, with their names (ManifestFile `emptied`). */
  emptiedLines?: ReadonlyMap<number, readonly string[]>;

  /**
   * The variables without a value Flux's post-build substitution emptied in the field `holder[key]` (a key
   * of a map, an index of a list), sorted; undefined when none did: marked on a rendered object's holder
   * (flux-variables.ts `emptiedField`), else read off the line of a plain file's key or item.
   */
  emptied(holder: object, key: string | number): readonly string[] | undefined {
    const original = this.originals?.get(holder) ?? holder;
    const marked = emptiedField(original, key);
    if (marked !== undefined || this.emptiedLines === undefined) return marked;
    const line = typeof key === 'number' ? this.positions()?.itemLine(original, key) : this.positions()?.keyLine(original, key);
    return line === undefined ? undefined : this.emptiedLines.get(line + (this.source?.startLine ?? 1) - 1);
  }

  /** `copy` stands where `original` was written (e.g. a typed List item completed with its kind). */
  alias(copy: object, original: object): void {
    (this.originals ??= new Map()).set(copy, original);
    const at = this.refs?.get(original);
    if (at) this.refs?.set(copy, at);
    const line = this.lines.get(original);
    if (line !== undefined) this.lines.set(copy, line);
  }

  /** Errors reported through this context so far: whether reading one object found a value the API server rejects. */
  errors = 0;
  /** The code of the last error reported (AGENT_REFUSED tells an object Cilium's agent refuses from one the API server rejects). */
  lastError?: DiagnosticCode;

  /** Set while `quietly` runs: reports are dropped and count no error. */
  private muted = false;

  /**
   * `read()` with this context's reports dropped (and no error counted): a second reading of an object already
   * read and said once (an app-template release read as another chart version, kinds/app-template.ts).
   */
  quietly<T>(read: () => T): T {
    const before = this.muted;
    this.muted = true;
    try {
      return read();
    } finally {
      this.muted = before;
    }
  }

  /** `data`: the diagnostic's parts as data, for those that carry some (Diagnostic `unapplied`). */
  report(severity: Severity, code: DiagnosticCode, message: string, ref: SourceRef, data?: DiagnosticData): void {
    if (this.muted) return;
    if (severity === 'error') {
      this.errors++;
      this.lastError = code;
    }
    this.sink.push(data ? { severity, code, message, ref, ...data } : { severity, code, message, ref });
  }
}

export function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** Labels as a string map; non-string values are turned into strings as kubectl would reject them. */
export function readLabels(v: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    out[k] = String(val);
  }
  return out;
}

/** A port's `protocol`: absent means TCP (the API server's default); anything but TCP, UDP or SCTP is `undefined`. */
export function readProtocol(raw: unknown): Protocol | undefined {
  if (raw === undefined || raw === null) return 'TCP';
  return PROTOCOLS.includes(raw as Protocol) ? (raw as Protocol) : undefined;
}
