import type { LabelSelector, Operator, Requirement, SourceRef } from '../../engine/model.js';
import { EVERYTHING } from '../../engine/selectors.js';
import type { DocContext } from '../context.js';
import { labelKeyError, labelValueError } from '../api-syntax.js';
import { asArray, isObject } from '../context.js';
import { emptiedLabelMeaning, readLabelMap } from './labels.js';
import { emptiedValue } from '../emptied-values.js';
import { checkFields } from '../field-checks.js';
import { LABEL_SELECTOR, SELECTOR_REQUIREMENT } from '../known-fields.js';
import { quote } from '../quote.js';
import { NAMESPACE_SELECTOR_LABELS, warnReservedNearMiss } from '../reserved-labels.js';

const OPERATORS: readonly Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * A LabelSelector as the API server validates it; `undefined` when invalid (already reported).
 * `of: 'namespaces'` (a namespaceSelector): a key one slip from `kubernetes.io/metadata.name` is warned
 * about at its line (reserved-labels.ts).
 */
export function readSelector(ctx: DocContext, raw: unknown, where: string, fallback: SourceRef, of: 'pods' | 'namespaces' = 'pods'): LabelSelector | undefined {
  const ref = ctx.ref(raw, fallback);
  if (raw === null || raw === undefined) return EVERYTHING;
  if (!isObject(raw)) {
    ctx.report('error', 'BAD_SELECTOR', `${where} must be a label selector object`, ref);
    return undefined;
  }
  if (!checkFields(ctx, raw, LABEL_SELECTOR, where, ref)) return undefined;
  const expressions: Requirement[] = [];
  const rawExpr = raw.matchExpressions;
  if (rawExpr !== undefined && rawExpr !== null && !Array.isArray(rawExpr)) {
    ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions must be a list`, ctx.keyRef(raw, 'matchExpressions', ctx.ref(rawExpr, ref)));
    return undefined;
  }
  const exprList = asArray(rawExpr) ?? [];
  for (const [i, e] of exprList.entries()) {
    const eref = ctx.itemRef(exprList, i, ctx.ref(rawExpr, ref));
    if (!isObject(e)) {
      ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions[${i}] must be a map`, eref);
      return undefined;
    }
    if (!checkFields(ctx, e, SELECTOR_REQUIREMENT, `${where}.matchExpressions[${i}]`, eref)) return undefined;
    if (typeof e.key !== 'string' || e.key === '') {
      ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions: each entry needs a key`, eref);
      return undefined;
    }
    const op = e.operator as Operator;
    if (!OPERATORS.includes(op)) {
      ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions: operator ${quote(e.operator)} is not one of ${OPERATORS.join(', ')}`, eref);
      return undefined;
    }
    if (e.values !== undefined && e.values !== null && !Array.isArray(e.values)) {
      ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions: values must be a list`, ctx.keyRef(e, 'values', eref));
      return undefined;
    }
    const keyProblem = labelKeyError(e.key);
    if (keyProblem) {
      ctx.report('error', 'INVALID_LABEL', `${where}.matchExpressions: ${keyProblem}`, eref);
      return undefined;
    }
    const rawValues = asArray(e.values) ?? [];
    const badValue = rawValues.find((v) => typeof v !== 'string' || labelValueError(v));
    if (badValue !== undefined) {
      const problem = typeof badValue === 'string' ? labelValueError(badValue) : `value ${quote(badValue)} is not a string (quote it)`;
      ctx.report('error', 'INVALID_LABEL', `${where}.matchExpressions: ${problem}`, eref);
      return undefined;
    }
    const values = rawValues as string[];
    // A value a Flux variable without a value emptied stays "", said (emptied-values.ts).
    for (const [j, v] of values.entries()) if (ctx.emptied(rawValues, j)) emptiedValue(ctx, rawValues, j, v, `${where}.matchExpressions[${i}].values[${j}]`, emptiedLabelMeaning('selector', e.key), ctx.itemRef(rawValues, j, eref));
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions: operator ${op} needs at least one value`, eref);
      return undefined;
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      ctx.report('error', 'BAD_SELECTOR', `${where}.matchExpressions: operator ${op} must have no values`, eref);
      return undefined;
    }
    if (of === 'namespaces') warnReservedNearMiss(ctx, where, e.key, e.key, NAMESPACE_SELECTOR_LABELS, 'Kubernetes', () => eref);
    expressions.push({ key: e.key, op, values });
  }
  if (raw.matchLabels !== undefined && raw.matchLabels !== null && !isObject(raw.matchLabels)) {
    ctx.report('error', 'BAD_SELECTOR', `${where}.matchLabels must be a map`, ctx.keyRef(raw, 'matchLabels', ctx.ref(raw.matchLabels, ref)));
    return undefined;
  }
  const matchLabels = readLabelMap(ctx, raw.matchLabels, `${where}.matchLabels`, ref, { emptied: 'selector' });
  if (of === 'namespaces' && isObject(raw.matchLabels)) {
    for (const key of Object.keys(matchLabels.labels)) warnReservedNearMiss(ctx, where, key, key, NAMESPACE_SELECTOR_LABELS, 'Kubernetes', () => ctx.keyRef(raw.matchLabels as object, key, ref));
  }
  return matchLabels.ok ? { matchLabels: matchLabels.labels, expressions } : undefined;
}
