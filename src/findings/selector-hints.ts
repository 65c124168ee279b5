/**
 * Why a selector picks nothing, in words: it contradicts itself, its labels are never carried together,
 * or its labels belong to the other kind of object (a pod label in a namespaceSelector, or the reverse).
 */
import type { Labels, LabelSelector, Requirement } from '../engine/model.js';
import { matches, requirementMatches } from '../engine/selectors.js';
import { labelText } from '../engine/label-text.js';

/** A selector no label set can satisfy (e.g. `app=a` with `app NotIn (a)`, or `Exists` with `DoesNotExist`). */
export function contradiction(s: LabelSelector): string | undefined {
  const reqs: Requirement[] = [...Object.entries(s.matchLabels).map(([key, v]) => ({ key, op: 'In' as const, values: [v] })), ...s.expressions];
  const keys = new Set(reqs.map((r) => r.key));
  for (const key of keys) {
    const on = reqs.filter((r) => r.key === key);
    // Candidate values: those named, plus one not named, plus the key being absent.
    const named = new Set(on.flatMap((r) => r.values));
    const candidates: (string | undefined)[] = [...named, `\u0000other`, undefined];
    const ok = candidates.some((v) => on.every((r) => requirementMatches(r, v === undefined ? {} : { [key]: v })));
    if (!ok) return `its requirements on "${key}" contradict each other`;
  }
  return undefined;
}

/** Each matchLabels entry is carried by some of `labelSets`, but never all together. */
export function neverTogether(s: LabelSelector, labelSets: readonly Labels[]): string | undefined {
  const entries = Object.entries(s.matchLabels);
  if (entries.length < 2) return undefined;
  const each = entries.every(([k, v]) => labelSets.some((l) => l[k] === v));
  return each ? `no pod carries ${entries.map(([k, v]) => labelText(k, v)).join(' and ')} together` : undefined;
}

/** A non-empty selector that the other kind's labels would satisfy. */
export function otherKindMatches(s: LabelSelector, others: readonly Labels[]): boolean {
  if (Object.keys(s.matchLabels).length === 0 && s.expressions.length === 0) return false;
  return others.some((l) => matches(s, l));
}
