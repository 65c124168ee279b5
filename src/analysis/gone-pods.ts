/**
 * Pods a change probably removes (real-eval 10, E): head drops a NetworkPolicy together with what created or
 * served its pods (its Service, the workload or HelmRelease that makes them), and nothing in head refers to
 * those pods any more. longhorn 6663b975 removed the conversion webhook's Service, containerPort and policy;
 * the pods the policy selected are pods the manifests do not hold (the manager makes them), so without the
 * policy they read as opened to everything: "5100 paths opened", exit 1. Those paths hold only if the pods
 * still run: the report takes them apart (DiffReport.assumedGone), says both readings, and does not fail on
 * them, as it does for a fold's assumption (report/assumed-fold.ts).
 *
 * "Nothing in head refers to them": no head workload's pod template matches the policy's podSelector, no head
 * Service selects pods of it, no head policy selects or names them in a rule, and no head object is named by a
 * label value the selector requires (a HelmRelease or custom resource `weave-gitops` for
 * `app.kubernetes.io/name: weave-gitops`). "Removed together": base had such a Service, workload or named object
 * and head has not. Both are read over this cluster model and the change's other models that may share its
 * cluster (`ChangedObjects`): a Service another target removes is removed with the policy, and one another
 * target's head still deploys is a reference. Only pods the manifests do not hold (region ends) are taken apart:
 * a workload that still carries the labels is a reference, and its paths stay opened.
 */
import type { PairDiff, PeerRef } from '../engine/index.js';
import type { Cluster, LabelSelector, Labels, NetworkPolicy, SourceRef } from '../engine/model.js';
import { matches } from '../engine/selectors.js';
import type { ManifestDocument } from '../manifests/load.js';
import { CALICO_MODEL_KIND_NAMES, POLICY_KIND_NAMES, policyKindAlternatives } from '../manifests/policy-kinds.js';

/** One removed policy whose pods head no longer refers to. */
export interface GonePolicy {
  /** `namespace/name`. */
  readonly policy: string;
  /** Where base defined it. */
  readonly ref: SourceRef;
  /** What head removed with it that created or served its pods: `Service sys/conversion-webhook`, `HelmRelease flux-system/weave-gitops`. */
  readonly removedWith: readonly string[];
}

/** One side as this module reads it. */
export interface GoneSide {
  readonly cluster: Cluster;
  readonly documents: readonly ManifestDocument[];
  readonly rendered?: readonly ManifestDocument[];
}

/**
 * One object a cluster model of the change removes, or another model still deploys (targets/changed-objects.ts): kind,
 * name, namespace as its target places it (absent when nothing does), a Service's selector or a NetworkPolicy's
 * podSelector (the labels it requires), a workload's pod template labels, a NetworkPolicy's rule peers.
 */
export interface ChangedObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly selector?: Labels;
  readonly podLabels?: Labels;
  readonly peers?: readonly Labels[];
}

/**
 * What the change removes from this cluster model and from the others that may share its cluster (kinds the
 * engine does not read, a HelmRelease, included), and what those others' heads still deploy that selects,
 * serves, makes or names pods of a removed policy: a policy's Service may be in another target, and so may
 * what still serves its pods.
 */
export interface ChangedObjects {
  readonly removed: readonly ChangedObject[];
  readonly held: readonly ChangedObject[];
}

/** Policy kinds: objects that refer to pods by selector, never by name. */
export const POLICY_KIND = new RegExp(`^(${policyKindAlternatives([...POLICY_KIND_NAMES, ...CALICO_MODEL_KIND_NAMES])})$`);

/** The removed policies of base whose pods head no longer refers to, with what head removed with them; sorted by policy. */
export function gonePolicies(base: GoneSide, head: GoneSide, elsewhere: ChangedObjects = { removed: [], held: [] }): GonePolicy[] {
  const headPolicies = new Set(head.cluster.policies.map((p) => p.id));
  // Removed policies that select pods by some label value: the rest is read only for them.
  const removed = base.cluster.policies.filter((p) => !headPolicies.has(p.id)).map((policy) => ({ policy, pairs: requiredPairs(policy.podSelector) })).filter((r) => r.pairs.size > 0);
  if (removed.length === 0) return [];
  const headServices = new Set(head.cluster.services.map((s) => `${s.namespace}/${s.name}`));
  const headWorkloads = new Set(head.cluster.workloads.map((w) => w.id));
  // Every object of both sides is read only once some removed policy's pods are referred to by nothing else in head
  // (a policy removed beside its still-deployed workload, the usual case, never needs them).
  const objects = lazy(() => {
    const baseObjects = objectsOf(base);
    const headObjects = objectsOf(head);
    const headKeys = new Set(headObjects.map((o) => `${o.kind}/${o.namespace}/${o.name}`));
    const headNames = new Set(headObjects.filter((o) => !POLICY_KIND.test(o.kind)).map((o) => o.name));
    return { baseObjects, headKeys, headNames };
  });
  const out: GonePolicy[] = [];
  for (const { policy, pairs } of removed) {
    if (referredInHead(policy, pairs, head.cluster, () => objects().headNames)) continue;
    // What another model's head deploys (added or kept) may serve, make or select them too: head still refers to them.
    if (elsewhere.held.some((o) => stillRefers(o, policy, pairs))) continue;
    const removedWith = [
      ...base.cluster.services.filter((s) => s.namespace === policy.namespace && s.selector && refersTo(s.selector, pairs) && !headServices.has(`${s.namespace}/${s.name}`)).map((s) => `Service ${s.namespace}/${s.name}`),
      ...base.cluster.workloads.filter((w) => w.namespace === policy.namespace && matches(policy.podSelector, w.podLabels) && !headWorkloads.has(w.id)).map((w) => `${w.kind} ${w.namespace}/${w.name}`),
      ...objects().baseObjects.filter((o) => !POLICY_KIND.test(o.kind) && o.kind !== 'Service' && [...pairs.values()].includes(o.name) && !objects().headKeys.has(`${o.kind}/${o.namespace}/${o.name}`)).map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`),
    ];
    // What the change removes from this model or another (another target's files, or what its build stops listing).
    removedWith.push(...elsewhere.removed.filter((o) => !POLICY_KIND.test(o.kind) && refersByObject(o, policy, pairs)).map((o) => `${o.kind} ${o.namespace ?? policy.namespace}/${o.name}`));
    const named = [...new Set(removedWith)];
    if (named.length) out.push({ policy: policy.id, ref: policy.ref, removedWith: named });
  }
  return out.sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0));
}

/** Whether a pair has an end among the pods of `gone` (pods the manifests do not hold, in one of those policies' selectors). */
export function goneFilter(gone: readonly GonePolicy[], base: Cluster): (p: PairDiff) => boolean {
  if (gone.length === 0) return () => false;
  const ids = new Set(gone.map((g) => g.policy));
  const policies = base.policies.filter((p) => ids.has(p.id));
  const within = (end: PeerRef) => end.type === 'pods' && policies.some((pol) => end.peer.namespace === pol.namespace && implies(end.peer.podSelector, pol.podSelector));
  return (p) => within(p.src) || within(p.dst);
}

/** The labels a selector requires of every pod it selects: matchLabels, and `In` with one value. */
export function requiredLabels(s: LabelSelector): Labels {
  const out: Record<string, string> = { ...s.matchLabels };
  for (const r of s.expressions) if (r.op === 'In' && r.values.length === 1) out[r.key] = r.values[0];
  return out;
}

/** `key → value` a selector requires of every pod it selects (requiredLabels as a map). */
function requiredPairs(s: LabelSelector): Map<string, string> {
  return new Map(Object.entries(requiredLabels(s)));
}

/** A selector that shares a required label with `pairs` and contradicts none of them: it selects some of those pods. */
function refersTo(selector: Labels | LabelSelector, pairs: ReadonlyMap<string, string>): boolean {
  const own = 'matchLabels' in selector && 'expressions' in selector ? requiredPairs(selector as LabelSelector) : new Map(Object.entries(selector as Labels));
  let shared = false;
  for (const [k, v] of own) {
    const want = pairs.get(k);
    if (want === undefined) continue;
    if (want !== v) return false;
    shared = true;
  }
  return shared;
}

/** Whether head still refers to the pods `policy` selected (see the file comment). */
function referredInHead(policy: NetworkPolicy, pairs: ReadonlyMap<string, string>, head: Cluster, names: () => ReadonlySet<string>): boolean {
  const ns = policy.namespace;
  if (head.workloads.some((w) => w.namespace === ns && matches(policy.podSelector, w.podLabels))) return true;
  if (head.services.some((s) => s.namespace === ns && s.selector && refersTo(s.selector, pairs))) return true;
  // A rule peer naming them from another namespace refers to them too: peers are not narrowed by namespace here.
  const peerRefers = (rules: NetworkPolicy['ingress']) => rules.some((r) => r.peers !== 'any' && r.peers.some((p) => p.kind === 'pods' && refersTo(p.pods, pairs)));
  if (head.policies.some((p) => (p.namespace === ns && refersTo(p.podSelector, pairs)) || peerRefers(p.ingress) || peerRefers(p.egress))) return true;
  const headNames = names();
  return [...pairs.values()].some((v) => headNames.has(v));
}

/** `make()` on the first call, its value after. */
function lazy<T>(make: () => T): () => T {
  let value: { readonly v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/** A changed object that serves, makes or names the pods `policy` selects (namespace-less: taken as in the policy's). */
function refersByObject(o: ChangedObject, policy: NetworkPolicy, pairs: ReadonlyMap<string, string>): boolean {
  if (POLICY_KIND.test(o.kind) || (o.namespace !== undefined && o.namespace !== policy.namespace && o.kind !== 'HelmRelease')) return false;
  if (o.selector) return refersTo(o.selector, pairs);
  if (o.podLabels) return matches(policy.podSelector, o.podLabels);
  return [...pairs.values()].includes(o.name);
}

/** A held object that refers to the pods `policy` selects: as `refersByObject`, and a NetworkPolicy selecting them (same namespace) or naming them in a rule peer (any). */
function stillRefers(o: ChangedObject, policy: NetworkPolicy, pairs: ReadonlyMap<string, string>): boolean {
  if (!POLICY_KIND.test(o.kind)) return refersByObject(o, policy, pairs);
  const here = o.namespace === undefined || o.namespace === policy.namespace;
  return (here && o.selector !== undefined && refersTo(o.selector, pairs)) || (o.peers ?? []).some((p) => refersTo(p, pairs));
}

interface DefinedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Every object a side's documents define (source and rendered), as kind, namespace and name. */
function objectsOf(side: GoneSide): DefinedObject[] {
  const out: DefinedObject[] = [];
  for (const list of [side.documents, side.rendered ?? []]) for (const d of list) for (const o of documentObjects(d)) out.push(o);
  return out;
}

/**
 * A document's objects, read once per document object (weakly): a document's `objects` never change, and a
 * warm process's pushes share the base side's documents, and head's unchanged files give head the same ones.
 */
const readObjects = new WeakMap<ManifestDocument, readonly DefinedObject[]>();

function documentObjects(d: ManifestDocument): readonly DefinedObject[] {
  let out = readObjects.get(d);
  if (out) return out;
  const list: DefinedObject[] = [];
  for (const object of d.objects) {
    // A source document of a render names its objects `Kind/namespace/name in file` (load-kustomized.ts).
    const parts = object.replace(/ in .*$/, '').split('/');
    if (parts.length < 3) continue;
    list.push({ kind: parts[0], namespace: parts.slice(1, -1).join('/'), name: parts[parts.length - 1] });
  }
  readObjects.set(d, (out = list));
  return out;
}

/** Every pod `region` selects is selected by `policy` (its required labels and its expressions, as written, are the region's). */
function implies(region: LabelSelector, policy: LabelSelector): boolean {
  const have = requiredPairs(region);
  for (const [k, v] of Object.entries(policy.matchLabels)) if (have.get(k) !== v) return false;
  return policy.expressions.every((r) => (r.op === 'In' && r.values.length === 1 ? have.get(r.key) === r.values[0] : region.expressions.some((x) => x.key === r.key && x.op === r.op && x.values.join('\0') === r.values.join('\0'))));
}
