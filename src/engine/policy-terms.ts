/**
 * How people speak of a policy: its name with its kind, from the ids the model gives (model.ts
 * `NetworkPolicy.id`, `ClusterPolicy.id`), and the field names its kind is written with, so that a
 * message about a Cilium rule says `endpointSelector` and `toPorts`, not a NetworkPolicy's `podSelector`
 * and `ports`. Field names: networking.k8s.io/v1 NetworkPolicySpec (podSelector, ingress.from, egress.to,
 * ports) and cilium.io/v2 Rule (endpointSelector, fromEndpoints, toEndpoints, toPorts).
 */
import type { CalicoPlacement, ClusterPolicyKind, Direction, NetworkPolicy } from './model.js';
import { CLUSTER_POLICY_KIND_LIST } from './model.js';

/**
 * A policy named with its kind: `NetworkPolicy shop/cart` (a bare `shop/cart` reads like the workload
 * of that name), `AdminNetworkPolicy deny-all` for the cluster-wide kinds (ids `Kind/name`), and a Cilium
 * policy's allow rules (`ns/name[CiliumNetworkPolicy]`, `/specs[i]` for one of its `specs`) as
 * `CiliumNetworkPolicy ns/name` or `CiliumClusterwideNetworkPolicy name (in ns)`.
 */
export function policyName(id: string): string {
  const calico = calicoPolicyName(id);
  if (calico) return calico;
  // The Calico kinds are named above.
  if (tierKindOfId(id)) return id.replace('/', ' ');
  const cilium = /^([^/]+\/[^/[]+)\[(CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy)\](.*)$/.exec(id);
  if (cilium) return cilium[2] === 'CiliumClusterwideNetworkPolicy' ? `${cilium[2]} ${cilium[1].slice(cilium[1].indexOf('/') + 1)}${cilium[3]} (in ${copyNamespace(cilium[1].slice(0, cilium[1].indexOf('/')))})` : `${cilium[2]} ${cilium[1]}${cilium[3]}`;
  // A NetworkPolicy generated per Namespace (Kyverno) copied into namespaces the manifests do not hold.
  if (id.startsWith('~')) return `NetworkPolicy ${id.slice(id.indexOf('/') + 1)} (in ${copyNamespace(id.slice(0, id.indexOf('/')))})`;
  return `NetworkPolicy ${id}`;
}

/**
 * A policy's id as output that other tools read (JSON, SARIF, group keys) writes it: the id itself, but for
 * a cluster-scoped policy's copy in a part of the namespaces the manifests do not hold (`~ns<k>/name[Kind]suffix`,
 * engine/cluster-scope.ts), whose namespace is only the engine's place in a list, the policy itself in the
 * cluster-wide form `Kind/name` (`CiliumClusterwideNetworkPolicy/allow-dns`, `CalicoGlobalNetworkPolicy/db#1`,
 * the suffix kept), as its deny and tier rules are named. A cluster-scoped kind has no namespace.
 */
export function publicPolicyId(id: string): string {
  if (!id.startsWith('~')) return id;
  const copy = /^~[^/]*\/([^/[]+)\[([A-Za-z]+)\](.*)$/.exec(id);
  if (copy) return `${copy[2]}/${copy[1]}${copy[3]}`;
  // A generated NetworkPolicy's copy (Kyverno, one per Namespace): `namespace/name` where one namespace is
  // named, else `*/name` — the same policy in each of the namespaces the manifests do not hold.
  const generated = /^~[^/:]*(?::([^/]+))?\/(.*)$/.exec(id);
  return generated ? `${generated[1] ?? '*'}/${generated[2]}` : id;
}

/**
 * The cluster-scoped policy a copy of its part belongs to, in every namespace alike (`dev/allow-dns[CiliumClusterwideNetworkPolicy]`,
 * `~ns0/allow-dns[CiliumClusterwideNetworkPolicy]`: `CiliumClusterwideNetworkPolicy/allow-dns`; `ns/db[CalicoGlobalNetworkPolicy]#1`:
 * `CalicoGlobalNetworkPolicy/db#1`), for what is said of the rule as written, whichever namespace it is copied into;
 * `publicPolicyId` for another kind's id.
 */
export function scopedPolicyId(id: string): string {
  const copy = /^[^/]*\/([^/[]+)\[(CiliumClusterwideNetworkPolicy|CalicoGlobalNetworkPolicy)\](.*)$/.exec(id);
  return copy ? `${copy[2]}/${copy[1]}${copy[3]}` : publicPolicyId(id);
}

/**
 * The namespace of a clusterwide policy's copy: its name, or for a copy in a part of the namespaces the
 * manifests do not hold (`~ns<k>`, engine/cluster-scope.ts; the region's own name says which) `other
 * namespaces`, unless that part is one namespace a selector names (`~ns<k>:dev`): that name.
 */
function copyNamespace(namespace: string): string {
  if (!namespace.startsWith('~')) return namespace;
  const named = namespace.indexOf(':');
  return named < 0 ? 'other namespaces' : namespace.slice(named + 1);
}

/**
 * A NetworkPolicy by its id alone (`shop/cart`, as explain and findings always wrote it); another kind's
 * rules with their kind (`CiliumNetworkPolicy shop/cart`), a clusterwide policy's too in the form
 * `publicPolicyId` gives (`CiliumClusterwideNetworkPolicy/allow-dns`: `CiliumClusterwideNetworkPolicy allow-dns`).
 */
export function shownPolicy(id: string): string {
  const named = policyName(id);
  return named === `NetworkPolicy ${id}` ? id : named;
}

/**
 * A Calico policy's part as people name the object (manifests/kinds/calico-tiers.ts ids): tier parts
 * `CalicoNetworkPolicy/ns/name#k` and `CalicoGlobalNetworkPolicy/name#k` (`/end-of-tier` for the tier's
 * implicit deny), NetworkPolicy-tier parts `ns/name[CalicoNetworkPolicy]#k`, `ns/name[CalicoGlobalNetworkPolicy]#k`:
 * `Calico NetworkPolicy ns/name`, `Calico GlobalNetworkPolicy name`; undefined for another kind's id.
 */
export function calicoPolicyName(id: string): string | undefined {
  const tier = /^Calico(NetworkPolicy|GlobalNetworkPolicy)\/([^#]+?)(#\d+)?(\/end-of-tier)?$/.exec(id);
  if (tier) return `Calico ${tier[1]} ${tier[2]}`;
  const np = /^([^/]+)\/([^/[]+)\[Calico(NetworkPolicy|GlobalNetworkPolicy)\](#\d+)?$/.exec(id);
  if (np) return np[3] === 'GlobalNetworkPolicy' ? `Calico GlobalNetworkPolicy ${np[2]}` : `Calico NetworkPolicy ${np[1]}/${np[2]}`;
  return undefined;
}

/** The field names a NetworkPolicy-tier policy of `kind` is written with. */
export interface PolicyTerms {
  /** The field that selects the policy's own pods: `podSelector`, `endpointSelector`. */
  readonly subject: string;
  /** Where a rule lists its pod peers: `from`/`to`, `fromEndpoints`/`toEndpoints`. */
  readonly peers: Readonly<Record<Direction, string>>;
  /** One pod peer's selector, as a rule entry writes it: `podSelector`, an endpoint selector. */
  readonly peerSelector: string;
  /** A rule's ports: `ports`, `toPorts`. */
  readonly ports: string;
}

const NETWORK_POLICY: PolicyTerms = {
  subject: 'podSelector',
  peers: { ingress: 'from', egress: 'to' },
  peerSelector: 'podSelector',
  ports: 'ports',
};
/** The fields a cilium.io/v2 rule lists its peers in, per direction (IngressRule fromEndpoints …, EgressRule toEndpoints …). */
export const CILIUM_PEER_FIELDS: Readonly<Record<Direction, { readonly endpoints: string; readonly cidr: string; readonly cidrSet: string; readonly entities: string }>> = {
  ingress: { endpoints: 'fromEndpoints', cidr: 'fromCIDR', cidrSet: 'fromCIDRSet', entities: 'fromEntities' },
  egress: { endpoints: 'toEndpoints', cidr: 'toCIDR', cidrSet: 'toCIDRSet', entities: 'toEntities' },
};

const CILIUM: PolicyTerms = {
  subject: 'endpointSelector',
  peers: { ingress: CILIUM_PEER_FIELDS.ingress.endpoints, egress: CILIUM_PEER_FIELDS.egress.endpoints },
  peerSelector: 'endpoint selector',
  ports: 'toPorts',
};

/** projectcalico.org/v3 Rule and EntityRule: `selector`, `source` / `destination`, `destination.ports`. */
const CALICO: PolicyTerms = {
  subject: 'selector',
  peers: { ingress: 'source', egress: 'destination' },
  peerSelector: 'selector',
  ports: 'destination.ports',
};

export function policyTerms(policy: Pick<NetworkPolicy, 'kind'>): PolicyTerms {
  if (policy.kind === 'CalicoNetworkPolicy' || policy.kind === 'CalicoGlobalNetworkPolicy') return CALICO;
  return policy.kind === undefined ? NETWORK_POLICY : CILIUM;
}

/**
 * `policyTerms` of a NetworkPolicy-tier policy known by its id only (analysis causes carry ids): the kind in
 * its brackets (`ns/x[CiliumNetworkPolicy]`, `~ns0:dev/x[CiliumClusterwideNetworkPolicy]`, `ns/x[CalicoNetworkPolicy]#1`),
 * the cluster-wide form `publicPolicyId` gives (`CiliumClusterwideNetworkPolicy/x`), else a NetworkPolicy's.
 */
export function policyTermsOfId(id: string): PolicyTerms {
  const kind = /\[(Cilium|Calico)[A-Za-z]*\]/.exec(id)?.[1] ?? /^(Cilium|Calico)[A-Za-z]*\//.exec(id)?.[1];
  return kind === 'Calico' ? CALICO : kind === 'Cilium' ? CILIUM : NETWORK_POLICY;
}

/** The field that selects the pods of several policies, plural: `podSelectors`, `endpointSelectors`, `podSelectors and endpointSelectors`. */
export function subjectFieldsText(ids: readonly string[]): string {
  const fields = [...new Set(ids.map((id) => `${policyTermsOfId(id).subject}s`))];
  return fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
}

/**
 * A cluster-wide (Admin or Baseline tier) rule as people name it: `AdminNetworkPolicy allow-pay ingress rule 1
 * "allow-ledger"`; a Cilium policy's tier rules are its `ingressDeny` / `egressDeny` rules, named by that list
 * (`CiliumNetworkPolicy shop/no-db egressDeny rule 1`). The rule's part is `tierRuleOfPolicy`'s.
 */
export function tierRuleName(t: { readonly kind: ClusterPolicyKind; readonly policy: string; readonly rule: number; readonly name?: string; readonly calico?: CalicoPlacement }, direction: Direction): string {
  const calico = calicoPolicyName(t.policy);
  if (calico && t.policy.endsWith('/end-of-tier')) return t.calico ? `the end of ${calicoTierName(t.calico)}, for the pods ${calico} selects` : `the end of ${calico}'s Calico tier`;
  if (calico) return `${calico} ${tierRuleOfPolicy(t, direction)}`;
  return `${t.kind} ${t.policy.replace(/^[^/]*\//, '')} ${tierRuleOfPolicy(t, direction)}`;
}

/** The cluster-wide kind a tier policy's id starts with (`AdminNetworkPolicy/x`, `CalicoGlobalNetworkPolicy/x#1`); undefined for a NetworkPolicy-tier id (`ns/x`, `ns/x[CiliumNetworkPolicy]`). */
export function tierKindOfId(id: string): ClusterPolicyKind | undefined {
  const slash = id.indexOf('/');
  return slash < 0 ? undefined : TIER_KINDS.get(id.slice(0, slash));
}

/** model.ts's one list of the cluster-wide kinds, by name. */
const TIER_KINDS: ReadonlyMap<string, ClusterPolicyKind> = new Map(CLUSTER_POLICY_KIND_LIST.map((k) => [k, k]));

/**
 * A rule a reason cites by its policy's id (engine/explain.ts `Reason`), every kind one way: a cluster-wide rule as
 * `tierRuleName` names it, with its `name` (`AdminNetworkPolicy guard ingress rule 1 "no-web"`, `CiliumNetworkPolicy
 * shop/db ingressDeny rule 1`), a NetworkPolicy-tier rule by its policy (`NetworkPolicy shop/db ingress rule 1`).
 * `rule`: 0-based.
 */
export function citedRuleName(r: { readonly policy: string; readonly rule: number; readonly name?: string; readonly calico?: CalicoPlacement }, direction: Direction): string {
  const kind = tierKindOfId(r.policy);
  return kind ? tierRuleName({ ...r, kind }, direction) : `${policyName(r.policy)} ${direction} rule ${r.rule + 1}`;
}

/**
 * A cluster-wide rule within its policy, as the policy lists it (where the policy is named already, as a quiet
 * change's peer lines under their policy): `ingress rule 1 "allow-ledger"` with the rule's `name` (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, ClusterNetworkPolicy); a Cilium deny rule by its list, `egressDeny rule 1`; a Calico
 * rule by its direction alone (`egress rule 2`). `rule`: 0-based.
 */
export function tierRuleOfPolicy(t: { readonly kind: ClusterPolicyKind; readonly rule: number; readonly name?: string }, direction: Direction): string {
  const list = t.kind.startsWith('Cilium') ? `${direction}Deny` : direction;
  return `${list} rule ${t.rule + 1}${t.name && !t.kind.startsWith('Calico') ? ` "${t.name}"` : ''}`;
}

/**
 * A Calico tier as its `Tier` object names it: `Calico tier security (order 100)`; a tier whose order is not
 * known (no `Tier` object in the manifests) without the order. Never the model's Admin / Baseline tier it is
 * placed in, which no Calico user wrote.
 */
export function calicoTierName(c: CalicoPlacement): string {
  return `Calico tier ${c.tier}${c.tierOrder !== undefined ? ` (order ${c.tierOrder})` : ''}`;
}
