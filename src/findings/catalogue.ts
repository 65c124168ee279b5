/**
 * What each finding code means: its default severity, a short title, and help text (shown in SARIF rules
 * and the README's "Findings" section, which has one heading per code).
 */
import type { FindingCode, FindingSeverity } from './types.js';

export interface FindingRule {
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly help: string;
}

export const FINDING_RULES: Readonly<Record<FindingCode, FindingRule>> = {
  DNS_EGRESS_MISSING: {
    severity: 'error',
    title: 'DNS egress missing',
    help: 'A workload whose egress is isolated cannot reach cluster DNS on UDP, so every name lookup fails. Add an egress rule toward the DNS pods on UDP and TCP: unless `findings.dns` is configured, `k8s-app: kube-dns` in `kube-system` on 53, or OpenShift\'s `dns.operator.openshift.io/daemonset-dns: default` in `openshift-dns` on 5353.',
  },
  DNS_TCP_MISSING: {
    severity: 'warning',
    title: 'DNS over TCP missing',
    help: 'The workload reaches cluster DNS on UDP 53 but not on TCP 53: answers too large for UDP (many records, DNSSEC) are retried over TCP and fail.',
  },
  PERMISSIVE_RULE: {
    severity: 'warning',
    title: 'Over-permissive rule',
    help: 'A rule admits every namespace (`namespaceSelector: {}`), every address (`0.0.0.0/0`, `::/0`, or no `from`/`to` at all), or every port of a workload configured as sensitive. Reported in a diff when the pull request adds or widens it.',
  },
  CROSS_NAMESPACE_PATH: {
    severity: 'notice',
    title: 'New cross-namespace path',
    help: 'The change opens paths between workloads of different namespaces: one finding per rule that opens them (or per workload the change adds that no policy isolates, each way), naming the workloads at each end. Allow expected pairs with `findings.crossNamespace` in the configuration.',
  },
  UNPROTECTED_WORKLOAD: {
    severity: 'warning',
    title: 'Unprotected workload',
    help: 'No NetworkPolicy selects the workload in this direction, so all traffic is allowed. Add a default-deny policy to its namespace (`podSelector: {}`) and allow what it needs. In a diff, reported only when the change adds the workload or removes its protection.',
  },
  POLICY_SELECTS_NOTHING: {
    severity: 'warning',
    title: 'Policy selects no workload',
    help: 'The policy\'s `podSelector` matches no workload of its namespace (often labels that no pod carries together, or a typo): it has no effect on the manifests\' workloads, and applies only to pods they do not hold (an operator\'s, a chart\'s), which `diff` reports as abstract peers; when the selector contradicts itself it selects no pod at all.',
  },
  RULES_IGNORED_BY_POLICY_TYPES: {
    severity: 'warning',
    title: 'Rules of a direction missing from policyTypes',
    help: 'The policy has `ingress` or `egress` rules but its `policyTypes` does not name that direction, so Kubernetes ignores those rules.',
  },
  PEER_SELECTS_NOTHING: {
    severity: 'warning',
    title: 'Peer selector matches nothing',
    help: 'A `from`/`to` entry selects no namespace or no pod of the manifests: it admits only a namespace or pod created later with those labels (the abstract peer `diff` reports), or nothing at all when its requirements contradict each other. A frequent cause is a pod label used as a `namespaceSelector` (or the reverse), e.g. CoreDNS\'s `k8s-app: kube-dns` as a namespace selector.',
  },
  UNKNOWN_NAMED_PORT: {
    severity: 'warning',
    title: 'Named port not defined',
    help: 'The rule names a container port that no destination pod the manifests hold defines (with that protocol), so that port allows nothing to them; a pod created later that declares the name would be reached (diff reports that path with the port by name, as namedPorts).',
  },
  HALF_OPEN_EGRESS: {
    severity: 'warning',
    title: 'Half-open egress',
    help: 'An egress rule allows traffic toward pods whose ingress admits nothing from the rule\'s pods on those ports: the allow on one side is useless until the other side allows it too.',
  },
  HALF_OPEN_INGRESS: {
    severity: 'warning',
    title: 'Half-open ingress',
    help: 'An ingress rule admits traffic from pods whose egress allows nothing toward the rule\'s pods on those ports: the allow on one side is useless until the other side allows it too.',
  },
  AMBIGUOUS_PRIORITY: {
    severity: 'warning',
    title: 'Ambiguous priority',
    help: 'Two cluster-wide policies (AdminNetworkPolicy, ClusterNetworkPolicy) of one tier have the same priority and could both match a connection: the cluster may apply either first, so the verdict can differ between clusters.',
  },
  COMMON_LABELS_NARROWING: {
    severity: 'warning',
    title: 'Label narrowing by Kustomize commonLabels or labels',
    help: 'Kustomize `commonLabels` (and `labels` with `includeSelectors: true`) also edits NetworkPolicy selectors: a peer then selects only pods carrying those labels, so traffic from or to pods deployed elsewhere (without them) is silently dropped, and a policy whose own podSelector gained them leaves those pods unprotected.',
  },
  NAMESPACE_OVERRIDDEN: {
    severity: 'notice',
    title: 'Policy namespace replaced by Kustomize',
    help: 'A kustomization\'s `namespace:` (the overlay\'s or a base\'s) replaced the `metadata.namespace` a NetworkPolicy document writes, so the policy protects the pods of another namespace than the one written. A warning when, moved, the policy selects no workload, or a rule still names the written namespace (`kubernetes.io/metadata.name`). In a diff, new when the change adds or edits the policy\'s document or makes the move.',
  },
  MANIFEST_REJECTED: {
    severity: 'error',
    title: 'Manifest the API server would reject',
    help: 'The object is invalid (the API server would refuse it). A NetworkPolicy or cluster-wide policy is then not applied; other objects (workloads, Services, Namespaces) are analysed without the bad field; a document whose YAML does not parse is not read. In a diff, an object base already has keeps base\'s version.',
  },
};

export const FINDING_CODES = Object.keys(FINDING_RULES) as FindingCode[];
