import type { LabelSelector, Labels, Requirement } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import { labelText, labelValuesText } from './label-text.js';

export const EVERYTHING: LabelSelector = { matchLabels: {}, expressions: [] };

export function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.expressions.length === 0;
}

/**
 * A namespace selector that matches every namespace, those no manifest defines included: empty, or only
 * `kubernetes.io/metadata.name Exists` (every namespace carries that label, set by the API server).
 */
export function selectsEveryNamespace(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.expressions.every((r) => r.key === NAMESPACE_NAME_LABEL && r.op === 'Exists');
}

/** matchLabels and matchExpressions are ANDed; an empty selector matches every label set. */
export function matches(selector: LabelSelector, labels: Labels): boolean {
  for (const key in selector.matchLabels) {
    if (!Object.hasOwn(labels, key) || labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const req of selector.expressions) {
    if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

/**
 * apimachinery semantics: `NotIn` and `DoesNotExist` match a label set that lacks the key entirely
 * (labels.Requirement.Matches), which some peer tools get wrong for NotIn.
 */
export function requirementMatches(req: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.op) {
    case 'In':
      return has && req.values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !req.values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default: {
      const never: never = req.op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}

/** A short human form, e.g. `app=web,tier in (a,b)`, `tier=""` (label-text.ts), or `{}`. */
export function selectorText(s: LabelSelector): string {
  const parts = Object.entries(s.matchLabels).map(([k, v]) => labelText(k, v));
  for (const r of s.expressions) {
    if (r.op === 'Exists') parts.push(r.key);
    else if (r.op === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.op === 'In' ? 'in' : 'notin'} (${labelValuesText(r.values)})`);
  }
  return parts.length ? parts.join(',') : '{}';
}

/** `selectorText` in braces, as a selector is written in messages: `{app=web}`, and `{}` for the empty selector (never `{{}}`). */
export function bracedSelectorText(s: LabelSelector): string {
  const text = selectorText(s);
  return text === '{}' ? text : `{${text}}`;
}

/** Whether two label maps hold the same keys with the same values (order aside). */
export function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
