/**
 * Policy kinds reachdiff does not model: their objects still decide traffic in the cluster, so the
 * results are incomplete wherever they apply. Never dropped silently: each kind becomes one warning
 * with its count and the workloads its objects select, the verdict names them, and a pull request that
 * changes one never gets a `success` check. Entries are removed here as kinds become modelled.
 */
import type { LabelSelector } from '../engine/model.js';
import { EVERYTHING } from '../engine/selectors.js';
import type { Json } from './context.js';
import { isObject } from './context.js';
import { isDraftClusterNetworkPolicy } from './kinds/cluster-policy-draft.js';
import { DECIDING_POLICY_KINDS, holdsPolicyTemplates } from './policy-templates.js';
import { namespaceGenerate } from './kinds/kyverno-generate.js';
import { objectGenerate } from './kinds/kyverno-object-generate.js';

/** Which pods an object applies to, as far as it can be read: a label selector, or `unknown`. */
export type Subject = { readonly namespace: string | 'all'; readonly pods: LabelSelector | 'unknown' };

export interface UnmodelledKind {
  /** API group (the apiVersion before `/`). */
  readonly group: string;
  readonly kind: string;
  /** How the verdict names one and several ("results ignore 19 CiliumNetworkPolicies"). */
  readonly label: string;
  readonly plural: string;
  readonly clusterScoped: boolean;
  readonly subject: (spec: Json) => LabelSelector | 'unknown';
  /** Where an object of the kind that names no namespace applies, when not `default` (a placement the repository does not resolve). */
  readonly namespace?: string;
  /** Whether an object of the kind decides traffic (absent: every one does); a Kyverno policy only when it generates policies. */
  readonly applies?: (obj: Json) => boolean;
  /**
   * What its objects apply to, for a kind without a pod selector of its own (said instead of the
   * workloads it selects): a Kyverno generator makes policies wherever its rules match.
   */
  readonly reach?: { readonly one: string; readonly many: string };
  /** Its objects make policies in other namespaces than their own (templates carry their own namespace). */
  readonly placesAnywhere?: boolean;
  /** Its objects only restrict traffic (an egress firewall toward external addresses), never allow any. */
  readonly restrictsOnly?: boolean;
}

/** `podSelector` of a NetworkPolicy-shaped object (another apiVersion, Antrea's `appliedTo` aside). */
function podSelectorSubject(spec: Json): LabelSelector | 'unknown' {
  const sel = spec.podSelector;
  if (sel === undefined || sel === null) return EVERYTHING;
  if (!isObject(sel) || sel.matchExpressions !== undefined) return 'unknown';
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(isObject(sel.matchLabels) ? sel.matchLabels : {})) matchLabels[k] = String(v);
  return { matchLabels, expressions: [] };
}

const unknownSubject = (): 'unknown' => 'unknown';

/** Every pod of the object's namespace (an egress firewall applies to the whole namespace). */
const namespaceSubject = (): LabelSelector => EVERYTHING;

/**
 * A Kyverno policy with a `generate` rule that makes policy objects (`generate.kind`, each `foreach`
 * entry's `kind`, or a `cloneList.kinds` entry `group/version/Kind`): those objects exist only in the
 * cluster, one per resource the rule matches (typically every Namespace), so the repository does not
 * hold them. Kyverno's other rules (validate, mutate) do not decide traffic.
 */
function generatesPolicies(obj: Json, modelled: (rule: Json) => boolean = () => false): boolean {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const kinds: unknown[] = [];
  for (const rule of Array.isArray(spec.rules) ? spec.rules.filter(isObject) : []) {
    const gen = rule.generate;
    if (!isObject(gen) || modelled(rule)) continue;
    kinds.push(gen.kind);
    for (const each of Array.isArray(gen.foreach) ? gen.foreach.filter(isObject) : []) kinds.push(each.kind);
    if (isObject(gen.cloneList) && Array.isArray(gen.cloneList.kinds)) kinds.push(...gen.cloneList.kinds.map((k) => (typeof k === 'string' ? k.slice(k.lastIndexOf('/') + 1) : k)));
  }
  return kinds.some((k) => typeof k === 'string' && DECIDING_POLICY_KINDS.has(k));
}

/**
 * A Kyverno CEL `GeneratingPolicy` (or `NamespacedGeneratingPolicy`, policies.kyverno.io) that makes policy
 * objects: its `spec.generate[].expression`s hand `generator.Apply` objects written in CEL, inline or through
 * `spec.variables` (`"kind": dyn("NetworkPolicy")`), or cloned from the cluster (`resource.Get("networking.k8s.io/v1",
 * "networkpolicies", …)`). CEL is not evaluated: a policy kind named as an object's `kind`, or as the resource a
 * clone reads, is enough (kyverno.io/docs/policy-types/generating-policy). One that generates other objects
 * (a Secret, a ConfigMap) does not decide traffic.
 */
function celGeneratesPolicies(obj: Json): boolean {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const expressions = [spec.generate, spec.variables].flatMap((list) => (Array.isArray(list) ? list.filter(isObject).map((e) => e.expression) : [])).filter((e): e is string => typeof e === 'string');
  return expressions.some((e) => [...e.matchAll(CEL_KIND)].some((m) => DECIDING_POLICY_KINDS.has(m[1])) || [...e.matchAll(CEL_RESOURCE)].some((m) => POLICY_RESOURCES.has(m[1])));
}

/** `"kind": "NetworkPolicy"` or `"kind": dyn("NetworkPolicy")` in a CEL map literal (either quote). */
const CEL_KIND = /["']kind["']\s*:\s*(?:dyn\(\s*)?["']([A-Za-z]+)["']/g;
/** The resource (plural, lower case) a `resource.Get`/`resource.List` reads: `resource.Get("networking.k8s.io/v1", "networkpolicies", …)`. */
const CEL_RESOURCE = /resource\.(?:Get|List)\(\s*["'][^"']*["']\s*,\s*["']([a-z]+)["']/g;
/** The policy kinds' resources, as the API names them (`NetworkPolicy` → `networkpolicies`). */
const POLICY_RESOURCES: ReadonlySet<string> = new Set([...DECIDING_POLICY_KINDS].map((k) => k.toLowerCase().replace(/y$/, 'ie') + 's'));

const GENERATED = { one: 'It makes policies in the cluster for each resource its rules match (typically every Namespace), which the repository does not hold', many: 'They make policies in the cluster for each resource their rules match (typically every Namespace), which the repository does not hold' };

/** Calico's NetworkPolicy and GlobalNetworkPolicy are modelled (kinds/calico-policy.ts), as Cilium's are. */
export const UNMODELLED_POLICY_KINDS: readonly UnmodelledKind[] = [
  { group: 'crd.antrea.io', kind: 'NetworkPolicy', label: 'Antrea NetworkPolicy', plural: 'Antrea NetworkPolicies', clusterScoped: false, subject: unknownSubject },
  { group: 'crd.antrea.io', kind: 'ClusterNetworkPolicy', label: 'Antrea ClusterNetworkPolicy', plural: 'Antrea ClusterNetworkPolicies', clusterScoped: true, subject: unknownSubject },
  // OVN-Kubernetes and OpenShift SDN: which external addresses a namespace's pods may reach.
  { group: 'k8s.ovn.org', kind: 'EgressFirewall', label: 'EgressFirewall', plural: 'EgressFirewalls', clusterScoped: false, subject: namespaceSubject, restrictsOnly: true },
  { group: 'network.openshift.io', kind: 'EgressNetworkPolicy', label: 'EgressNetworkPolicy', plural: 'EgressNetworkPolicies', clusterScoped: false, subject: namespaceSubject, restrictsOnly: true },
  // A rule generating a NetworkPolicy per Namespace or per object of another kind is modelled (kinds/kyverno-generate.ts,
  // kyverno-object-generate.ts): counted only for the others.
  { group: 'kyverno.io', kind: 'ClusterPolicy', label: 'Kyverno ClusterPolicy generating policies', plural: 'Kyverno ClusterPolicies generating policies', clusterScoped: true, subject: unknownSubject, applies: (obj) => generatesPolicies(obj, (rule) => namespaceGenerate(rule) !== undefined || objectGenerate(rule) !== undefined), reach: GENERATED },
  { group: 'kyverno.io', kind: 'Policy', label: 'Kyverno Policy generating policies', plural: 'Kyverno Policies generating policies', clusterScoped: false, subject: unknownSubject, applies: generatesPolicies, reach: GENERATED },
  { group: 'policies.kyverno.io', kind: 'GeneratingPolicy', label: 'Kyverno GeneratingPolicy generating policies', plural: 'Kyverno GeneratingPolicies generating policies', clusterScoped: true, subject: unknownSubject, applies: celGeneratesPolicies, reach: GENERATED },
  { group: 'policies.kyverno.io', kind: 'NamespacedGeneratingPolicy', label: 'Kyverno NamespacedGeneratingPolicy generating policies', plural: 'Kyverno NamespacedGeneratingPolicies generating policies', clusterScoped: false, subject: unknownSubject, applies: celGeneratesPolicies, reach: GENERATED },
];

/**
 * A ClusterNetworkPolicy in the shape of a v1alpha2 draft before network-policy-api v0.2 (rules with `ports`):
 * accepted by a draft CRD, rejected by v0.2's, read by neither reading here (kinds/cluster-policy-draft.ts).
 */
export const DRAFT_CLUSTER_NETWORK_POLICY: UnmodelledKind = {
  group: 'policy.networking.k8s.io',
  kind: 'ClusterNetworkPolicy',
  label: 'draft-v1alpha2 ClusterNetworkPolicy',
  plural: 'draft-v1alpha2 ClusterNetworkPolicies',
  clusterScoped: true,
  subject: unknownSubject,
  applies: isDraftClusterNetworkPolicy,
  reach: {
    one: 'Its rules name their ports `ports`, as v1alpha2 drafts before network-policy-api v0.2 did: a cluster whose CRD is such a draft applies it, one with v0.2\'s CRD (`protocols`) rejects it',
    many: 'Their rules name their ports `ports`, as v1alpha2 drafts before network-policy-api v0.2 did: a cluster whose CRD is such a draft applies them, one with v0.2\'s CRD (`protocols`) rejects them',
  },
};

/** A NetworkPolicy of another API group (a custom resource of that name); at another version of a built-in group (`extensions/v1beta1`) kubectl refuses it instead (core-api-versions.ts). */
export const OTHER_VERSION_NETWORK_POLICY: UnmodelledKind = { group: '*', kind: 'NetworkPolicy', label: 'NetworkPolicy of another apiVersion', plural: 'NetworkPolicies of another apiVersion', clusterScoped: false, subject: podSelectorSubject };

const TEMPLATED = {
  one: 'It holds policies as templates (objects or text in its spec) that a controller makes in the cluster, which the repository does not hold as policies',
  many: 'They hold policies as templates (objects or text in their specs) that a controller makes in the cluster, which the repository does not hold as policies',
};

/**
 * An object of a custom kind that holds policy templates (policy-templates.ts): one entry per kind, so that the
 * verdict reads "results ignore 1 NamespaceConfig holding policy templates"; keyed in its namespace when it
 * names one (an Open Cluster Management Policy), else cluster-wide (a NamespaceConfig), and taken as possibly
 * selecting any workload (its templates name their own namespaces, or `{{ .Name }}`).
 */
export function templatingKind(kind: string, group: string, namespaced: boolean): UnmodelledKind {
  return { group, kind, label: `${kind} holding policy templates`, plural: `${kind} objects holding policy templates`, clusterScoped: !namespaced, subject: unknownSubject, reach: TEMPLATED, placesAnywhere: true };
}

/** The unmodelled kind an object is of (`obj`: the object, for kinds that decide traffic only in some forms). */
export function unmodelledKind(kind: string, apiVersion: string, obj?: Json): UnmodelledKind | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const draft = kind === DRAFT_CLUSTER_NETWORK_POLICY.kind && apiVersion === 'policy.networking.k8s.io/v1alpha2' && obj !== undefined && isDraftClusterNetworkPolicy(obj);
  if (draft) return DRAFT_CLUSTER_NETWORK_POLICY;
  const listed = UNMODELLED_POLICY_KINDS.find((k) => k.kind === kind && k.group === group && (!k.applies || (obj !== undefined && k.applies(obj))));
  if (listed || obj === undefined || DECIDING_POLICY_KINDS.has(kind) || !holdsPolicyTemplates(obj, apiVersion)) return listed;
  const namespace = isObject(obj.metadata) ? obj.metadata.namespace : undefined;
  return templatingKind(kind, group, typeof namespace === 'string' && namespace !== '');
}

/**
 * NetworkPolicies Config Sync places with a `mode: dynamic` NamespaceSelector in namespaces the repository
 * does not declare (configsync: NamespaceSelector `spec.mode`): they are modelled in the declared
 * namespaces the selector matches, and counted here for the rest, whose names and labels only the cluster
 * knows. One kind for every selector: the verdict reads "results ignore 1 NetworkPolicy a dynamic
 * NamespaceSelector places in undeclared namespaces". `selector` names the NamespaceSelector (in the
 * object's key, so that two selectors' copies of one policy stay apart).
 */
export function dynamicPlacementKind(selector: string): UnmodelledKind {
  return { ...DYNAMIC_PLACEMENT, namespace: `(namespaces NamespaceSelector ${selector} selects)` };
}

const DYNAMIC_PLACEMENT = {
  group: 'networking.k8s.io',
  kind: 'NetworkPolicy',
  label: 'NetworkPolicy a dynamic NamespaceSelector places in undeclared namespaces',
  plural: 'NetworkPolicies dynamic NamespaceSelectors place in undeclared namespaces',
  clusterScoped: false,
  subject: podSelectorSubject,
} as const;
