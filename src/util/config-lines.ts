/**
 * Lines of configuration keys in the text of a configuration file (`.github/reachdiff.yml`), for messages
 * as compilers print them (`FILE:LINE: key: message`): the CLI's `--config` file and the App's files.
 */
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import { textLines } from '../util/line-ends.js';
import { escapeRegExp } from './reg-exp.js';

/**
 * 1-based line of a configuration problem's key path (`failon`, `findings.severity.CROSS_NAMESPACE_PATH`,
 * `targets[0].roots`, `externalNames["10.0.0.0/8"]`: a key with dots in it as a JSON string in brackets): of its
 * key when written, else of the deepest key or list item on the path that is; `(root)` is the first
 * line written, and a key the `yaml` package does not find is looked for by its text. With `exact` (the
 * App's merged files: another file may hold it), undefined for `(root)`, for text the `yaml` package
 * cannot parse and when the text does not write the whole path.
 */
export function problemLine(text: string, key: string, exact = false): number | undefined {
  if (key === '(root)') return exact ? undefined : firstWrittenLine(text);
  const line = keyLine(text, key, exact);
  // A text the `yaml` package reads otherwise than js-yaml (a lone carriage return is a line break to js-yaml only): the key's line by its text.
  return line === undefined && !exact ? writtenKeyLine(text, key) : line;
}

/** Lines as YAML breaks them (CR LF, LF or a lone CR). */
const yamlLines = textLines;

/** 1-based line of the first line holding more than a comment or a document marker; 1 for a text without one. */
function firstWrittenLine(text: string): number {
  const i = yamlLines(text).findIndex((l) => l.trim() !== '' && !/^\s*#/.test(l) && !/^(---|\.\.\.)\s*$/.test(l));
  return i < 0 ? 1 : i + 1;
}

/**
 * The steps of a key path: `a.b[2]["10.0.0.0/8"]` → `['a', 'b', 2, '10.0.0.0/8']` (a bracketed JSON string is one
 * key, dots and all: config-readers.ts `entryKey`).
 */
function keyPath(key: string): (string | number)[] {
  return [...key.matchAll(/\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? (JSON.parse(m[1]) as string) : m[2] !== undefined ? Number(m[2]) : m[3]));
}

/** 1-based line of the first line writing the last key of `key` (`bogus:`, `- name:`), or undefined. */
function writtenKeyLine(text: string, key: string): number | undefined {
  const last = keyPath(key).filter((k): k is string => typeof k === 'string').pop();
  if (last === undefined) return undefined;
  const escaped = escapeRegExp(last);
  const i = yamlLines(text).findIndex((l) => new RegExp(`^\\s*(- +)?["']?${escaped}["']?\\s*:`).test(l));
  return i < 0 ? undefined : i + 1;
}

/**
 * 1-based line where the second YAML document of `text` starts (its `---`), for a parser's "expected a
 * single document" error that has no position; undefined when there is none.
 */
export function secondDocumentLine(text: string): number | undefined {
  let started = false;
  for (const [i, l] of yamlLines(text).entries()) {
    if (/^---(\s|$)/.test(l)) {
      if (started) return i + 1;
      started = true;
    } else if (l.trim() !== '' && !/^\s*#/.test(l)) started = true;
  }
  return undefined;
}

function keyLine(text: string, key: string, exact: boolean): number | undefined {
  const counter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, strict: false });
  } catch {
    return undefined;
  }
  const path = keyPath(key);
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const step of path) {
    let start: number | undefined;
    if (isMap(node) && typeof step === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
      if (!pair || !isScalar(pair.key)) return exact ? undefined : line;
      start = pair.key.range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item: unknown = node.items[step];
      if (!isNode(item)) return exact ? undefined : line;
      start = item.range?.[0];
      node = item;
    } else return exact ? undefined : line;
    if (start !== undefined) line = counter.linePos(start).line;
  }
  return line;
}
