/**
 * Lines of map keys and list items, which the fast parse (yaml-documents.ts) does not record: it keeps
 * the line of every map and list, not of every key or scalar. Asked only when a diagnostic needs one
 * (an unknown field, a scalar List item), so the document is parsed a second time, with the `yaml`
 * package's positions, only then. The second parse's nodes are matched to the first parse's objects by
 * walking both trees together (same text, same shape).
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { escapeRegExp } from '../util/reg-exp.js';
import { textLines } from '../util/line-ends.js';

/** Documents parsed a second time for their key lines since the process started (a test's measure of that cost). */
let secondParses = 0;
export const keyLineParses = (): number => secondParses;

export class KeyLines {
  private nodes?: Map<object, YamlNode>;
  private readonly counter = new LineCounter();

  /** `text`: the document's text; `value`: what the fast parse made of it. */
  constructor(
    private readonly text: string,
    private readonly value: unknown,
  ) {}

  /** 1-based line (within the document's text) of `key` in the map `node`, when written there. */
  keyLine(node: object, key: string): number | undefined {
    const yamlNode = this.index().get(node);
    if (!yamlNode || !isMap(yamlNode)) return undefined;
    const pair = yamlNode.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const at = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    return at === undefined ? undefined : this.counter.linePos(at).line;
  }

  /** 1-based line of item `index` of the list `node`. */
  itemLine(node: object, index: number): number | undefined {
    const yamlNode = this.index().get(node);
    if (!yamlNode || !isSeq(yamlNode)) return undefined;
    const item = yamlNode.items[index];
    const at = item && typeof item === 'object' && 'range' in item ? (item as YamlNode).range?.[0] : undefined;
    return at === undefined ? undefined : this.counter.linePos(at).line;
  }

  private index(): Map<object, YamlNode> {
    if (this.nodes) return this.nodes;
    this.nodes = new Map();
    secondParses++;
    try {
      const doc = parseDocument(this.text, { lineCounter: this.counter, uniqueKeys: false, strict: false, version: '1.1' });
      if (doc.contents) walk(this.value, doc.contents, this.nodes);
    } catch {
      // The fast parse accepted the text; if this one does not, positions fall back to the nearest map's.
    }
    return this.nodes;
  }
}

/** Maps and lists of `value` to their nodes; aliases and merged keys are left out (their own nodes stand elsewhere). */
function walk(value: unknown, node: YamlNode, out: Map<object, YamlNode>): void {
  if (value === null || typeof value !== 'object' || out.has(value)) return;
  if (isMap(node) && !Array.isArray(value)) {
    out.set(value, node);
    const obj = value as Record<string, unknown>;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.value === null || typeof pair.value !== 'object') continue;
      const key = String(pair.key.value);
      if (Object.hasOwn(obj, key)) walk(obj[key], pair.value as YamlNode, out);
    }
  } else if (isSeq(node) && Array.isArray(value)) {
    out.set(value, node);
    node.items.forEach((item, i) => {
      if (item !== null && typeof item === 'object') walk(value[i], item as YamlNode, out);
    });
  }
}

/**
 * The 1-based line of `key` in the block map a file's text writes at `mapLine` (the map's position: the line
 * of its first key, or of the key holding it when that line has no value after the colon), found by
 * indentation, for an object a build rendered (its maps have positions, its keys none); undefined when not
 * written there (a flow map, a key a transformer added).
 */
export function keyLineInText(text: string, mapLine: number, key: string): number | undefined {
  const lines = textLines(text);
  const at = lines[mapLine - 1];
  if (at === undefined) return undefined;
  const start = /^\s*(?:-\s+)?["']?[^\s"':]+["']?\s*:\s*(?:#.*)?$/.test(at) && !/^\s*-\s/.test(at) ? mapLine : mapLine - 1;
  const first = lines[start];
  if (first === undefined) return undefined;
  const indent = first.length - first.replace(/^\s*(?:-\s+)?/, '').length;
  const written = new RegExp(`^["']?${escapeRegExp(key)}["']?\\s*:`);
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    const own = l.length - l.replace(/^\s*(?:-\s+)?/, '').length;
    if (i > start && l.trim() && !l.trimStart().startsWith('#') && (own < indent || /^\s*-\s/.test(l.slice(0, indent + 1)) || l.trimStart() === '---')) break;
    if (own === indent && written.test(l.slice(own))) return i + 1;
  }
  return undefined;
}
