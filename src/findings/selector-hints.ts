/**
 * Why a selector picks nothing, in words: it contradicts itself, its labels are never carried together,
 * or its labels belong to the other kind of object (a pod label in a namespaceSelector, or the reverse).
 */
import type { Labels, LabelSelector, Requirement } from '../engine/model.js';
import { matches, requirementMatches } from '../engine/selectors.js';
import { labelText } from '../engine/label-text.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';
import { nearestName } from '../util/near-names.js';
import { BUILT_IN_NAMESPACES, NAME_LABEL } from './namespaces-elsewhere.js';

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

/**
 * A matchLabels entry `k=v` none of `labelSets` carries, where one carries `v` under another key (`app=api`
 * beside the chart's `app.kubernetes.io/name=api`, new-user trial 36): `X carries K2=v, not k=v`, with the
 * holder named by `holder`. Undefined when no entry is missing so, or the value is carried under several keys.
 */
export function sameValueOtherKey<T>(s: LabelSelector, holders: readonly T[], labelsOf: (h: T) => Labels, holder: (h: T) => string): string | undefined {
  for (const [k, v] of Object.entries(s.matchLabels)) {
    if (holders.some((h) => labelsOf(h)[k] === v)) continue;
    const found = holders.flatMap((h) => Object.entries(labelsOf(h)).filter(([k2, v2]) => k2 !== k && v2 === v).map(([k2]) => ({ h, k2 })));
    const keys = new Set(found.map((f) => f.k2));
    if (keys.size === 1) return `${holder(found[0].h)} carries ${labelText(found[0].k2, v)}, not ${labelText(k, v)}`;
  }
  return undefined;
}


/**
 * A namespace a selector names (`kubernetes.io/metadata.name: X`, or `In (X)`; or the older convention's
 * `name: X`, namespaces-elsewhere.ts) that is defined nowhere, one or
 * two edits from one that is (or a built-in one): a misspelling (`ingress-ngnix` for `ingress-nginx`, new-user
 * trial 36). Names that differ only in a last dash-separated part of up to 3 characters (`team-a`/`team-b`,
 * `prod-eu`/`prod-us`) or in trailing digits (`ns1`/`ns2`) are a family of namespaces, not a typo. `known`: every namespace the manifests know;
 * `defined`: those they define.
 */
export function misspeltNamespace(s: LabelSelector, known: ReadonlySet<string>, defined: readonly string[]): { name: string; near: string; builtIn: boolean } | undefined {
  const named = [NAMESPACE_NAME_LABEL, NAME_LABEL].flatMap((key) => [s.matchLabels[key], ...s.expressions.filter((e) => e.key === key && e.op === 'In' && e.values.length === 1).map((e) => e.values[0])]);
  for (const name of named) {
    if (name === undefined || known.has(name) || BUILT_IN_NAMESPACES.includes(name)) continue;
    const near = nearestName(name, [...defined, ...BUILT_IN_NAMESPACES]);
    if (near !== undefined && near !== name && !sameFamily(name, near)) return { name, near, builtIn: !defined.includes(near) };
  }
  return undefined;
}

function sameFamily(a: string, b: string): boolean {
  // Numbered: `ns1` and `ns2`, `app-01` and `app-02`.
  if (a.replace(/\d+$/, '') === b.replace(/\d+$/, '')) return true;
  const [pa, pb] = [a.lastIndexOf('-'), b.lastIndexOf('-')];
  if (pa < 0 || pb < 0 || a.slice(0, pa) !== b.slice(0, pb)) return false;
  return a.length - pa - 1 <= 3 && b.length - pb - 1 <= 3;
}
