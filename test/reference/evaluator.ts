/**
 * A brute-force reference for NetworkPolicy reachability, written from the Kubernetes API documentation
 * and independent of src/engine and src/manifests: it reads Kubernetes-shaped objects (as written in
 * manifests, no defaults applied) and answers one concrete question at a time — this pod (or address)
 * to that pod (or address), this protocol, this port — by walking every policy literally.
 * Slow on purpose; every step is a sentence of the API reference.
 */

import type { RefCalicoPolicy, RefCalicoTier } from './calico.js';
import { calicoSideAllows } from './calico.js';
import type { RefCiliumPolicy } from './cilium.js';
import { ciliumSide } from './cilium.js';
import type { RefClusterPolicy } from './tiers.js';
import { tieredSideAllows } from './tiers.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type Labels = Record<string, string>;

export interface RefRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface RefSelector {
  matchLabels?: Labels;
  matchExpressions?: RefRequirement[];
}

export interface RefPeer {
  podSelector?: RefSelector;
  namespaceSelector?: RefSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface RefPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface RefIngressRule {
  from?: RefPeer[];
  ports?: RefPort[];
}

export interface RefEgressRule {
  to?: RefPeer[];
  ports?: RefPort[];
}

/** A NetworkPolicy as written: fields absent when the manifest omits them. */
export interface RefPolicy {
  name: string;
  namespace: string;
  spec: {
    /** Absent: the zero selector, every pod of the namespace. */
    podSelector?: RefSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: RefIngressRule[];
    egress?: RefEgressRule[];
  };
}

export interface RefContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface RefPod {
  namespace: string;
  name: string;
  labels: Labels;
  ports: RefContainerPort[];
}

/** A Service port as written: `targetPort` absent means `port`; a string names a container port. */
export interface RefServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: Protocol;
}

/** A Service as written; `selector` absent or empty selects no pods (endpoints managed by hand). */
export interface RefService {
  namespace: string;
  name: string;
  selector?: Labels;
  ports: RefServicePort[];
}

/** An Ingress backend: a Service of the Ingress's namespace and one of its ports, by number or by name. */
export interface RefIngressBackend {
  service: string;
  port: { number: number } | { name: string };
}

export interface RefIngress {
  namespace: string;
  name: string;
  backends: RefIngressBackend[];
}

export interface RefCluster {
  /** Namespaces defined by a manifest, with their labels as written. */
  namespaces: { name: string; labels: Labels }[];
  pods: RefPod[];
  policies: RefPolicy[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy as written (reference/tiers.ts). */
  clusterPolicies?: RefClusterPolicy[];
  /** CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy as written (reference/cilium.ts). */
  ciliumPolicies?: RefCiliumPolicy[];
  /** Calico NetworkPolicy, GlobalNetworkPolicy and Tier as written (reference/calico.ts); not mixed with the kinds above. */
  calicoPolicies?: RefCalicoPolicy[];
  calicoTiers?: RefCalicoTier[];
  /** Services and Ingresses: they steer the ingress controller only (reference/ingress-controller.ts). */
  services?: RefService[];
  ingresses?: RefIngress[];
}

/** An address outside the pod network. */
export interface RefAddress {
  family: 4 | 6;
  value: bigint;
}

export type Endpoint = { kind: 'pod'; pod: RefPod } | { kind: 'address'; address: RefAddress };

// ---- labels and selectors (apimachinery labels.Requirement semantics)

function requirementMatches(r: RefRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  if (r.operator === 'In') return has && values.includes(labels[r.key]);
  // NotIn matches when the key is missing, or when its value is not listed.
  if (r.operator === 'NotIn') return !has || !values.includes(labels[r.key]);
  if (r.operator === 'Exists') return has;
  return !has;
}

/** matchLabels and matchExpressions are ANDed; an empty selector selects everything. */
export function selectorMatches(selector: RefSelector, labels: Labels): boolean {
  for (const key of Object.keys(selector.matchLabels ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) return false;
    if (labels[key] !== selector.matchLabels![key]) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    if (!requirementMatches(r, labels)) return false;
  }
  return true;
}

/** Every namespace carries kubernetes.io/metadata.name = its name; a namespace with no manifest has only that label. */
export function namespaceLabels(cluster: RefCluster, name: string): Labels {
  const ns = cluster.namespaces.find((n) => n.name === name);
  return { ...(ns?.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

// ---- addresses

export function parseRefAddress(text: string): RefAddress {
  if (text.includes(':')) return { family: 6, value: parseV6(text) };
  const parts = text.split('.').map((p) => BigInt(Number(p)));
  return { family: 4, value: (parts[0] << 24n) + (parts[1] << 16n) + (parts[2] << 8n) + parts[3] };
}

function parseV6(text: string): bigint {
  const [left, right] = text.includes('::') ? text.split('::') : [text, undefined];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...new Array<string>(8 - l.length - r.length).fill('0'), ...r];
  let v = 0n;
  for (const g of groups) v = (v << 16n) + BigInt(parseInt(g, 16));
  return v;
}

export function formatRefAddress(a: RefAddress): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((a.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** Whether `address` is inside `cidr` (same family, same leading prefix bits). */
export function inCidr(address: RefAddress, cidr: string): boolean {
  const [base, len] = cidr.split('/');
  const net = parseRefAddress(base);
  if (net.family !== address.family) return false;
  const bits = BigInt(address.family === 4 ? 32 : 128);
  const hostBits = bits - BigInt(Number(len));
  return address.value >> hostBits === net.value >> hostBits;
}

// ---- policies

/** policyTypes absent or empty: Ingress always, Egress only if the policy has egress rules. */
export function policyTypes(p: RefPolicy): ('Ingress' | 'Egress')[] {
  if (p.spec.policyTypes && p.spec.policyTypes.length > 0) return p.spec.policyTypes;
  return p.spec.egress && p.spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

type Dir = 'Ingress' | 'Egress';

/** The policies of the pod's namespace whose podSelector picks the pod and whose types include `dir`. */
function policiesFor(cluster: RefCluster, pod: RefPod, dir: Dir): RefPolicy[] {
  return cluster.policies.filter((p) => p.namespace === pod.namespace && selectorMatches(p.spec.podSelector ?? {}, pod.labels) && policyTypes(p).includes(dir));
}

export function isIsolated(cluster: RefCluster, pod: RefPod, dir: Dir): boolean {
  return policiesFor(cluster, pod, dir).length > 0;
}

/** A peer entry: ipBlock picks addresses only; selectors pick pods only (namespaceSelector absent = the policy's namespace). */
function peerMatches(cluster: RefCluster, policy: RefPolicy, peer: RefPeer, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (other.kind !== 'address') return false;
    if (!inCidr(other.address, peer.ipBlock.cidr)) return false;
    return !(peer.ipBlock.except ?? []).some((e) => inCidr(other.address, e));
  }
  if (other.kind !== 'pod') return false;
  const pod = other.pod;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, pod.namespace))) return false;
  } else if (pod.namespace !== policy.namespace) {
    return false;
  }
  return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
}

/** A port entry: protocol defaults to TCP; no port = all; a name resolves on the destination pod's container ports. */
function portMatches(entry: RefPort, destination: Endpoint, protocol: Protocol, port: number): boolean {
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    const last = entry.endPort ?? entry.port;
    return port >= entry.port && port <= last;
  }
  if (destination.kind !== 'pod') return false;
  return destination.pod.ports.some((cp) => cp.name === entry.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port);
}

function ruleAllows(
  cluster: RefCluster,
  policy: RefPolicy,
  peers: RefPeer[] | undefined,
  ports: RefPort[] | undefined,
  other: Endpoint,
  destination: Endpoint,
  protocol: Protocol,
  port: number,
): boolean {
  // from/to absent or empty: every peer; ports absent or empty: every port.
  const peerOk = !peers || peers.length === 0 || peers.some((p) => peerMatches(cluster, policy, p, other));
  const portOk = !ports || ports.length === 0 || ports.some((e) => portMatches(e, destination, protocol, port));
  return peerOk && portOk;
}

/** Does `subject`'s side allow the traffic (not isolated in that direction, or some rule allows it)? */
function sideAllows(cluster: RefCluster, subject: RefPod, dir: Dir, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
  const policies = policiesFor(cluster, subject, dir);
  // Calico: NetworkPolicies are default-tier policies of order 1000 among Calico's tiers (reference/calico.ts).
  if (cluster.calicoPolicies?.length || cluster.calicoTiers?.length) {
    return calicoSideAllows(cluster, subject, dir, other, destination, protocol, port, { selects: policies.length > 0, allows: () => npAllows(cluster, policies, dir, other, destination, protocol, port) });
  }
  // Cilium: deny rules take precedence over every allow; allow rules add up with NetworkPolicies, and a pod either
  // kind puts in default deny that way is allowed their union (reference/cilium.ts).
  const cilium = cluster.ciliumPolicies?.length ? ciliumSide(cluster, subject, dir, other, destination, protocol, port) : undefined;
  if (cilium?.denied) return false;
  const isolated = policies.length > 0 || !!cilium?.isolated;
  const networkPolicyAllows = () => !!cilium?.allowed || npAllows(cluster, policies, dir, other, destination, protocol, port);
  // With cluster-wide policies, the NetworkPolicy tier sits between the Admin and Baseline tiers.
  if (cluster.clusterPolicies?.length) return tieredSideAllows(cluster, subject, dir, other, destination, protocol, port, { isolated, allows: networkPolicyAllows });
  return !isolated || networkPolicyAllows();
}

/** Some rule of the isolating NetworkPolicies allows the traffic. */
function npAllows(cluster: RefCluster, policies: RefPolicy[], dir: Dir, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
  for (const policy of policies) {
    if (dir === 'Ingress') {
      for (const rule of policy.spec.ingress ?? []) {
        if (ruleAllows(cluster, policy, rule.from, rule.ports, other, destination, protocol, port)) return true;
      }
    } else {
      for (const rule of policy.spec.egress ?? []) {
        if (ruleAllows(cluster, policy, rule.to, rule.ports, other, destination, protocol, port)) return true;
      }
    }
  }
  return false;
}

/**
 * Is a connection from `src` to `dst` on `protocol`/`port` allowed? Pod to pod needs the source's egress
 * and the destination's ingress; traffic with an outside address needs only the pod's own side.
 */
export function isAllowed(cluster: RefCluster, src: Endpoint, dst: Endpoint, protocol: Protocol, port: number): boolean {
  const egressOk = src.kind === 'pod' ? sideAllows(cluster, src.pod, 'Egress', dst, dst, protocol, port) : true;
  const ingressOk = dst.kind === 'pod' ? sideAllows(cluster, dst.pod, 'Ingress', src, dst, protocol, port) : true;
  return egressOk && ingressOk;
}

/** The destination pod's ingress side alone: what its policies (and cluster-wide policies) admit from `src`. */
export function ingressAllows(cluster: RefCluster, src: Endpoint, dst: RefPod, protocol: Protocol, port: number): boolean {
  return sideAllows(cluster, dst, 'Ingress', src, { kind: 'pod', pod: dst }, protocol, port);
}

/** The source pod's egress side alone: what its policies (and cluster-wide policies) allow toward `dst`. */
export function egressAllows(cluster: RefCluster, src: RefPod, dst: Endpoint, protocol: Protocol, port: number): boolean {
  return sideAllows(cluster, src, 'Egress', dst, dst, protocol, port);
}
