/** The kinds whose objects the model reads (load.ts reads them; other objects are only named). */
import type { ClusterPolicyKind } from '../engine/model.js';
import { CLUSTER_POLICY_KINDS } from './kinds/cluster-policy.js';
import { CILIUM_POLICY_KINDS } from './kinds/cilium-policy.js';
import { FLUX_INSTANCE_KIND } from './kinds/flux-instance.js';
import { CIDR_GROUP_KIND } from './kinds/cilium-cidr-group.js';
import { WORKLOAD_KINDS } from './kinds/workload.js';
import { TEMPLATE_WORKLOAD_RAW_KINDS } from './kinds/template-workloads.js';
import { CALICO_MODEL_KIND_NAMES } from './policy-kinds.js';

/** Calico's kinds as the model names them (kinds/calico-policy.ts `calicoKind`): objects of Calico's groups. */
const CALICO_MODEL_KINDS: ReadonlySet<string> = new Set(CALICO_MODEL_KIND_NAMES);

/**
 * Whether the model reads objects of this kind (of some apiVersion): policies of every kind the engine
 * applies, Namespaces, Services, Ingresses and workloads. Objects of any other kind (Secrets, ConfigMaps,
 * RBAC, policies of kinds it does not model …) never change the connectivity it computes, but for the
 * NetworkPolicies a Kyverno rule generates per such object (kinds/kyverno-object-generate.ts).
 */
export function modelReadsKind(kind: string): boolean {
  return kind === 'NetworkPolicy' || CLUSTER_POLICY_KINDS.has(kind as ClusterPolicyKind) || CILIUM_POLICY_KINDS.has(kind) || CALICO_MODEL_KINDS.has(kind) || kind === FLUX_INSTANCE_KIND || kind === CIDR_GROUP_KIND || kind === 'Ingress' || kind === 'Namespace' || kind === 'Service' || WORKLOAD_KINDS.has(kind) || TEMPLATE_WORKLOAD_RAW_KINDS.has(kind);
}
