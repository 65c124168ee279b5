/**
 * Where a diff's abstract pairs can change: the namespaces a change between base and head reaches
 * (a policy, a workload, a Service or an Ingress backend changed there, or its labels changed). A pair
 * whose traffic differs has an end touched by the change (engine/touched.ts), and every touched end
 * lies in one of these namespaces, so only they need label space cut by every selector; elsewhere the
 * regions need only the cuts that pairs with a touched end can tell apart (regions.ts). `null`: the
 * change reaches beyond namespaces (cluster-wide policies, the pod network), so everything is cut.
 * `equal` decides what changed (default `same`: content without positions).
 */
import type { Cluster } from './model.js';
import { same } from './touched.js';

export function changedNamespaces(base: Cluster, head: Cluster, equal: (x: unknown, y: unknown) => boolean = same): Set<string> | null {
  if (!equal(base.clusterPolicies ?? [], head.clusterPolicies ?? []) || !equal(base.podNetwork, head.podNetwork)) return null;
  const out = new Set<string>();
  const compare = <T extends { readonly namespace: string }>(a: readonly T[], b: readonly T[], key: (x: T) => string) => {
    const before = grouped(a, key);
    const after = grouped(b, key);
    for (const k of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(k);
      const y = after.get(k);
      if (x === undefined || y === undefined || !equal(x, y)) out.add((x ?? y)!.namespace);
    }
  };
  compare(base.policies, head.policies, (p) => p.id);
  compare(base.workloads, head.workloads, (w) => w.id);
  compare(base.services, head.services, (s) => `${s.namespace}/${s.name}`);
  compare(base.ingressBackends, head.ingressBackends, (i) => `${i.namespace}/${JSON.stringify({ ...i, ref: undefined })}`);
  const labels = (c: Cluster) => new Map(c.namespaces.map((n) => [n.name, n.labels]));
  const [lb, lh] = [labels(base), labels(head)];
  for (const name of new Set([...lb.keys(), ...lh.keys()])) if (!equal(lb.get(name), lh.get(name))) out.add(name);
  return out;
}

function grouped<T>(xs: readonly T[], key: (x: T) => string): Map<string, T> {
  return new Map(xs.map((x) => [key(x), x]));
}
