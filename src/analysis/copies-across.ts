/**
 * One cluster-scoped change told once across the namespaces it reaches. The engine copies each
 * NetworkPolicy-tier part of a CiliumClusterwideNetworkPolicy (or default-tier Calico GlobalNetworkPolicy) into
 * every namespace (engine/cluster-scope.ts), so its causes (isolation-causes.ts `causeKey`) are per namespace:
 * `opened|egress|ai/kopiur-egress-external[CiliumClusterwideNetworkPolicy]|others`, `…|cert-manager/…|others`,
 * each said in the same words but for the namespace. deedee-ops/home-ops 524e0db4 added a policy giving
 * `managed-by=kopiur` pods of every namespace an egress rule: nineteen such causes, one summary line each
 * ("CiliumClusterwideNetworkPolicy kopiur-egress-external (in ai) added: opens egress from ai/[pod with …]").
 *
 * The causes of one change, direction and kind (a start or lapse of isolation, or rules given to or taken from
 * pods others isolate) whose policies are copies of the same parts, one namespace each, are one cause over
 * their namespaces (`CopiesAcross`): what each sentence says of its namespace's pods holds of the pods of all
 * of them. Where they are every namespace holding the parts' copies on the side that tells (head's for what
 * starts or is given, base's for what lapses or is taken), but some the manifests name, the namespaces read
 * as the parts' selector less those (`[namespace other than kopiur-system]/…`); else by name
 * (`[namespace ai, cert-manager or database]/…`), a part of the namespaces the manifests do not hold (`~ns<k>`)
 * then told apart. Starts and lapses of several overlapping parts are namespace-isolation.ts's (told per part).
 */
import type { Cluster, Direction, LabelSelector } from '../engine/index.js';
import { NAMESPACE_NAME_LABEL, isEmptySelector, same, scopedPolicyId } from '../engine/index.js';
import type { ClusterScope, KeyedCause } from './namespace-isolation.js';
import { withoutNamespaces } from './namespace-isolation.js';

/** Causes of copies of the same cluster-scoped parts in several namespaces, told as one. */
export interface CopiesAcross {
  readonly change: 'opened' | 'closed';
  readonly direction: Direction;
  /** Rules given to (taken from) pods others isolate (`|others` keys), not a start or lapse of isolation. */
  readonly others: boolean;
  /** The parts, as every copy's policy (engine `scopedPolicyId`: `CiliumClusterwideNetworkPolicy/name`), sorted. */
  readonly parts: readonly string[];
  /** The per-namespace causes' keys it stands for (`causesByKey`), sorted. */
  readonly keys: readonly string[];
  /** The namespaces of those causes, sorted; `~ns<k>` parts only with `scope`. */
  readonly namespaces: readonly string[];
  /** Set when they are every namespace of the parts' copies but `except`: the pods' namespace part is the parts' selector less those. */
  readonly scope?: ClusterScope;
  /** The pods' namespace part: `scope.namespaces`, or the namespaces by name. */
  readonly namespaceSelector: LabelSelector;
}

/**
 * The causes of `found` (by key; none a namespace's start or lapse already groups: `taken`) that are copies of
 * the same parts in two namespaces or more, grouped. A cause's policies must all be copies (of parts the
 * telling side holds) in one namespace; the parts must choose their namespaces alike.
 */
export function copiesAcross(found: ReadonlyMap<string, KeyedCause>, base: Cluster, head: Cluster, taken: ReadonlySet<string> = new Set()): CopiesAcross[] {
  const groups = new Map<string, Group>();
  for (const [key, f] of found) {
    if (taken.has(key)) continue;
    const spaces = new Set(f.policies.map(namespaceOf));
    // Copies only (`ns/name[CiliumClusterwideNetworkPolicy]`, `ns/name[CalicoGlobalNetworkPolicy]#1`), in one namespace.
    const parts = f.policies.map(scopedPolicyId);
    if (spaces.size !== 1 || parts.some((id, i) => id === f.policies[i])) continue;
    const [namespace] = spaces as Set<string>;
    const others = key.endsWith('|others');
    const at = `${f.change}|${f.direction}|${others}|${[...parts].sort().join('+')}`;
    const g = groups.get(at) ?? groups.set(at, { change: f.change, direction: f.direction, others, parts: [...parts].sort(), byNamespace: new Map() }).get(at)!;
    g.byNamespace.set(namespace, key);
  }
  const out: CopiesAcross[] = [];
  for (const g of groups.values()) {
    if (g.byNamespace.size < 2) continue;
    const by = telling(g.change, g.others) === 'head' ? head : base;
    const scope = everyCopy(g, by);
    if (scope) {
      out.push(group(g, [...g.byNamespace.keys()], scope.namespaces, scope));
      continue;
    }
    // Not every namespace of the copies (or the parts' selectors not known): the namespaces the manifests name, by name, two or more.
    const named = [...g.byNamespace.keys()].filter((ns) => !ns.startsWith('~'));
    if (named.length < 2) continue;
    out.push(group(g, named, { matchLabels: {}, expressions: [{ key: NAMESPACE_NAME_LABEL, op: 'In', values: [...named].sort() }] }));
  }
  return out;
}

interface Group {
  readonly change: 'opened' | 'closed';
  readonly direction: Direction;
  readonly others: boolean;
  readonly parts: string[];
  /** Namespace → the key of its copies' cause. */
  readonly byNamespace: Map<string, string>;
}

/**
 * Where the group's causes are those of every namespace holding copies of its parts on the telling side (`by`)
 * but some the manifests name: the parts' selector less those (namespace-isolation.ts ClusterScope). Undefined
 * when a part of the namespaces the manifests do not hold is left out, when the cluster does not carry the
 * parts as written (`Cluster.scopedPolicies`: the engine then made no copy outside the manifests' namespaces,
 * and the sentence could not hold there), or when the parts choose their namespaces differently.
 */
function everyCopy(g: Group, by: Cluster): ClusterScope | undefined {
  // A part's own id (`/x[CiliumClusterwideNetworkPolicy]`) reads as the policy as its copies' do.
  const scoped = (by.scopedPolicies ?? []).filter((s) => g.parts.includes(scopedPolicyId(s.policy.id)));
  if (scoped.length !== g.parts.length) return undefined;
  const selector = scoped[0].namespaces;
  if (!scoped.every((s) => same(s.namespaces, selector))) return undefined;
  // Every namespace where each part has a copy taking that direction.
  const copies = new Map<string, number>();
  for (const p of by.policies) if (p.affects[g.direction] && g.parts.includes(scopedPolicyId(p.id)) && p.id !== scopedPolicyId(p.id)) copies.set(p.namespace, (copies.get(p.namespace) ?? 0) + 1);
  const except = [...copies].filter(([ns, n]) => n === g.parts.length && !g.byNamespace.has(ns)).map(([ns]) => ns).sort();
  if (except.some((ns) => ns.startsWith('~'))) return undefined;
  return { namespaces: withoutNamespaces(selector, except), except, everyNamespace: isEmptySelector(selector) };
}

function group(g: Group, namespaces: readonly string[], namespaceSelector: LabelSelector, scope?: ClusterScope): CopiesAcross {
  const sorted = [...namespaces].sort();
  return { change: g.change, direction: g.direction, others: g.others, parts: g.parts, keys: sorted.map((ns) => g.byNamespace.get(ns)!).sort(), namespaces: sorted, namespaceSelector, ...(scope ? { scope } : {}) };
}

/** The side whose policies a cause's sentence tells: head's for a start or for rules given, base's for a lapse or for rules taken. */
function telling(change: 'opened' | 'closed', others: boolean): 'base' | 'head' {
  return (change === 'closed') !== others ? 'head' : 'base';
}

const namespaceOf = (id: string) => id.slice(0, id.indexOf('/'));
