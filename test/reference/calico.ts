/**
 * The reference for Calico's NetworkPolicy, GlobalNetworkPolicy and Tier, written from Calico's
 * documentation (docs.tigera.io/calico/latest: reference/resources/networkpolicy, globalnetworkpolicy, tier
 * "How policy is evaluated"; network-policy/policy-tiers/tiered-policy; "Calico automatic labels"),
 * independent of src/: one side of one connection, walked tier by tier, policy by policy, rule by rule.
 * Selectors are expression trees evaluated literally (reference/calico-selector.ts): a pod's labels carry
 * `projectcalico.org/namespace`, a namespace's `projectcalico.org/name`. Pod addresses are not in manifests:
 * `nets` hold addresses outside the cluster only.
 */
import type { CalicoSelector } from '../../src/manifests/kinds/calico-selector.js';
import { calicoSelectorMatches } from './calico-selector.js';
import type { Endpoint, Labels, Protocol, RefCluster, RefPod } from './evaluator.js';
import { inCidr, namespaceLabels } from './evaluator.js';

export interface RefCalicoEntity {
  selector?: CalicoSelector;
  notSelector?: CalicoSelector;
  namespaceSelector?: CalicoSelector;
  nets?: string[];
  notNets?: string[];
  /** Numbers, `"a:b"` ranges, port names (destination only). */
  ports?: (number | string)[];
  notPorts?: (number | string)[];
}

export interface RefCalicoRule {
  action: 'Allow' | 'Deny' | 'Pass' | 'Log';
  protocol?: Protocol;
  source?: RefCalicoEntity;
  destination?: RefCalicoEntity;
}

export interface RefCalicoPolicy {
  kind: 'NetworkPolicy' | 'GlobalNetworkPolicy';
  name: string;
  /** NetworkPolicy only. */
  namespace?: string;
  spec: {
    tier?: string;
    order?: number;
    selector?: CalicoSelector;
    /** GlobalNetworkPolicy only. */
    namespaceSelector?: CalicoSelector;
    types?: ('Ingress' | 'Egress')[];
    ingress?: RefCalicoRule[];
    egress?: RefCalicoRule[];
  };
}

export interface RefCalicoTier {
  name: string;
  order?: number;
  defaultAction?: 'Deny' | 'Pass';
}

export type RefCalicoCluster = RefCluster & { calicoPolicies?: RefCalicoPolicy[]; calicoTiers?: RefCalicoTier[] };

type Dir = 'Ingress' | 'Egress';

/** Kubernetes NetworkPolicies of the side, as the default tier sees them (Allow-only policies of order 1000). */
export interface KubernetesPolicies {
  readonly selects: boolean;
  readonly allows: () => boolean;
}

const podLabels = (pod: RefPod): Labels => ({ ...pod.labels, 'projectcalico.org/namespace': pod.namespace });
const nsLabels = (cluster: RefCluster, ns: string): Labels => ({ ...namespaceLabels(cluster, ns), 'projectcalico.org/name': ns });
const ALL: CalicoSelector = { op: 'all' };

/** (order, name), no order last: how tiers and the policies of a tier are sorted. */
function byOrder<T extends { order?: number; name: string }>(a: T, b: T): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  return ao !== bo ? (ao < bo ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `types`, or as documented when absent: Ingress unless only egress rules are present; Egress when there are egress rules. */
function applies(p: RefCalicoPolicy, dir: Dir): boolean {
  if (p.spec.types && p.spec.types.length > 0) return p.spec.types.includes(dir);
  const e = (p.spec.egress ?? []).length > 0;
  return dir === 'Egress' ? e : (p.spec.ingress ?? []).length > 0 || !e;
}

/** A NetworkPolicy's selector selects pods of its namespace; a GlobalNetworkPolicy's, of the namespaces its namespaceSelector selects. */
function selects(cluster: RefCluster, p: RefCalicoPolicy, pod: RefPod): boolean {
  if (p.kind === 'NetworkPolicy' && pod.namespace !== p.namespace) return false;
  if (p.kind === 'GlobalNetworkPolicy' && !calicoSelectorMatches(p.spec.namespaceSelector ?? ALL, nsLabels(cluster, pod.namespace))) return false;
  return calicoSelectorMatches(p.spec.selector ?? ALL, podLabels(pod));
}

/** The peer entity: every criterion must match ("EntityRule"); no selector and no nets: every packet. */
function peerMatches(cluster: RefCluster, p: RefCalicoPolicy, e: RefCalicoEntity | undefined, ep: Endpoint): boolean {
  if (!e) return true;
  if (ep.kind === 'address') {
    // Selectors match endpoints (pods), never outside addresses; notSelector alone matches "anywhere" else.
    if (e.selector || e.namespaceSelector) return false;
    if (e.nets && !e.nets.some((c) => inCidr(ep.address, c))) return false;
    return !(e.notNets ?? []).some((c) => inCidr(ep.address, c));
  }
  const pod = ep.pod;
  if (e.nets) return false;
  // The selectors' scope: the namespaceSelector's namespaces, else the policy's namespace (NetworkPolicy) or every one.
  const inScope = e.namespaceSelector ? calicoSelectorMatches(e.namespaceSelector, nsLabels(cluster, pod.namespace)) : p.kind === 'GlobalNetworkPolicy' || pod.namespace === p.namespace;
  if ((e.selector || e.namespaceSelector) && !inScope) return false;
  if (e.selector && !calicoSelectorMatches(e.selector, podLabels(pod))) return false;
  if (e.notSelector && inScope && calicoSelectorMatches(e.notSelector, podLabels(pod))) return false;
  return true;
}

/** The rule's own side: the subject pod must match its selector and not its notSelector. */
function ownMatches(e: RefCalicoEntity | undefined, pod: RefPod): boolean {
  if (!e) return true;
  if (e.selector && !calicoSelectorMatches(e.selector, podLabels(pod))) return false;
  return !(e.notSelector && calicoSelectorMatches(e.notSelector, podLabels(pod)));
}

function portEntryMatches(entry: number | string, destination: Endpoint, protocol: Protocol, port: number): boolean {
  if (typeof entry === 'number') return port === entry;
  const range = /^(\d+):(\d+)$/.exec(entry);
  if (range) return port >= Number(range[1]) && port <= Number(range[2]);
  // A named port: the destination's container port of that name (and the rule's protocol).
  return destination.kind === 'pod' && destination.pod.ports.some((cp) => cp.name === entry && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port);
}

function ruleMatches(cluster: RefCluster, p: RefCalicoPolicy, r: RefCalicoRule, dir: Dir, subject: RefPod, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number): boolean {
  if (r.protocol && r.protocol !== protocol) return false;
  const d = r.destination;
  if (d?.ports && !d.ports.some((x) => portEntryMatches(x, destination, protocol, port))) return false;
  if (d?.notPorts && d.notPorts.some((x) => portEntryMatches(x, destination, protocol, port))) return false;
  const [peer, own] = dir === 'Ingress' ? [r.source, r.destination] : [r.destination, r.source];
  return peerMatches(cluster, p, peer, other) && ownMatches(own, subject);
}

/**
 * One side of a connection under Calico: tiers by order (the default tier 1,000,000, holding the Kubernetes
 * NetworkPolicies at order 1000); a tier none of whose policies selects the pod that way is skipped; in a tier,
 * policies by order then name, rules in order, the first match decides (Log goes on; Pass leaves the tier);
 * nothing decided: the tier's defaultAction (Deny unless Pass); after the last tier, the profile allows.
 */
export function calicoSideAllows(cluster: RefCalicoCluster, subject: RefPod, dir: Dir, other: Endpoint, destination: Endpoint, protocol: Protocol, port: number, k8s: KubernetesPolicies): boolean {
  const tiers: RefCalicoTier[] = [...(cluster.calicoTiers ?? []).filter((t) => t.name !== 'default'), { name: 'default', order: 1_000_000 }].sort(byOrder);
  for (const tier of tiers) {
    const policies = (cluster.calicoPolicies ?? []).filter((p) => (p.spec.tier ?? 'default') === tier.name && applies(p, dir) && selects(cluster, p, subject));
    const withK8s = tier.name === 'default' && k8s.selects;
    if (policies.length === 0 && !withK8s) continue;
    const sorted = policies.map((p) => ({ p, order: p.spec.order, name: p.name })).sort(byOrder);
    // Kubernetes NetworkPolicies sit at order 1000 (the generator never writes 1000 itself).
    const sequence: ({ p: RefCalicoPolicy } | 'kubernetes')[] = [...sorted.filter((x) => (x.order ?? Infinity) < 1000), ...(withK8s ? ['kubernetes' as const] : []), ...sorted.filter((x) => (x.order ?? Infinity) >= 1000)];
    let passed = false;
    for (const item of sequence) {
      if (item === 'kubernetes') {
        if (k8s.allows()) return true;
        continue;
      }
      for (const r of (dir === 'Ingress' ? item.p.spec.ingress : item.p.spec.egress) ?? []) {
        if (r.action === 'Log' || !ruleMatches(cluster, item.p, r, dir, subject, other, destination, protocol, port)) continue;
        if (r.action === 'Allow') return true;
        if (r.action === 'Deny') return false;
        passed = true;
        break;
      }
      if (passed) break;
    }
    if (passed || tier.defaultAction === 'Pass') continue;
    return false;
  }
  return true;
}
