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
import type { Cluster, Direction, NetworkPolicy } from '../engine/index.js';

export interface NamespaceIsolation {
  readonly namespace: string;
  /** `closed`: isolation started (the policies are head's); `opened`: it lapsed (base's). */
  readonly change: 'opened' | 'closed';
  readonly direction: Direction;
  /** Every policy of the namespace isolating `direction` on the isolating side (sorted by id); none does on the other. */
  readonly policies: readonly NetworkPolicy[];
  /** The start (lapse) causes' keys (`causeKey`) it stands for: more than `policies`. */
  readonly keys: ReadonlySet<string>;
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
