/**
 * The reference for Cilium's CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (L3/L4), written from
 * Cilium's documentation ("Layer 3 Examples", "Layer 4 Policies", "Deny Policies", "Using Kubernetes
 * Constructs In Policy") and its API type comments (Rule.EnableDefaultDeny, IngressRule, EgressRule,
 * PortProtocol), independent of src/: a pod is its identity labels — its own labels, `io.kubernetes.pod.namespace`
 * and `io.cilium.k8s.namespace.labels.<key>` for each label of its namespace — and every selector is matched
 * against them literally, key prefixes `k8s:` / `any:` stripped.
 */
import type { Endpoint, Labels, Protocol, RefCluster, RefPod, RefRequirement, RefSelector } from './evaluator.js';
import { inCidr, namespaceLabels, selectorMatches } from './evaluator.js';

export interface RefCiliumPortProtocol {
  port?: string;
  endPort?: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP' | 'ANY';
}

export interface RefCiliumRule {
  fromEndpoints?: RefSelector[];
  toEndpoints?: RefSelector[];
  fromCIDR?: string[];
  toCIDR?: string[];
  fromCIDRSet?: { cidr: string; except?: string[] }[];
  toCIDRSet?: { cidr: string; except?: string[] }[];
  fromEntities?: ('world' | 'cluster' | 'all')[];
  toEntities?: ('world' | 'cluster' | 'all')[];
  toPorts?: { ports?: RefCiliumPortProtocol[] }[];
}

export interface RefCiliumPolicy {
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  name: string;
  /** CiliumNetworkPolicy only. */
  namespace?: string;
  spec: {
    endpointSelector: RefSelector;
    ingress?: RefCiliumRule[];
    egress?: RefCiliumRule[];
    ingressDeny?: RefCiliumRule[];
    egressDeny?: RefCiliumRule[];
    enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
  };
}

type Dir = 'Ingress' | 'Egress';
const NS_KEY = 'io.kubernetes.pod.namespace';
const NS_LABELS = 'io.cilium.k8s.namespace.labels.';

/** The labels Cilium matches a pod by: its own, its namespace's name, its namespace's labels. */
function identity(cluster: RefCluster, pod: RefPod): Labels {
  const out: Labels = { ...pod.labels, [NS_KEY]: pod.namespace };
  for (const [k, v] of Object.entries(namespaceLabels(cluster, pod.namespace))) out[NS_LABELS + k] = v;
  return out;
}

const strip = (k: string) => k.replace(/^(k8s|any):/, '');

/** The selector with source prefixes stripped; `ignoreNamespaceLabels`: a CiliumNetworkPolicy ignores them. */
function normalized(s: RefSelector, ignoreNamespaceLabels: boolean): RefSelector {
  const keep = (k: string) => !(ignoreNamespaceLabels && k.startsWith(NS_LABELS));
  const matchLabels = Object.fromEntries(Object.entries(s.matchLabels ?? {}).map(([k, v]) => [strip(k), v]).filter(([k]) => keep(k)));
  const matchExpressions: RefRequirement[] = (s.matchExpressions ?? []).map((r) => ({ ...r, key: strip(r.key) })).filter((r) => keep(r.key));
  return { matchLabels, matchExpressions };
}

function namesNamespace(s: RefSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).some((k) => strip(k) === NS_KEY) || (s.matchExpressions ?? []).some((r) => strip(r.key) === NS_KEY);
}

/** "The endpointSelector always applies to pods in the namespace associated with the CiliumNetworkPolicy." */
function selects(cluster: RefCluster, p: RefCiliumPolicy, pod: RefPod): boolean {
  if (p.kind === 'CiliumNetworkPolicy' && pod.namespace !== p.namespace) return false;
  return selectorMatches(normalized(p.spec.endpointSelector, p.kind === 'CiliumNetworkPolicy'), identity(cluster, pod));
}

/** A peer selector of a CiliumNetworkPolicy without a namespace label selects pods of the policy's namespace. */
function endpointMatches(cluster: RefCluster, p: RefCiliumPolicy, s: RefSelector, pod: RefPod): boolean {
  if (p.kind === 'CiliumNetworkPolicy' && !namesNamespace(s) && pod.namespace !== p.namespace) return false;
  return selectorMatches(normalized(s, p.kind === 'CiliumNetworkPolicy'), identity(cluster, pod));
}

function peerMatches(cluster: RefCluster, p: RefCiliumPolicy, r: RefCiliumRule, dir: Dir, other: Endpoint): boolean {
  const eps = dir === 'Ingress' ? r.fromEndpoints : r.toEndpoints;
  const cidrs = dir === 'Ingress' ? r.fromCIDR : r.toCIDR;
  const sets = dir === 'Ingress' ? r.fromCIDRSet : r.toCIDRSet;
  const ents = dir === 'Ingress' ? r.fromEntities : r.toEntities;
  // No L3 field: every peer on the rule's toPorts; without toPorts, no peer ("Ingress/Egress Default Deny":
  // `egress: [{}]` isolates "without whitelisting other peers").
  if (eps === undefined && cidrs === undefined && sets === undefined && ents === undefined) return (r.toPorts ?? []).length > 0;
  if (other.kind === 'pod') {
    return (eps ?? []).some((s) => endpointMatches(cluster, p, s, other.pod)) || (ents ?? []).some((e) => e === 'cluster' || e === 'all');
  }
  // CIDR rules and `world` select what is outside the cluster.
  return (
    (cidrs ?? []).some((c) => inCidr(other.address, c)) ||
    (sets ?? []).some((c) => inCidr(other.address, c.cidr) && !(c.except ?? []).some((e) => inCidr(other.address, e))) ||
    (ents ?? []).some((e) => e === 'world' || e === 'all')
  );
}

function portMatches(e: RefCiliumPortProtocol, destination: Endpoint, protocol: Protocol, port: number): boolean {
  const proto = e.protocol ?? 'ANY';
  if (proto !== 'ANY' && proto !== protocol) return false;
  const raw = e.port ?? '0';
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n === 0) return true;
    return port >= n && port <= Math.max(n, e.endPort ?? n);
  }
  return destination.kind === 'pod' && destination.pod.ports.some((cp) => cp.name === raw && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port);
}

function portsMatch(r: RefCiliumRule, destination: Endpoint, protocol: Protocol, port: number): boolean {
  if (!r.toPorts || r.toPorts.length === 0) return true;
  // An entry matches by its ports only: one without ports matches nothing (pkg/policy rule.go makes a port's
  // filter for each of an entry's ports, and a non-empty toPorts no L3-only filter).
  return r.toPorts.some((pr) => (pr.ports ?? []).some((e) => portMatches(e, destination, protocol, port)));
}

function ruleMatches(cluster: RefCluster, p: RefCiliumPolicy, r: RefCiliumRule, dir: Dir, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
  return peerMatches(cluster, p, r, dir, other) && portsMatch(r, destination, protocol, port);
}

/** What Cilium's policies say of one side of a connection. */
export interface CiliumSide {
  /** A deny rule matches: denied whatever else allows it. */
  readonly denied: boolean;
  /** Some policy puts the pod in default deny this way: it has rules this way, allow or deny, and enableDefaultDeny does not say false. */
  readonly isolated: boolean;
  /** Some allow rule matches. */
  readonly allowed: boolean;
}

export function ciliumSide(cluster: RefCluster & { ciliumPolicies?: RefCiliumPolicy[] }, subject: RefPod, dir: Dir, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number): CiliumSide {
  const mine = (cluster.ciliumPolicies ?? []).filter((p) => selects(cluster, p, subject));
  const allowOf = (p: RefCiliumPolicy) => (dir === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? [];
  const denyOf = (p: RefCiliumPolicy) => (dir === 'Ingress' ? p.spec.ingressDeny : p.spec.egressDeny) ?? [];
  // Cilium's policy repository (computePolicyEnforcementAndRules): a direction is enforced only for a policy with
  // rules that way, allow or deny; enableDefaultDeny then says whether it is default deny (true when not written).
  const dd = (p: RefCiliumPolicy) => {
    const written = dir === 'Ingress' ? p.spec.enableDefaultDeny?.ingress : p.spec.enableDefaultDeny?.egress;
    return (allowOf(p).length > 0 || denyOf(p).length > 0) && written !== false;
  };
  return {
    denied: mine.some((p) => denyOf(p).some((r) => ruleMatches(cluster, p, r, dir, other, destination, protocol, port))),
    isolated: mine.some(dd),
    allowed: mine.some((p) => allowOf(p).some((r) => ruleMatches(cluster, p, r, dir, other, destination, protocol, port))),
  };
}
