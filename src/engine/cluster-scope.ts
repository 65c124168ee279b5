/**
 * Cluster-scoped NetworkPolicy-tier parts (model.ts `ScopedPolicy`: a CiliumClusterwideNetworkPolicy's allow
 * rules and default deny, a Calico GlobalNetworkPolicy's default-tier part) in every namespace the engine
 * evaluates. Their subject is in every namespace their selector picks, in the cluster, not only in the
 * manifests: "a pod selected for egress by any policy is isolated that way" holds for the pods of
 * kube-system and of namespaces the repository never names (Cilium, *Policy Enforcement Modes*: default
 * mode; Calico, *Get started with policy tiers*: the default tier's end-of-tier deny). The loader copies
 * each part into the namespaces the manifests define or use; an index over regions (regions.ts) also has
 * namespaces the manifests do not know (`~ns<k>`, parts of the other namespaces, with representative
 * labels) and known ones a side lacks: the copies there are made here, named as the loader names its own.
 */
import type { ClassIndex } from './peer-classes.js';
import { policyById } from './policy-lookup.js';
import { matches } from './selectors.js';
import type { Cluster, Namespace, NetworkPolicy, ScopedPolicy } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';

/**
 * The copies of `cluster.scopedPolicies` in each namespace of `index` that their selector picks and that
 * the cluster holds no copy of (by id); an empty list without cluster-scoped parts (no cost). A copy is one
 * object per part and namespace name, so that compiled rules are reused across indices (compile.ts
 * memoises by object).
 */
export function scopedCopies(cluster: Cluster, index: ClassIndex): readonly NetworkPolicy[] {
  const scoped = cluster.scopedPolicies ?? [];
  if (scoped.length === 0) return NONE;
  const added: NetworkPolicy[] = [];
  for (const s of scoped) {
    for (const ns of index.namespaces.values()) {
      if (!matches(s.namespaces, ns.labels) || policyById(cluster, ns.name + s.policy.id)) continue;
      added.push(scopedCopy(s, ns));
    }
  }
  return added.length === 0 ? NONE : added;
}

const NONE: readonly NetworkPolicy[] = [];

const copies = new WeakMap<ScopedPolicy, Map<string, NetworkPolicy>>();

/** The part's copy in `ns`, one object per part and name (the evaluation's and the region cut's: regions.ts). */
export function scopedCopy(s: ScopedPolicy, ns: Pick<Namespace, 'name' | 'labels'>): NetworkPolicy {
  const namespace = ns.name;
  let byName = copies.get(s);
  if (!byName) copies.set(s, (byName = new Map()));
  let copy = byName.get(namespace);
  if (!copy) byName.set(namespace, (copy = { ...s.policy, id: copyIdPrefix(ns) + s.policy.id, namespace }));
  return copy;
}

/**
 * Where a copy's id says it is: the namespace's name, and for a part of the other namespaces that is one
 * namespace a selector names (its name label is a name, not label-partition.ts `OTHER_VALUE`: a
 * CiliumClusterwideNetworkPolicy selecting `io.kubernetes.pod.namespace: dev` where no manifest defines dev)
 * that name after the part's own, `~ns<k>:dev`, so that it is named `(in dev)` as the region is (policy-terms.ts
 * `policyName`); `publicPolicyId` still gives the policy itself.
 */
function copyIdPrefix(ns: Pick<Namespace, 'name' | 'labels'>): string {
  if (!ns.name.startsWith('~')) return ns.name;
  const name = ns.labels[NAMESPACE_NAME_LABEL];
  return name === undefined || name.startsWith('~') ? ns.name : `${ns.name}:${name}`;
}
