/**
 * v1alpha1 `sameLabels` / `notSameLabels` namespace peers (experimental in network-policy-api v0.1.0–v0.1.4,
 * removed in v0.1.5). The API's type comments (NamespacedPeer):
 *   SameLabels: "To be selected a Namespace must have all of the labels defined in SameLabels, AND they
 *   must all have the same value as the subject of this policy. If Samelabels is Empty then nothing is
 *   selected."
 *   NotSameLabels: "To be selected a Namespace must have all of the labels defined in NotSameLabels, AND
 *   at least one of them must have different values than the subject of this policy. If NotSameLabels is
 *   empty then nothing is selected."
 * The values compared are those of the subject pod's namespace. A subject namespace without one of the
 * keys has no value to compare with, so nothing is selected for its pods (as the API project's own
 * policy-assistant reads it).
 *
 * For one subject namespace the relation is an ordinary namespace selector (a union of selectors for
 * notSameLabels), so the evaluator resolves these peers per group of subjects whose namespaces agree on
 * the keys (tiers.ts) and works over the existing classes as for any other peer.
 */
import type { LabelSelector, Labels, Requirement, TierPeer, TierRule } from './model.js';
import { OTHER_VALUE } from './label-partition.js';

export type RelatedPeer = Extract<TierPeer, { kind: 'sameLabels' | 'notSameLabels' }>;

export function isRelatedPeer(peer: TierPeer): peer is RelatedPeer {
  return peer.kind === 'sameLabels' || peer.kind === 'notSameLabels';
}

/** The label keys the rules' related peers compare, sorted; empty when no peer depends on the subject. */
export function relatedKeys(rules: readonly TierRule[]): string[] {
  const keys = new Set<string>();
  for (const rule of rules) for (const peer of rule.peers) if (isRelatedPeer(peer)) for (const k of peer.keys) keys.add(k);
  return [...keys].sort();
}

/** A text that is equal for two subject namespaces exactly when they agree on `keys` (values, or lacking). */
export function subjectValuesKey(keys: readonly string[], nsLabels: Labels): string {
  return keys.map((k) => (Object.hasOwn(nsLabels, k) ? `=${nsLabels[k]}` : '!')).join('\u0000');
}

/** The namespaces the peer selects for pods of a namespace labelled `subjectNs`, as selectors (their union). */
export function relatedNamespaceSelectors(peer: RelatedPeer, subjectNs: Labels): LabelSelector[] {
  if (peer.keys.length === 0 || peer.keys.some((k) => !Object.hasOwn(subjectNs, k))) return [];
  if (peer.kind === 'sameLabels') {
    const matchLabels: Record<string, string> = {};
    for (const k of peer.keys) matchLabels[k] = subjectNs[k];
    return [{ matchLabels, expressions: [] }];
  }
  // Every key present, and some key with another value: one selector per key that differs.
  const present: Requirement[] = peer.keys.map((k) => ({ key: k, op: 'Exists', values: [] }));
  return peer.keys.map((k) => ({ matchLabels: {}, expressions: [...present, { key: k, op: 'NotIn', values: [subjectNs[k]] }] }));
}

/**
 * Namespace selectors that cut label space (regions.ts) finely enough for the peer: per key, whether a
 * namespace has it and each value `known` holds (regions.ts passes the known namespaces' labels and every
 * value a namespace selector names), so a region of namespaces the manifests do not know has one value of
 * each key throughout, or only values none of those is: it compares with every other region the same way.
 */
export function relatedNamespaceCuts(peer: RelatedPeer, known: Iterable<Labels>): LabelSelector[] {
  const out: LabelSelector[] = [];
  for (const k of peer.keys) {
    out.push({ matchLabels: {}, expressions: [{ key: k, op: 'Exists', values: [] }] });
    const values = new Set<string>();
    for (const labels of known) if (Object.hasOwn(labels, k)) values.add(labels[k]);
    for (const v of [...values].sort()) out.push({ matchLabels: { [k]: v }, expressions: [] });
  }
  return out;
}

/**
 * Keys for which a namespace's representative labels stand for "a value no known namespace has" (a
 * region of namespaces the manifests do not know): two such namespaces may share the value or not.
 */
export function unpinnedKeys(keys: readonly string[], nsLabels: Labels): string[] {
  return keys.filter((k) => nsLabels[k] === OTHER_VALUE);
}
