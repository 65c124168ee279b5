/**
 * Random clusters for the findings-reuse properties: the usual random cluster (arbitraries.ts) where some
 * namespaces also deny all ingress or all egress (one policy each), so that rules toward or from their pods are
 * often half-open and their pods often miss DNS, with cluster DNS (kube-system, k8s-app=kube-dns, the default
 * the DNS findings look for) in half of them.
 */
import fc from 'fast-check';
import type { RefPod, RefPolicy } from '../reference/evaluator.js';
import type { Scenario } from './arbitraries.js';
import { NAMESPACE_POOL, clusterArb } from './arbitraries.js';

/** The pool's namespaces, one the pool never uses, and cluster DNS's. */
export const NAMESPACES: readonly string[] = [...NAMESPACE_POOL, 'ns4', 'kube-system'];

/** A cluster DNS pod: DNS findings then read its namespace's pods and ingress. */
const DNS_POD: RefPod = { namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }] };

export const denyingCluster: fc.Arbitrary<Scenario> = fc
  .tuple(clusterArb({ minPods: 2, maxPods: 7, maxPolicies: 6 }), fc.subarray([...NAMESPACES]), fc.subarray([...NAMESPACES]), fc.boolean())
  .map(([s, ingress, egress, dns]) => {
    const deny = (ns: string, type: 'Ingress' | 'Egress'): RefPolicy => ({ name: `deny-${type.toLowerCase()}`, namespace: ns, spec: { podSelector: {}, policyTypes: [type] } });
    const pods = dns ? [...s.cluster.pods, DNS_POD] : s.cluster.pods;
    const kinds = dns ? [...s.kinds, 'Deployment' as const] : s.kinds;
    return { kinds, cluster: { ...s.cluster, pods, policies: [...s.cluster.policies, ...ingress.map((ns) => deny(ns, 'Ingress')), ...egress.map((ns) => deny(ns, 'Egress'))] } };
  });
