/**
 * A `metav1.LabelSelector` as Config Sync's NamespaceSelector and ClusterSelector write it (`spec.selector`),
 * read without a document context to report into: `undefined` when it cannot be read (the caller says so
 * in a CONFIG_SYNC notice). An absent selector selects everything.
 */
import type { LabelSelector, Operator, Requirement } from '../engine/model.js';
import { isObject } from '../manifests/context.js';

const OPERATORS: readonly Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function readLabelSelector(raw: unknown): LabelSelector | undefined {
  if (!isObject(raw)) return raw === undefined || raw === null ? { matchLabels: {}, expressions: [] } : undefined;
  const matchLabels: Record<string, string> = {};
  if (raw.matchLabels !== undefined && raw.matchLabels !== null) {
    if (!isObject(raw.matchLabels)) return undefined;
    for (const [k, v] of Object.entries(raw.matchLabels)) {
      if (typeof v !== 'string') return undefined;
      matchLabels[k] = v;
    }
  }
  const expressions: Requirement[] = [];
  for (const e of Array.isArray(raw.matchExpressions) ? raw.matchExpressions : []) {
    if (!isObject(e) || typeof e.key !== 'string' || !OPERATORS.includes(e.operator as Operator)) return undefined;
    const values = Array.isArray(e.values) ? e.values.filter((x): x is string => typeof x === 'string') : [];
    expressions.push({ key: e.key, op: e.operator as Operator, values });
  }
  return { matchLabels, expressions };
}
