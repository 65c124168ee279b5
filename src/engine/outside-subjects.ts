/**
 * Which of a namespace's own NetworkPolicies can tell its pods apart on a pair whose other end is a pod
 * the change touched (regions.ts cuts pods outside the focus by these policies' `spec.podSelector`s only).
 *
 * Outside the focus a pod's own rules did not change, so its pairs change only with a touched pod in a
 * focus namespace F, and only in the directions F's change reaches (`ChangedSubjects.peerDirections`):
 * F's egress changed — pairs from F toward the pod, decided on the pod's side by its ingress; F's ingress
 * changed — pairs from the pod toward F, decided by its egress. In such a direction d a policy selecting
 * the pod matters through isolation (NetworkPolicy v1: a pod no policy of its namespace selects for d is
 * not isolated in d) and through its d rules. When one policy of the namespace isolates every pod for d
 * (`podSelector: {}`) on every side, isolation is the same for all, and a policy whose d rules pick no
 * pod of such an F (no `from` / `to` of every pod, no pod peer whose namespace part can pick F) admits
 * nothing on those pairs: pods it selects and pods it does not keep the same traffic with F, so it need
 * not cut. ipBlock peers pick addresses, never pods (rule-match.ts).
 *
 * A changed cluster-scoped part changes the pods it selects in namespaces the manifests do not know too
 * (cluster-scope.ts): their space is a focus namespace of its own, `OTHER_NAMESPACES`, reached in the part's
 * changed directions; a rule peer picks it unless its namespace part names only known namespaces.
 */
import type { Direction, LabelSelector, Labels, NetworkPolicy, Rule } from './model.js';
import { DIRECTIONS, NAMESPACE_NAME_LABEL, OPPOSITE } from './model.js';
import { isEmptySelector, matches } from './selectors.js';

/**
 * The stand-in name of the namespaces the manifests do not know, as a focus namespace (region-focus.ts): no
 * namespace is named so (a name is a DNS label), and no region (those are `~ns<k>`).
 */
export const OTHER_NAMESPACES = '~other';

/**
 * Whether a namespace selector can pick a namespace outside `known` (by name): any selector but one whose
 * name label (`kubernetes.io/metadata.name`, which every namespace carries) must be a known name.
 */
/**
 * `policies`: per side, each namespace's NetworkPolicies. Whether a `podSelector: {}` policy isolates a
 * namespace whole in a direction on every side (NetworkPolicy v1: then every pod there is isolated that way on
 * both sides), memoised per namespace. A policy that only joins its rules to others' (Cilium
 * `enableDefaultDeny: false`, compile.ts `joinsOnly`) isolates nobody. Shared by outsideSubjectFilter and
 * inside-subjects.ts.
 */
export function blanketIsolation(policies: readonly ReadonlyMap<string, readonly NetworkPolicy[]>[]): (namespace: string, d: Direction) => boolean {
  const blanket = new Map<string, Record<Direction, boolean>>();
  return (namespace, d) => {
    let out = blanket.get(namespace);
    if (!out) {
      const whole = (x: Direction) => policies.every((side) => (side.get(namespace) ?? []).some((p) => p.affects[x] && !p.joinsOnly?.[x] && isEmptySelector(p.podSelector)));
      blanket.set(namespace, (out = { ingress: whole('ingress'), egress: whole('egress') }));
    }
    return out[d];
  };
}

export function picksOtherNamespace(selector: LabelSelector, known: ReadonlyMap<string, unknown>): boolean {
  const name = selector.matchLabels[NAMESPACE_NAME_LABEL];
  if (name !== undefined && known.has(name)) return false;
  return !selector.expressions.some((r) => r.key === NAMESPACE_NAME_LABEL && r.op === 'In' && r.values.every((v) => known.has(v)));
}

/**
 * `policies`: per side (a diff's base and head), each namespace's NetworkPolicies. `focus`: per focus namespace, the directions of its pods' pairs that may have changed (from them for
 * egress, toward them for ingress), `OTHER_NAMESPACES` among them; `labelSets`: every label set a namespace carries on some side (by name).
 * Returns whether `policy` of `namespace` (outside the focus, or a focus namespace's pods outside its
 * changed subjects) must cut its namespace's pod space.
 */
export function outsideSubjectFilter(
  policies: readonly ReadonlyMap<string, readonly NetworkPolicy[]>[],
  focus: ReadonlyMap<string, ReadonlySet<Direction>>,
  labelSets: ReadonlyMap<string, readonly Labels[]>,
): (namespace: string, policy: NetworkPolicy) => boolean {
  // Per direction at the outside pod: the focus namespaces whose change reaches it that way.
  const reaching = new Map<Direction, string[]>(DIRECTIONS.map((d) => [d, [...focus].filter(([, ds]) => ds.has(OPPOSITE[d])).map(([n]) => n)]));
  const isolatesAll = blanketIsolation(policies);
  // Per namespace selector of a rule peer, per direction: whether it picks a focus namespace reached that way.
  const picked = new Map<LabelSelector, Record<Direction, boolean>>();
  const picksReached = (selector: LabelSelector, d: Direction) => {
    let out = picked.get(selector);
    if (!out) {
      const any = (x: Direction) => reaching.get(x)!.some((f) => (f === OTHER_NAMESPACES ? picksOtherNamespace(selector, labelSets) : (labelSets.get(f) ?? []).some((l) => matches(selector, l))));
      picked.set(selector, (out = { ingress: any('ingress'), egress: any('egress') }));
    }
    return out[d];
  };
  // Per direction, the reached focus namespaces as a set: a rule's `own` peers ask about their namespace.
  const reachingSet = new Map<Direction, ReadonlySet<string>>(DIRECTIONS.map((d) => [d, new Set(reaching.get(d))]));
  const picksFocus = (namespace: string, rule: Rule, d: Direction) => {
    if (rule.peers === 'any') return true;
    for (const peer of rule.peers) {
      if (peer.kind !== 'pods') continue;
      if (peer.namespaces === 'own' ? reachingSet.get(d)!.has(namespace) : picksReached(peer.namespaces, d)) return true;
    }
    return false;
  };
  const rulesPickFocus = (namespace: string, rules: readonly Rule[], d: Direction) => {
    for (const r of rules) if (picksFocus(namespace, r, d)) return true;
    return false;
  };
  // Base and head share most policy objects: each is judged once.
  const cuts = new Map<NetworkPolicy, boolean>();
  return (namespace, policy) => {
    let out = cuts.get(policy);
    if (out === undefined) {
      out = false;
      for (const d of DIRECTIONS) {
        if (policy.affects[d] && reaching.get(d)!.length > 0 && (!isolatesAll(namespace, d) || rulesPickFocus(namespace, policy[d], d))) {
          out = true;
          break;
        }
      }
      cuts.set(policy, out);
    }
    return out;
  };
}
