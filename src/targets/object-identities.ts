/**
 * Which objects a manifest file defines, by identity (kind, namespace, name), without a full parse: what
 * alternative-bundles.ts and rendered-copies.ts compare to tell copies of one deployment from parts of
 * one. The identities are kept per text (base and head share almost every file).
 */
import { parseDocuments } from '../manifests/yaml-documents.js';
import { SizedCache } from '../util/sized-cache.js';
import { WORKLOAD_KINDS } from '../manifests/kinds/workload.js';
import { TEMPLATE_WORKLOAD_RAW_KINDS } from '../manifests/kinds/template-workloads.js';
import { isObject } from '../manifests/context.js';
import { POLICY_KIND_NAMES } from '../manifests/policy-kinds.js';
import { lineAtOffset, lineStartOffset } from '../util/line-ends.js';
import { readAsJson } from '../manifests/json-syntax.js';

/** The kinds whose redefinition makes two units alternatives: workloads and the policies reachdiff models. */
export const DECIDING_KINDS: ReadonlySet<string> = new Set([...WORKLOAD_KINDS, ...TEMPLATE_WORKLOAD_RAW_KINDS, ...POLICY_KIND_NAMES]);

/**
 * An object a file defines: `key` is `Kind/namespace/name` (namespace empty when neither the object nor its
 * path names one), `offset` where its document starts in the text, `deciding` whether its kind is one of DECIDING_KINDS.
 */
export interface Defined {
  readonly key: string;
  readonly offset: number;
  readonly deciding: boolean;
}

/** `Kind/namespace/name`, the key `Defined` uses (namespace empty when none). */
export const objectKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ''}/${name}`;

/**
 * The objects a file defines, objects without a name left out; `pathNamespace`: the namespace of its
 * namespace-less objects. Block-style documents (the usual manifest) are read by a line scan of their
 * top-level `kind:` and `metadata:` name and namespace, which stops at the end of `metadata` and costs a
 * fraction of a parse; any other (JSON, flow-style metadata with nesting, anchors, a block scalar) is
 * parsed. Documents are separated as yaml-documents.ts separates them.
 */
export function definedObjects(text: string, pathNamespace: string | undefined): readonly Defined[] {
  // kubectl reads a text starting with `{` as JSON, whatever the file's name (yaml-documents.ts).
  const isJson = readAsJson(text);
  const out = (found: readonly { readonly id: Identity; readonly offset: number }[]) =>
    found.map((d) => ({ key: objectKey(d.id.kind, d.id.namespace ?? pathNamespace, d.id.name), offset: d.offset, deciding: DECIDING_KINDS.has(d.id.kind) }));
  const cached = isJson ? undefined : scanned.get(text);
  if (cached) return keyedOnce(cached, pathNamespace, out);
  const found: { readonly id: Identity; readonly offset: number }[] = [];
  const add = (id: Identity | undefined, offset: number) => {
    if (id) found.push({ id, offset });
  };
  // The line scan below reads `\n` lines: JSON, and text with lone `\r` line ends, are parsed (positions by util/line-ends.ts).
  // `\r` searched for first: the expression alone scans a text ~60 times slower, and most texts hold none.
  if (isJson || (text.includes('\r') && /\r(?!\n)/.test(text))) {
    for (const d of parseDocuments(text, 'kubectl')) add(parsedIdentity(d.value), lineStartOffset(text, d.startLine));
    return out(found);
  }
  const separators = new Separators(text);
  for (let start = 0; start < text.length; ) {
    const end = separators.next(start);
    const scanned = scanIdentity(text, start, end);
    if (scanned !== UNSURE) add(scanned, start);
    else for (const d of parseDocuments(text.slice(start, end), 'yaml', false)) add(parsedIdentity(d.value), start);
    if (end >= text.length) break;
    const nl = text.indexOf('\n', end);
    start = nl < 0 ? text.length : nl + 1;
  }
  // Once full, it keeps what it holds: evicting entry by entry for a repository larger than it costs more than a scan.
  if (scanned.size + text.length <= SCAN_CACHE_CHARS) scanned.set(text, found);
  // Keyed through the scan, as a kept scan is: head's discovery (and the warm process's next push) reads base's keys.
  return keyedOnce(found, pathNamespace, out);
}

/** The objects of `definedObjects(text, pathNamespace)` whose kind is one of DECIDING_KINDS; shared as that list is. */
export function decidingObjects(text: string, pathNamespace: string | undefined): readonly Defined[] {
  const all = definedObjects(text, pathNamespace);
  let deciding = decidingOf.get(all);
  if (!deciding) decidingOf.set(all, (deciding = all.every((d) => d.deciding) ? all : all.filter((d) => d.deciding)));
  return deciding;
}

/** Each kept list's deciding objects, made once (alternative-bundles.ts asks them of every plain file, both sides). */
const decidingOf = new WeakMap<readonly Defined[], readonly Defined[]>();

/**
 * The identities found in a text, by the text: base and head share almost every file, and a warm process
 * sees them push after push. Bounded by text size, as the parse cache is (yaml-documents.ts); texts past the
 * bound are scanned each time.
 */
const SCAN_CACHE_CHARS = 64 * 2 ** 20;
const scanned = new SizedCache<string, readonly { readonly id: Identity; readonly offset: number }[]>(SCAN_CACHE_CHARS, (text) => text.length, SCAN_CACHE_CHARS / 4);

/** Forget every kept scan (tests compare discovery from scratch with discovery that reads the scans kept). */
export function clearIdentityScans(): void {
  scanned.clear();
}

/**
 * The objects of a kept scan keyed for one path namespace, made once per scan and namespace: base's and head's
 * discovery read the same texts, and a warm process's every push reads them again (~20,000 keys per side at
 * the 10k bench). The list is shared: callers must not change it.
 */
const keyedScans = new WeakMap<readonly { readonly id: Identity; readonly offset: number }[], Map<string | undefined, readonly Defined[]>>();

function keyedOnce(found: readonly { readonly id: Identity; readonly offset: number }[], pathNamespace: string | undefined, keyed: (found: readonly { readonly id: Identity; readonly offset: number }[]) => Defined[]): readonly Defined[] {
  let byNamespace = keyedScans.get(found);
  if (!byNamespace) keyedScans.set(found, (byNamespace = new Map()));
  let defined = byNamespace.get(pathNamespace);
  if (!defined) byNamespace.set(pathNamespace, (defined = keyed(found)));
  return defined;
}

/** Where document separator lines (`---`, `...`) start, found with native searches, each searched for once per file. */
class Separators {
  private dashes = -1;
  private dots = -1;
  constructor(private readonly text: string) {}

  /** The offset of the first separator line at or after `from` (`text.length` when none). */
  next(from: number): number {
    for (let at = from; ; ) {
      if (this.dashes < at) this.dashes = this.find('---', at);
      if (this.dots < at) this.dots = this.find('...', at);
      const i = Math.min(this.dashes, this.dots);
      if (i >= this.text.length) return this.text.length;
      const nl = this.text.indexOf('\n', i);
      const line = this.text.slice(i, nl < 0 ? this.text.length : nl).replace(/\r$/, '');
      if (/^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line)) return i;
      at = i + 1;
    }
  }

  /** The first line start at or after `from` that begins with `marker`, else `text.length`. */
  private find(marker: string, from: number): number {
    if (from === 0 && this.text.startsWith(marker)) return 0;
    const i = this.text.indexOf(`\n${marker}`, Math.max(0, from - 1));
    return i < 0 ? this.text.length : i + 1;
  }
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  return lineAtOffset(text, offset);
}

interface Identity {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

const UNSURE = Symbol('unsure');

function parsedIdentity(value: unknown): Identity | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata)) return undefined;
  const { name, namespace } = value.metadata;
  if (typeof name !== 'string' || name === '') return undefined;
  return { kind: value.kind, name, ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}) };
}

/**
 * A block-style document's identity from its lines, undefined when it has none, UNSURE when the scan cannot
 * tell. The scan stops once `kind` is known and the `metadata` block has ended (most documents: at `spec:`).
 */
function scanIdentity(text: string, from: number, to: number): Identity | undefined | typeof UNSURE {
  let kind: string | undefined;
  let name: string | undefined;
  let namespace: string | undefined;
  let inMetadata = false;
  let metadataDone = false;
  let indent = -1;
  for (let pos = from; pos < to && !(kind !== undefined && metadataDone); ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > to ? to : nl;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    if (line[0] !== ' ' && line[0] !== '\t') {
      if (inMetadata) (inMetadata = false), (metadataDone = true);
      if (line.startsWith('kind:')) {
        const v = scalar(line.slice(5));
        if (v === UNSURE) return UNSURE;
        kind = v;
      } else if (line.startsWith('metadata:')) {
        const rest = withoutComment(line.slice(9)).trim();
        if (rest === '') inMetadata = true;
        else {
          const flow = /^\{([^{}[\]&*]*)\}$/.exec(rest);
          if (!flow) return UNSURE;
          for (const part of flow[1].split(',')) {
            const m = /^\s*(name|namespace)\s*:(.*)$/.exec(part);
            const v = m ? scalar(m[2]) : undefined;
            if (v === UNSURE) return UNSURE;
            if (m?.[1] === 'name') name = v;
            if (m?.[1] === 'namespace') namespace = v;
          }
          metadataDone = true;
        }
      } else if (!/^["']?[\w.-]+["']?\s*:/.test(line)) return UNSURE;
      continue;
    }
    if (!inMetadata) continue;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = line.length - trimmed.length;
    if (indent < 0) indent = at;
    if (at !== indent) continue;
    const m = /^(name|namespace)\s*:(.*)$/.exec(trimmed);
    if (!m) continue;
    const v = scalar(m[2]);
    if (v === UNSURE) return UNSURE;
    if (m[1] === 'name') name = v;
    else namespace = v;
  }
  return kind !== undefined && name !== undefined ? { kind, name, ...(namespace !== undefined ? { namespace } : {}) } : undefined;
}

/** A plain or quoted one-line scalar; UNSURE for anything else (a flow collection, an anchor, a tag, a block scalar, nothing on the line). */
function scalar(text: string): string | undefined | typeof UNSURE {
  const v = withoutComment(text).trim();
  if (v === '' || /^[{[&*!|>%@`]/.test(v)) return UNSURE;
  const quoted = /^"([^"\\]*)"$|^'([^']*)'$/.exec(v);
  if (quoted) return quoted[1] ?? quoted[2];
  if (/^["']/.test(v)) return UNSURE;
  return v === '~' || v === 'null' ? undefined : v;
}

function withoutComment(text: string): string {
  const i = text.search(/\s#/);
  return i < 0 ? text : text.slice(0, i);
}
