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

export interface LabelMap {
  readonly labels: Record<string, string>;
  /** false when some entry (or the map itself) was invalid and reported. */
  readonly ok: boolean;
}

/** The valid entries of a label map (`where` prefixes each error); `quiet`: read without reporting (a map already checked). */
export function readLabelMap(ctx: DocContext, raw: unknown, where: string, fallback: SourceRef, options: { readonly quiet?: boolean } = {}): LabelMap {
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === undefined || raw === null) return { labels, ok: true };
  const ref = ctx.ref(raw, fallback);
  if (!isObject(raw)) {
    if (!options.quiet) ctx.report('error', 'INVALID_LABEL', `${where} must be a map of label keys to values`, ref);
    return { labels, ok: false };
  }
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    // A null value decodes to "" (Go's map[string]string).
    const text = value === null ? '' : value;
    const problem = labelKeyError(key) ?? (typeof text === 'string' ? labelValueError(text) : `label ${quote(key)} has ${describeValue(text)} for its value; label values are strings (quote it)`);
    if (problem) {
      if (!options.quiet) ctx.report('error', 'INVALID_LABEL', `${where}: ${problem}`, ctx.keyRef(raw, key, ref));
      ok = false;
    } else labels[key] = text as string;
  }
  return { labels, ok };
}
