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
import { lineStartOffset } from '../util/line-ends.js';
import { readAsJson } from '../manifests/json-syntax.js';
import { fitted } from '../util/fitted.js';

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
  return keyedFor(scanOf(text), pathNamespace).all;
}

/** The objects of `definedObjects(text, pathNamespace)` whose kind is one of DECIDING_KINDS; shared as that list is. */
export function decidingObjects(text: string, pathNamespace: string | undefined): readonly Defined[] {
  const keyed = keyedFor(scanOf(text), pathNamespace);
  return keyed.deciding ?? (keyed.deciding = decidingOf(keyed.all));
}

/** An identity found in a text, and where its document starts. */
interface Found {
  readonly id: Identity;
  readonly offset: number;
}

/** A text's objects keyed for one path namespace, and (once asked) the deciding ones among them. */
interface Keyed {
  readonly all: readonly Defined[];
  deciding?: readonly Defined[];
}

/**
 * A text's identities and, made once each, their keys per path namespace: the first namespace asked in place
 * (a text is almost always asked for one), others in `more`. One record per text, found by one lookup: base's
 * and head's discovery ask each shared text, and a warm process's every push asks them again (a chain of
 * lookups per list cost as much as the scan on a second side).
 */
interface Scan {
  readonly found: readonly Found[];
  namespace?: string;
  keyed?: Keyed;
  more?: Map<string | undefined, Keyed>;
}

/** The kept scan of `text`, else a scan of it (kept when it is read by the line scan and there is room). */
function scanOf(text: string): Scan {
  // JSON texts are never kept, so a kept scan needs no JSON test.
  const cached = scanned.get(text);
  if (cached) return cached;
  // kubectl reads a text starting with `{` as JSON, whatever the file's name (yaml-documents.ts).
  const isJson = readAsJson(text);
  const found: Found[] = [];
  // The line scan below reads `\n` lines: JSON, and text with lone `\r` line ends, are parsed (positions by util/line-ends.ts).
  // `\r` searched for first: the expression alone scans a text ~60 times slower, and most texts hold none.
  if (isJson || (text.includes('\r') && /\r(?!\n)/.test(text))) {
    for (const d of parseDocuments(text, 'kubectl')) {
      const id = parsedIdentity(d.value);
      if (id) found.push({ id, offset: lineStartOffset(text, d.startLine) });
    }
    return { found };
  }
  const separators = new Separators(text);
  for (let start = 0; start < text.length; ) {
    const end = separators.next(start);
    const id = scanIdentity(text, start, end);
    if (id === UNSURE) {
      for (const d of parseDocuments(text.slice(start, end), 'yaml', false)) {
        const parsed = parsedIdentity(d.value);
        if (parsed) found.push({ id: parsed, offset: start });
      }
    } else if (id) found.push({ id, offset: start });
    if (end >= text.length) break;
    const nl = text.indexOf('\n', end);
    start = nl < 0 ? text.length : nl + 1;
  }
  const scan: Scan = { found: fitted(found) };
  // Once full, it keeps what it holds: evicting entry by entry for a repository larger than it costs more than a scan.
  if (scanned.size + text.length <= SCAN_CACHE_CHARS) scanned.set(text, scan);
  return scan;
}

/** The objects of `scan` keyed for `pathNamespace`, made once per scan and namespace (the list is shared: callers must not change it). */
function keyedFor(scan: Scan, pathNamespace: string | undefined): Keyed {
  if (scan.keyed === undefined) {
    scan.namespace = pathNamespace;
    return (scan.keyed = { all: keyedObjects(scan.found, pathNamespace) });
  }
  if (scan.namespace === pathNamespace) return scan.keyed;
  const more = scan.more ?? (scan.more = new Map());
  let keyed = more.get(pathNamespace);
  if (!keyed) more.set(pathNamespace, (keyed = { all: keyedObjects(scan.found, pathNamespace) }));
  return keyed;
}

function keyedObjects(found: readonly Found[], pathNamespace: string | undefined): Defined[] {
  // Made to its length, not grown by push: kept with the scan (util/fitted.ts).
  const out = new Array<Defined>(found.length);
  for (let i = 0; i < found.length; i++) {
    const { id, offset } = found[i];
    out[i] = { key: objectKey(id.kind, id.namespace ?? pathNamespace, id.name), offset, deciding: DECIDING_KINDS.has(id.kind) };
  }
  return out;
}

/** The deciding objects of `all`: the very list when every one decides (the usual file: one workload or policy and what serves it aside). */
function decidingOf(all: readonly Defined[]): readonly Defined[] {
  let deciding = 0;
  for (let i = 0; i < all.length; i++) if (all[i].deciding) deciding++;
  return deciding === all.length ? all : fitted(all.filter((d) => d.deciding));
}

/**
 * The identities found in a text, by the text: base and head share almost every file, and a warm process
 * sees them push after push. Bounded by text size, as the parse cache is (yaml-documents.ts); texts past the
 * bound are scanned each time.
 */
const SCAN_CACHE_CHARS = 64 * 2 ** 20;
const scanned = new SizedCache<string, Scan>(SCAN_CACHE_CHARS, (text) => text.length, SCAN_CACHE_CHARS / 4);

/** Forget every kept scan (tests compare discovery from scratch with discovery that reads the scans kept). */
export function clearIdentityScans(): void {
  scanned.clear();
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

  /**
   * The first line start at or after `from` that begins with `marker`, else `text.length`. The marker itself is
   * searched for, then its line start checked: a `-` or `.` is rarer in manifests than a line end, which a
   * search for `\n---` stops at on every line (a text holding no `...`, the usual one, is searched to its end).
   */
  private find(marker: string, from: number): number {
    const { text } = this;
    for (let i = text.indexOf(marker, from); i >= 0; i = text.indexOf(marker, i + 1)) if (i === 0 || text.charCodeAt(i - 1) === 10) return i;
    return text.length;
  }
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
  // Lines are read in place (offsets, char codes); a line is cut out of the text only when it may name something.
  for (let pos = from; pos < to && !(kind !== undefined && metadataDone); ) {
    const start = pos;
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 || nl > to ? to : nl;
    pos = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end === start) continue;
    const first = text.charCodeAt(start);
    if (first === 35 /* # */) continue;
    if (first !== 32 && first !== 9) {
      const line = text.slice(start, end);
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
      } else if (!line.startsWith('apiVersion:') && !TOP_LEVEL_KEY.test(line)) return UNSURE;
      continue;
    }
    if (!inMetadata) continue;
    // The indentation: spaces and tabs; a line whose first other character is not printable ASCII is trimmed as JavaScript trims.
    let at = start;
    while (at < end && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
    if (at === end) continue;
    const c = text.charCodeAt(at);
    if (c < 33 || c > 126) {
      const line = text.slice(start, end);
      const trimmed = line.trimStart();
      if (trimmed === '') continue;
      at = start + line.length - trimmed.length;
    }
    if (text.charCodeAt(at) === 35 /* # */) continue;
    if (indent < 0) indent = at - start;
    if (at - start !== indent) continue;
    // `name:` and `namespace:` both start with `n`: any other line at this indentation is skipped without a cut.
    if (text.charCodeAt(at) !== 110) continue;
    const m = /^(name|namespace)\s*:(.*)$/.exec(text.slice(at, end));
    if (!m) continue;
    const v = scalar(m[2]);
    if (v === UNSURE) return UNSURE;
    if (m[1] === 'name') name = v;
    else namespace = v;
  }
  return kind !== undefined && name !== undefined ? { kind, name, ...(namespace !== undefined ? { namespace } : {}) } : undefined;
}

/** A top-level key of a block mapping (`apiVersion:`, `"spec":`): a line that is neither is no block-style document's. */
const TOP_LEVEL_KEY = /^["']?[\w.-]+["']?\s*:/;

/** A plain scalar of word characters, dots and dashes alone. */
const PLAIN_SCALAR = /^[\w.-]+$/;

/** A plain or quoted one-line scalar; UNSURE for anything else (a flow collection, an anchor, a tag, a block scalar, nothing on the line). */
function scalar(text: string): string | undefined | typeof UNSURE {
  // The usual name: word characters, dots and dashes (no comment, quote or indicator to look for).
  const plain = text.trim();
  if (PLAIN_SCALAR.test(plain)) return plain === 'null' ? undefined : plain;
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
