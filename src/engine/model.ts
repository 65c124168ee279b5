/**
 * The normalised cluster model the engine computes on. The loader fills in every API-server default
 * (protocol, policyTypes, namespace, the namespace name label), so the engine never guesses.
 */
import type { AddressSet } from './address-set.js';
import type { Protocol } from './connection-set.js';

export type { Protocol } from './connection-set.js';
export type Direction = 'ingress' | 'egress';
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];
/** The other direction: a pair's egress at its source meets its ingress at its destination. */
export const OPPOSITE: Readonly<Record<Direction, Direction>> = { ingress: 'egress', egress: 'ingress' };

/** Where an object or field came from: the file and the 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

export type Labels = Readonly<Record<string, string>>;

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  readonly key: string;
  readonly op: Operator;
  readonly values: readonly string[];
}

/** A validated label selector; `{}` (no labels, no expressions) selects everything. */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly expressions: readonly Requirement[];
}

export interface Namespace {
  readonly name: string;
  /** Always includes `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** Absent for a namespace that workloads use but no manifest defines. */
  readonly ref?: SourceRef;
}

export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface Workload {
  /** `namespace/name[Kind]`, the contract's peer id. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly podLabels: Labels;
  readonly namedPorts: readonly NamedPort[];
  readonly ref: SourceRef;
  /**
   * The object that makes the workload, as documents key objects (`Kind/namespace/name`), when it is not the
   * workload's own: `HelmRelease/apps/web` for an app-template release's controllers (manifests/kinds/app-template.ts).
   * Absent: `kind/namespace/name` of the workload itself.
   */
  readonly madeBy?: string;
  /**
   * The id of the workload whose pod template these pods run, when another object's: `shop/web[Deployment]` for
   * a Rollout with `spec.workloadRef` (manifests/load.ts resolveWorkloadRefs). A change of that workload's
   * document changes these pods (the rollback search follows it: analysis/rollback-reach.ts). Absent: its own.
   */
  readonly templateFrom?: string;
}

/**
 * Workload ids by the id of the workload whose template they run (`Workload.templateFrom`), over the clusters
 * given: what a document defining that workload also makes. Empty when no workload runs another's template.
 */
export function templateUsers(clusters: readonly Cluster[]): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const c of clusters) {
    for (const w of c.workloads) {
      if (w.templateFrom === undefined) continue;
      const users = out.get(w.templateFrom);
      if (!users) out.set(w.templateFrom, [w.id]);
      else if (!users.includes(w.id)) users.push(w.id);
    }
  }
  return out;
}

/** The object key a document lists for `w` (`Workload.madeBy`, else its own kind, namespace and name). */
export function workloadObjectKey(w: Workload): string {
  return w.madeBy ?? `${w.kind}/${w.namespace}/${w.name}`;
}

export interface PodPeer {
  readonly kind: 'pods';
  /** `own`: the policy's namespace (no namespaceSelector); otherwise namespaces matching the selector. */
  readonly namespaces: 'own' | LabelSelector;
  readonly pods: LabelSelector;
  readonly ref: SourceRef;
  /** How a rule of another kind writes this peer (Cilium: `fromEndpoints[1]`, `toEntities[0]`); absent for a NetworkPolicy's `from`/`to` entry. */
  readonly written?: string;
  /**
   * A NetworkPolicy peer's namespaceSelector that selects every namespace, as written when not `{}`
   * (`{matchLabels: {}}`): what a finding quotes. Not part of what the peer is (touched.ts `same` leaves it out).
   */
  readonly namespaceSelectorWritten?: string;
}

export interface IpBlockPeer {
  readonly kind: 'ipBlock';
  /** cidr minus except, already subtracted. */
  readonly block: AddressSet;
  readonly cidr: string;
  readonly ref: SourceRef;
  /** As PodPeer's: `fromCIDR[0]`, `toCIDRSet[2]`, `toEntities[0]`. */
  readonly written?: string;
}

export type Peer = PodPeer | IpBlockPeer;

export interface PortSpec {
  readonly protocol: Protocol;
  /** `*` (ALL_PORTS): no port given, every port of the protocol. Another string is a named container port. */
  readonly port: typeof ALL_PORTS | number | string;
  readonly endPort?: number;
  readonly ref: SourceRef;
}

/** Stands for "no port given": `*` cannot be a port name (names are lowercase letters, digits and dashes). */
export const ALL_PORTS = '*';

export interface Rule {
  /** `any`: `from`/`to` absent or empty — every pod and every address. */
  readonly peers: 'any' | readonly Peer[];
  /** `any`: `ports` absent or empty — every port of every protocol. */
  readonly ports: 'any' | readonly PortSpec[];
  readonly ref: SourceRef;
  /**
   * A Cilium egress allow rule's `toEntities: [host]`, at its item: the pod's own node, which the model does not
   * hold (the peer matches nothing here). Kept because a node-local DNS cache answers lookups there
   * (findings/dns-egress.ts). Absent: the rule names no `host` entity (or is not Cilium's).
   */
  readonly hostEntity?: { readonly ref: SourceRef };
}

export interface NetworkPolicy {
  /** `namespace/name`; `namespace/name[Kind]` for another kind's allow rules (a CiliumNetworkPolicy: `ns/name[CiliumNetworkPolicy]`). */
  readonly id: string;
  /**
   * Absent: a networking.k8s.io/v1 NetworkPolicy. A CiliumNetworkPolicy's allow rules join the
   * NetworkPolicy tier the same way (manifests/kinds/cilium-policy.ts), so they carry their kind for naming.
   */
  readonly kind?: CiliumPolicyKind | CalicoPolicyKind;
  /**
   * Directions whose rules add to what other policies allow without isolating the pods themselves
   * (Cilium `enableDefaultDeny: {ingress|egress: false}`); absent: every direction in `affects` isolates.
   */
  readonly joinsOnly?: Readonly<Record<Direction, boolean>>;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Which directions the policy isolates (policyTypes, with its defaults applied). */
  readonly affects: Readonly<Record<Direction, boolean>>;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
  readonly ref: SourceRef;
  /**
   * The object that installs the policy when no manifest writes it (`FluxInstance flux-system/flux`: the Flux
   * Operator deploys the Flux distribution's policies); `ref` is that object's line. Its rules are the
   * installer's, not the repository's to edit, so findings about them are not said. Absent: written.
   */
  readonly installedBy?: string;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: Protocol;
  /** Where the port entry is written (a named targetPort is cited there: abstract-named-ports.ts). */
  readonly ref: SourceRef;
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  /** Absent selector: the Service selects no pods (its endpoints are managed by hand). */
  readonly selector: Labels | null;
  readonly ports: readonly ServicePort[];
  readonly ref: SourceRef;
}

/** One backend of an Ingress: a Service port (by number or name) in the Ingress's namespace. */
export interface IngressBackend {
  readonly ingress: string;
  readonly namespace: string;
  readonly service: string;
  /** A Service port number or name; ALL_PORTS when the backend names none. */
  readonly port: number | string;
  readonly ref: SourceRef;
}

export interface Cluster {
  readonly namespaces: readonly Namespace[];
  readonly workloads: readonly Workload[];
  readonly policies: readonly NetworkPolicy[];
  readonly services: readonly Service[];
  readonly ingressBackends: readonly IngressBackend[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy, normalised (absent: none). */
  readonly clusterPolicies?: readonly ClusterPolicy[];
  /** The pod network (configuration `podCIDRs`), to decide which `networks` peers cover pods; absent: unknown. */
  readonly podNetwork?: AddressSet;
  /**
   * NetworkPolicy-tier parts whose subject is in every namespace a selector picks (a CiliumClusterwideNetworkPolicy's
   * allow rules and default deny, a Calico GlobalNetworkPolicy's default-tier part); absent: none. `policies` holds
   * their copies in the namespaces the manifests define or use; the engine makes the copies for the other
   * namespaces it evaluates (regions of namespaces only the cluster has: cluster-scope.ts).
   */
  readonly scopedPolicies?: readonly ScopedPolicy[];
  /**
   * Namespaces where a Helm release the loader does not read (a Flux HelmRelease of a chart not rendered)
   * installs pods: pods the manifests do not hold are expected there, so a selector matching none of the
   * namespace's workloads is no evidence of a typo (findings). Absent: none.
   */
  readonly unreadReleaseNamespaces?: readonly string[];
  /**
   * Custom resources of the manifests that an operator turns into pods (a CloudNativePG `Cluster`, a
   * `Dragonfly`: manifests/operator-pod-kinds.ts), whose pods the manifests do not hold: a selector that
   * may mean them (findings/operator-pods.ts) is no evidence of a typo. Absent: none.
   */
  readonly operatorResources?: readonly OperatorResource[];
  /**
   * The Dragonfly operator releases the manifests name (its image, chart version or tag: manifests/kinds/
   * dragonfly-policy.ts), by which the policies the operator makes per Dragonfly are kept or, when every one
   * predates them, left out; again when clusters are merged (manifests/builds.ts). Absent: none named.
   */
  readonly dragonflyOperatorVersions?: readonly string[];
  /**
   * The Flux sources a HelmRelease's `spec.chartRef` may name, with the chart version each serves
   * (manifests/kinds/chart-sources.ts): carried so that clusters merged again, a build reloaded for a revert
   * among them, read the app-template releases naming another build's source by its version
   * (manifests/across-builds.ts). Absent: none.
   */
  readonly chartSources?: readonly ChartSource[];
}

/** A Flux OCIRepository or HelmChart, and the chart version it serves (read by manifests/kinds/chart-sources.ts). */
export interface ChartSource {
  /** `OCIRepository` or `HelmChart`. */
  readonly kind: string;
  /** Where the source is applied (as placed: Kustomize `namespace`, the target's default). */
  readonly namespace: string;
  readonly name: string;
  /** The version as written, with its field: `spec.ref.tag 3.7.3`, `spec.ref.semver >=4.0.0`, `spec.version ^3.0`; undefined when none is written. */
  readonly version?: string;
  /** The chart's major version, when `version` says it. */
  readonly major?: number;
  /** With `major` undefined: why it is not read (`pins only a digest, which names no version`). */
  readonly unread?: string;
  /** With `major`: the highest major the range admits (Infinity: no upper bound); a tag's, its own. */
  readonly highestMajor?: number;
  /** The version's line (its field's), else the source's. */
  readonly ref: SourceRef;
}

/** A custom resource an operator turns into pods: its namespace, its name, and its API group (`postgresql.cnpg.io`). */
export interface OperatorResource {
  readonly namespace: string;
  readonly name: string;
  readonly group: string;
}

/**
 * A cluster-scoped NetworkPolicy-tier part. `policy` is its copy in namespace `""` (id `/name[Kind]suffix`);
 * its copy in namespace `n` is the same with namespace `n` and id `n` + `policy.id`, as the loader names the
 * copies it makes. A rule peer saying `own` (a NetworkPolicy that Kyverno generates per Namespace: a
 * `podSelector`-only peer) means the copy's namespace; a CiliumClusterwideNetworkPolicy's never do.
 */
export interface ScopedPolicy {
  /** The namespaces whose pods `policy.podSelector` selects. */
  readonly namespaces: LabelSelector;
  readonly policy: NetworkPolicy;
}

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Cluster-wide policies (policy.networking.k8s.io), all three kinds in one shape. The loader maps
 * v1alpha1 AdminNetworkPolicy → tier Admin, BaselineAdminNetworkPolicy → tier Baseline, and v1alpha2
 * ClusterNetworkPolicy by its `tier`; `Accept` (v1alpha2) is `Allow`.
 */
export type ClusterPolicyKind = (typeof CLUSTER_POLICY_KIND_LIST)[number];
/** The network-policy API's kinds above. */
export const API_CLUSTER_POLICY_KINDS = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'] as const;
/**
 * Cilium's deny rules (`ingressDeny`, `egressDeny`) take precedence over every allow: they are Admin-tier
 * Deny rules ahead of every other (priority CILIUM_DENY_PRIORITY), in one shape with the kinds above.
 */
export type CiliumPolicyKind = (typeof CILIUM_POLICY_KIND_LIST)[number];
export const CILIUM_POLICY_KIND_LIST = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'] as const;
/**
 * Calico's projectcalico.org/v3 NetworkPolicy (namespaced) and GlobalNetworkPolicy, named apart from the
 * Kubernetes kind they share a name with. Their ordered rules are tier rules (Admin or Baseline, placed by
 * their Calico tier's order: manifests/kinds/calico-tiers.ts); a default-tier policy also isolates its pods in
 * the NetworkPolicy tier, and the rules of one ordered after Kubernetes NetworkPolicies (order ≥ 1000) are
 * NetworkPolicy-tier rules, evaluated after the NetworkPolicies' allows.
 */
export type CalicoPolicyKind = (typeof CALICO_POLICY_KIND_LIST)[number];
export const CALICO_POLICY_KIND_LIST = ['CalicoNetworkPolicy', 'CalicoGlobalNetworkPolicy'] as const;
/**
 * Every ClusterPolicyKind, the one list its type and policy-terms.ts `tierKindOfId` (which reads the kind an id
 * starts with) are made of: a kind added here is both.
 */
export const CLUSTER_POLICY_KIND_LIST = [...API_CLUSTER_POLICY_KINDS, ...CILIUM_POLICY_KIND_LIST, ...CALICO_POLICY_KIND_LIST] as const;
/** Before every AdminNetworkPolicy priority (0..1000): Cilium denies are final whatever else applies. */
export const CILIUM_DENY_PRIORITY = -1;
/**
 * Where a cluster-wide policy's rules are evaluated. `NetworkPolicy`: in the NetworkPolicy tier, after the
 * NetworkPolicies' allows, on what they leave of the traffic of a pod they capture (Calico's default tier
 * after order 1000, where Kubernetes NetworkPolicies sit): Allow and Deny are final, Pass goes to the
 * Baseline tier, and what no rule matches is the tier's deny (engine/tier-verdict.ts `combineTiers`).
 */
export type Tier = 'Admin' | 'NetworkPolicy' | 'Baseline';
export type TierAction = 'Allow' | 'Deny' | 'Pass';

/** `subject.namespaces` (pods = every pod) or `subject.pods` (namespaceSelector AND podSelector). */
export interface ClusterSubject {
  readonly namespaces: LabelSelector;
  readonly pods: LabelSelector;
}

/**
 * A tier rule's peer. `written`, where the loader knows it: the peer's field as written, from the rule list
 * (`ingress[0].from[1].pods`, `egress[0].to[0].networks`; Calico `ingress[0].source.selector`,
 * `egress[1].destination.nets`), which explain's near misses cite.
 */
export type TierPeer =
  /** `namespaces` (pods = every pod) or `pods` (namespaceSelector AND podSelector). */
  | { readonly kind: 'pods'; readonly namespaces: LabelSelector; readonly pods: LabelSelector; readonly ref: SourceRef; readonly written?: string }
  /** Egress `networks`: CIDRs, which also select pods whose IPs fall inside (see the engine's tiers). */
  | {
      readonly kind: 'networks';
      readonly block: AddressSet;
      readonly cidrs: readonly string[];
      readonly ref: SourceRef;
      /** Addresses outside the cluster only, never pods (Cilium CIDR rules and the `world` entity). */
      readonly outsideOnly?: boolean;
      readonly written?: string;
    }
  /** Egress `domainNames` (ClusterNetworkPolicy, Accept only): destinations named by DNS. */
  | { readonly kind: 'domains'; readonly names: readonly string[]; readonly ref: SourceRef }
  /** Egress `nodes`: node IPs are not in manifests, so it selects nothing we can see (a warning says so). */
  | { readonly kind: 'nodes'; readonly ref: SourceRef }
  /**
   * v1alpha1 (experimental, API v0.1.0–v0.1.4) `namespaces: {sameLabels | notSameLabels: keys}`, or the
   * same under `pods.namespaces` with a pod selector: namespaces related to the subject pod's namespace
   * by their values of `keys` (engine/tier-related-namespaces.ts).
   */
  | { readonly kind: 'sameLabels' | 'notSameLabels'; readonly keys: readonly string[]; readonly pods: LabelSelector; readonly ref: SourceRef };

/**
 * A port of a tier rule: a number or range of one protocol, or a container port name. ANP `namedPort`
 * and CNP `destinationNamedPort` carry no protocol (`any`): the name resolves on the destination pod.
 */
export interface TierPortSpec {
  readonly protocol: Protocol | 'any';
  readonly port: number | string;
  readonly endPort?: number;
  readonly ref: SourceRef;
}

export interface TierRule {
  readonly action: TierAction;
  /** The rule's `name`, when it has one. */
  readonly name?: string;
  /** At least one peer (the CRDs require it). */
  readonly peers: readonly TierPeer[];
  /** `any`: `ports` / `protocols` absent — every port of every protocol. */
  readonly ports: 'any' | readonly TierPortSpec[];
  readonly ref: SourceRef;
}

export interface ClusterPolicy {
  /** `Kind/name`: cluster-scoped, so the kind keeps an ANP and a CNP of one name apart (`CiliumNetworkPolicy/ns/name` for the namespaced kind). */
  readonly id: string;
  readonly kind: ClusterPolicyKind;
  readonly name: string;
  readonly tier: Tier;
  /** 0..1000, lower first; a BaselineAdminNetworkPolicy (at most one) has 0; Cilium denies CILIUM_DENY_PRIORITY. */
  readonly priority: number;
  readonly subject: ClusterSubject;
  readonly ingress: readonly TierRule[];
  readonly egress: readonly TierRule[];
  readonly ref: SourceRef;
  /**
   * Pass skips to the next tier. Without a group (AdminNetworkPolicy, BaselineAdminNetworkPolicy …) that is
   * the rest of this model tier; with one (a Calico tier's name), the rest of the policies of that group: the
   * passed traffic meets the rules of the next group, then the tiers below.
   */
  readonly passGroup?: string;
  /**
   * A Pass of this group also skips the NetworkPolicy tier: the group is the tier NetworkPolicies belong to
   * (Calico's default tier, whose rest holds them and its end-of-tier deny), so the passed traffic meets the
   * Baseline tier, then the default allow (Calico Tier, "Pass … skips to the next tier"; profiles allow).
   */
  readonly passSkipsNetworkPolicies?: boolean;
  /** A Calico policy's part: its Calico tier and order, and whether it is the tier's implicit end-of-tier deny. */
  readonly calico?: CalicoPlacement;
}

export interface CalicoPlacement {
  readonly tier: string;
  /** The Tier's `spec.order`, for naming it as written (`Calico tier security (order 100)`); absent: none known. */
  readonly tierOrder?: number;
  /** `spec.order`; absent: none written (after every ordered policy of the tier). */
  readonly order?: number;
  /** The tier's implicit deny of what no rule decided, for the endpoints this policy selects. */
  readonly endOfTier?: boolean;
}
