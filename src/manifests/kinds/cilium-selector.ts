/**
 * A Cilium EndpointSelector (`endpointSelector`, `fromEndpoints` / `toEndpoints`) → the namespace part and
 * the pod part of a model selector. Cilium's documentation, "Using Kubernetes Constructs In Policy": a
 * selector without a namespace label selects pods of the policy's namespace; `io.kubernetes.pod.namespace`
 * names the namespace, `io.cilium.k8s.namespace.labels.<key>` matches its labels (honoured in a
 * CiliumClusterwideNetworkPolicy only); keys may carry a source prefix (`k8s:`, `any:`).
 */
import type { LabelSelector, Operator, Requirement, SourceRef } from '../../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../../engine/model.js';
import { EVERYTHING } from '../../engine/selectors.js';
import type { Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import { emptiedValue } from '../emptied-values.js';
import { emptiedLabelMeaning } from './labels.js';
import type { PeerSelector, Scope } from './cilium-scope.js';
import { invalid } from './cilium-scope.js';
import { CILIUM_REQUIREMENT, CILIUM_SELECTOR, warnUnknownFields } from './cilium-fields.js';
import { CILIUM_ENDPOINT_LABELS, CILIUM_NAMESPACE_LABELS_PREFIX, warnCiliumNamespaceLabelNearMiss, warnReservedNearMiss } from '../reserved-labels.js';

const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS_PREFIX = CILIUM_NAMESPACE_LABELS_PREFIX;
/** Label sources that mean an ordinary pod label (Cilium: `k8s:` from Kubernetes, `any:` any source). */
const POD_SOURCES = /^(k8s|any):/;

/**
 * A Cilium EndpointSelector → a namespace part and a pod part. `subject`: the policy's endpointSelector,
 * whose namespace is the policy's (a namespaced kind). `none`: a peer that can select no pod we model
 * (a `reserved:` identity label), said in a warning.
 */
export function readEndpointSelector(scope: Scope, raw: Json, label: string, ref: SourceRef, subject: true): PeerSelector | undefined;
export function readEndpointSelector(scope: Scope, raw: Json, label: string, ref: SourceRef, subject: false): PeerSelector | 'none' | undefined;
export function readEndpointSelector(scope: Scope, raw: Json, label: string, ref: SourceRef, subject: boolean): PeerSelector | 'none' | undefined {
  const { ctx, namespace } = scope;
  warnUnknownFields(scope, raw, CILIUM_SELECTOR, label, ref);
  const podLabels: Record<string, string> = {};
  const podExpr: Requirement[] = [];
  const nsLabels: Record<string, string> = {};
  const nsExpr: Requirement[] = [];
  let nsConstrained = false;
  let none = false;
  const place = (rawKey: string, add: (target: 'pod' | 'ns', key: string) => void, keyRef: () => SourceRef = () => ref): boolean => {
    if (/^reserved:/.test(rawKey)) {
      ctx.report('warning', 'UNSUPPORTED_PEER', `${scope.where}: ${label}: ${quote(rawKey)} selects a Cilium identity (host, world, health …), not pods in manifests; this selector is not analysed`, ref);
      none = true;
      return true;
    }
    const key = rawKey.replace(POD_SOURCES, '');
    if (/^[a-z0-9-]+:/.test(key) && !key.includes('/')) {
      ctx.report('warning', 'UNSUPPORTED_PEER', `${scope.where}: ${label}: label source of ${quote(rawKey)} is not a Kubernetes pod label; this selector is not analysed`, ref);
      none = true;
      return true;
    }
    if (key === NAMESPACE_KEY) {
      nsConstrained = true;
      add('ns', NAMESPACE_NAME_LABEL);
    } else if (key.startsWith(NAMESPACE_LABELS_PREFIX)) {
      if (namespace !== undefined) {
        ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: ${quote(rawKey)} is ignored in a CiliumNetworkPolicy (Cilium reads namespace labels only in a CiliumClusterwideNetworkPolicy)`, ref);
        return true;
      }
      nsConstrained = true;
      add('ns', key.slice(NAMESPACE_LABELS_PREFIX.length));
    } else if (warnReservedNearMiss(ctx, `${scope.where}: ${label}`, key, rawKey, CILIUM_ENDPOINT_LABELS, 'Cilium', keyRef) || warnCiliumNamespaceLabelNearMiss(ctx, `${scope.where}: ${label}`, key, rawKey, keyRef)) {
      // Cilium reads it as written: a label no endpoint carries.
      add('pod', key);
    } else if (key.startsWith('io.cilium.k8s.policy.')) {
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: ${quote(rawKey)} (service account, cluster) is not a pod label in manifests; the requirement is not analysed (the selector is read without it)`, ref);
    } else add('pod', key);
    return true;
  };
  const ml = raw.matchLabels;
  if (ml !== undefined && ml !== null && !isObject(ml)) return invalid(scope, `${label}.matchLabels must be a map`, ref);
  for (const [k, v] of Object.entries(isObject(ml) ? ml : {})) {
    place(k, (target, key) => ((target === 'pod' ? podLabels : nsLabels)[key] = v === null || v === undefined ? '' : String(v)), () => ctx.keyRef(ml as object, k, ref));
    // A value a Flux variable without a value emptied stays "", said (emptied-values.ts).
    if (ctx.emptied(ml as object, k)) emptiedValue(ctx, ml as object, k, v, `${scope.where}: ${label}.matchLabels: ${quote(k)}`, emptiedLabelMeaning('selector', k), ctx.keyRef(ml as object, k, ref));
  }
  const me = raw.matchExpressions;
  if (me !== undefined && me !== null && !Array.isArray(me)) return invalid(scope, `${label}.matchExpressions must be a list`, ref);
  for (const e of asArray(me) ?? []) {
    if (isObject(e)) warnUnknownFields(scope, e, CILIUM_REQUIREMENT, `${label}.matchExpressions`, ref);
    if (!isObject(e) || typeof e.key !== 'string' || !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(String(e.operator))) {
      return invalid(scope, `${label}.matchExpressions: each entry needs a key and an operator In, NotIn, Exists or DoesNotExist`, ref);
    }
    const rawValues = asArray(e.values) ?? [];
    const values = rawValues.map(String);
    for (const [j, v] of values.entries()) if (ctx.emptied(rawValues, j)) emptiedValue(ctx, rawValues, j, v, `${scope.where}: ${label}.matchExpressions: ${quote(e.key)} values[${j}]`, emptiedLabelMeaning('selector', e.key), ctx.itemRef(rawValues, j, ctx.ref(e, ref)));
    place(e.key, (target, key) => {
      // `io.kubernetes.pod.namespace Exists` is every namespace: the constraint alone, no requirement to carry.
      if (target === 'ns' && key === NAMESPACE_NAME_LABEL && e.operator === 'Exists') return;
      (target === 'pod' ? podExpr : nsExpr).push({ key, op: e.operator as Operator, values });
    }, () => ctx.ref(e, ref));
  }
  if (none && !subject) return 'none';
  const pods: LabelSelector = { matchLabels: podLabels, expressions: podExpr };
  const ns: LabelSelector = { matchLabels: nsLabels, expressions: nsExpr };
  if (subject && namespace !== undefined) {
    // The endpointSelector of a namespaced policy always applies in the policy's namespace.
    const ownOnly = nsExpr.length === 0 && Object.keys(nsLabels).length === 1 && nsLabels[NAMESPACE_NAME_LABEL] === namespace;
    if (nsConstrained && !ownOnly) ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: a namespace constraint in the endpointSelector of a CiliumNetworkPolicy is ignored (it selects pods of ${namespace} only)`, ref);
    return { namespaces: 'own', pods };
  }
  return { namespaces: nsConstrained ? ns : namespace === undefined ? EVERYTHING : 'own', pods };
}
