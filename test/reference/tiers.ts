/**
 * The reference for cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy), written from the network-policy API's type comments and independent of
 * src/: one concrete connection at a time, each policy and rule walked literally, every order of
 * equal-priority policies tried (the spec leaves it undefined; a connection counts as allowed when
 * some order allows it).
 */
import type { Endpoint, Labels, Protocol, RefCluster, RefPod, RefSelector } from './evaluator.js';
import { inCidr, namespaceLabels, parseRefAddress, selectorMatches } from './evaluator.js';

export type RefClusterPolicyKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

export interface RefNamespacedPod {
  namespaceSelector?: RefSelector;
  podSelector?: RefSelector;
  /** The older v1alpha1 form (AdminNetworkPolicy / BaselineAdminNetworkPolicy only): instead of namespaceSelector. */
  namespaces?: RefNamespacedPeer;
}

/** v1alpha1 before v0.1.5: exactly one field; sameLabels / notSameLabels experimental. */
export interface RefNamespacedPeer {
  namespaceSelector?: RefSelector;
  sameLabels?: string[];
  notSameLabels?: string[];
}

export interface RefTierPeer {
  namespaces?: RefSelector | RefNamespacedPeer;
  pods?: RefNamespacedPod;
  networks?: string[];
}

/** v1alpha1 `ports` entries. */
export interface RefAnpPort {
  portNumber?: { protocol?: Protocol; port: number };
  namedPort?: string;
  portRange?: { protocol?: Protocol; start: number; end: number };
}

/** v1alpha2 `protocols` entries. */
export interface RefCnpProtocol {
  tcp?: { destinationPort: { number?: number; range?: { start: number; end: number } } };
  udp?: { destinationPort: { number?: number; range?: { start: number; end: number } } };
  sctp?: { destinationPort: { number?: number; range?: { start: number; end: number } } };
  destinationNamedPort?: string;
}

export interface RefTierRule {
  action: string;
  from?: RefTierPeer[];
  to?: RefTierPeer[];
  ports?: RefAnpPort[];
  protocols?: RefCnpProtocol[];
}

export interface RefClusterPolicy {
  kind: RefClusterPolicyKind;
  name: string;
  spec: {
    tier?: 'Admin' | 'Baseline';
    priority?: number;
    subject: { namespaces?: RefSelector; pods?: RefNamespacedPod };
    ingress?: RefTierRule[];
    egress?: RefTierRule[];
  };
}

type Dir = 'Ingress' | 'Egress';
type Verdict = 'Allow' | 'Deny' | 'Pass' | 'none';

export function tierOf(p: RefClusterPolicy): 'Admin' | 'Baseline' {
  if (p.kind === 'AdminNetworkPolicy') return 'Admin';
  if (p.kind === 'BaselineAdminNetworkPolicy') return 'Baseline';
  return p.spec.tier!;
}

function podIn(cluster: RefCluster, pod: RefPod, namespaces: RefSelector | undefined, pods: RefSelector | undefined): boolean {
  return selectorMatches(namespaces ?? {}, namespaceLabels(cluster, pod.namespace)) && selectorMatches(pods ?? {}, pod.labels);
}

/** "Subject defines the pods to which this policy applies": namespaces, or namespaces AND pods. */
function selects(cluster: RefCluster, p: RefClusterPolicy, pod: RefPod): boolean {
  const s = p.spec.subject;
  if (s.namespaces) return podIn(cluster, pod, s.namespaces, {});
  return podIn(cluster, pod, s.pods?.namespaceSelector, s.pods?.podSelector);
}

/** Is every address of one IP family inside the CIDRs? Pod IPs are unknown; only then are pods surely inside. */
function coversAFamily(cidrs: string[]): boolean {
  for (const family of [4, 6] as const) {
    const bits = family === 4 ? 32 : 128;
    const ranges = cidrs
      .map((c) => c.split('/'))
      .filter(([base]) => parseRefAddress(base).family === family)
      .map(([base, len]) => {
        const host = BigInt(bits - Number(len));
        const first = (parseRefAddress(base).value >> host) << host;
        return [first, first + (1n << host) - 1n] as const;
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let next = 0n;
    for (const [a, b] of ranges) {
      if (a > next) break;
      if (b + 1n > next) next = b + 1n;
    }
    if (next >= 1n << BigInt(bits)) return true;
  }
  return false;
}

function isNamespacedPeer(n: RefSelector | RefNamespacedPeer): n is RefNamespacedPeer {
  return 'namespaceSelector' in n || 'sameLabels' in n || 'notSameLabels' in n;
}

/**
 * The older NamespacedPeer: "To be selected a Namespace must have all of the labels defined in SameLabels,
 * AND they must all have the same value as the subject of this policy" / "... all of the labels defined in
 * NotSameLabels, AND at least one of them must have different values than the subject of this policy";
 * empty: nothing. The subject's values are its namespace's; a subject namespace without a key has no value
 * to compare, so nothing is selected (as the API project's policy-assistant reads it).
 */
function namespacedPeerMatches(cluster: RefCluster, n: RefNamespacedPeer, subject: RefPod, namespace: string): boolean {
  const mine = namespaceLabels(cluster, subject.namespace);
  const theirs = namespaceLabels(cluster, namespace);
  if (n.namespaceSelector) return selectorMatches(n.namespaceSelector, theirs);
  const keys = n.sameLabels ?? n.notSameLabels ?? [];
  if (keys.length === 0 || !keys.every((k) => k in mine && k in theirs)) return false;
  return n.sameLabels ? keys.every((k) => mine[k] === theirs[k]) : keys.some((k) => mine[k] !== theirs[k]);
}

function peerMatches(cluster: RefCluster, peer: RefTierPeer, subject: RefPod, other: Endpoint): boolean {
  if (peer.networks) {
    // "cluster-internal traffic will be checked against the rule as well" (Networks).
    if (other.kind === 'address') return peer.networks.some((c) => inCidr(other.address, c));
    return coversAFamily(peer.networks);
  }
  if (other.kind !== 'pod') return false;
  if (peer.namespaces) {
    if (isNamespacedPeer(peer.namespaces)) return namespacedPeerMatches(cluster, peer.namespaces, subject, other.pod.namespace);
    return podIn(cluster, other.pod, peer.namespaces, {});
  }
  if (peer.pods?.namespaces) return namespacedPeerMatches(cluster, peer.pods.namespaces, subject, other.pod.namespace) && selectorMatches(peer.pods.podSelector ?? {}, other.pod.labels);
  if (peer.pods) return podIn(cluster, other.pod, peer.pods.namespaceSelector, peer.pods.podSelector);
  return false;
}

/** A container port of that name on the destination pod, whatever its protocol. */
function namedMatches(name: string, destination: Endpoint, protocol: Protocol, port: number): boolean {
  return destination.kind === 'pod' && destination.pod.ports.some((cp) => cp.name === name && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port);
}

function portsMatch(rule: RefTierRule, destination: Endpoint, protocol: Protocol, port: number): boolean {
  if (rule.ports) {
    return rule.ports.some((e) => {
      if (e.portNumber) return (e.portNumber.protocol ?? 'TCP') === protocol && e.portNumber.port === port;
      if (e.portRange) return (e.portRange.protocol ?? 'TCP') === protocol && port >= e.portRange.start && port <= e.portRange.end;
      return namedMatches(e.namedPort!, destination, protocol, port);
    });
  }
  if (rule.protocols) {
    return rule.protocols.some((e) => {
      if (e.destinationNamedPort) return namedMatches(e.destinationNamedPort, destination, protocol, port);
      const p = protocol === 'TCP' ? e.tcp : protocol === 'UDP' ? e.udp : e.sctp;
      if (!p) return false;
      const d = p.destinationPort;
      return d.range ? port >= d.range.start && port <= d.range.end : d.number === port;
    });
  }
  return true;
}

/** The first rule (policies in this order, rules as written) matching the connection; Accept is Allow. */
function firstMatch(cluster: RefCluster, order: RefClusterPolicy[], dir: Dir, subject: RefPod, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number): Verdict {
  for (const p of order) {
    for (const rule of (dir === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []) {
      const peers = (dir === 'Ingress' ? rule.from : rule.to) ?? [];
      if (!peers.some((peer) => peerMatches(cluster, peer, subject, other))) continue;
      if (!portsMatch(rule, destination, protocol, port)) continue;
      return rule.action === 'Accept' ? 'Allow' : (rule.action as Verdict);
    }
  }
  return 'none';
}

/** Every order of the policies by ascending priority, equal priorities in every order. */
function orders(policies: RefClusterPolicy[]): RefClusterPolicy[][] {
  const priorities = [...new Set(policies.map((p) => p.spec.priority ?? 0))].sort((a, b) => a - b);
  let out: RefClusterPolicy[][] = [[]];
  for (const pr of priorities) {
    const group = policies.filter((p) => (p.spec.priority ?? 0) === pr);
    out = out.flatMap((prefix) => permutations(group).map((perm) => [...prefix, ...perm]));
  }
  return out;
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/**
 * One direction of `subject`, tier by tier: Admin (Allow/Deny final, Pass skips the tier), then the
 * NetworkPolicy tier when NetworkPolicies isolate the pod (`networkPolicy`), then Baseline (Allow/Deny;
 * Pass goes to the default), then allow.
 */
export function tieredSideAllows(
  cluster: RefCluster & { clusterPolicies?: RefClusterPolicy[] },
  subject: RefPod,
  dir: Dir,
  other: Endpoint,
  destination: Endpoint,
  protocol: Protocol,
  port: number,
  networkPolicy: { isolated: boolean; allows: () => boolean },
): boolean {
  const mine = (cluster.clusterPolicies ?? []).filter((p) => selects(cluster, p, subject));
  const admin = mine.filter((p) => tierOf(p) === 'Admin');
  const baseline = mine.filter((p) => tierOf(p) === 'Baseline');
  const below = () => {
    if (networkPolicy.isolated) return networkPolicy.allows();
    return orders(baseline).some((order) => firstMatch(cluster, order, dir, subject, other, destination, protocol, port) !== 'Deny');
  };
  return orders(admin).some((order) => {
    const v = firstMatch(cluster, order, dir, subject, other, destination, protocol, port);
    if (v === 'Allow') return true;
    if (v === 'Deny') return false;
    return below();
  });
}

export type { Labels };
