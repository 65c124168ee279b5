/**
 * The NetworkPolicies an app-template release (kinds/app-template.ts) makes from `values.networkpolicies`, as
 * the chart's common library renders them (bjw-s-labs/helm-charts, `charts/library/common`: templates
 * `render/_networkpolicies.tpl`, `classes/_networkpolicy.tpl`, `lib/networkpolicy/_controllerSelector.tpl`,
 * `_rules.tpl`, `_validate.tpl`, and the helpers `bjw-s.common.lib.networkpolicy.enabledNetworkPolicies` and
 * `…getByIdentifier`, which name the object as `valuesToObject` names a controller; values schema
 * `networkpolicies`; read at the chart's releases of 2025-2026). Per entry `networkpolicies.<id>` that is a map:
 * - `enabled` absent is true; false (or an empty value) makes nothing;
 * - one networking.k8s.io/v1 NetworkPolicy in the release's namespace (`Release.Namespace`: the HelmRelease's
 *   `spec.targetNamespace`, else its own), named like a controller (`<fullname>`, with `-<id>` when more than
 *   one entry is enabled or `global.alwaysAppendIdentifierToResourceName`; `forceRename`, `prefix`, `suffix`);
 * - `spec.podSelector`: the entry's `podSelector` as written when it has the key; else the selector labels of
 *   the controller it names: `app.kubernetes.io/name` and `app.kubernetes.io/instance` (the release's, as the
 *   controllers' pods carry them) and the controller label (`app.kubernetes.io/controller`, chart 3
 *   `app.kubernetes.io/component`, as kinds/app-template.ts reads the pods) of `controller`, or of the one
 *   enabled controller when neither `controller` nor `controllers` is written; `controllers` (a list of
 *   identifiers) selects them with `In` on the controller label (the name and instance labels as matchLabels;
 *   one identifier: a matchLabel); `extraSelectorLabels` are added last and win per key;
 * - `policyTypes`, `rules.ingress` and `rules.egress` as the spec's `policyTypes`, `ingress` and `egress`,
 *   written as a NetworkPolicy's; a peer with `controller: <id>` is that controller's pods (its selector
 *   labels as the peer's `podSelector`, the key dropped), as `_rules.tpl` renders it.
 * Positions: the policy is cited at the entry's line, its rules at their own lines in the values, so a why
 * and a rollback name the HelmRelease's lines.
 *
 * Not modelled, said at the entry's line (UNSUPPORTED_FIELD) and left to the release's "not analysed"
 * notice (targets/helm-releases.ts, targets/unrendered-helm.ts through kinds/app-template.ts
 * `appTemplateUnread`), so a change to it never reads as a clean no-change: `type` other than `native` (a
 * Cilium policy); a Go template (`{{ … }}`) anywhere in the entry (the chart expands it with `tpl`); a
 * `controllers` item that is a pattern or names no enabled controller; a `controller` naming no enabled
 * controller; no `podSelector`, `controller` or `controllers` with other than one enabled controller (the
 * chart fails, or selects pods with an empty controller label); a peer's `controllers` list; a value that
 * is not a map where the chart needs one.
 */
import type { NetworkPolicy } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { readNetworkPolicy } from './network-policy.js';

/** What the release's values say that every one of its policies needs, read by kinds/app-template.ts. */
export interface AppTemplateNames {
  /** `HelmRelease ns/name`, for messages. */
  readonly owner: string;
  /** `Release.Namespace`: where the chart puts its objects. */
  readonly namespace: string;
  /** The `app.kubernetes.io/name` label of its pods. */
  readonly appName: string;
  /** The release name: the `app.kubernetes.io/instance` label of its pods. */
  readonly release: string;
  /** The chart's full name, which object names start from. */
  readonly fullName: string;
  /** The key of the controller label (`app.kubernetes.io/controller`, chart 3 `app.kubernetes.io/component`). */
  readonly controllerKey: string;
  /** `global.alwaysAppendIdentifierToResourceName`. */
  readonly alwaysAppend: boolean;
  /** How a controller's or policy's object is named (kinds/app-template.ts `controllerName`). */
  readonly objectName: (entry: Json, id: string, fullName: string, appendId: boolean) => string;
}

/** Whether a values entry is enabled as the chart reads `enabled` (absent: true; false or empty: disabled). */
export function enabledEntry(entry: Json): boolean {
  return !('enabled' in entry) || (entry.enabled !== false && entry.enabled !== null && entry.enabled !== 0 && entry.enabled !== '');
}

/** The identifiers of the enabled controllers of `values`, in written order. */
export function enabledControllerIds(values: Json): string[] {
  const controllers = isObject(values.controllers) ? values.controllers : {};
  return Object.entries(controllers)
    .filter(([, c]) => isObject(c) && enabledEntry(c))
    .map(([id]) => id);
}

/** The enabled entries of `values.networkpolicies`, in written order. */
export function enabledPolicyEntries(values: Json): [string, Json][] {
  const policies = isObject(values.networkpolicies) ? values.networkpolicies : {};
  return Object.entries(policies).filter((e): e is [string, Json] => isObject(e[1]) && enabledEntry(e[1]));
}

/** Whether a value holds a Go template anywhere. */
function templated(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{');
  if (Array.isArray(v)) return v.some(templated);
  if (isObject(v)) return Object.entries(v).some(([k, x]) => k.includes('{{') || templated(x));
  return false;
}

/** A controller identifier as a plain name (`regexQuoteMeta` leaves it unchanged), so no pattern. */
function plainId(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && !/[\\.+*?()|[\]{}^$]/.test(v);
}

/**
 * Why the enabled entry `entry` of `values.networkpolicies` is not modelled (a phrase), or undefined when it is.
 * Pure: the unread-values reading (kinds/app-template.ts `appTemplateUnread`) asks it too.
 */
export function policyEntryUnmodelled(values: Json, entry: Json): string | undefined {
  if (entry.type !== undefined && entry.type !== null && entry.type !== '' && entry.type !== 'native') return `has type ${JSON.stringify(entry.type)}, which makes a policy of another kind`;
  if (templated(entry)) return 'holds a Go template, which the chart expands';
  const enabled = enabledControllerIds(values);
  if (!('podSelector' in entry)) {
    const list = asArray(entry.controllers);
    if (list && list.length > 0) {
      if (!list.every((c) => plainId(c) && enabled.includes(c))) return 'lists under controllers a pattern or an identifier of no enabled controller';
    } else if (entry.controller !== undefined && entry.controller !== null && entry.controller !== '') {
      if (!plainId(entry.controller) || !enabled.includes(entry.controller)) return `names controller ${JSON.stringify(entry.controller)}, no enabled controller of the release`;
    } else if (enabled.length !== 1) return `names no controller and the release has ${enabled.length} enabled controllers`;
    if (entry.extraSelectorLabels !== undefined && entry.extraSelectorLabels !== null && !isObject(entry.extraSelectorLabels)) return 'has extraSelectorLabels that are not a map';
  }
  if (entry.rules !== undefined && entry.rules !== null && !isObject(entry.rules)) return 'has rules that are not a map';
  const rules = isObject(entry.rules) ? entry.rules : {};
  for (const [direction, key] of [['ingress', 'from'], ['egress', 'to']] as const) {
    for (const rule of asArray(rules[direction]) ?? []) {
      for (const peer of isObject(rule) ? (asArray(rule[key]) ?? []) : []) {
        if (!isObject(peer)) continue;
        if ('controllers' in peer) return `has a ${key} peer with a controllers list`;
        if ('controller' in peer && (!plainId(peer.controller) || !enabled.includes(peer.controller))) return `has a ${key} peer naming controller ${JSON.stringify(peer.controller)}, no enabled controller of the release`;
      }
    }
  }
  return undefined;
}

/**
 * The NetworkPolicies `values.networkpolicies` of the release makes (see above); an entry not modelled is said
 * at its line and makes none here. Positions from `ctx` (the HelmRelease's document).
 */
export function appTemplatePolicies(ctx: DocContext, values: Json, names: AppTemplateNames): NetworkPolicy[] {
  const entries = enabledPolicyEntries(values);
  if (entries.length === 0) return [];
  const holder = values.networkpolicies as Json;
  const appendId = entries.length > 1 || names.alwaysAppend;
  const selectorOf = (ids: readonly string[], extra: unknown): Json => {
    const labels: Record<string, string> = { 'app.kubernetes.io/name': names.appName, 'app.kubernetes.io/instance': names.release };
    if (ids.length === 1) labels[names.controllerKey] = ids[0];
    const extraLabels = isObject(extra) ? (extra as Record<string, string>) : {};
    const selector: Json = { matchLabels: { ...labels, ...extraLabels } };
    if (ids.length > 1 && !(names.controllerKey in extraLabels)) selector.matchExpressions = [{ key: names.controllerKey, operator: 'In', values: [...ids] }];
    return selector;
  };
  const out: NetworkPolicy[] = [];
  for (const [id, entry] of entries) {
    const at = ctx.ref(entry, ctx.keyRef(holder, id, ctx.ref(holder)));
    const why = policyEntryUnmodelled(values, entry);
    if (why !== undefined) {
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${names.owner}: values.networkpolicies.${id} ${why}; the policy it makes is not analysed`, at);
      continue;
    }
    const name = names.objectName(entry, id, names.fullName, appendId);
    const spec: Json = {};
    if ('podSelector' in entry) spec.podSelector = entry.podSelector;
    else {
      const list = asArray(entry.controllers);
      const ids = list && list.length > 0 ? [...new Set(list as string[])].sort() : typeof entry.controller === 'string' && entry.controller !== '' ? [entry.controller] : enabledControllerIds(values);
      spec.podSelector = selectorOf(ids, entry.extraSelectorLabels);
    }
    if (entry.policyTypes !== undefined && entry.policyTypes !== null) spec.policyTypes = entry.policyTypes;
    const rules = isObject(entry.rules) ? entry.rules : {};
    for (const [direction, key] of [['ingress', 'from'], ['egress', 'to']] as const) {
      const list = rules[direction];
      if (list !== undefined && list !== null) spec[direction] = peersExpanded(ctx, list, key, (c) => selectorOf([c], undefined));
    }
    ctx.alias(spec, entry);
    const obj: Json = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: names.namespace }, spec };
    ctx.alias(obj, entry);
    const read = readNetworkPolicy(ctx, obj, names.namespace, name, `NetworkPolicy ${names.namespace}/${name} (values.networkpolicies.${id} of app-template ${names.owner})`);
    if (read) out.push({ ...read, ref: at });
  }
  return out;
}

/**
 * A rules list with each `controller: <id>` peer made that controller's `podSelector` (`_rules.tpl`); the list
 * itself when no peer names a controller, so every position stays the written one. Copies stand where their
 * originals were written (`ctx.alias`).
 */
function peersExpanded(ctx: DocContext, list: unknown, key: 'from' | 'to', selector: (id: string) => Json): unknown {
  const rules = asArray(list);
  if (!rules || !rules.some((r) => isObject(r) && (asArray(r[key]) ?? []).some((p) => isObject(p) && 'controller' in p))) return list;
  const copy = rules.map((r) => {
    const peers = isObject(r) ? asArray(r[key]) : undefined;
    if (!isObject(r) || !peers) return r;
    const expanded = peers.map((p) => {
      if (!isObject(p) || !('controller' in p)) return p;
      const { controller, ...rest } = p;
      const out: Json = { ...rest, podSelector: selector(controller as string) };
      ctx.alias(out, p);
      return out;
    });
    ctx.alias(expanded, peers);
    const out: Json = { ...r, [key]: expanded };
    ctx.alias(out, r);
    return out;
  });
  ctx.alias(copy, rules);
  return copy;
}
