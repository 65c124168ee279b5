/**
 * Labels the platform sets by itself, which selectors use to name namespaces (and Cilium's service
 * accounts and clusters), and near misses of them. A selector key one slip away from one of these
 * (`io.kubernetes.podNamespace` for Cilium's `io.kubernetes.pod.namespace`, `kubernetes.io/metadata-name`
 * for `kubernetes.io/metadata.name`) is read as an ordinary label, which no pod or namespace carries:
 * the selector then matches nothing, silently. Said at the key's line with the label meant. So is a Cilium
 * namespace label under another prefix than Cilium's (`io.kubernetes.pod.namespace.labels.<key>`).
 */
import type { SourceRef } from '../engine/model.js';
import type { DocContext } from './context.js';
import { quote } from './quote.js';
import { nearestName } from '../util/near-names.js';
import { rememberValid } from '../util/remember-valid.js';

/**
 * The label the API server puts on every namespace, its name (Kubernetes 1.22+, "Automatic labelling",
 * the NamespaceDefaultLabelName feature): what a `namespaceSelector` names a namespace by.
 */
export const NAMESPACE_SELECTOR_LABELS: readonly string[] = ['kubernetes.io/metadata.name'];

/**
 * Labels Cilium derives for every endpoint (Cilium docs, "Using Kubernetes Constructs In Policy"):
 * the pod's namespace name, its service account, its cluster (label source prefix `k8s:` removed).
 */
export const CILIUM_ENDPOINT_LABELS: readonly string[] = ['io.kubernetes.pod.namespace', 'io.cilium.k8s.policy.serviceaccount', 'io.cilium.k8s.policy.cluster'];

/** Lower case, without the separators a slip changes (`.`, `-`, `_`, `/`). */
const squashed = (key: string) => key.toLowerCase().replace(/[._\-/]/g, '');

/**
 * The reserved label `key` is a near miss of (the same but for case and separators, or within two edits:
 * `nearestName`), else undefined; undefined for a reserved label itself.
 */
export function reservedLabelMeant(key: string, reserved: readonly string[]): string | undefined {
  let meant = meantOf.get(reserved);
  if (!meant) {
    const squashedReserved = reserved.map(squashed);
    meantOf.set(reserved, (meant = rememberValid((k) => (reserved.includes(k) ? undefined : nearMiss(k, reserved, squashedReserved)), MAX_REMEMBERED_KEYS)));
  }
  return meant(key);
}

function nearMiss(key: string, reserved: readonly string[], squashedReserved: readonly string[]): string | undefined {
  const k = squashed(key);
  const i = squashedReserved.indexOf(k);
  return i >= 0 ? reserved[i] : nearestName(key, reserved);
}

/**
 * Per list of reserved labels: `reservedLabelMeant` over it, the list squashed once and the keys that are no near
 * miss of it remembered (`rememberValid`). A repository's selectors write the same few keys (`app`, `team`)
 * thousands of times, each compared (edit distances) with every reserved label; a near miss, which is
 * reported each time, is compared again.
 */
const meantOf = new WeakMap<readonly string[], (key: string) => string | undefined>();
const MAX_REMEMBERED_KEYS = 1_000;

/**
 * Warns (`RESERVED_LABEL_NEAR_MISS`, at `ref()`) when selector key `key` (as written, `shown`) is a near
 * miss of a label of `reserved`, which `whose` sets (`Kubernetes`, `Cilium`). True when it warned. `ref`
 * is asked only then: a key's own line costs a second parse of its document (key-lines.ts).
 */
export function warnReservedNearMiss(ctx: DocContext, where: string, key: string, shown: string, reserved: readonly string[], whose: string, ref: () => SourceRef): boolean {
  return warnLabelMeant(ctx, where, key, shown, reservedLabelMeant(key, reserved), whose, ref);
}

/** Cilium's prefix for the labels of an endpoint's namespace (Cilium docs, "Using Kubernetes Constructs In Policy"). */
export const CILIUM_NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
const CILIUM_NAMESPACE_KEY = 'io.kubernetes.pod.namespace';

/**
 * The Cilium label meant by a key written as a namespace label under another prefix than Cilium's
 * (`io.kubernetes.pod.namespace.labels.team`, `io.cilium.k8s.namespace.label.team`: anything ending in
 * `namespace.label.<key>` or `namespace.labels.<key>`), else undefined: `io.cilium.k8s.namespace.labels.<key>`, or for the namespace's
 * name label the endpoint's own namespace label `io.kubernetes.pod.namespace` (which holds that name).
 * Real-eval 23: sholdee/home-ops 62dd38c0 admitted Prometheus with
 * `io.kubernetes.pod.namespace.labels.kubernetes.io/metadata.name: monitoring`, a label no endpoint carries.
 */
export function ciliumNamespaceLabelMeant(key: string): string | undefined {
  const m = /^(.*namespace\.labels?\.)(.+)$/i.exec(key);
  if (!m || m[1] === CILIUM_NAMESPACE_LABELS_PREFIX) return undefined;
  return m[2] === 'kubernetes.io/metadata.name' ? CILIUM_NAMESPACE_KEY : CILIUM_NAMESPACE_LABELS_PREFIX + m[2];
}

/** warnReservedNearMiss for a Cilium namespace label written under another prefix (ciliumNamespaceLabelMeant). */
export function warnCiliumNamespaceLabelNearMiss(ctx: DocContext, where: string, key: string, shown: string, ref: () => SourceRef): boolean {
  return warnLabelMeant(ctx, where, key, shown, ciliumNamespaceLabelMeant(key), 'Cilium', ref);
}

function warnLabelMeant(ctx: DocContext, where: string, key: string, shown: string, meant: string | undefined, whose: string, ref: () => SourceRef): boolean {
  if (meant === undefined) return false;
  // The label source prefix as written (`k8s:`), kept in the suggestion.
  const prefix = shown.endsWith(key) ? shown.slice(0, shown.length - key.length) : '';
  const message = `${where}: label ${quote(shown)} is not one ${whose} sets (did you mean ${quote(prefix + meant)}?); read as written, a label ${whose} never sets: the requirement matches only what someone labelled so by hand, likely nothing`;
  ctx.report('warning', 'RESERVED_LABEL_NEAR_MISS', message, ref());
  return true;
}
