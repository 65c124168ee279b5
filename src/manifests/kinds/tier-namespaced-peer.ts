/**
 * The v1alpha1 NamespacedPeer of network-policy-api v0.1.0–v0.1.4: a `namespaces` peer (or the
 * `namespaces` of a `pods` peer, beside its `podSelector`) that sets exactly one of `namespaceSelector`,
 * `sameLabels` (experimental) or `notSameLabels` (experimental); "+kubebuilder:validation:MaxProperties=1,
 * MinProperties=1", each label list "+kubebuilder:validation:MaxItems=100". Later versions made
 * `namespaces` a plain label selector and dropped sameLabels/notSameLabels; ClusterNetworkPolicy never
 * had them.
 */
import type { LabelSelector, SourceRef, TierPeer } from '../../engine/model.js';
import { labelKeyError } from '../api-syntax.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import type { KindRules } from './cluster-policy.js';
import { present } from './cluster-policy.js';
import { readSelector } from './selector.js';
import { written } from '../quote.js';

const FIELDS = ['namespaceSelector', 'sameLabels', 'notSameLabels'] as const;
const MAX_LABELS = 100;

/** Is this peer written in the older form? (`namespaces` holding one of its fields, or `pods.namespaces`.) */
export function isNamespacedPeerForm(p: Json, field: 'namespaces' | 'pods'): boolean {
  if (field === 'pods') return isObject(p.pods) && present(p.pods.namespaces);
  return isObject(p.namespaces) && FIELDS.some((f) => present((p.namespaces as Json)[f]));
}

/** The peer, or undefined after reporting why it is invalid (the policy is then not applied). */
export function readNamespacedPeerForm(ctx: DocContext, p: Json, field: 'namespaces' | 'pods', k: KindRules, label: string, ref: SourceRef): TierPeer | undefined {
  if (k.version !== 'v1alpha1') {
    ctx.report('error', 'INVALID_PEER', `${label}: a ${k.kind} ${field} peer takes ${field === 'pods' ? 'namespaceSelector and podSelector' : 'a label selector'}; namespaceSelector/sameLabels/notSameLabels under namespaces is the older v1alpha1 AdminNetworkPolicy form`, ref);
    return undefined;
  }
  let holder: unknown = p.namespaces;
  let pods: LabelSelector | undefined = { matchLabels: {}, expressions: [] };
  let where = `${label}.namespaces`;
  if (field === 'pods') {
    const podsPeer = p.pods as Json;
    const extra = Object.keys(podsPeer).filter((f) => present(podsPeer[f]) && f !== 'namespaces' && f !== 'podSelector');
    if (extra.length > 0 || !present(podsPeer.podSelector)) {
      ctx.report('error', 'INVALID_PEER', `${label}.pods: with namespaces, set podSelector and nothing else${extra.length ? ` (not ${extra.join(', ')})` : ''}`, ref);
      return undefined;
    }
    holder = podsPeer.namespaces;
    where = `${label}.pods.namespaces`;
    pods = readSelector(ctx, podsPeer.podSelector, `${label}.pods.podSelector`, ref);
    if (!pods) return undefined;
  }
  const set = isObject(holder) ? Object.keys(holder).filter((f) => present(holder[f])) : [];
  if (!isObject(holder) || set.length !== 1 || !(FIELDS as readonly string[]).includes(set[0])) {
    ctx.report('error', 'INVALID_PEER', `${where} must set exactly one of ${FIELDS.join(', ')}`, ref);
    return undefined;
  }
  const which = set[0] as (typeof FIELDS)[number];
  if (which === 'namespaceSelector') {
    const namespaces = readSelector(ctx, holder.namespaceSelector, `${where}.namespaceSelector`, ref, 'namespaces');
    return namespaces && { kind: 'pods', namespaces, pods, ref };
  }
  const keys = asArray(holder[which]);
  if (!keys || keys.length > MAX_LABELS) {
    ctx.report('error', keys ? 'TOO_MANY_ITEMS' : 'INVALID_PEER', `${where}.${which} must be a list of at most ${MAX_LABELS} label keys`, ref);
    return undefined;
  }
  for (const key of keys) {
    const problem = typeof key === 'string' ? labelKeyError(key) : `${written(key)} is not a label key`;
    if (problem) {
      ctx.report('error', 'INVALID_LABEL', `${where}.${which}: ${problem}`, ref);
      return undefined;
    }
  }
  // "If SameLabels is Empty then nothing is selected" (likewise NotSameLabels).
  if (keys.length === 0) ctx.report('warning', 'INVALID_PEER', `${where}.${which} is empty, so it selects no namespace`, ref);
  return { kind: which, keys: [...new Set(keys as string[])], pods, ref };
}
