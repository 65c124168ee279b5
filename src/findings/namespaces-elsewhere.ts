/**
 * Namespace selectors that pick namespaces the repository does not define, whose labels it cannot know:
 * PEER_SELECTS_NOTHING does not say they "match no namespace defined in the manifests" (real-eval 26:
 * ArthurVardevanyan/HomeLab, an OpenShift repository, read 18 such warnings for the platform's namespaces).
 * A selector is such when every key it asks for is one of:
 *
 * - `kubernetes.io/metadata.name` (the API server's own name label; already left alone before this file);
 * - `name`, for a namespace the manifests do not define and that is not one every cluster has: the older
 *   name-label convention (`name: openshift-monitoring`). A namespace the manifests define, or `kube-system`,
 *   `default`, `kube-public`, `kube-node-lease`, carries no such label unless written, so `name: kube-system`
 *   is still reported: the classic mistake;
 * - a label OpenShift sets on its own namespaces for policies to select them: `network.openshift.io/policy-group`
 *   (`ingress`, `monitoring` on the router's and monitoring's namespaces) and `policy-group.network.openshift.io/*`
 *   (`host-network`, `ingress`: OpenShift SDN and OVN-Kubernetes documentation, "NetworkPolicy with OpenShift").
 *
 * A selector with another key, or `NotIn`, `Exists`, `DoesNotExist` on `name`, is judged as before.
 */
import type { LabelSelector } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';

/** Namespaces every cluster has, with no label but their name label unless a manifest writes one. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];

/** The older convention's name label, `name: <namespace>`. */
export const NAME_LABEL = 'name';

const PLATFORM_KEY = /^(network\.openshift\.io\/policy-group|policy-group\.network\.openshift\.io\/.+)$/;

/** Whether every key `s` asks for picks namespaces from outside the repository (see the file's comment). `defined`: the namespaces the manifests define. */
export function selectsNamespacesElsewhere(s: LabelSelector, defined: ReadonlySet<string>): boolean {
  const elsewhere = (name: string) => !defined.has(name) && !BUILT_IN_NAMESPACES.includes(name);
  const entries = Object.entries(s.matchLabels);
  if (entries.length + s.expressions.length === 0) return false;
  const labelOk = ([k, v]: [string, string]) => k === NAMESPACE_NAME_LABEL || PLATFORM_KEY.test(k) || (k === NAME_LABEL && elsewhere(v));
  if (!entries.every(labelOk)) return false;
  return s.expressions.every((e) => e.key === NAMESPACE_NAME_LABEL || PLATFORM_KEY.test(e.key) || (e.key === NAME_LABEL && e.op === 'In' && e.values.length > 0 && e.values.every(elsewhere)));
}
