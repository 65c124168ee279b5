/**
 * The policy kinds reachdiff models, in one place: NetworkPolicy (networking.k8s.io/v1) and the network-policy
 * API's cluster-wide kinds, AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)
 * and their successor ClusterNetworkPolicy (v1alpha2), and Cilium's CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy (cilium.io/v2). Target discovery asks these lists which documents are
 * policies (alternative bundles, bundle parents, files no target reads, partial kustomizations): a copy of the
 * list in each of them once left ClusterNetworkPolicy out of some, so a repository that moved to it had its
 * policy sets merged into one target (network-policy-api 8c1c5fa, conformance fixtures renamed to
 * ClusterNetworkPolicy read as one deployment with every other plain folder).
 */
import { API_CLUSTER_POLICY_KINDS, CALICO_POLICY_KIND_LIST, CILIUM_POLICY_KIND_LIST } from '../engine/model.js';

/**
 * The network-policy API's cluster-scoped kinds (identities `Kind/name`; they select namespaces cluster-wide), not
 * every model ClusterPolicyKind (engine/model.ts `CLUSTER_POLICY_KIND_LIST` adds Cilium's and Calico's).
 */
export const API_CLUSTER_POLICY_KIND_NAMES: readonly string[] = API_CLUSTER_POLICY_KINDS;

/** Cilium's kinds (cilium.io/v2, kinds/cilium-policy.ts): namespaced and clusterwide, read into the same model. */
export const CILIUM_POLICY_KIND_NAMES: readonly string[] = CILIUM_POLICY_KIND_LIST;

/**
 * Calico's kinds as the model names them (kinds/calico-policy.ts `calicoKind`): objects of Calico's groups, whose
 * keys are `CalicoNetworkPolicy/ns/name`, `CalicoGlobalNetworkPolicy//name`, `CalicoTier//name`. Not among the
 * kinds target discovery reads from a document's `kind:` (Calico's NetworkPolicy is written `NetworkPolicy`).
 */
export const CALICO_MODEL_KIND_NAMES: readonly string[] = [...CALICO_POLICY_KIND_LIST, 'CalicoTier'];

/** Every modelled policy kind: NetworkPolicy first, then the cluster-scoped ones, then Cilium's. */
export const POLICY_KIND_NAMES: readonly string[] = ['NetworkPolicy', ...API_CLUSTER_POLICY_KIND_NAMES, ...CILIUM_POLICY_KIND_NAMES];

export const POLICY_KINDS: ReadonlySet<string> = new Set(POLICY_KIND_NAMES);
/** `API_CLUSTER_POLICY_KIND_NAMES` as a set. */
export const API_CLUSTER_POLICY_KIND_SET: ReadonlySet<string> = new Set(API_CLUSTER_POLICY_KIND_NAMES);

/** `A|B|C` of these kinds, for a regular expression (the names hold no special characters). */
export const policyKindAlternatives = (kinds: readonly string[] = POLICY_KIND_NAMES): string => kinds.join('|');
