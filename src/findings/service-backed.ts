/**
 * Pods a Service of the manifests expects: a Service's `spec.selector` names the labels of the pods behind it,
 * so pods with those labels are meant to exist even when no workload here carries them (an operator makes
 * them from a custom resource, as the Prometheus Operator makes `prometheus-k8s` pods from a `Prometheus`
 * object, or a chart or another repository deploys them). A selector those labels satisfy is then not dead
 * (real-eval 13: kube-prometheus's policies admitting `app.kubernetes.io/name=prometheus` pods read as
 * PEER_SELECTS_NOTHING beside the very Service that fronts them).
 */
import type { Connectivity } from '../engine/connectivity.js';
import type { LabelSelector, Service } from '../engine/model.js';
import { matches } from '../engine/selectors.js';

/** The first Service (by manifest order) of `namespace` whose non-empty selector, read as a pod's labels, `selector` matches; undefined when none. */
export function serviceExpecting(conn: Pick<Connectivity, 'cluster'>, namespace: string, selector: LabelSelector): Service | undefined {
  return conn.cluster.services.find((s) => s.namespace === namespace && s.selector !== null && Object.keys(s.selector).length > 0 && matches(selector, s.selector));
}
