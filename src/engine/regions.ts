/**
 * Regions of label space: every pod that could exist, cut into the parts that no selector of the given
 * clusters (base and head of a diff) tells apart. A region is a namespace part (a namespace the
 * manifests know by name, or a part of the space of other namespaces and their labels) times a part of
 * pod label space. The evaluator runs over one representative pod per region like over any class, so a
 * region's verdicts are those of every pod in it; regions without a real workload are the abstract
 * peers. Named container ports of such pods are unknown (see AbstractPortNames in abstract-conns.ts).
 */
import type { AbstractPeer } from './abstract-peers.js';
import { abstractPeer } from './abstract-peers.js';
import { scopedCopy } from './cluster-scope.js';
import type { Part } from './label-partition.js';
import { partitionLabels } from './label-partition.js';
import { insideSubjectFilter } from './inside-subjects.js';
import { OTHER_NAMESPACES, outsideSubjectFilter, picksOtherNamespace } from './outside-subjects.js';
import { forEachPodPeer } from './policy-pod-peers.js';
import type { FixedCandidates } from './region-namer.js';
import { fixedCandidates, regionNamer } from './region-namer.js';
import type { ChangedScope, ChangedSubjects } from './region-focus.js';
import type { RegionCut } from './region-names.js';
import { exactRegionName, exceptionsForPart, holdsPartLess, prefixRegionName, selectorWithin } from './region-names.js';
import type { OtherNamespacesCut } from './region-wholeness.js';
import { wholeRegionsHolder } from './region-wholeness.js';
import type { Cluster, Direction, LabelSelector, Labels, NetworkPolicy, ScopedPolicy } from './model.js';
import { DIRECTIONS, NAMESPACE_NAME_LABEL, OPPOSITE } from './model.js';
import { EVERYTHING, isEmptySelector, matches } from './selectors.js';
import { selectorKey } from './selector-key.js';
import type { RelatedPeer } from './tier-related-namespaces.js';
import { isRelatedPeer, relatedNamespaceCuts } from './tier-related-namespaces.js';
import { groupBy } from './group-by.js';

export interface Region {
  readonly index: number;
  /** The namespace by name (`known`), or an internal name (`~ns<k>`) for a part of the other namespaces. */
  readonly namespace: string;
  readonly known: boolean;
  /** For a part of the other namespaces: representative labels (with its name label). */
  readonly nsLabels: Labels | null;
  /** Representative pod labels. */
  readonly podLabels: Labels;
  /**
   * How many of the selectors that cut it (pod and namespace parts) hold the region: 0 for the pods no
   * selector names, 1 for a selector's own pods, more for label combinations of several selectors. The
   * region pair bound keeps the pairs of the most direct regions first (region-pair-budget.ts).
   */
  readonly matchedSelectors: number;
}

export interface RegionSet {
  readonly regions: readonly Region[];
  /** The region of a pod of a namespace the manifests know, by its labels (undefined when the bound cut the partition short). */
  locate(namespace: string, podLabels: Labels): number | undefined;
  /** A name for people: the most specific abstract peer of the policies (rule peer, policy subject, namespace) holding the region. */
  nameOf(region: number): AbstractPeer;
  /**
   * Where `nameOf(region)` also holds other regions (a region no single selector says, a union of boxes:
   * `{k Exists}` less `{app=a,env=a}`), those regions' names, so that `nameOf (except …)` holds exactly the
   * region; empty when the name is exact, when it or the others' names split a region (region-wholeness.ts),
   * or when it holds more than MAX_EXCEPT_REGIONS regions (at most MAX_REGION_EXCEPT names). In a known
   * namespace cut in full the result is checked box by box against the region's cut, and where the name
   * less them holds other pods, replaced by the fewest of the namespace's other regions' names and cutting
   * selectors that take those out (none found: as before).
   */
  exceptOf(region: number): readonly AbstractPeer[];
  /**
   * The regions whose pods an abstract peer holds (its namespace part and pod selector match them), in
   * region order; with `namespace` (a `Region.namespace`), only those of that namespace part: the same
   * list filtered, found without looking at the other namespaces (not kept).
   */
  heldBy(peer: AbstractPeer, namespace?: string): readonly number[];
  /**
   * Whether `heldBy(peer)` is exactly the peer's pods: its selectors cut every part of label space it
   * reaches, so no region holds some of its pods and others too. False for a selector that a diff's
   * focus did not cut with (a rule peer of a policy outside the namespaces the change reaches): a region
   * outside the focus may hold some of its pods (their traffic did not change) under a representative it
   * does not match.
   */
  holdsExactly(peer: AbstractPeer): boolean;
  /** The bound was reached: some parts were not cut by every selector, so the analysis may miss paths. */
  readonly incomplete: boolean;
  /**
   * Where the bound was reached: the `Region.namespace` of each partition cut short (a known namespace's name,
   * `~ns<k>` for a part of the other namespaces: all of them when the namespace space itself was cut short).
   * Its regions may each hold pods that the selectors left uncut tell apart. Empty when `incomplete` is false.
   */
  readonly incompleteIn: ReadonlySet<string>;
  readonly maxBoxes: number;
}

/** Per partition (the other-namespace space, or one namespace's pod space): boxes allowed before giving up. */
export const DEFAULT_MAX_BOXES = 4096;

/**
 * Regions of one diff in all, over every partition: a partition cut after the budget is spent gets
 * MIN_PART_BOXES at most (its cut stops there, `incomplete`, as at `maxBoxes`). Twenty namespaces each
 * cut by a dozen opt-in labels of cluster-wide policies made 60,272 regions and ran a 4 GB heap out
 * (deedee-ops/home-ops 524e0db4); the generated 100,000-workload repository needs 3,870.
 */
export const DEFAULT_MAX_REGIONS = 8192;
const MIN_PART_BOXES = 64;

interface PodPeerSelectors {
  /** `own` (the policy's namespace) resolved to the namespace name. */
  readonly namespaces: { readonly name: string } | LabelSelector;
  readonly pods: LabelSelector;
  /**
   * The directions of the rules that use it (`ingress`: a rule peer that sources match, `egress`: one
   * that destinations match); both for a cluster-scoped policy's subject.
   */
  readonly directions: Set<Direction>;
  /**
   * Only a cluster-scoped part's subject: it cuts the other namespaces' space, never a known namespace, where the
   * part's copy cuts as the namespace's own policy does (`ownPolicies`).
   */
  otherOnly: boolean;
}

/**
 * Every distinct (namespace part, pod selector) that a rule peer of any cluster uses, and the subjects of
 * the cluster-scoped policies (a NetworkPolicy's subject is its namespace's pod selector, added per namespace).
 * `focus`: only the peers of the rules of these namespaces' policies, in the directions given per namespace.
 */
function rulePeers(clusters: readonly Cluster[], focus: ReadonlyMap<string, ReadonlySet<Direction>> | null): PodPeerSelectors[] {
  // In the order the policies use them; a related peer (sameLabels / notSameLabels) is cut once every
  // cutting namespace selector is known (relatedCuts).
  const used: { readonly peer: Omit<PodPeerSelectors, 'directions' | 'otherOnly'> | RelatedPeer; readonly directions: readonly Direction[]; readonly otherOnly?: true }[] = [];
  // Head holds base's very policy objects for unchanged files: a policy met again adds peers already met in
  // the same directions (it moves no key and adds no direction), so it is skipped, unless related peers
  // are cut (relatedCutValues reads every peer used).
  const seen = clusters.some((c) => (c.clusterPolicies ?? []).length > 0) ? undefined : new Set<Cluster['policies'][number]>();
  for (const cluster of clusters) {
    for (const policy of cluster.policies) {
      if (seen) {
        if (seen.has(policy)) continue;
        seen.add(policy);
      }
      // With a focus, only the rule peers of the focus namespaces' policies, in their changed directions (buildRegions).
      const directions = focus ? focus.get(policy.namespace) : BOTH;
      if (!directions) continue;
      forEachPodPeer(policy, { name: policy.namespace }, (namespaces, pods, direction) => used.push({ peer: { namespaces, pods }, directions: [direction] }), directions);
    }
    // Cluster-scoped NetworkPolicy-tier parts select pods of any namespace, as cluster-wide policies do, and
    // their rules apply there: their subjects and rule peers cut whatever the focus (cluster-scope.ts).
    for (const scoped of cluster.scopedPolicies ?? []) {
      const policy = scoped.policy;
      used.push({ peer: { namespaces: scoped.namespaces, pods: policy.podSelector }, directions: DIRECTIONS, otherOnly: true });
      // `own` (a generated NetworkPolicy's peer of its own namespace): pods of each namespace the part is copied into.
      forEachPodPeer(policy, scoped.namespaces, (namespaces, pods, direction) => used.push({ peer: { namespaces, pods }, directions: [direction] }), DIRECTIONS, true);
    }
    for (const policy of cluster.clusterPolicies ?? []) {
      used.push({ peer: { namespaces: policy.subject.namespaces, pods: policy.subject.pods }, directions: DIRECTIONS });
      for (const direction of DIRECTIONS) {
        for (const rule of policy[direction]) {
          for (const peer of rule.peers) {
            if (peer.kind === 'pods') used.push({ peer: { namespaces: peer.namespaces, pods: peer.pods }, directions: [direction] });
            else if (isRelatedPeer(peer)) used.push({ peer, directions: [direction] });
          }
        }
      }
    }
  }
  const out = new Map<string, PodPeerSelectors>();
  const add = (namespaces: PodPeerSelectors['namespaces'], pods: LabelSelector, directions: readonly Direction[], otherOnly = false) => {
    const key = peerKey({ namespaces, pods });
    const known = out.get(key);
    if (known) {
      for (const d of directions) known.directions.add(d);
      known.otherOnly &&= otherOnly;
    } else out.set(key, { namespaces, pods, directions: new Set(directions), otherOnly });
  };
  // Only related peers (cluster-wide policies' sameLabels / notSameLabels) need the values they are cut at.
  const values = used.some((u) => 'kind' in u.peer) ? relatedCutValues(clusters, used.map((u) => u.peer)) : [];
  for (const { peer: u, directions, otherOnly } of used) {
    if ('kind' in u) for (const ns of relatedNamespaceCuts(u, values)) add(ns, u.pods, directions);
    else add(u.namespaces, u.pods, directions, otherOnly);
  }
  return [...out.values()];
}

/**
 * The values a related peer's keys are cut at: the known namespaces' labels, and one `{key: value}` per
 * value a cutting namespace selector names (matchLabels, In / NotIn). Without the latter a region such as
 * "env exists, but not {env=a, tier=a}" would hold namespaces with env=a (the same env as an env=a
 * subject) and others (a different one), and its one representative could not stand for both.
 */
function relatedCutValues(clusters: readonly Cluster[], used: readonly (Omit<PodPeerSelectors, 'directions' | 'otherOnly'> | RelatedPeer)[]): Labels[] {
  const out = clusters.flatMap((c) => c.namespaces.map((n) => n.labels));
  for (const u of used) {
    if ('kind' in u || 'name' in u.namespaces) continue;
    for (const [k, v] of Object.entries(u.namespaces.matchLabels)) out.push({ [k]: v });
    for (const e of u.namespaces.expressions) if (e.op === 'In' || e.op === 'NotIn') for (const v of e.values) out.push({ [e.key]: v });
  }
  return out;
}

/**
 * Per list of objects, the distinct namespaces they name, in the order first met, with the list's length then
 * (a list that grew since is read again). A diff asks `knownNamespaces` of base and head several times (the
 * region focus, the regions, the diff), and a warm process asks again of the same base at every push: its
 * 10,000 workloads are read once, not at every call.
 */
const namespacesOfList = new WeakMap<readonly { readonly namespace: string }[], { readonly length: number; readonly names: readonly string[] }>();

function objectNamespaces(list: readonly { readonly namespace: string }[]): readonly string[] {
  const known = namespacesOfList.get(list);
  if (known && known.length === list.length) return known.names;
  const names = [...new Set(list.map((x) => x.namespace))];
  namespacesOfList.set(list, { length: list.length, names });
  return names;
}

/** Namespaces known by name on some side: defined, holding workloads, or holding policies or Services. */
export function knownNamespaces(clusters: readonly Cluster[]): Map<string, Labels[]> {
  const known = new Map<string, Labels[]>();
  const add = (name: string, labels?: Labels) => {
    let list = known.get(name);
    if (!list) known.set(name, (list = []));
    if (labels) list.push(labels);
  };
  // Objects without labels only make their namespace known (no list of every object is built).
  const note = (name: string) => {
    if (!known.has(name)) known.set(name, []);
  };
  for (const c of clusters) {
    for (const ns of c.namespaces) add(ns.name, ns.labels);
    // Each list's distinct namespaces in the order first met: the same names become known in the same order.
    for (const list of [c.workloads, c.policies, c.services]) for (const name of objectNamespaces(list)) note(name);
  }
  // A namespace no manifest of some side defines carries only its name label there.
  for (const [name, list] of known) if (list.length < clusters.length) list.push({ [NAMESPACE_NAME_LABEL]: name });
  return known;
}

/** Per list of objects, the list grouped by namespace, with the list's length then (see `namespacesOfList`). */
const groupedLists = new WeakMap<readonly { readonly namespace: string }[], { readonly length: number; readonly groups: ReadonlyMap<string, readonly { readonly namespace: string }[]> }>();

/**
 * `xs` grouped by namespace (group-by.ts `groupBy`), once per list: base's policies and Services are grouped
 * once per warm process, not at every push. The groups are shared: callers must not change them.
 */
function byNamespaceOnce<T extends { readonly namespace: string }>(xs: readonly T[]): ReadonlyMap<string, readonly T[]> {
  const known = groupedLists.get(xs);
  if (known && known.length === xs.length) return known.groups as ReadonlyMap<string, readonly T[]>;
  const groups = groupBy(xs, (x) => x.namespace);
  groupedLists.set(xs, { length: xs.length, groups });
  return groups;
}

/**
 * A cluster's NetworkPolicy-tier parts by namespace, with the copies of its cluster-scoped parts in the known
 * namespaces it holds none of (a part of another build of the side), the very copies the evaluation uses
 * (cluster-scope.ts `scopedCopy`; a known namespace's name is the copy's id prefix, whatever its labels): such a copy cuts its namespace as the namespace's own policy
 * does, outside the focus only where it can tell pods apart (outside-subjects.ts), never as a rule peer of
 * every namespace (bjw-s/home-ops 6cd6b07d4: 15 opt-in parts cut every namespace and the bound merged the
 * pods a new CiliumNetworkPolicy opened).
 */
function ownPolicies(c: Cluster, known: ReadonlyMap<string, Labels[]>): ReadonlyMap<string, readonly NetworkPolicy[]> {
  const grouped = byNamespaceOnce(c.policies);
  const scoped = c.scopedPolicies ?? [];
  if (scoped.length === 0) return grouped;
  const byNamespace = new Map([...grouped].map(([name, list]) => [name, [...list]]));
  const ids = new Set(c.policies.map((p) => p.id));
  for (const [name, labelSets] of known) {
    for (const s of scoped) {
      const id = name + s.policy.id;
      if (ids.has(id) || !labelSets.some((l) => matches(s.namespaces, l))) continue;
      (byNamespace.get(name) ?? byNamespace.set(name, []).get(name)!).push(scopedCopy(s, { name, labels: {} }));
    }
  }
  return byNamespace;
}

/**
 * With a focus, which focus peers cut the space of the namespaces the manifests do not know: every rule peer, and
 * a cluster-scoped part's subject (an `otherOnly` peer) only where one of the parts with that subject can tell the
 * pods there apart on a changed pair. The space is a namespace whose policies are the parts that can apply there:
 * outside-subjects.ts decides for a pair with a touched pod elsewhere, inside-subjects.ts inside the subject of a
 * changed part (the space as `OTHER_NAMESPACES`). A part isolating every pod (`podSelector: {}`) counts as isolating
 * the whole space only when it applies to every namespace (its namespace selector is empty). Every peer where no
 * changed part reaches the space, or without a focus.
 */
function otherSubjectFilter(
  clusters: readonly Cluster[],
  known: ReadonlyMap<string, Labels[]>,
  focus: ReadonlySet<string> | null,
  focusDirections: ReadonlyMap<string, ReadonlySet<Direction>>,
  subjects: ReadonlyMap<string, ChangedSubjects> | undefined,
): (peer: PodPeerSelectors) => boolean {
  // Only where a changed part reaches the space (its focus): elsewhere every subject cuts, as before.
  if (!focus || !subjects?.has(OTHER_NAMESPACES)) return () => true;
  const applies = (s: ScopedPolicy) => picksOtherNamespace(s.namespaces, known) && (!isEmptySelector(s.policy.podSelector) || isEmptySelector(s.namespaces));
  const sides = clusters.map((c) => new Map([[OTHER_NAMESPACES, (c.scopedPolicies ?? []).filter(applies).map((s) => s.policy)]]));
  const outside = outsideSubjectFilter(sides, focusDirections, known);
  const cuts = insideSubjectFilter(sides, subjects, outside);
  // The parts by their subject's key: an `otherOnly` peer is a subject (and its namespace part).
  const bySubject = new Map<string, NetworkPolicy[]>();
  for (const c of clusters) for (const s of c.scopedPolicies ?? []) {
    const key = peerKey({ namespaces: s.namespaces, pods: s.policy.podSelector });
    (bySubject.get(key) ?? bySubject.set(key, []).get(key)!).push(s.policy);
  }
  return (peer) => !peer.otherOnly || (bySubject.get(peerKey(peer)) ?? []).some((p) => cuts(OTHER_NAMESPACES, p));
}


/**
 * Rule peers indexed by the namespace they name and by their distinct namespace selectors: the peers that
 * can pick pods of a namespace (by its name and label sets) are found without testing every peer; in
 * the list's order.
 */
function peerIndex(peers: readonly PodPeerSelectors[]) {
  const byName = new Map<string, number[]>();
  const bySelector = new Map<string, { readonly selector: LabelSelector; readonly at: number[] }>();
  // A known namespace is cut by the peers that can pick it, but a cluster-scoped subject only by its copy there.
  const inKnown = new Set<number>();
  peers.forEach((peer, i) => {
    if (!peer.otherOnly) inKnown.add(i);
    const ns = peer.namespaces;
    if ('name' in ns) {
      (byName.get(ns.name) ?? byName.set(ns.name, []).get(ns.name)!).push(i);
      return;
    }
    const key = selectorKey(ns);
    (bySelector.get(key) ?? bySelector.set(key, { selector: ns, at: [] }).get(key)!).at.push(i);
  });
  const pick = (at: number[]) => at.sort((a, b) => a - b).map((i) => peers[i]);
  const selected = (labelSets: readonly Labels[]) => {
    const at: number[] = [];
    for (const g of bySelector.values()) if (labelSets.some((l) => matches(g.selector, l))) at.push(...g.at);
    return at;
  };
  return {
    /** Peers whose namespace part picks the namespace `name` with these label sets. */
    inNamespace: (name: string, labelSets: readonly Labels[]) => pick([...(byName.get(name) ?? []), ...selected(labelSets)].filter((i) => inKnown.has(i))),
    /** Peers with a namespace selector that picks a namespace with these label sets. */
    bySelector: (labelSets: readonly Labels[]) => pick(selected(labelSets)),
  };
}

const BOTH: ReadonlySet<Direction> = new Set(DIRECTIONS);

function meets(a: ReadonlySet<Direction>, b: ReadonlySet<Direction>): boolean {
  for (const d of a) if (b.has(d)) return true;
  return false;
}

function directionsKey(directions: ReadonlySet<Direction>): string {
  return DIRECTIONS.filter((d) => directions.has(d)).join(',');
}

function peerKey(p: Omit<PodPeerSelectors, 'directions' | 'otherOnly'>): string {
  return `${'name' in p.namespaces ? `=${p.namespaces.name}` : selectorKey(p.namespaces)}\u0004${selectorKey(p.pods)}`;
}

/** `selectors` with those among `changed` (by key) first, both in their order; the very list when that moves none. */
function changedFirst(selectors: LabelSelector[], changed: readonly LabelSelector[]): LabelSelector[] {
  if (changed.length === 0) return selectors;
  const keys = new Set(changed.map(selectorKey));
  const moved = [...selectors.filter((x) => keys.has(selectorKey(x))), ...selectors.filter((x) => !keys.has(selectorKey(x)))];
  return moved.some((x, i) => x !== selectors[i]) ? moved : selectors;
}

function dedupe(selectors: readonly LabelSelector[]): LabelSelector[] {
  const seen = new Map<string, LabelSelector>();
  for (const s of selectors) if (!isEmptySelector(s)) seen.set(selectorKey(s), s);
  return [...seen.values()];
}

/**
 * Regions for evaluating `clusters` together (a diff's base and head): the same list for both sides, so
 * a region is one peer on both. Selectors used: policy pod selectors, rule peers (namespace and pod
 * parts), Service selectors.
 *
 * `focus` (a diff: region-focus.ts `changedNamespaces`): the namespaces the change reaches. Label space
 * there is cut by every selector, as without focus; elsewhere only by what a pair with an end in a
 * focus namespace can tell apart — the pod selectors of the namespace's own policies (what selects
 * the pod) and the rule peers of the focus namespaces' policies (what the changed side admits or
 * reaches; of a namespace in `subjects`, only its rules in the directions that changed there, since its
 * pods' pairs in the other direction keep their traffic). A pair between two regions outside the focus
 * has the same traffic on both sides, so the coarser cut there changes no reported pair and keeps the
 * cost near the workloads' own.
 *
 * `subjects` (region-focus.ts `changedSubjects`): focus namespaces where only policies changed, with the
 * pod selectors of those policies and the directions they changed in. Only the pods they select have new
 * rules there; the rest of the namespace is cut as outside the focus, for the same reason. Inside, only
 * pairs in a changed direction can change: pods whose egress changed are cut by the selectors that tell
 * sources apart (the ingress rules' peers that can pick them), pods whose ingress changed by those that
 * tell destinations apart (the egress rules' peers, and the Services that steer the ingress controller),
 * besides what cuts them outside the focus.
 */
export function buildRegions(
  clusters: readonly Cluster[],
  maxBoxes = DEFAULT_MAX_BOXES,
  focus: ReadonlySet<string> | null = null,
  subjects?: ReadonlyMap<string, ChangedSubjects>,
  maxRegions = DEFAULT_MAX_REGIONS,
  first: readonly ChangedScope[] = [],
): RegionSet {
  const known = knownNamespaces(clusters);
  // The pod selectors of the changed cluster-scoped subjects (`first`) whose namespace part picks a namespace of these label sets.
  const firstIn = (labelSets: readonly Labels[]) => first.filter((f) => labelSets.some((l) => matches(f.namespaces, l))).map((f) => f.pods);
  const peers = rulePeers(clusters, null);
  // A focus namespace's peers cut others only in the directions its pods' rules may have changed (all, unless only its policies changed).
  const focusDirections = new Map([...(focus ?? [])].map((n) => [n, subjects?.get(n)?.peerDirections ?? BOTH]));
  const focusPeers = focus ? rulePeers(clusters, focusDirections) : peers;
  const regions: Region[] = [];
  const cells = new Map<string, Cell>();
  let incomplete = false;
  // RegionSet.incompleteIn.
  const shortIn = new Set<string>();
  // The boxes the next partition may cut: `maxBoxes`, less once the regions so far near `maxRegions`.
  const partBound = () => Math.min(maxBoxes, Math.max(MIN_PART_BOXES, maxRegions - regions.length));
  // How each region was cut: for exact names. Where the bound cut the partition short (`prefix`), its pod
  // part by the selectors applied before it (prefixRegionName names such a region).
  const cuts = new Map<number, { pods: RegionCut; namespaces: RegionCut | string; prefix?: true }>();
  // Per namespace, the pod selectors that cut it, in the order met (clusters' policies and Services, then
  // rule peers): indexed once, so each namespace looks only at its own.
  const own = clusters.map((c) => ({ policies: ownPolicies(c, known), services: byNamespaceOnce(c.services) }));
  const allIndex = peerIndex(peers);
  const focusIndex = focus ? peerIndex(focusPeers) : allIndex;
  // Outside the focus, only the own policies that can tell pods apart on a pair with a touched pod (outside-subjects.ts).
  const ownCuts = focus ? outsideSubjectFilter(own.map((c) => c.policies), focusDirections, known) : () => true;
  // Inside a focus namespace's changed subjects, only the own policies that can tell pods apart on a changed pair (inside-subjects.ts).
  const insideCuts = focus && subjects ? insideSubjectFilter(own.map((c) => c.policies), subjects, ownCuts) : () => true;
  // Regions of a focus namespace outside its changed subjects, cut as outside the focus (named likewise).
  const coarse = new Set<number>();
  // Regions inside changed subjects cut for some directions' peers only: those directions, to name them by.
  const directed = new Map<number, ReadonlySet<Direction>>();
  for (const [name, labelSets] of [...known].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cutByAll = !focus || focus.has(name);
    const changed = cutByAll && focus ? subjects?.get(name) : undefined;
    // Own subjects, then (`all`) the Services when destinations are told apart and the peers of rules in
    // `directions`, or (not `all`) the focus namespaces' peers.
    const selectorsOf = (all: boolean, directions: ReadonlySet<Direction> = BOTH) => {
      const selectors: LabelSelector[] = [];
      for (const c of own) {
        for (const p of c.policies.get(name) ?? []) if (all ? insideCuts(name, p) : ownCuts(name, p)) selectors.push(p.podSelector);
        if (all && directions.has('egress')) for (const s of c.services.get(name) ?? []) if (s.selector) selectors.push({ matchLabels: s.selector, expressions: [] });
      }
      for (const peer of (all ? allIndex : focusIndex).inNamespace(name, labelSets)) if (!all || meets(peer.directions, directions)) selectors.push(peer.pods);
      // The focus namespaces' peers cut every pod of a focus namespace, whichever way its own rules changed.
      if (all && directions !== BOTH) for (const peer of focusIndex.inNamespace(name, labelSets)) selectors.push(peer.pods);
      // The changed subjects cut their namespace whatever own policies do (inside-subjects.ts may leave theirs out).
      if (all && changed) selectors.push(...changed.selectors);
      return dedupe(selectors);
    };
    // Inside changed subjects, a pod whose egress changed is told apart as a source (by ingress rules' peers), and the reverse.
    const cutting = changed && changed.directions.size < DIRECTIONS.length ? new Set(DIRECTIONS.filter((d) => changed.directions.has(OPPOSITE[d]))) : BOTH;
    let distinct = selectorsOf(cutByAll, cutting);
    const bound = partBound();
    let pods = partitionLabels(distinct, bound);
    if (pods.incomplete) {
      // Short of the bound, the changed policies' own selectors cut first (a changed cluster-scoped part's where
      // it reaches this namespace), with the changed rules' peers and their other ends' deciders' peers that pick
      // this namespace (region-focus.ts `first`): the change's own regions (a renamed selector value's old and new
      // pods, the pods a changed rule's other end admits) are then told apart, whatever the bound leaves uncut.
      const moved = changedFirst(distinct, changed ? [...changed.selectors, ...firstIn(labelSets)] : firstIn(labelSets));
      if (moved !== distinct) {
        distinct = moved;
        pods = partitionLabels(distinct, bound);
      }
    }
    const everyPod = changed?.selectors.some(isEmptySelector) ?? false;
    const coarseOf = () => (changed && !everyPod ? coarseCut(dedupe([...selectorsOf(false), ...changed.selectors]), changed.selectors, bound) : undefined);
    let outside = pods.incomplete ? undefined : coarseOf();
    // Indices (into `distinct`) of the changed subjects' selectors when only their pods were cut finely.
    let within: readonly number[] | undefined;
    if (pods.incomplete && changed && !everyPod) {
      // The whole pod space is cut only to keep the parts inside the changed subjects (the rest is the
      // coarse cut's): cut only inside them, the bound then counting only the boxes kept. The pods of a
      // renamed selector among ~30 policies of other keys fit; the namespace's product of keys does not.
      const coarser = coarseOf();
      const at = coarser ? distinct.flatMap((x, i) => (coarser.touchedKeys.has(selectorKey(x)) ? [i] : [])) : [];
      const finer = coarser && at.length === coarser.touchedKeys.size ? partitionLabels(distinct, bound, undefined, at) : undefined;
      if (finer && !finer.incomplete) {
        pods = finer;
        outside = coarser;
        within = at;
      }
    }
    incomplete ||= pods.incomplete;
    if (pods.incomplete) shortIn.add(name);
    const byMatched = new Map<string, number>();
    const applied = pods.incomplete ? distinct.slice(0, pods.applied) : distinct;
    const add = (part: Part, cut: RegionCut, into: Map<string, number>) => {
      if (!pods.incomplete) into.set(part.matched.join(','), regions.length);
      if (!pods.incomplete) cuts.set(regions.length, { pods: cut, namespaces: name });
      else cuts.set(regions.length, { pods: { ...cut, selectors: applied }, namespaces: name, prefix: true });
      if (cutting !== BOTH && into === byMatched) directed.set(regions.length, cutting);
      regions.push({ index: regions.length, namespace: name, known: true, nsLabels: null, podLabels: part.labels, matchedSelectors: part.matched.length });
    };
    if (!outside) {
      for (const part of pods.parts) add(part, { selectors: distinct, matched: part.matched, labels: part.labels }, byMatched);
      cells.set(name, { selectors: distinct, byMatched, complete: !pods.incomplete });
      continue;
    }
    // Inside a changed subject: cut by every selector the changed directions need.
    const inside = new Set(distinct.flatMap((s, i) => (outside.touchedKeys.has(selectorKey(s)) ? [i] : [])));
    for (const part of pods.parts) if (part.matched.some((i) => inside.has(i))) add(part, { selectors: distinct, matched: part.matched, labels: part.labels, ...(within ? { inside: within } : {}) }, byMatched);
    const coarseByMatched = new Map<string, number>();
    for (const part of outside.parts) {
      coarse.add(regions.length);
      add(part, { selectors: outside.selectors, matched: part.matched, labels: part.labels }, coarseByMatched);
    }
    cells.set(name, { selectors: distinct, byMatched, complete: !pods.incomplete, ...(within ? { inside: within } : {}), outside: { selectors: outside.selectors, byMatched: coarseByMatched, inside } });
  }
  // The other namespaces: any name the manifests do not know, any labels. Only cluster-scoped parts
  // (cluster-scope.ts) select pods there; their subjects and rule peers are among the focus peers whatever the
  // focus (rulePeers), and a change of theirs puts the space in the focus (region-focus.ts `OTHER_NAMESPACES`,
  // reached as outside-subjects.ts says): only pairs with an end in a focus namespace can change.
  const otherPeers = focusPeers;
  let nsSelectors = dedupe(otherPeers.flatMap((p) => ('name' in p.namespaces ? [] : [p.namespaces])));
  const named = new Set<string>();
  for (const s of nsSelectors) {
    const v = s.matchLabels[NAMESPACE_NAME_LABEL];
    if (v !== undefined) named.add(v);
    for (const r of s.expressions) if (r.key === NAMESPACE_NAME_LABEL) for (const x of r.values) named.add(x);
  }
  const start = new Map([[NAMESPACE_NAME_LABEL, { values: [...named].filter((n) => !known.has(n)), other: true }]]);
  let spaces = partitionLabels(nsSelectors, partBound(), start);
  if (spaces.incomplete) {
    const moved = changedFirst(nsSelectors, first.map((f) => f.namespaces));
    if (moved !== nsSelectors) spaces = partitionLabels((nsSelectors = moved), partBound(), start);
  }
  incomplete ||= spaces.incomplete;
  const otherCut: OtherNamespacesCut & { spaces: OtherNamespacesCut['spaces'][number][] } = { selectors: nsSelectors, start, complete: !spaces.incomplete, spaces: [] };
  const keepOther = otherSubjectFilter(clusters, known, focus, focusDirections, subjects);
  spaces.parts.forEach((space, k) => {
    let selectors = dedupe(focusIndex.bySelector([space.labels]).filter(keepOther).map((p) => p.pods));
    let pods = partitionLabels(selectors, partBound());
    if (pods.incomplete) {
      const moved = changedFirst(selectors, firstIn([space.labels]));
      if (moved !== selectors) pods = partitionLabels((selectors = moved), partBound());
    }
    incomplete ||= pods.incomplete;
    if (pods.incomplete || spaces.incomplete) shortIn.add(`~ns${k}`);
    otherCut.spaces.push({ labels: space.labels, podSelectors: selectors, complete: !pods.incomplete });
    const nsCut: RegionCut = { selectors: nsSelectors, matched: space.matched, labels: space.labels, start, known };
    const appliedPods = pods.incomplete ? selectors.slice(0, pods.applied) : selectors;
    for (const part of pods.parts) {
      if (!pods.incomplete && !spaces.incomplete) cuts.set(regions.length, { pods: { selectors, matched: part.matched, labels: part.labels }, namespaces: nsCut });
      else cuts.set(regions.length, { pods: { selectors: appliedPods, matched: part.matched, labels: part.labels }, namespaces: nsCut, prefix: true });
      regions.push({ index: regions.length, namespace: `~ns${k}`, known: false, nsLabels: space.labels, podLabels: part.labels, matchedSelectors: space.matched.length + part.matched.length });
    }
  });
  const locate = regionLocator(cells);
  // Namers index their candidates on first use: a diff whose pairs never reach a region names none.
  // The policy subjects and namespaces every namer also weighs: grouped once, by namespace.
  let fixed: FixedCandidates | undefined;
  const namer = (candidates: readonly PodPeerSelectors[]) => {
    let made: ((i: number) => AbstractPeer) | undefined;
    return (i: number) => (made ??= regionNamer(regions, (fixed ??= fixedCandidates(clusters, known)), candidates, known))(i);
  };
  const full = namer(peers);
  // A region outside the focus is named only by selectors that cut it (a coarse region is never named by a selector that splits it).
  const narrow = focus ? namer(focusPeers) : full;
  // A region of the other namespaces likewise: without the cluster-scoped subjects left out there (`keepOther`).
  const otherNarrow = focus ? namer(focusPeers.filter(keepOther)) : full;
  // A region cut for some directions only: named by the focus peers and the peers of those directions.
  const byDirections = new Map<string, (i: number) => AbstractPeer>();
  const directedNamer = (cutting: ReadonlySet<Direction>) => {
    const key = directionsKey(cutting);
    let made = byDirections.get(key);
    if (!made) {
      const focusKeys = new Set(focusPeers.map(peerKey));
      byDirections.set(key, (made = namer(peers.filter((p) => meets(p.directions, cutting) || focusKeys.has(peerKey(p))))));
    }
    return made;
  };
  const holder = (i: number) => {
    if (focus && !regions[i].known) return otherNarrow(i);
    if (focus && (!focus.has(regions[i].namespace) || coarse.has(i))) return narrow(i);
    const cutting = directed.get(i);
    return cutting === undefined ? full(i) : directedNamer(cutting)(i);
  };
  // The holding peer, narrowed by what excludes the other regions it also holds (region-names.ts).
  const names = new Map<number, AbstractPeer>();
  const nameOf = (i: number) => {
    let name = names.get(i);
    if (name) return name;
    const cut = cuts.get(i);
    if (!cut) name = holder(i);
    else if (!cut.prefix) name = exactRegionName(holder(i), cut.pods, cut.namespaces, maxBoxes);
    // The holding peer alone would drop the labels of the other selectors that hold the region (a
    // combination such as app=a with component=b read as every app=a pod): it is narrowed by them.
    else name = prefixRegionName(holder(i), cut.pods);
    names.set(i, name);
    return name;
  };
  const heldBy = regionHolder(regions, known);
  const holdsExactly = exactHolder(focus, subjects, focusPeers, known);
  // A namespace's changed subject is cut whole (its pods are the `inside` its namespace was cut in), so the
  // regions it holds are exactly its pods, as holdsExactly says of the focus peers.
  const subjectKeys = new Map([...(subjects ?? new Map<string, ChangedSubjects>())].map(([ns, s]) => [ns, new Set(s.selectors.map(selectorKey))]));
  // A name that holds each region whole, whatever selectors it is made of (region-wholeness.ts).
  const whole = wholeRegionsHolder(cells, known, otherCut, maxBoxes);
  const cutWhole = (peer: AbstractPeer) =>
    holdsExactly(peer) || (peer.namespace !== undefined && (subjectKeys.get(peer.namespace)?.has(selectorKey(peer.podSelector)) ?? false)) || whole(peer);
  // The regions of each known namespace, in order: the names a region's name may take out (checkedExceptions).
  let inNamespace: Map<string, number[]> | undefined;
  // Where the region's own cut tells (a known namespace, cut in full): `proposed` when the name less them is
  // exact box by box, else the fewest other regions' names that make it so (null: none do). `heldBy` reads
  // a region by its representative, and `cutWhole` trusts any name of a namespace cut by every selector,
  // so a name holding part of another region (not its representative: a fallback name, region-names.ts)
  // looked exact, or its exceptions complete. Undefined: not checkable here.
  const checkedExceptions = (i: number, name: AbstractPeer, proposed: readonly AbstractPeer[]): readonly AbstractPeer[] | null | undefined => {
    const cut = cuts.get(i);
    if (!cut || cut.prefix || typeof cut.namespaces !== 'string' || name.namespace !== cut.namespaces) return undefined;
    // A cut made only inside the changed subjects has no boxes beyond them: the name must be within one the region matches.
    const { inside, selectors, matched } = cut.pods;
    if (inside && !inside.some((k) => matched.includes(k) && selectorWithin(name.podSelector, selectors[k]))) return undefined;
    const namespace = cut.namespaces;
    const want = matched.join(',');
    if (proposed.every((e) => e.namespace === namespace) && holdsPartLess(name.podSelector, proposed.map((e) => e.podSelector), cut.pods, want, maxBoxes)) return proposed;
    let others: AbstractPeer[] = [];
    const candidates = () => {
      if (!inNamespace) {
        inNamespace = new Map();
        for (const r of regions) if (r.known) (inNamespace.get(r.namespace) ?? inNamespace.set(r.namespace, []).get(r.namespace)!).push(r.index);
      }
      const list = inNamespace.get(namespace) ?? [];
      const byId = new Map<string, AbstractPeer>();
      // Naming the other regions costs a partition each: past the bound, none is named.
      for (const o of list.length > MAX_EXCEPT_REGIONS ? [] : list) {
        if (o === i) continue;
        const n = nameOf(o);
        if (n.namespace === namespace && n.id !== name.id) byId.set(n.id, n);
      }
      // Then the selectors that cut the namespace (its policies' subjects, rule peers): a region of the coarser
      // cut outside the changed subjects takes those out by the subject itself, not by the regions inside it.
      for (const x of selectors) {
        const n = abstractPeer(namespace, x);
        if (!byId.has(n.id) && n.id !== name.id) byId.set(n.id, n);
      }
      others = [...byId.values()];
      return others.map((n) => n.podSelector);
    };
    const at = exceptionsForPart(name.podSelector, candidates, cut.pods, want, maxBoxes, MAX_REGION_EXCEPT);
    return at === null ? null : at.map((k) => others[k]);
  };
  return { regions, incomplete, incompleteIn: shortIn, maxBoxes, locate, nameOf, exceptOf: regionExceptions(nameOf, heldBy, cutWhole, checkedExceptions), heldBy, holdsExactly };
}

const byId = (a: AbstractPeer, b: AbstractPeer) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Names an inexact region name takes out, at most (past it the name stays as it is). */
export const MAX_REGION_EXCEPT = 64;

/** Regions an inexact name may hold for its other regions to be named (past it the name stays as it is). */
export const MAX_EXCEPT_REGIONS = 256;

/**
 * `RegionSet.exceptOf`, per region once: the fewest names of the other regions the region's name holds
 * that hold all of them and not the region (greedy, the name taking most first), at most MAX_REGION_EXCEPT.
 */
function regionExceptions(
  nameOf: RegionSet['nameOf'],
  heldBy: RegionSet['heldBy'],
  cutWhole: (peer: AbstractPeer) => boolean,
  checked: (region: number, name: AbstractPeer, proposed: readonly AbstractPeer[]) => readonly AbstractPeer[] | null | undefined,
): RegionSet['exceptOf'] {
  const kept = new Map<number, readonly AbstractPeer[]>();
  const NONE: readonly AbstractPeer[] = [];
  return (i) => {
    let out = kept.get(i);
    if (out) return out;
    out = NONE;
    // Names found by the regions' representatives, used as they are only where the name holds regions whole.
    let proposed = NONE;
    const name = nameOf(i);
    const held = heldBy(name);
    // Naming the other regions costs a partition each: a name holding many keeps its holding peer's name.
    // A name that splits some region is used with exceptions only when the result is checked exact (`checked`).
    const whole = held.length > 1 && cutWhole(name);
    if (held.length > 1 && held.length <= MAX_EXCEPT_REGIONS && held.includes(i) && (whole || name.namespace !== undefined)) {
      const others = new Set(held.filter((o) => o !== i));
      // Names of the cut hold whole regions (its own selectors, or exact names checked against its boxes);
      // one that holds the region too cannot take the others out.
      const candidates = new Map<string, { name: AbstractPeer; holds: number[] }>();
      for (const o of others) {
        const n = nameOf(o);
        if (candidates.has(n.id)) continue;
        const h = heldBy(n);
        // A name that splits a region would take out part of it, or leave part of another in.
        if (!h.includes(i) && cutWhole(n)) candidates.set(n.id, { name: n, holds: h.filter((r) => others.has(r)) });
      }
      const left = new Set(others);
      const chosen: AbstractPeer[] = [];
      while (left.size > 0 && chosen.length < MAX_REGION_EXCEPT) {
        let best: { name: AbstractPeer; gain: number } | undefined;
        for (const c of candidates.values()) {
          const gain = c.holds.filter((r) => left.has(r)).length;
          if (gain > (best?.gain ?? 0)) best = { name: c.name, gain };
        }
        if (!best) break;
        chosen.push(best.name);
        for (const r of candidates.get(best.name.id)!.holds) left.delete(r);
      }
      if (left.size === 0) proposed = chosen.sort(byId);
      if (left.size === 0 && whole) out = proposed;
    }
    // Checked box by box where the region's cut tells: the name less them must hold the region alone.
    const boxed = checked(i, name, proposed);
    if (boxed) out = boxed.length === 0 ? NONE : boxed === proposed ? proposed : [...boxed].sort(byId);
    kept.set(i, out);
    return out;
  };
}

/**
 * `RegionSet.holdsExactly`. Without a focus every selector cut everywhere. With one, the focus peers cut
 * every namespace and the other-namespace space (buildRegions); a namespace touched as a whole is cut by
 * every peer, so a peer of all its pods by name holds exactly its regions, as `entire-cluster` holds all.
 */
function exactHolder(
  focus: ReadonlySet<string> | null,
  subjects: ReadonlyMap<string, ChangedSubjects> | undefined,
  focusPeers: readonly PodPeerSelectors[],
  known: ReadonlyMap<string, Labels[]>,
): RegionSet['holdsExactly'] {
  if (!focus) return () => true;
  let ids: Set<string> | undefined;
  return (peer) => {
    if (isEmptySelector(peer.podSelector)) {
      if (peer.namespace === undefined ? isEmptySelector(peer.namespaceSelector ?? EVERYTHING) : known.has(peer.namespace)) return true;
    }
    if (peer.namespace !== undefined && focus.has(peer.namespace) && !subjects?.has(peer.namespace) && known.has(peer.namespace)) return true;
    ids ??= new Set(focusPeers.filter((p) => !p.otherOnly).map((p) => abstractPeer('name' in p.namespaces ? p.namespaces.name : p.namespaces, p.pods).id));
    return ids.has(peer.id);
  };
}

/** How one known namespace's pod space was cut: its distinct selectors, and the region of each matched list (absent when the bound cut it short). */
interface Cell {
  readonly selectors: readonly LabelSelector[];
  readonly byMatched: ReadonlyMap<string, number>;
  /** False where the bound cut the namespace short (`byMatched` is then empty). */
  readonly complete: boolean;
  /** `RegionCut.inside` of the cut `selectors` made (only the changed subjects' pods cut finely). */
  readonly inside?: readonly number[];
  /**
   * A focus namespace whose change is its policies' alone: `byMatched` holds only the parts inside a
   * changed subject (`inside`: those selectors' indices); a pod matching none of them is in the part
   * of the coarser cut (`selectors`, as outside the focus) its labels match.
   */
  readonly outside?: { readonly selectors: readonly LabelSelector[]; readonly byMatched: ReadonlyMap<string, number>; readonly inside: ReadonlySet<number> };
}

/**
 * The parts of a focus namespace outside its changed subjects (`touched`, pod selectors): the pod space cut by
 * `selectors` (what cuts a namespace outside the focus — its own policy subjects and the focus peers — and
 * `touched`), keeping the parts no touched selector matches. Undefined when the cut is incomplete.
 */
function coarseCut(selectors: readonly LabelSelector[], touched: readonly LabelSelector[], maxBoxes: number) {
  const touchedKeys = new Set(touched.map(selectorKey));
  const cut = partitionLabels(selectors, maxBoxes);
  if (cut.incomplete) return undefined;
  const inside = new Set(selectors.flatMap((s, i) => (touchedKeys.has(selectorKey(s)) ? [i] : [])));
  // Every touched selector is a policy subject of the namespace, so one of the selectors given.
  if (inside.size < touchedKeys.size) return undefined;
  return { selectors, touchedKeys, parts: cut.parts.filter((p) => !p.matched.some((i) => inside.has(i))) };
}

/**
 * `RegionSet.locate` over the cells. Each cell's selectors are indexed once by a label they require
 * (a `matchLabels` pair, or each value of an `In` expression): a pod is tested only against the
 * selectors its own labels can satisfy and those that require no value, not against every selector of
 * its namespace. Answers are kept per label object too: a workload is asked about by the diff,
 * reconcile and the rollback many times.
 */
function regionLocator(cells: ReadonlyMap<string, Cell>): RegionSet['locate'] {
  const indexes = new Map<string, SelectorIndex>();
  const outsideIndexes = new Map<string, SelectorIndex>();
  const seen = new WeakMap<Labels, { readonly namespace: string; readonly region: number | undefined }>();
  return (namespace, podLabels) => {
    const last = seen.get(podLabels);
    if (last !== undefined && last.namespace === namespace) return last.region;
    const cell = cells.get(namespace);
    if (!cell) return undefined;
    let index = indexes.get(namespace);
    if (!index) indexes.set(namespace, (index = selectorIndex(cell.selectors)));
    const matched = index.matched(podLabels);
    const outside = cell.outside;
    let region: number | undefined;
    if (!outside || matched.some((i) => outside.inside.has(i))) region = cell.byMatched.get(matched.join(','));
    else {
      let coarse = outsideIndexes.get(namespace);
      if (!coarse) outsideIndexes.set(namespace, (coarse = selectorIndex(outside.selectors)));
      region = outside.byMatched.get(coarse.matched(podLabels).join(','));
    }
    seen.set(podLabels, { namespace, region });
    return region;
  };
}

interface SelectorIndex {
  /** Indices of the selectors that match `labels`, ascending. */
  matched(labels: Labels): number[];
}

/** Selectors by one `key=value` each requires (`matchLabels`, or every value of an `In`); the rest are tested always. */
function selectorIndex(selectors: readonly LabelSelector[]): SelectorIndex {
  const byLabel = new Map<string, Map<string, number[]>>();
  const always: number[] = [];
  const put = (k: string, v: string, i: number) => {
    let values = byLabel.get(k);
    if (!values) byLabel.set(k, (values = new Map()));
    (values.get(v) ?? values.set(v, []).get(v)!).push(i);
  };
  selectors.forEach((s, i) => {
    const k = Object.keys(s.matchLabels)[0];
    if (k !== undefined) return put(k, s.matchLabels[k], i);
    const among = s.expressions.find((r) => r.op === 'In');
    if (among) for (const v of new Set(among.values)) put(among.key, v, i);
    else always.push(i);
  });
  return {
    matched: (labels) => {
      const out: number[] = [];
      for (const i of always) if (matches(selectors[i], labels)) out.push(i);
      // A pod has one value per key, so each indexed selector comes up at most once.
      for (const k in labels) for (const i of byLabel.get(k)?.get(labels[k]) ?? []) if (matches(selectors[i], labels)) out.push(i);
      return out.sort((a, b) => a - b);
    },
  };
}

/**
 * `RegionSet.heldBy`: the regions of the namespaces the peer's namespace part picks (by name: looked up
 * by the name label of their label sets) whose representative pod labels its pod selector matches, in
 * region order. Answers are kept by the peer's id (its selectors' text): reconcile, exposure and the
 * rollback ask about the same policy subjects and rule peers many times.
 */
function regionHolder(regions: readonly Region[], known: ReadonlyMap<string, Labels[]>): RegionSet['heldBy'] {
  // Regions grouped by namespace (in region order), with the namespace's label sets.
  const groups: { readonly labelSets: readonly Labels[]; readonly regions: Region[] }[] = [];
  const groupOf = new Map<string, (typeof groups)[number]>();
  for (const r of regions) {
    let g = groupOf.get(r.namespace);
    if (!g) groups.push((g = { labelSets: r.known ? known.get(r.namespace)! : [r.nsLabels!], regions: [] })), groupOf.set(r.namespace, g);
    g.regions.push(r);
  }
  // Per namespace name label: the groups with a label set carrying it, in region order.
  const byName = new Map<string, (typeof groups)[number][]>();
  for (const g of groups) for (const name of new Set(g.labelSets.map((l) => l[NAMESPACE_NAME_LABEL]))) if (name !== undefined) (byName.get(name) ?? byName.set(name, []).get(name)!).push(g);
  const memo = new Map<string, readonly number[]>();
  // The groups a namespace selector picks, per selector (by key): rule peers of many policies share one
  // (`[namespace with {team=x}]` beside different pod selectors), and each would match every group's label sets.
  const bySelector = new Map<string, readonly (typeof groups)[number][]>();
  const pickedBy = (selector: LabelSelector) => {
    const key = selectorKey(selector);
    let picked = bySelector.get(key);
    if (!picked) bySelector.set(key, (picked = groups.filter((g) => g.labelSets.some((l) => matches(selector, l)))));
    return picked;
  };
  // One namespace part's regions: its group is picked as the whole answer would pick it (by a label set).
  const heldIn = (peer: AbstractPeer, namespace: string): number[] => {
    const g = groupOf.get(namespace);
    if (!g) return [];
    const picks = peer.namespace !== undefined ? g.labelSets.some((l) => l[NAMESPACE_NAME_LABEL] === peer.namespace) : g.labelSets.some((l) => matches(peer.namespaceSelector ?? EVERYTHING, l));
    const out: number[] = [];
    if (picks) for (const r of g.regions) if (matches(peer.podSelector, r.podLabels)) out.push(r.index);
    return out;
  };
  return (peer, namespace) => {
    if (namespace !== undefined) return memo.get(peer.id)?.filter((r) => regions[r].namespace === namespace) ?? heldIn(peer, namespace);
    const kept = memo.get(peer.id);
    if (kept) return kept;
    const picked = peer.namespace !== undefined ? (byName.get(peer.namespace) ?? []) : pickedBy(peer.namespaceSelector ?? EVERYTHING);
    const out: number[] = [];
    for (const g of picked) for (const r of g.regions) if (matches(peer.podSelector, r.podLabels)) out.push(r.index);
    memo.set(peer.id, out);
    return out;
  };
}

/**
 * The regions `keep` (indices of `set`), numbered anew from 0 in that order: for evaluating a reduced
 * cluster (the rollback's first test) on only the regions it judges. `locate` and `heldBy` answer in the
 * new numbering (leaving out regions not kept), `nameOf` as `set` names the original.
 */
export function regionSubset(set: RegionSet, keep: Iterable<number>): RegionSet {
  const original = [...new Set(keep)].sort((a, b) => a - b);
  const renumbered = new Map(original.map((i, k) => [i, k]));
  return {
    regions: original.map((i, k) => ({ ...set.regions[i], index: k })),
    incomplete: set.incomplete,
    incompleteIn: set.incompleteIn,
    maxBoxes: set.maxBoxes,
    locate: (namespace, podLabels) => {
      const r = set.locate(namespace, podLabels);
      return r === undefined ? undefined : renumbered.get(r);
    },
    nameOf: (i) => set.nameOf(original[i]),
    exceptOf: (i) => set.exceptOf(original[i]),
    heldBy: (peer, namespace) => set.heldBy(peer, namespace).flatMap((i) => (renumbered.has(i) ? [renumbered.get(i)!] : [])),
    holdsExactly: (peer) => set.holdsExactly(peer),
  };
}
