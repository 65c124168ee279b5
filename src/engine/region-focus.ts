/**
 * Where a diff's abstract pairs can change: the namespaces a change between base and head reaches
 * (a policy, a workload, a Service or an Ingress backend changed there, or its labels changed, or a changed
 * cluster-scoped part applies there). A pair whose traffic differs has an end touched by the change
 * (engine/touched.ts), and every touched end lies in one of these namespaces, or, where a changed
 * cluster-scoped part applies to namespaces the manifests do not know, in the space of those
 * (`OTHER_NAMESPACES`, outside-subjects.ts); only they need label space cut by every selector; elsewhere
 * the regions need only the cuts that pairs with a touched end can tell apart (regions.ts). `null`: the
 * change reaches beyond namespaces (cluster-wide policies, the pod network), so everything is cut.
 * `equal` decides what changed (default `same`: content without positions).
 */
import type { Cluster, ClusterPolicy, Direction, LabelSelector, NetworkPolicy, Rule, ScopedPolicy, Service } from './model.js';
import { DIRECTIONS, NAMESPACE_NAME_LABEL } from './model.js';
import { byId, keyedChanges } from './keyed-changes.js';
import { OTHER_NAMESPACES, picksOtherNamespace } from './outside-subjects.js';
import { decidingScopes } from './deciding-peers.js';
import { forEachPodPeer } from './policy-pod-peers.js';
import { knownNamespaces } from './regions.js';
import { matches } from './selectors.js';
import { same } from './touched.js';

export function changedNamespaces(base: Cluster, head: Cluster, equal: (x: unknown, y: unknown) => boolean = same): Set<string> | null {
  return regionFocus(base, head, equal).namespaces;
}

/** What `buildRegions` cuts finely for a diff: `changedNamespaces` and `changedSubjects`, found in one pass. */
export interface RegionFocus {
  /** The focus namespaces by name, with `OTHER_NAMESPACES` where a changed cluster-scoped part applies to namespaces the manifests do not know; null: the whole cluster. */
  readonly namespaces: Set<string> | null;
  /** Per focus namespace (`OTHER_NAMESPACES` too) not touched as a whole: the pods whose own rules changed. */
  readonly subjects: Map<string, ChangedSubjects>;
  /**
   * Where the region bound stops a partition short, what cuts first (regions.ts), so that the pods whose own
   * rules changed, and the pods those rules name, stay told apart from the rest: the subjects (namespace part,
   * pod selector) and pod rule peers of the changed cluster-scoped parts, cluster-wide policies and
   * NetworkPolicies, base and head versions (`changedScopes`), then the rule peers of the policies deciding the
   * other end of a changed rule (deciding-peers.ts): a path the change opens needs both ends' admission, so
   * those peers tell the changed policy's pods apart as much as its own selectors do. Always given (empty
   * when no policy changed).
   */
  readonly first?: readonly ChangedScope[];
}

/**
 * A (namespace part, pod selector) that cuts first where the region bound stops a partition short
 * (`RegionFocus.first`): a changed policy's subject or one of its pod rule peers; `own` resolved (the
 * policy's namespace by its name label, or the namespaces a cluster-scoped part applies to).
 */
export interface ChangedScope {
  readonly namespaces: LabelSelector;
  readonly pods: LabelSelector;
}

/** The pods of one namespace whose own NetworkPolicies or Services changed and which way, and whether its workloads changed. */
export interface ChangedSubjects {
  /** The changed policies' `spec.podSelector`s and changed Services' selectors, base and head versions (an empty one: every pod of the namespace). */
  readonly selectors: LabelSelector[];
  /**
   * The directions in which what those policies decide changed (`policyTypes` or the `ingress` / `egress`
   * rules): only pairs in these directions can change at those pods (toward them for ingress, from them
   * for egress).
   */
  readonly directions: Set<Direction>;
  /**
   * The directions of the namespace's rules whose peers can tell pods elsewhere apart on a changed pair:
   * `directions`, or both when a workload of the namespace changed (its new, removed or relabelled pods
   * take every rule of theirs anew).
   */
  readonly peerDirections: Set<Direction>;
  /**
   * Per direction of `directions`, the rules of the changed cluster-scoped parts' copies in it, base and head
   * versions; null where something else changed it too (a NetworkPolicy of the namespace, kept as cut before;
   * a Service: the ingress controller's paths). What a subject's pods' own policies must admit to tell them
   * apart on a changed pair (inside-subjects.ts).
   */
  readonly rules: Record<Direction, Rule[] | null>;
}

/** `changedNamespaces(base, head, equal)` and `changedSubjects(base, head, equal)`, comparing each object once. */
export function regionFocus(base: Cluster, head: Cluster, equal: (x: unknown, y: unknown) => boolean = same): RegionFocus {
  const subjects = new Map<string, ChangedSubjects>();
  // Cluster-scoped NetworkPolicy-tier parts reach namespaces the manifests do not hold, as cluster-wide policies do.
  // Parts compared by id, not as lists: a side of several builds lists them in its builds' order.
  const scoped: ChangedPair<ScopedPolicy>[] = [];
  keyedChanges(base.scopedPolicies ?? [], head.scopedPolicies ?? [], byPartId, equal, (x, y) => scoped.push([x, y]));
  if (!equal(base.clusterPolicies ?? [], head.clusterPolicies ?? []) || !equal(base.podNetwork, head.podNetwork)) return { namespaces: null, subjects, first: changedScopes(base, head, scoped, equal) };
  // Namespaces touched as a whole, and the changed policies (subjects below).
  const whole = new Set<string>();
  const policies: ChangedPair<NetworkPolicy>[] = [];
  const compare = <T extends { readonly namespace: string }>(a: readonly T[], b: readonly T[], key: (x: T) => string, changed: (x: T | undefined, y: T | undefined) => void) =>
    keyedChanges(a, b, key, equal, changed);
  const touchesWhole = <T extends { readonly namespace: string }>(x: T | undefined, y: T | undefined) => whole.add((x ?? y)!.namespace);
  compare(base.policies, head.policies, byId, (x, y) => policies.push([x, y]));
  // A workload is a peer of its own (a class, not a region): the regions of its namespace keep their rules.
  const workloads = new Set<string>();
  compare(base.workloads, head.workloads, byId, (x, y) => workloads.add((x ?? y)!.namespace));
  // A Service steers the ingress controller toward the pods it selects: their ingress changes (below).
  const services: ChangedPair<Service>[] = [];
  compare(base.services, head.services, byName, (x, y) => services.push([x, y]));
  compare(base.ingressBackends, head.ingressBackends, byContent, touchesWhole);
  const labels = (c: Cluster) => new Map(c.namespaces.map((n) => [n.name, n.labels]));
  const [lb, lh] = [labels(base), labels(head)];
  for (const name of new Set([...lb.keys(), ...lh.keys()])) if (!equal(lb.get(name), lh.get(name))) whole.add(name);
  const namespaces = new Set([...whole, ...workloads, ...[...policies, ...services].map(([x, y]) => (x ?? y)!.namespace)]);
  const entry = (namespace: string) => subjects.get(namespace) ?? subjects.set(namespace, { selectors: [], directions: new Set(), peerDirections: new Set(), rules: { ingress: [], egress: [] } }).get(namespace)!;
  // The loader's copies of a changed cluster-scoped part (id: namespace + the part's) change as the part does.
  const partIds = new Set(scoped.map(([x, y]) => (x ?? y)!.policy.id));
  const isCopy = (p: NetworkPolicy) => p.id.startsWith(p.namespace) && partIds.has(p.id.slice(p.namespace.length));
  for (const [x, y] of policies) {
    const namespace = (x ?? y)!.namespace;
    if (whole.has(namespace)) continue;
    const s = entry(namespace);
    for (const p of [x, y]) if (p) s.selectors.push(p.podSelector);
    for (const d of changedDirections(x, y, equal)) changes(s, d, x, y, isCopy((x ?? y)!));
  }
  for (const [x, y] of services) {
    const namespace = (x ?? y)!.namespace;
    if (whole.has(namespace)) continue;
    const s = entry(namespace);
    for (const v of [x, y]) if (v?.selector) s.selectors.push({ matchLabels: v.selector, expressions: [] });
    s.directions.add('ingress');
    s.rules.ingress = null;
  }
  // A changed cluster-scoped part changes its copy in every namespace it applies to (cluster-scope.ts), as a
  // NetworkPolicy changed there would: those namespaces are in the focus with the part's subject as a changed
  // subject; where it applies to namespaces the manifests do not know, so is their space (`OTHER_NAMESPACES`).
  if (scoped.length > 0) {
    const known = knownNamespaces([base, head]);
    for (const [x, y] of scoped) {
      const directions = scopedDirections(x, y, equal);
      if (directions.length === 0) continue;
      const applies = [x, y].flatMap((v) => (v ? [v.namespaces] : []));
      const add = (namespace: string) => {
        namespaces.add(namespace);
        if (whole.has(namespace)) return;
        const s = entry(namespace);
        for (const v of [x, y]) if (v) s.selectors.push(v.policy.podSelector);
        for (const d of directions) changes(s, d, x?.policy, y?.policy, true);
      };
      for (const [name, labelSets] of known) if (applies.some((n) => labelSets.some((l) => matches(n, l)))) add(name);
      if (applies.some((n) => picksOtherNamespace(n, known))) add(OTHER_NAMESPACES);
    }
  }
  for (const namespace of workloads) if (!whole.has(namespace)) entry(namespace);
  for (const [namespace, s] of subjects) for (const d of workloads.has(namespace) ? DIRECTIONS : s.directions) s.peerDirections.add(d);
  return { namespaces, subjects, first: changedScopes(base, head, scoped, equal, policies) };
}

/**
 * Notes that `x` and `y` (base and head versions of a policy) change `s`'s pods in direction `d`, by their `d`
 * rules where `scoped` (a cluster-scoped part's copy), else by rules left unread (null: every own policy
 * isolating `d` cuts, as before the parts had a focus; inside-subjects.ts).
 */
function changes(s: ChangedSubjects, d: Direction, x: NetworkPolicy | undefined, y: NetworkPolicy | undefined, scoped: boolean): void {
  s.directions.add(d);
  const rules = s.rules[d];
  if (!scoped) s.rules[d] = null;
  else if (rules) for (const p of [x, y]) if (p) rules.push(...p[d]);
}

/** A keyed object's base and head versions (undefined: absent on that side). */
type ChangedPair<T> = readonly [T | undefined, T | undefined];

const byPartId = (s: ScopedPolicy): string => s.policy.id;

/**
 * The directions in which two versions of a cluster-scoped part decide differently in a namespace one of
 * them applies to: its copy's (`changedDirections`), or where the namespaces it applies to changed, every
 * direction either version isolates (a namespace then has the part on one side only).
 */
function scopedDirections(x: ScopedPolicy | undefined, y: ScopedPolicy | undefined, equal: (x: unknown, y: unknown) => boolean): Direction[] {
  if (x && y && !equal(x.namespaces, y.namespaces)) return DIRECTIONS.filter((d) => x.policy.affects[d] || y.policy.affects[d]);
  return changedDirections(x?.policy, y?.policy, equal);
}

/**
 * `RegionFocus.first`: what the changed policies tell apart, both versions, in first-seen order — the subjects and
 * pod rule peers of the cluster-scoped parts `scoped` (changed, by policy id), of the cluster-wide policies and of
 * the NetworkPolicies (by id) that differ (`policies`, where the focus compared them already). A pair a change opens has its ends among them (bjw-s/home-ops 6cd6b07d4:
 * a new CiliumNetworkPolicy beside a changed CCNP opened dragonfly-operator → `[dragonflydb.io/cluster Exists]` on
 * TCP 9999, which the bound merged away while only the subjects cut first). Then, of the changed NetworkPolicy-tier
 * parts' and cluster-wide policies' rules, the other ends' deciders' peers (deciding-peers.ts `decidingScopes`).
 */
function changedScopes(
  base: Cluster,
  head: Cluster,
  scoped: readonly ChangedPair<ScopedPolicy>[],
  equal: (x: unknown, y: unknown) => boolean,
  policies?: readonly ChangedPair<NetworkPolicy>[],
): ChangedScope[] {
  const out: ChangedScope[] = [];
  const named = (namespace: string): LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace }, expressions: [] });
  const peers = (p: NetworkPolicy, own: LabelSelector) => forEachPodPeer(p, own, (namespaces, pods) => out.push({ namespaces, pods }));
  for (const [x, y] of scoped) {
    for (const s of [x, y]) if (s) out.push({ namespaces: s.namespaces, pods: s.policy.podSelector });
    for (const s of [x, y]) if (s) peers(s.policy, s.namespaces);
  }
  const cluster: ClusterPolicy[] = [];
  keyedChanges(base.clusterPolicies ?? [], head.clusterPolicies ?? [], byId, equal, (x, y) => {
    for (const p of [x, y]) if (p) cluster.push(p);
    for (const p of [x, y]) if (p) out.push(p.subject);
    for (const p of [x, y]) for (const d of DIRECTIONS) for (const r of p?.[d] ?? []) for (const peer of r.peers) if (peer.kind === 'pods') out.push({ namespaces: peer.namespaces, pods: peer.pods });
  });
  // The changed NetworkPolicy-tier parts (both versions), whose rules' other ends' deciders cut after them (deciding-peers.ts).
  const changed: { policy: NetworkPolicy; namespaces: LabelSelector }[] = [];
  for (const [x, y] of scoped) for (const s of [x, y]) if (s) changed.push({ policy: s.policy, namespaces: s.namespaces });
  const policy = (x: NetworkPolicy | undefined, y: NetworkPolicy | undefined) => {
    for (const p of [x, y]) if (p) out.push({ namespaces: named(p.namespace), pods: p.podSelector });
    for (const p of [x, y]) if (p) peers(p, named(p.namespace));
    for (const p of [x, y]) if (p) changed.push({ policy: p, namespaces: named(p.namespace) });
  };
  if (policies) for (const [x, y] of policies) policy(x, y);
  else keyedChanges(base.policies, head.policies, byId, equal, policy);
  if (changed.length > 0 || cluster.length > 0) out.push(...decidingScopes([base, head], changed, knownNamespaces([base, head]), cluster));
  return out;
}

/**
 * The directions in which two versions of a policy (undefined: absent on that side) decide differently for
 * the pods they select: every direction either isolates when the pod selector differs, else those whose
 * isolation (`policyTypes`) or rules differ. A direction neither version isolates decides nothing.
 */
function changedDirections(x: NetworkPolicy | undefined, y: NetworkPolicy | undefined, equal: (x: unknown, y: unknown) => boolean): Direction[] {
  return DIRECTIONS.filter((d) => {
    if (!x?.affects[d] && !y?.affects[d]) return false;
    if (x === undefined || y === undefined || !equal(x.podSelector, y.podSelector)) return true;
    return x.affects[d] !== y.affects[d] || !equal(x[d], y[d]);
  });
}

/**
 * Of the namespaces `changedNamespaces` gives, those where only NetworkPolicies, Services and workloads
 * changed, each with the pod selectors (`spec.podSelector`) of its changed policies and the selectors of
 * its changed Services, base and head versions — the pods whose own rules changed, or whom the ingress
 * controller reaches otherwise (an ingress change) — and the directions they changed in. A workload is a
 * peer of its own, never a region, so a changed workload leaves its namespace's regions as they were; its
 * rules' peers cut other namespaces in both directions (`peerDirections`). A namespace whose Ingress
 * backends or labels changed is left out (it is touched as a whole). Outside those selectors the namespace's pods keep
 * their rules, so their pairs can change only toward a touched end elsewhere, and their regions need only
 * the cuts of a namespace outside the focus; inside, only the cuts that pairs in the changed directions can
 * tell apart (regions.ts `buildRegions`). Empty when the change reaches beyond namespaces
 * (`changedNamespaces` is null).
 */
export function changedSubjects(base: Cluster, head: Cluster, equal: (x: unknown, y: unknown) => boolean = same): Map<string, ChangedSubjects> {
  return regionFocus(base, head, equal).subjects;
}

const byName = (x: { readonly namespace: string; readonly name: string }) => `${x.namespace}/${x.name}`;
const byContent = (x: { readonly namespace: string; readonly ref?: unknown }) => `${x.namespace}/${JSON.stringify({ ...x, ref: undefined })}`;
