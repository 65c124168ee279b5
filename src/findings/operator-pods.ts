/**
 * Pods an operator makes from a custom resource of the manifests (`Cluster.operatorResources`,
 * manifests/operator-pod-kinds.ts): a selector that may mean them is no evidence of a typo for
 * POLICY_SELECTS_NOTHING and PEER_SELECTS_NOTHING, a selector that cannot still is.
 */
import type { Connectivity } from '../engine/connectivity.js';
import type { LabelSelector, OperatorResource } from '../engine/model.js';

/**
 * Whether a pod selector may mean the pods of `resource`: operators label the pods they make with the
 * resource's name (`cnpg.io/cluster: orders`, Dragonfly's `app: cache`, Strimzi's `strimzi.io/cluster: events`,
 * Tekton's `tekton.dev/taskRun: build-1`), with a component named after it (Rook's `app: rook-ceph-mgr` of a
 * CephCluster `rook-ceph`) or a resource type of their group (Rook's `app.kubernetes.io/component:
 * cephobjectstores.ceph.rook.io` of a CephObjectStore), or under a key of their own domain (`cnpg.io/podRole`, `dragonflydb.io/role`): a
 * value the selector asks for (`matchLabels`, or one of an `In`'s values) that is the resource's name or starts
 * with it and a dash or is `<resource>.<group>` of the resource's API group, or a key whose domain prefix is the API group or a suffix of it (`cnpg.io` of
 * `postgresql.cnpg.io`). A selector of neither kind (`app: llm-server` beside a CloudNativePG `Cluster`
 * named `litellm`) is judged as before: the operator's pods do not carry it.
 */
export function mayBeOperatorPods(selector: LabelSelector, resource: OperatorResource): boolean {
  const ownKey = (key: string) => {
    const slash = key.indexOf('/');
    if (slash < 0) return false;
    const prefix = key.slice(0, slash);
    return prefix === resource.group || resource.group.endsWith(`.${prefix}`) || prefix.endsWith(`.${resource.group}`);
  };
  // The name itself, or a component of it named `<name>-<part>` (Rook's `app: rook-ceph-mgr` of a CephCluster `rook-ceph`, Quay's `quay-component: quay-mirror` of a QuayRegistry `quay`).
  // Or a resource type of the operator's API group, `<resource>.<group>` (Rook's `app.kubernetes.io/component: cephobjectstores.ceph.rook.io`).
  const named = (v: string) => v === resource.name || v.startsWith(`${resource.name}-`) || isGroupResource(v, resource.group);
  if (Object.entries(selector.matchLabels).some(([k, v]) => named(v) || ownKey(k))) return true;
  return selector.expressions.some((e) => ownKey(e.key) || (e.op === 'In' && e.values.some(named)));
}

/** Whether `value` is `<resource>.<group>`: a plural resource name (DNS label) then the API group, as Kubernetes names a resource type. */
function isGroupResource(value: string, group: string): boolean {
  if (!value.endsWith(`.${group}`)) return false;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value.slice(0, -group.length - 1));
}

/** Whether a custom resource of namespace `ns` may make pods that `selector` picks (mayBeOperatorPods). */
export function operatorMayMake(conn: Connectivity, ns: string, selector: LabelSelector): boolean {
  return (conn.cluster.operatorResources ?? []).some((r) => r.namespace === ns && mayBeOperatorPods(selector, r));
}
