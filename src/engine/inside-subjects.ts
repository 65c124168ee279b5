/**
 * Which of a focus namespace's own NetworkPolicies can tell the pods of its changed subjects apart on a
 * pair the change can alter (regions.ts cuts those pods finely: by every own policy's `spec.podSelector`
 * otherwise).
 *
 * Inside a changed subject, a pod's pairs change in a changed direction d (region-focus.ts
 * `ChangedSubjects.directions`: from it for egress, toward it for ingress) through its own changed rules, or,
 * like any pod's, through a touched pod at the other end (outside-subjects.ts: `outside` decides those). When
 * one policy of the namespace isolates every pod for d (`podSelector: {}`) on every side, isolation in d is
 * the same for every pod on both sides (NetworkPolicy v1: a pod is isolated when some policy selecting it
 * isolates), so through its own rules a pod's pair changes in d only toward what a changed d rule admits on
 * some side (ChangedSubjects.rules): the pods its pod peers pick, addresses, or anything for a rule of every
 * peer, on its ports. An own policy whose d rules can admit none of those (no rule of it shares a port with a
 * changed rule and a peer with it: pod peers whose pod selectors do not contradict each other, or two
 * address peers; ipBlock peers pick addresses, never pods: rule-match.ts) adds the same, nothing, to every
 * such pair, so it need not cut in d. A direction whose change has no rules to read (a Service's: the ingress
 * controller's paths) is cut by every policy that isolates it.
 */
import type { ChangedSubjects } from './region-focus.js';
import type { LabelSelector, NetworkPolicy, Peer, PortSpec, Rule } from './model.js';
import { ALL_PORTS, DIRECTIONS } from './model.js';
import { blanketIsolation } from './outside-subjects.js';

/**
 * `policies`: per side, each namespace's NetworkPolicies (the copies of cluster-scoped parts among them);
 * `subjects`: the changed subjects per namespace; `outside(namespace, policy)`: whether the policy cuts as
 * outside the changed subjects (outside-subjects.ts). Returns whether `policy` of `namespace` must cut the
 * pods of the namespace's changed subjects.
 */
export function insideSubjectFilter(
  policies: readonly ReadonlyMap<string, readonly NetworkPolicy[]>[],
  subjects: ReadonlyMap<string, ChangedSubjects>,
  outside: (namespace: string, policy: NetworkPolicy) => boolean,
): (namespace: string, policy: NetworkPolicy) => boolean {
  // Per namespace, per direction: whether a `podSelector: {}` policy isolates it whole on every side.
  const isolatesAll = blanketIsolation(policies);
  const cuts = new Map<NetworkPolicy, boolean>();
  return (namespace, policy) => {
    const changed = subjects.get(namespace);
    if (!changed) return true;
    let out = cuts.get(policy);
    if (out === undefined) {
      out = outside(namespace, policy);
      for (const d of DIRECTIONS) {
        if (out) break;
        if (!policy.affects[d] || !changed.directions.has(d)) continue;
        const rules = changed.rules[d];
        out = rules === null || !isolatesAll(namespace, d) || admitsAny(policy[d], rules);
      }
      // (Cached per policy object: a namespace's policies are its own objects, a cluster-scoped part's copy one per namespace.)
      cuts.set(policy, out);
    }
    return out;
  };
}

/** Whether some rule of `rules` can admit a peer on a port some rule of `changed` admits (a bound from above). */
function admitsAny(rules: readonly Rule[], changed: readonly Rule[]): boolean {
  for (const r of rules) for (const c of changed) if (portsMeet(r.ports, c.ports) && rulePeersMeet(r.peers, c.peers)) return true;
  return false;
}

function rulePeersMeet(a: Rule['peers'], b: Rule['peers']): boolean {
  if (a === 'any' || b === 'any') return true;
  for (const p of a) for (const q of b) if (peersMeet(p, q)) return true;
  return false;
}

/**
 * Whether two rules' ports can share a port: the same protocol and number ranges that meet (`*`: every
 * number); a port name (a number only the destination pod knows) meets any port of its protocol.
 */
function portsMeet(a: Rule['ports'], b: Rule['ports']): boolean {
  if (a === 'any' || b === 'any') return true;
  for (const x of a) {
    for (const y of b) {
      if (x.protocol !== y.protocol) continue;
      const [xs, ys] = [range(x), range(y)];
      if (xs === null || ys === null || (xs[0] <= ys[1] && ys[0] <= xs[1])) return true;
    }
  }
  return false;
}

/** A port entry's numbers, [first, last]; null for a port name. */
function range(p: PortSpec): readonly [number, number] | null {
  if (p.port === ALL_PORTS) return [0, 65535];
  if (typeof p.port === 'string') return null;
  return [p.port, p.endPort ?? p.port];
}

/**
 * Whether two rule peers can pick the same pod or address: both address peers (not compared further), or
 * both pod peers whose pod selectors do not contradict each other (namespace parts not compared).
 */
function peersMeet(a: Peer, b: Peer): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'ipBlock' || b.kind === 'ipBlock') return true;
  return !contradicts(a.pods, b.pods);
}

/**
 * Whether no labels match both selectors, read from their requirements pairwise: one key required to two
 * values, or to a value and to lack it (`NotIn`, `DoesNotExist`), or to values no `In` of the other holds, or
 * to exist and not to. False when unsure (a bound from above for "can meet").
 */
export function contradicts(a: LabelSelector, b: LabelSelector): boolean {
  const reqs = (s: LabelSelector) => [
    ...Object.entries(s.matchLabels).map(([key, v]) => ({ key, op: 'In' as const, values: [v] as readonly string[] })),
    ...s.expressions,
  ];
  const rb = reqs(b);
  for (const x of reqs(a)) {
    for (const y of rb) {
      if (x.key !== y.key) continue;
      if (excludes(x, y) || excludes(y, x)) return true;
    }
  }
  return false;
}

/** Whether requirement `x` (on the same key as `y`) leaves no value `y` allows. */
function excludes(x: { readonly op: string; readonly values: readonly string[] }, y: { readonly op: string; readonly values: readonly string[] }): boolean {
  if (x.op === 'In') {
    if (y.op === 'In') return !x.values.some((v) => y.values.includes(v));
    if (y.op === 'NotIn') return x.values.every((v) => y.values.includes(v));
    return y.op === 'DoesNotExist';
  }
  if (x.op === 'Exists') return y.op === 'DoesNotExist';
  return false;
}
