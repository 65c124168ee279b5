/**
 * Kubernetes' YAML reader (apimachinery `util/yaml` YAMLReader, used by `kubectl apply -f`) splits a
 * stream at lines that start with `---`, and rejects a separator line followed by anything but spaces
 * or a comment ("invalid Yaml document separator"): `--- null`, `--- !tag`, `---foo`, `--- {a: b}`,
 * `----`. kubectl applies the documents read before that line and stops there; Argo CD fails the file.
 */
import { lineAtOffset } from '../util/line-ends.js';

export interface BadSeparator {
  /** Offset of the separator line's first character in the text. */
  readonly index: number;
  /** 1-based line of the separator. */
  readonly line: number;
  /** What follows the `---`. */
  readonly content: string;
}

const SEPARATOR_LINE = /^---([^\n]*)$/gm;

/** The first separator line with content after the `---`, or undefined when every separator is clean. */
export function findBadSeparator(text: string): BadSeparator | undefined {
  if (!text.includes('---')) return undefined;
  SEPARATOR_LINE.lastIndex = 0;
  for (let m = SEPARATOR_LINE.exec(text); m; m = SEPARATOR_LINE.exec(text)) {
    // Kubernetes' reader splits at `\n` only: a `---` after a lone `\r` starts no line of its (yaml-documents.ts reads those runs).
    if (m.index > 0 && text[m.index - 1] !== '\n') continue;
    const rest = m[1].trim();
    if (rest !== '' && !rest.startsWith('#')) return { index: m.index, line: lineAtOffset(text, m.index), content: rest };
  }
  return undefined;
}
