/**
 * Label maps (object labels, `matchLabels`, a Service's `selector`) as the API server validates them:
 * every key a qualified name, every value a label value and a string (kubectl cannot decode a number
 * or a boolean into a label). Bad entries are reported at the map's line and left out.
 */
import type { SourceRef } from '../../engine/model.js';
import { labelKeyError, labelValueError } from '../api-syntax.js';
import type { DocContext } from '../context.js';
import { isObject } from '../context.js';
import { quote } from '../quote.js';
import { describeValue } from '../field-checks.js';
import { emptiedValue } from '../emptied-values.js';
import { ownString } from '../own-string.js';

export interface LabelMap {
  readonly labels: Record<string, string>;
  /** false when some entry (or the map itself) was invalid and reported. */
  readonly ok: boolean;
}

/**
 * What a label value a Flux variable without a value emptied means where it is read (emptied-values.ts):
 * in a selector, a requirement no pod the manifests hold meets; on pods or a Namespace, labels read as "".
 */
export type EmptiedLabelUse = 'selector' | 'pods' | 'namespace';

/** The warning's last words for a label `key` emptied so, per use. */
export function emptiedLabelMeaning(use: EmptiedLabelUse, key: string): string {
  if (use === 'selector') return `read as ${key}="", which no pod the manifests hold carries: this requirement matches nothing known here`;
  return `${use === 'pods' ? 'the pods are' : 'the namespace is'} read with ${key}="" here, so a selector asking for a value of ${key} does not select ${use === 'pods' ? 'them' : 'it'}`;
}

/**
 * The valid entries of a label map (`where` prefixes each error); `quiet`: read without reporting (a map
 * already checked); `emptied`: where the map is read, so that a value a Flux variable without a value emptied
 * is said at its line (`EmptiedLabelUse`; absent: not looked for, as in an object's own metadata labels).
 */
export function readLabelMap(ctx: DocContext, raw: unknown, where: string, fallback: SourceRef, options: { readonly quiet?: boolean; readonly emptied?: EmptiedLabelUse } = {}): LabelMap {
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === undefined || raw === null) return { labels, ok: true };
  const ref = ctx.ref(raw, fallback);
  if (!isObject(raw)) {
    if (!options.quiet) ctx.report('error', 'INVALID_LABEL', `${where} must be a map of label keys to values`, ref);
    return { labels, ok: false };
  }
  let ok = true;
  // Keys, then each value: no [key, value] array per entry (every label map of every object, both sides).
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = raw[key];
    // A null value decodes to "" (Go's map[string]string).
    const text = value === null ? '' : value;
    const problem = labelKeyError(key) ?? (typeof text === 'string' ? labelValueError(text) : `label ${quote(key)} has ${describeValue(text)} for its value; label values are strings (quote it)`);
    if (problem) {
      if (!options.quiet) ctx.report('error', 'INVALID_LABEL', `${where}: ${problem}`, ctx.keyRef(raw, key, ref));
      ok = false;
    } else {
      // Kept by the model: not a view into js-yaml's copy of the document (own-string.ts).
      labels[key] = ownString(text as string);
      // Looked up first: the key's line costs a second parse, paid only for a value so emptied.
      if (options.emptied && !options.quiet && ctx.emptied(raw, key)) emptiedValue(ctx, raw, key, text, `${where}: ${quote(key)}`, emptiedLabelMeaning(options.emptied, key), ctx.keyRef(raw, key, ref));
    }
  }
  return { labels, ok };
}
