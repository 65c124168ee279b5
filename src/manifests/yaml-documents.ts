/**
 * Splits a manifest file into documents and parses each with js-yaml, recording the line of every
 * mapping and sequence as it is built. Each document is parsed on its own, so a syntax error costs only
 * that document. js-yaml is used over `yaml` for speed: on 5.4 MB of manifests it parses 5-10x faster,
 * and its parse listener gives the node positions we need without a second pass.
 */
import yaml from 'js-yaml';
import { SizedCache } from '../util/sized-cache.js';
import type { BadSeparator } from './document-separator.js';
import { findBadSeparator } from './document-separator.js';
import type { JsonSyntaxError } from './json-syntax.js';
import { readAsJson, scanJsonStream } from './json-syntax.js';
import { lineAtOffset, lineCount, textLines } from '../util/line-ends.js';
import { goYamlBlockHeaders } from './block-scalar-headers.js';

/**
 * js-yaml's default schema minus `!!timestamp`: Kubernetes (go-yaml decoding into untyped maps) keeps
 * `2024-01-01` a string, where the default schema would make it a Date. Dropping the implicit timestamp
 * also spares a regular expression on every plain scalar. Merge keys (`<<`) and the explicit tags stay.
 */
const { types } = yaml as unknown as { types: Record<'merge' | 'binary' | 'omap' | 'pairs' | 'set', yaml.Type> };
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [types.merge], explicit: [types.binary, types.omap, types.pairs, types.set] });

export interface ParsedDocument {
  /** 1-based line of the document's first line (after any `---`). */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  readonly value: unknown;
  /** 1-based line where each mapping or sequence in `value` starts (its key's line, for a field value). */
  readonly lines: Map<object, number>;
  readonly error?: { message: string; line: number };
}

interface Chunk {
  startLine: number;
  endLine: number;
  text: string;
  /** Documents kubectl does not read: after a `---` it does not see as a separator (see `splitLines`). */
  unread?: boolean;
}

/**
 * Documents are separated by `---` lines (and ended by `...`); blank or comment-only chunks are skipped.
 * A separator line with content after it never reaches here (see document-separator.ts).
 */
export function splitDocuments(text: string): Chunk[] {
  return text.includes('\r') ? splitLines(text) : splitSlices(text);
}

const isContent = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#') && !line.startsWith('%');
const isSeparator = (line: string) => /^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line);

/**
 * The same split as `splitLines` for text without carriage returns, by scanning for line ends and slicing:
 * no array of lines, no re-joining. Only lines that start with `-` or `.` can separate documents, and only
 * a chunk's lines up to its first content line are looked at for content.
 */
function splitSlices(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let line = 0;
  let pos = 0;
  let startLine = 0;
  let startPos = 0;
  let content = false;
  let lastEnd = 0;
  const flush = (endLine: number) => {
    if (content) chunks.push({ startLine: startLine + 1, endLine, text: text.slice(startPos, lastEnd) });
  };
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const c = text.charCodeAt(pos);
    if ((c === 45 /* - */ || c === 46) /* . */ && isSeparator(text.slice(pos, end))) {
      flush(line);
      startLine = line + 1;
      startPos = end + 1;
      content = false;
    } else if (!content) {
      content = isContent(text.slice(pos, end));
    }
    lastEnd = end;
    line++;
    if (nl < 0) break;
    pos = nl + 1;
  }
  // A final newline ends the last line; it does not start another one.
  flush(text.endsWith('\n') ? line - 1 : line);
  return chunks;
}

/**
 * The split for text with carriage returns, over lines as editors count them (util/line-ends.ts), so
 * every position is right whatever the line ends. Kubernetes' YAML reader (apimachinery YAMLReader, as
 * Kustomize's and Argo CD's) splits documents at lines ended by `\n` only: a `---` after a lone `\r` is
 * inside one of its documents, of which go-yaml reads the first and drops the rest without a word
 * (`kubectl apply` of `a\r---\rb` applies `a`). Such a run, up to the next separator kubectl sees, is an
 * `unread` chunk: an error at its `---`, never analysed as applied.
 */
function splitLines(text: string): Chunk[] {
  const lines = textLines(text);
  const ends = text.match(/\r\n|\r|\n/g) ?? [];
  const chunks: Chunk[] = [];
  let start = 0;
  let unread = false;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    if (unread ? body.slice(1).some(isContent) : body.some(isContent)) {
      chunks.push({ startLine: start + 1, endLine: end, text: body.join('\n'), ...(unread ? { unread } : {}) });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (!isSeparator(lines[i])) continue;
    if (i === 0 || ends[i - 1] !== '\r') {
      flush(i);
      start = i + 1;
      unread = false;
    } else if (!unread) {
      flush(i);
      start = i;
      unread = true;
    }
  }
  // A final line end ends the last line; it does not start another one.
  flush(/[\r\n]$/.test(text) ? lines.length - 1 : lines.length);
  return chunks;
}

/** A run of documents kubectl never reads (see `splitLines`): the error at its `---`. */
function unreadRun(chunk: Chunk): ParsedDocument {
  const message = `the "---" at line ${chunk.startLine} follows a lone carriage return (\\r) line end, where Kubernetes' YAML reader does not split documents: kubectl (like Kustomize and Argo CD) reads only the document before it, so lines ${chunk.startLine}-${chunk.endLine} of this file are not applied; end lines with \\n or \\r\\n`;
  return { startLine: chunk.startLine, endLine: chunk.endLine, text: chunk.text, value: undefined, lines: new Map(), error: { message, line: chunk.startLine } };
}

/**
 * Parsed files by content. Base and head of a pull request share almost every file, and a warm process
 * sees the same files event after event: each distinct text is parsed once. Results are never mutated
 * by the loader (it builds its model beside them), so sharing them is safe. Bounded by text size; the
 * oldest entries go first.
 */
interface Parsed {
  /** Whether the text is read as JSON (`readAsJson`): only then do the readers differ. */
  readonly json: boolean;
  /**
   * The documents by reader. A text that is not JSON is YAML documents for both readers, kept under `yaml`;
   * a JSON text read both ways keeps both (its size counted once: JSON read both ways is rare).
   */
  readonly byReader: { [R in DocumentReader]?: readonly ParsedDocument[] };
}
const CACHE_MAX_CHARS = 64 * 2 ** 20;
const cache = new SizedCache<string, Parsed>(CACHE_MAX_CHARS, (text) => text.length, CACHE_MAX_CHARS / 4);

/** Forget every parsed file (benchmarks measure cold parses with it). */
export function clearParseCache(): void {
  cache.clear();
}

/**
 * How a file is read, by its text and never by its name:
 * - `kubectl`: as `kubectl apply -f` (and Argo CD's directory reader) read a manifest. apimachinery's
 *   YAMLOrJSONDecoder looks at the text: one whose first character that is not white space is `{` is a
 *   stream of strict JSON values (a `.yaml` file too; a comment first makes it YAML), decoded up to the
 *   first syntax error, the objects before it applied; any other text is YAML documents (a `.json` file
 *   too). Checked with kubectl 1.32 (`kubectl label --local -f`).
 * - `yaml`: as Kustomize (kyaml, go-yaml) and configuration readers read a file: YAML documents, JSON
 *   read as YAML (a trailing comma is accepted), and of a stream of JSON values the first one only
 *   (`kubectl kustomize` 5.5 builds the first and drops the others without a word).
 */
export type DocumentReader = 'kubectl' | 'yaml';

/**
 * `keep: false`: parse without keeping the result (a caller that keeps what it builds from it instead:
 * parsed trees and their positions are many times the text, and keeping them all is what makes the
 * garbage collector's work grow with the repository).
 */
export function parseDocuments(text: string, reader: DocumentReader, keep = true): readonly ParsedDocument[] {
  // Keyed by the text itself (no derived key string), so the lookup hashes the file's own string once.
  const known = cache.get(text);
  const json = known?.json ?? readAsJson(text);
  // A YAML text parses alike for both readers: a file base applies alone and head's new kustomization
  // builds (or the rollback's reverts render) is parsed once, not once per render (re20-monosense 9f15e0b:
  // 14,000 parses of texts kept for the other reader).
  const as: DocumentReader = json ? reader : 'yaml';
  const hit = known?.byReader[as];
  if (hit) return hit;
  const docs = !json ? yamlDocuments(text) : reader === 'kubectl' ? jsonDocuments(text) : firstJsonValue(text);
  if (keep && known) known.byReader[as] = docs;
  else if (keep) cache.set(text, { json, byReader: { [as]: docs } });
  return docs;
}

/**
 * The value of the document of `text` that spans `line` (1-based, as Diagnostic and SourceRef lines), read as
 * kubectl reads a file, without keeping the parse; undefined when `text` is undefined or no document spans it.
 */
export function documentValueAt(text: string | undefined, line: number): unknown {
  if (text === undefined) return undefined;
  return parseDocuments(text, 'kubectl', false).find((d) => d.startLine <= line && line <= d.endLine)?.value;
}

function yamlDocuments(text: string): ParsedDocument[] {
  const bad = findBadSeparator(text);
  const docs = splitDocuments(bad ? text.slice(0, bad.index) : text).map((c) => (c.unread ? unreadRun(c) : parseChunk(c)));
  if (bad) docs.push(separatorError(bad, lineCount(text)));
  return docs;
}

/**
 * A JSON stream as kubectl decodes it: one document per value, js-yaml building each (JSON is YAML) once
 * the scan found it valid, since js-yaml also reads what encoding/json refuses (a trailing comma); from
 * the value holding the first syntax error on, one document that is that error.
 */
function jsonDocuments(text: string): ParsedDocument[] {
  const { values, error, failedAt } = scanJsonStream(text);
  const docs = values.map((v) => parseChunk(valueChunk(text, v.start, v.end)));
  if (error && failedAt !== undefined) docs.push(failed({ ...valueChunk(text, failedAt, text.length), endLine: lineCount(text) }, error));
  return docs;
}

/** A JSON text as Kustomize's YAML reader takes it: its first value when it holds several, else the whole text as YAML. */
function firstJsonValue(text: string): ParsedDocument[] {
  const after = afterFirstJsonValue(text);
  return after === undefined ? yamlDocuments(text) : [parseChunk(valueChunk(text, 0, after))];
}

/**
 * Where the first value of a JSON text ends when more follows it (what Kustomize's reader drops), else
 * undefined (one value, or a first value that is not strict JSON: read as YAML, all of it).
 */
export function afterFirstJsonValue(text: string): number | undefined {
  const { values } = scanJsonStream(text);
  return values.length > 0 && text.slice(values[0].end).trim() !== '' ? values[0].end : undefined;
}

/** The chunk of `text` from `start` to `end`: js-yaml counts its lines from the line `start` is on. */
function valueChunk(text: string, start: number, end: number): Chunk {
  return { startLine: lineAtOffset(text, start), endLine: lineAtOffset(text, Math.max(start, end - 1)), text: text.slice(start, end) };
}

/**
 * `doc` parsed again as Kustomize reads a kustomization file: a key written twice takes its last value
 * (`kubectl kustomize` builds such a file, where Kubernetes' reader of objects rejects it). Not cached.
 */
export function reparsedWithDuplicateKeys(doc: ParsedDocument): ParsedDocument {
  return parseChunk({ startLine: doc.startLine, endLine: doc.endLine, text: doc.text }, true);
}

/**
 * `duplicateKeys`: a key written twice takes its last value (js-yaml's JSON compatibility) instead of failing.
 * A text js-yaml refuses is read again with the block scalar headers go-yaml takes at their key's column
 * moved one column right (block-scalar-headers.ts); the document keeps its own text, and its lines.
 */
function parseChunk(chunk: Chunk, duplicateKeys = false): ParsedDocument {
  const doc = parseText(chunk, chunk.text, duplicateKeys);
  if (!doc.error) return doc;
  const lenient = goYamlBlockHeaders(chunk.text);
  if (lenient === undefined) return doc;
  const again = parseText(chunk, lenient, duplicateKeys);
  return again.error ? doc : again;
}

/** `text` (the chunk's, or a lenient reading of it with the same lines) parsed, with the chunk's positions. */
function parseText(chunk: Chunk, text: string, duplicateKeys: boolean): ParsedDocument {
  // A Map, not a WeakMap: it lives exactly as long as the document it describes, and weak maps of
  // millions of nodes cost the garbage collector dearly.
  const lines = new Map<object, number>();
  const stack: number[] = [];
  const offset = chunk.startLine;
  try {
    const value = yaml.load(text, {
      schema: SCHEMA,
      json: duplicateKeys,
      listener(event, state) {
        if (event === 'open') {
          stack.push(state.line);
        } else {
          const line = stack.pop();
          const result: unknown = state.result;
          if (line !== undefined && result !== null && typeof result === 'object' && !lines.has(result)) {
            lines.set(result, line + offset);
          }
        }
      },
    });
    // Fields named, not spread: one shape for every document, and no copy loop per document.
    return { startLine: chunk.startLine, endLine: chunk.endLine, text: chunk.text, value, lines };
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line?: number } };
    // At the end of the stream js-yaml's mark is one line past the text when it lacks a final newline: the last line it has.
    const line = Math.min((err.mark?.line ?? 0) + offset, Math.max(chunk.endLine, chunk.startLine));
    return { startLine: chunk.startLine, endLine: chunk.endLine, text: chunk.text, value: undefined, lines, error: { message: err.reason ?? String(err.message), line } };
  }
}

/** A chunk that does not parse: no value, the error at its line. */
function failed(chunk: Chunk, error: JsonSyntaxError): ParsedDocument {
  return { startLine: chunk.startLine, endLine: chunk.endLine, text: chunk.text, value: undefined, lines: new Map(), error };
}

/** Kubernetes' YAML reader stops at a separator with content: the rest of the file is one error. */
function separatorError(bad: BadSeparator, lastLine: number): ParsedDocument {
  const rest = bad.line === lastLine ? `line ${bad.line} of this file is` : `lines ${bad.line}-${lastLine} of this file are`;
  const message = `invalid document separator "---${bad.content.startsWith('-') ? '' : ' '}${bad.content}": Kubernetes' YAML reader rejects content after "---", so kubectl stops at this line and ${rest} not applied`;
  return { startLine: bad.line, endLine: lastLine, text: '', value: undefined, lines: new Map(), error: { message, line: bad.line } };
}

