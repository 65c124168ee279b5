/**
 * A namespace whose pods start (or end) isolation in one direction under several policies at once
 * (kubeflow/manifests 956fa1f1b deployed 17 NetworkPolicies into `kubeflow`, whose workloads the target does
 * not hold): each label combination of their selectors is isolated by another set of them, so each start of
 * isolation (isolation-causes.ts, `closed|ingress|kubeflow/a+kubeflow/b`) has one combination, no cause
 * reaches CAUSE_MIN_COMBINATIONS, and the report listed 648 lines of combinations. When no policy of the
 * namespace isolates that way on the other side (base for a start, head for a lapse), every pod of it that
 * the policies isolate that way started (ended) isolation, and what it admits (may reach) on their side is
 * exactly what the rules of the policies selecting it allow: the starts (lapses) of the namespace and
 * direction are one cause, told per policy in the policies' own terms (report/namespace-isolation-text.ts), when
 * they outnumber the policies (their selectors overlap: pods of several at once).
 */
import type { Cluster, Direction, LabelSelector, NetworkPolicy, ScopedPolicy } from '../engine/index.js';
import { NAMESPACE_NAME_LABEL, isEmptySelector, same } from '../engine/index.js';

export interface NamespaceIsolation {
  /** The namespace; with `scope`, `*` (no namespace: the parts' pods in every namespace they cover). */
  readonly namespace: string;
  /** `closed`: isolation started (the policies are head's); `opened`: it lapsed (base's). */
  readonly change: 'opened' | 'closed';
  readonly direction: Direction;
  /** Every policy of the namespace isolating `direction` on the isolating side (sorted by id); none does on the other. */
  readonly policies: readonly NetworkPolicy[];
  /** The start (lapse) causes' keys (`causeKey`) it stands for: more than `policies`. */
  readonly keys: ReadonlySet<string>;
  /**
   * Set when `policies` are cluster-scoped NetworkPolicy-tier parts (model.ts `ScopedPolicy`: each a
   * CiliumClusterwideNetworkPolicy or default-tier Calico GlobalNetworkPolicy as written, namespace `""`)
   * whose copies in many namespaces started (ended) the isolation (`clusterScopeIsolations`).
   */
  readonly scope?: ClusterScope;
}

/** Where a cluster-scoped start (lapse) holds: the namespaces of its copies' causes, and those it leaves out. */
export interface ClusterScope {
  /** The pods' namespace part: the parts' namespace selector, less `except` by name (`{kubernetes.io/metadata.name NotIn (kube-system)}`). */
  readonly namespaces: LabelSelector;
  /** Namespaces the manifests know where the parts have copies on the isolating side that it does not stand for (another policy isolates there), sorted. */
  readonly except: readonly string[];
  /** The parts select pods of every namespace (their namespace selector is empty). */
  readonly everyNamespace: boolean;
}

/** What a cause key says: its change, direction and policies (`closed|ingress|ns/a+ns/b`). */
export interface KeyedCause {
  readonly change: 'opened' | 'closed';
  readonly direction: Direction;
  readonly policies: readonly string[];
}

/**
 * The namespaces, changes and directions whose starts (lapses) among `found` (by key) outnumber the policies of
 * the namespace isolating that way, where no policy of the namespace isolates that way on the other side (base
 * for a start, head for a lapse).
 */
export function namespaceIsolations(found: ReadonlyMap<string, KeyedCause>, base: Cluster, head: Cluster): NamespaceIsolation[] {
  // Cluster-scoped parts first: a namespace whose isolation only their copies decided is told with them.
  const scoped = clusterScopeIsolations(found, base, head);
  const taken = new Set(scoped.flatMap((s) => [...s.keys]));
  return [...scoped, ...ownIsolations(new Map([...found].filter(([k]) => !taken.has(k))), base, head)];
}

function ownIsolations(found: ReadonlyMap<string, KeyedCause>, base: Cluster, head: Cluster): NamespaceIsolation[] {
  const groups = new Map<string, { namespace: string; change: 'opened' | 'closed'; direction: Direction; keys: Set<string> }>();
  for (const [key, f] of found) {
    if (key.endsWith('|others')) continue;
    const spaces = new Set(f.policies.map((id) => id.slice(0, id.indexOf('/'))));
    if (spaces.size !== 1) continue;
    const [namespace] = spaces as Set<string>;
    // A part of the namespaces the manifests do not hold (`~ns<k>`, engine/cluster-scope.ts) is no namespace to name: its causes are told per set of policies.
    if (namespace.startsWith('~')) continue;
    const at = `${f.change}|${f.direction}|${namespace}`;
    const g = groups.get(at) ?? groups.set(at, { namespace, change: f.change, direction: f.direction, keys: new Set() }).get(at)!;
    g.keys.add(key);
  }
  const out: NamespaceIsolation[] = [];
  for (const [, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (g.keys.size < 2) continue;
    const isolating = (c: Cluster) => c.policies.filter((p) => p.namespace === g.namespace && p.affects[g.direction]);
    const [by, other] = g.change === 'closed' ? [head, base] : [base, head];
    if (isolating(other).length > 0) continue;
    const policies = [...isolating(by)].sort((a, b) => (a.id < b.id ? -1 : 1));
    // A policy that only adds rules that way (Cilium enableDefaultDeny false: joinsOnly) isolates none of the pods it selects: not told so.
    if (policies.some((p) => joins(p, g.direction))) continue;
    // The causes may name policies the cluster does not hold: the engine's copies of a clusterwide part in a
    // namespace the manifests never name (engine/cluster-scope.ts, `~ns1/allow-world`), or one a side lacks.
    // Told per policy, the sentence would name none of them (and 'in ~ns1'): their per-set causes stay. (Where the
    // clusters given hold the engine's copies, isolation-causes.ts, such a namespace is left out above.)
    const held = new Set(policies.map((p) => p.id));
    if ([...g.keys].some((k) => found.get(k)!.policies.some((id) => !held.has(id)))) continue;
    // Only where the policies' selectors overlap, so that their causes are per set of policies rather than per
    // policy: one removed policy's sentence per policy already reads in its terms.
    if (g.keys.size <= policies.length) continue;
    out.push({ namespace: g.namespace, change: g.change, direction: g.direction, policies, keys: g.keys });
  }
  return out;
}

/**
 * Starts (lapses) of isolation that only copies of cluster-scoped parts decide (bjw-s/home-ops a71f3ddae removed
 * nine CiliumClusterwideNetworkPolicies each selecting pods by one opt-in label, `egress.home.arpa/world:
 * allow`, in every namespace: each label combination of each namespace part was a cause of its own, 1,536 of
 * them over ~ns0/… copies). The copies' causes (`found`, by key) of one change and direction, in every
 * namespace where every policy isolating that way on the isolating side (base for a lapse, head for a start)
 * is a copy of a part and none isolates that way on the other side, are one cause told per part: every pod
 * of those namespaces that a part selects started (ended) isolation, and what it admits (may reach) on the
 * parts' side is exactly what the rules of the parts selecting it allow (the namespace case above, for every
 * namespace at once). Namespaces the manifests know where the parts have copies but other policies isolate
 * too are left out by name (`except`) and keep their causes; when a part of the namespaces the manifests do
 * not hold (`~ns<k>`) would be left out, or a copy is not in the clusters given (they must be those each side
 * evaluated, engine/cluster-scope.ts), nothing is grouped. Only when the causes outnumber the parts and some
 * cause is of several parts at once (their selectors overlap).
 */
export function clusterScopeIsolations(found: ReadonlyMap<string, KeyedCause>, base: Cluster, head: Cluster): NamespaceIsolation[] {
  const out: NamespaceIsolation[] = [];
  for (const change of ['opened', 'closed'] as const) {
    const [by, other] = change === 'closed' ? [head, base] : [base, head];
    const parts = new Map((by.scopedPolicies ?? []).map((s) => [s.policy.id, s]));
    if (parts.size === 0) continue;
    const partOf = (id: string) => parts.get(id.slice(id.indexOf('/')));
    for (const direction of ['ingress', 'egress'] as const) {
      // The copies' causes by namespace.
      const byNamespace = new Map<string, string[]>();
      for (const [key, f] of found) {
        if (key.endsWith('|others') || f.change !== change || f.direction !== direction) continue;
        const spaces = new Set(f.policies.map((id) => id.slice(0, id.indexOf('/'))));
        if (spaces.size !== 1 || !f.policies.every((id) => partOf(id))) continue;
        const [namespace] = spaces as Set<string>;
        (byNamespace.get(namespace) ?? byNamespace.set(namespace, []).get(namespace)!).push(key);
      }
      if (byNamespace.size === 0) continue;
      const isolating = (c: Cluster, namespace: string) => c.policies.filter((p) => p.namespace === namespace && p.affects[direction]);
      // Every namespace holding an isolating copy of a part on the isolating side.
      const copiesIn = new Map<string, NetworkPolicy[]>();
      for (const p of by.policies) {
        if (!p.affects[direction] || p.id !== p.namespace + p.id.slice(p.id.indexOf('/')) || !partOf(p.id)) continue;
        (copiesIn.get(p.namespace) ?? copiesIn.set(p.namespace, []).get(p.namespace)!).push(p);
      }
      const covered = new Map<string, string[]>();
      for (const [namespace, keys] of byNamespace) {
        const held = new Set(isolating(by, namespace).map((p) => p.id));
        // Every policy its causes name is held, every isolating policy there is a copy, none isolates on the other side.
        if (keys.some((k) => found.get(k)!.policies.some((id) => !held.has(id)))) continue;
        if ([...held].some((id) => !partOf(id)) || isolating(other, namespace).length > 0) continue;
        // A copy only adding rules that way (enableDefaultDeny false) isolates none of its pods: that namespace is left out.
        if (isolating(by, namespace).some((p) => joins(p, direction))) continue;
        covered.set(namespace, keys);
      }
      const except = [...copiesIn.keys()].filter((n) => !covered.has(n)).sort();
      if (covered.size === 0 || except.some((n) => n.startsWith('~'))) continue;
      const used = [...new Set([...covered.keys()].flatMap((n) => isolating(by, n).map((p) => partOf(p.id)!)))].sort((a, b) => (a.policy.id < b.policy.id ? -1 : 1));
      const keys = new Set([...covered.values()].flat());
      // One namespace selector for all (the sentence names one namespace part), and more causes than parts.
      const selector = used[0].namespaces;
      if (!used.every((s) => same(s.namespaces, selector)) || keys.size <= used.length) continue;
      // Only where the parts' selectors overlap (a pod of several at once), as for a namespace: one part's copies read in its terms per namespace already.
      if (![...keys].some((k) => found.get(k)!.policies.length > 1)) continue;
      // Each part new or removed, or its policyTypes gaining or losing the direction (the sentence says which).
      const otherParts = new Map((other.scopedPolicies ?? []).map((s) => [s.policy.id, s.policy]));
      if (used.some((s) => otherParts.get(s.policy.id)?.affects[direction])) continue;
      out.push({ namespace: '*', change, direction, policies: used.map((s) => s.policy), keys, scope: { namespaces: withoutNamespaces(selector, except), except, everyNamespace: isEmptySelector(selector) } });
    }
  }
  return out;
}

/** Whether `p` selects pods that way only to add its rules to others' (Cilium `enableDefaultDeny` false), isolating none. */
const joins = (p: NetworkPolicy, d: Direction): boolean => p.joinsOnly?.[d] === true;

/** `selector` less the namespaces named (`kubernetes.io/metadata.name NotIn (…)`); `selector` itself when none. */
export function withoutNamespaces(selector: LabelSelector, names: readonly string[]): LabelSelector {
  if (names.length === 0) return selector;
  return { matchLabels: selector.matchLabels, expressions: [...selector.expressions, { key: NAMESPACE_NAME_LABEL, op: 'NotIn', values: [...names] }] };
}

/** The cluster-scoped part `id` (`/name[Kind]…`, a copy's id less its namespace) of `c`, if it has it. */
export function scopedPart(c: Cluster, id: string): ScopedPolicy | undefined {
  return (c.scopedPolicies ?? []).find((s) => s.policy.id === id);
}
