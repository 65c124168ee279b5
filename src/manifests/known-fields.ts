/**
 * The fields the API server knows at each level of the objects the loader reads. `kubectl apply`
 * (1.27 and later) validates fields strictly by default: an object with a field its schema does not
 * have is refused ("unknown field"), so such an object never reaches the cluster. Sources: the
 * Kubernetes API reference (k8s.io/api networking/v1, meta/v1 ObjectMeta and LabelSelector) and the
 * network-policy-api CRDs (policy.networking.k8s.io v1alpha1, v1alpha2).
 */

const fields = (...names: string[]): ReadonlySet<string> => new Set(names);

/** meta/v1 ObjectMeta (`clusterName` was removed in 1.25). */
export const OBJECT_META = fields(
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
);

/**
 * Top level of every kind the loader reads (workloads, Service, Namespace, Ingress, the policy kinds).
 * NetworkPolicy's `status` (alpha in 1.24-1.26) is kept: objects exported from clusters carry
 * `status: {}`, it decides no traffic, and calling every such export invalid would bury real typos.
 */
export const OBJECT_TOP_LEVEL = fields('apiVersion', 'kind', 'metadata', 'spec', 'status');
export const NETWORK_POLICY_SPEC = fields('podSelector', 'policyTypes', 'ingress', 'egress');
export const INGRESS_RULE = fields('from', 'ports');
export const EGRESS_RULE = fields('to', 'ports');
export const NETWORK_POLICY_PEER = fields('podSelector', 'namespaceSelector', 'ipBlock');
export const IP_BLOCK = fields('cidr', 'except');
export const NETWORK_POLICY_PORT = fields('protocol', 'port', 'endPort');

/** meta/v1 LabelSelector and its LabelSelectorRequirement. */
export const LABEL_SELECTOR = fields('matchLabels', 'matchExpressions');
export const SELECTOR_REQUIREMENT = fields('key', 'operator', 'values');

/** AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy (CRDs). */
export const ADMIN_POLICY_SPEC = fields('priority', 'subject', 'ingress', 'egress');
export const BASELINE_POLICY_SPEC = fields('subject', 'ingress', 'egress');
export const CLUSTER_NETWORK_POLICY_SPEC = fields('tier', 'priority', 'subject', 'ingress', 'egress');
/** A rule: `from` (ingress) or `to` (egress); `ports` (v1alpha1) or `protocols` (v1alpha2). */
export const tierRule = (peerKey: 'from' | 'to', portsKey: 'ports' | 'protocols'): ReadonlySet<string> => fields('name', 'action', peerKey, portsKey);
/** `pods` of a subject or peer. */
export const NAMESPACED_POD = fields('namespaceSelector', 'podSelector');
export const PORT_NUMBER = fields('protocol', 'port');
export const PORT_RANGE = fields('protocol', 'start', 'end');
export const DESTINATION_PORT_RANGE = fields('start', 'end');
export const PROTOCOL_PORT = fields('destinationPort');

/** core/v1 PodTemplateSpec's own fields, and a container port. */
export const POD_TEMPLATE = fields('metadata', 'spec');
export const CONTAINER_PORT = fields('containerPort', 'name', 'protocol', 'hostPort', 'hostIP');
