/**
 * Abstract peers: "any pod that matches these selectors", named in the peer tools' notation
 * (OUTPUT-CONTRACT "Abstract peers"): `NS/[all pods]`, `NS/[pod with {k=v}]`, `[all namespaces]/[pod
 * with {k=v}]`, `[namespace with {k=v}]/[all pods]`, `entire-cluster`.
 */
import type { LabelSelector, Labels, NetworkPolicy, PodPeer, Requirement, Rule } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import { EVERYTHING, isEmptySelector, matches } from './selectors.js';
import { labelText, labelValuesText } from './label-text.js';
import { mayOverlap } from './selector-overlap.js';

export interface AbstractPeer {
  /** The namespace by name (the policy's own, or a selector that is only its name label); else `namespaceSelector`. */
  readonly namespace?: string;
  readonly namespaceSelector?: LabelSelector;
  readonly podSelector: LabelSelector;
  readonly id: string;
}

/** `requirements` per selector object (selectors are never mutated): names and candidates ask about the same ones often. */
const requirementMemo = new WeakMap<LabelSelector, readonly Requirement[]>();

/**
 * Abstract peers already built, per pod selector object and namespace part (a name, or a selector
 * object): a peer depends on nothing else, and naming regions, reconciling and the rollback build the
 * same policies' subjects and rule peers again and again. Selectors are never mutated.
 */
const peerMemo = new WeakMap<LabelSelector, Map<string | LabelSelector, AbstractPeer>>();

export function abstractPeer(namespace: string | LabelSelector, podSelector: LabelSelector): AbstractPeer {
  let byNamespace = peerMemo.get(podSelector);
  if (!byNamespace) peerMemo.set(podSelector, (byNamespace = new Map()));
  let peer = byNamespace.get(namespace);
  if (!peer) byNamespace.set(namespace, (peer = buildPeer(namespace, podSelector)));
  return peer;
}

function buildPeer(namespace: string | LabelSelector, podSelector: LabelSelector): AbstractPeer {
  const byName = typeof namespace === 'string' ? namespace : namespaceName(namespace);
  if (byName !== undefined) return { namespace: byName, podSelector, id: `${byName}/${podPart(podSelector)}` };
  const nsSel = namespace as LabelSelector;
  if (isEmptySelector(nsSel) && isEmptySelector(podSelector)) return { namespaceSelector: nsSel, podSelector, id: 'entire-cluster' };
  const nsPart = isEmptySelector(nsSel) ? '[all namespaces]' : `[namespace with ${selectorId(nsSel)}]`;
  return { namespaceSelector: nsSel, podSelector, id: `${nsPart}/${podPart(podSelector)}` };
}

/** The abstract peer a rule's pod peer stands for. */
export function peerOfRule(policy: NetworkPolicy, peer: PodPeer): AbstractPeer {
  return abstractPeer(peer.namespaces === 'own' ? policy.namespace : peer.namespaces, peer.pods);
}

/** The abstract peers of a rule's pod peers (`from`/`to` entries with a pod or namespace selector), in the order written; none for a rule without peers. */
export function rulePodPeers(policy: NetworkPolicy, rule: Rule): AbstractPeer[] {
  return rule.peers === 'any' ? [] : rule.peers.flatMap((x) => (x.kind === 'pods' ? [peerOfRule(policy, x)] : []));
}

export const ENTIRE_CLUSTER: AbstractPeer = abstractPeer(EVERYTHING, EVERYTHING);

/** A namespace selector that is only `kubernetes.io/metadata.name` = one name picks that namespace by name. */
function namespaceName(s: LabelSelector): string | undefined {
  const reqs = requirements(s);
  if (reqs.length !== 1 || reqs[0].key !== NAMESPACE_NAME_LABEL || reqs[0].op !== 'In' || reqs[0].values.length !== 1) return undefined;
  return reqs[0].values[0];
}

function podPart(s: LabelSelector): string {
  return isEmptySelector(s) ? '[all pods]' : `[pod with ${selectorId(s)}]`;
}

/** `{k=v,k2 In (a,b),k3 Exists}`: labels sorted by key, then expressions sorted; an empty value is `""` (label-text.ts). */
export function selectorId(s: LabelSelector): string {
  const labels = Object.keys(s.matchLabels)
    .sort()
    .map((k) => labelText(k, s.matchLabels[k]));
  const exprs = s.expressions
    .map((r) => (r.op === 'Exists' || r.op === 'DoesNotExist' ? `${r.key} ${r.op}` : `${r.key} ${r.op} (${labelValuesText([...r.values].sort())})`))
    .sort();
  return `{${[...labels, ...exprs].join(',')}}`;
}

/** A selector as its requirements (`k=v` is `k In (v)`), values sorted, deduplicated; one shared list per selector object. */
export function requirements(s: LabelSelector): readonly Requirement[] {
  let reqs = requirementMemo.get(s);
  if (!reqs) requirementMemo.set(s, (reqs = selectorRequirements(s)));
  return reqs;
}

function selectorRequirements(s: LabelSelector): Requirement[] {
  const out = new Map<string, Requirement>();
  const add = (r: Requirement) => {
    const values = [...new Set(r.values)].sort();
    out.set(`${r.key}\u0000${r.op}\u0000${values.join('\u0000')}`, { key: r.key, op: r.op, values });
  };
  for (const [k, v] of Object.entries(s.matchLabels)) add({ key: k, op: 'In', values: [v] });
  for (const r of s.expressions) add(r);
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

const reqKey = (r: Requirement) => `${r.key}\u0000${r.op}\u0000${r.values.join('\u0000')}`;

/** The namespace part as requirements: a name is `kubernetes.io/metadata.name In (name)`. */
function namespaceRequirements(p: AbstractPeer): readonly Requirement[] {
  return p.namespace !== undefined ? [{ key: NAMESPACE_NAME_LABEL, op: 'In', values: [p.namespace] }] : requirements(p.namespaceSelector ?? EVERYTHING);
}

/**
 * Does `outer` contain `inner` by its selectors' text: every requirement of outer is one of inner's (the
 * peer tool's rule for which rules apply to an abstract peer; it does not reason about overlapping values).
 */
export function containsBySelectors(outer: AbstractPeer, inner: AbstractPeer): boolean {
  const has = (big: readonly Requirement[], small: readonly Requirement[]) => {
    const keys = new Set(big.map(reqKey));
    return small.every((r) => keys.has(reqKey(r)));
  };
  return has(namespaceRequirements(inner), namespaceRequirements(outer)) && has(requirements(inner.podSelector), requirements(outer.podSelector));
}

/**
 * May `a` and `b` hold a common pod, by their selectors' text: false only when the namespace parts or the pod
 * parts cannot both hold (`api/…` and `[namespace with {kubernetes.io/metadata.name NotIn (api)}]/…`,
 * `{app=a}` and `{app=b}`; engine/selector-overlap.ts). One-sided as that is: true may still be disjoint
 * (a namespace by name is not matched against its labels, which only the manifests know).
 */
export function mayOverlapBySelectors(a: AbstractPeer, b: AbstractPeer): boolean {
  return mayOverlap(namespacePart(a), namespacePart(b)) && mayOverlap(a.podSelector, b.podSelector);
}

/** The namespace part as a selector: a name is its name label. */
const namespacePart = (p: AbstractPeer): LabelSelector => (p.namespace !== undefined ? { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace }, expressions: [] } : (p.namespaceSelector ?? EVERYTHING));

/**
 * The requirements of both parts of a peer as one set of keys (`n`/`p` before each requirement's key, op and
 * values), memoised per peer object: `containsBySelectors(outer, inner)` holds exactly when outer's keys are
 * a subset of inner's, so callers that test many pairs can index peers by a key (report/covered-ends.ts).
 */
export function selectorKeys(p: AbstractPeer): ReadonlySet<string> {
  let keys = keysMemo.get(p);
  if (!keys) keysMemo.set(p, (keys = new Set([...namespaceRequirements(p).map((r) => `n\u0000${reqKey(r)}`), ...requirements(p.podSelector).map((r) => `p\u0000${reqKey(r)}`)])));
  return keys;
}

const keysMemo = new WeakMap<AbstractPeer, ReadonlySet<string>>();

/** Does a pod with these labels, in a namespace with these labels, belong to the abstract peer? */
export function abstractPeerMatches(p: AbstractPeer, nsLabels: Labels, podLabels: Labels): boolean {
  const nsOk = p.namespace !== undefined ? nsLabels[NAMESPACE_NAME_LABEL] === p.namespace : matches(p.namespaceSelector ?? EVERYTHING, nsLabels);
  return nsOk && matches(p.podSelector, podLabels);
}

/** Both parts written with matchLabels only (no matchExpressions). */
export function onlyMatchLabels(p: AbstractPeer): boolean {
  return p.podSelector.expressions.length === 0 && (p.namespaceSelector?.expressions.length ?? 0) === 0;
}
