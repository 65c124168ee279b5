/**
 * Cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) → per
 * tier, direction and subject class, their rules in evaluation order, each rule resolved to the classes
 * and addresses it matches. All three kinds arrive normalised (model.ts `ClusterPolicy`), so this is one
 * code path; the verdicts are combined in tier-verdict.ts.
 */
import { AddressSet } from './address-set.js';
import { ConnectionSet } from './connection-set.js';
import { perDestinationPorts } from './destination-ports.js';
import type { EngineDiagnostic } from './diagnostics.js';
import type { ClusterPolicy, Direction, LabelSelector, Labels, Tier, TierAction, TierPeer, TierPortSpec, TierRule } from './model.js';
import { DIRECTIONS } from './model.js';
import type { ClassIndex, PodClass } from './peer-classes.js';
import { selectInNamespace, selectNamespaces } from './peer-classes.js';
import { PortSet } from './port-set.js';
import { appendShared, sharedEmptyLists } from './shared-lists.js';
import { selectorKey } from './selector-key.js';
import { isRelatedPeer, relatedKeys, relatedNamespaceSelectors, subjectValuesKey, unpinnedKeys } from './tier-related-namespaces.js';
import { isEmptySelector, selectsEveryNamespace } from './selectors.js';

export interface CompiledTierRule {
  /** Evaluation order over every tier rule of the cluster (tier, priority, policy name, rule order). */
  readonly order: number;
  readonly policy: ClusterPolicy;
  readonly direction: Direction;
  /** Position of the rule in the policy's `ingress` or `egress` list. */
  readonly index: number;
  readonly rule: TierRule;
  readonly action: TierAction;
  /** Classes the rule's pod peers (and `networks` that cover pods) match, ascending. */
  readonly peerClasses: readonly number[];
  /** The peers match every pod, known or not (`namespaces: {}`, or a network covering the pod network). */
  readonly allPods: boolean;
  /** Addresses outside the cluster the `networks` peers match. */
  readonly peerAddresses: AddressSet;
  /** `domainNames` of the rule, as written. */
  readonly domains: readonly string[];
  /** `conns` is the same for every peer (ingress, or no named ports): the destination is fixed. */
  readonly uniform: boolean;
  /** What the rule matches toward `dst`; `null` is an address (named ports never match it). */
  conns(dst: PodClass | null): ConnectionSet;
  /**
   * Set when the peers depend on the subject's namespace (sameLabels / notSameLabels): the subject classes
   * this compiled form is for (the rule has one form per group of subjects, all with the same `order`).
   */
  readonly subjects?: readonly number[];
}

export interface CompiledTiers {
  readonly rules: readonly CompiledTierRule[];
  /**
   * Per direction and class, the rules of the policies whose subject holds the class, by `order`: `Admin`, those
   * evaluated before the NetworkPolicies; `Baseline`, those after their allows, the NetworkPolicy tier's own
   * (model.ts `Tier`) first. The verdict tells the two apart by `policy.tier` (tier-verdict.ts `combineTiers`).
   */
  readonly rulesOf: Readonly<Record<RuleLists, Readonly<Record<Direction, readonly CompiledTierRule[][]>>>>;
  /** Per policy id, the classes its subject selects. */
  readonly subjectsOf: ReadonlyMap<string, readonly number[]>;
  readonly diagnostics: readonly EngineDiagnostic[];
}

/** The two lists of a class's tier rules: before the NetworkPolicies, and after their allows. */
export type RuleLists = 'Admin' | 'Baseline';

export const TIERS: readonly Tier[] = ['Admin', 'NetworkPolicy', 'Baseline'];

/** The list a tier's rules are kept in (CompiledTiers.rulesOf). */
export function ruleListOf(tier: Tier): RuleLists {
  return tier === 'Admin' ? 'Admin' : 'Baseline';
}

/** Tier order first, then priority (lower first), then name for a stable order among equal priorities. */
export function comparePolicies(a: ClusterPolicy, b: ClusterPolicy): number {
  if (a.tier !== b.tier) return TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier);
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

/** The tiers of a cluster without cluster-wide policies, one per index (nothing in them is ever written). */
const noTiers = new WeakMap<ClassIndex, CompiledTiers>();

/** Cluster-wide policies → per tier, direction and class rule lists; without any, the index's one empty set of lists. */
export function compileTiers(index: ClassIndex, policies: readonly ClusterPolicy[], podNetwork: AddressSet | undefined): CompiledTiers {
  if (policies.length === 0) {
    let none = noTiers.get(index);
    if (!none) noTiers.set(index, (none = compileAll(index, policies, podNetwork)));
    return none;
  }
  return compileAll(index, policies, podNetwork);
}

function compileAll(index: ClassIndex, policies: readonly ClusterPolicy[], podNetwork: AddressSet | undefined): CompiledTiers {
  const n = index.classes.length;
  const lists = () => ({ ingress: sharedEmptyLists<CompiledTierRule>(n), egress: sharedEmptyLists<CompiledTierRule>(n) });
  const rulesOf = { Admin: lists(), Baseline: lists() };
  const subjectsOf = new Map<string, readonly number[]>();
  const diagnostics: EngineDiagnostic[] = [];
  const rules: CompiledTierRule[] = [];
  const allClasses = index.classes.map((c) => c.index);
  let nextOrder = 0;
  for (const policy of [...policies].sort(comparePolicies)) {
    const subjects = selectPods(index, policy.subject.namespaces, policy.subject.pods);
    subjectsOf.set(policy.id, subjects);
    for (const direction of DIRECTIONS) {
      const written = policy[direction];
      if (written.length === 0) continue;
      const first = nextOrder;
      nextOrder += written.length;
      const conns = written.map((rule) => tierPortResolver(rule.ports));
      const perClass = rulesOf[ruleListOf(policy.tier)][direction];
      // Usually one compiled form for all subjects; sameLabels / notSameLabels peers depend on the subject's
      // namespace, so then one per group of subjects whose namespaces agree on the keys.
      for (const [k, group] of subjectGroups(index, policy, direction, subjects, diagnostics).entries()) {
        const report = k === 0 ? diagnostics : [];
        const compiled = written.map((rule, i) => compileRule(index, allClasses, policy, direction, i, rule, first + i, conns[i], podNetwork, report, group));
        rules.push(...compiled);
        // One array per distinct list (a namespace's classes, usually), so later stages key on the list itself.
        appendShared(perClass, group.members, compiled);
      }
    }
  }
  return { rules, rulesOf, subjectsOf, diagnostics };
}

/** Subjects that share one compiled form of a policy's rules; `nsLabels`: their namespace's labels, for related peers. */
interface SubjectGroup {
  readonly members: readonly number[];
  readonly nsLabels?: Labels;
  /** Set when the rules depend on the subject (related peers): the subjects this form is for. */
  readonly only?: readonly number[];
}

function subjectGroups(index: ClassIndex, policy: ClusterPolicy, direction: Direction, subjects: readonly number[], diagnostics: EngineDiagnostic[]): SubjectGroup[] {
  const keys = relatedKeys(policy[direction]);
  if (keys.length === 0 || subjects.length === 0) return [{ members: subjects }];
  const groups = new Map<string, { members: number[]; nsLabels: Labels }>();
  const unpinned = new Set<string>();
  for (const s of subjects) {
    const cls = index.classes[s];
    const key = subjectValuesKey(keys, cls.nsLabels);
    const g = groups.get(key);
    if (g) g.members.push(s);
    else groups.set(key, { members: [s], nsLabels: cls.nsLabels });
    if (cls.region && !cls.region.known) for (const k of unpinnedKeys(keys, cls.nsLabels)) unpinned.add(k);
  }
  if (unpinned.size > 0) diagnostics.push(unpinnedValues(policy, direction, [...unpinned]));
  return [...groups.values()].map((g) => ({ ...g, only: g.members }));
}

/**
 * Regions of namespaces the manifests do not know stand for every value no known namespace has; for two
 * such namespaces, equal and different values are both possible, and one region pair cannot hold both.
 */
function unpinnedValues(policy: ClusterPolicy, direction: Direction, keys: readonly string[]): EngineDiagnostic {
  const rule = policy[direction].find((r) => r.peers.some((p) => isRelatedPeer(p) && p.keys.some((k) => keys.includes(k))))!;
  const peer = rule.peers.find((p) => isRelatedPeer(p) && p.keys.some((k) => keys.includes(k)))!;
  return {
    code: 'RELATED_LABELS_UNDECIDED',
    message:
      `${policy.kind} ${policy.name}: ${peer.kind} ${keys.join(', ')} between pods of namespaces the manifests do not know, ` +
      `whose ${keys.join(', ')} values no known namespace has, cannot be decided (their values may be equal or not); analysed as equal`,
    ref: peer.ref,
    policy: policy.id,
  };
}

/** Per index, the classes each (namespace selector, pod selector) pair picks: peers repeat across policies and sides. */
const podSelections = new WeakMap<ClassIndex, Map<string, readonly number[]>>();

/** Classes in namespaces matching `namespaces` whose pods match `pods` (the `pods` peer: both ANDed), ascending. */
function selectPods(index: ClassIndex, namespaces: LabelSelector, pods: LabelSelector): readonly number[] {
  let memo = podSelections.get(index);
  if (!memo) podSelections.set(index, (memo = new Map()));
  const key = `${selectorKey(namespaces)}\u0004${selectorKey(pods)}`;
  let out = memo.get(key);
  if (!out) {
    const picked: number[] = [];
    let sorted = true;
    for (const ns of selectNamespaces(index, namespaces)) {
      for (const c of selectInNamespace(index, ns, pods)) {
        if (picked.length > 0 && picked[picked.length - 1] > c.index) sorted = false;
        picked.push(c.index);
      }
    }
    memo.set(key, (out = sorted ? picked : picked.sort((a, b) => a - b)));
  }
  return out;
}

function compileRule(
  index: ClassIndex,
  allClasses: readonly number[],
  policy: ClusterPolicy,
  direction: Direction,
  ruleIndex: number,
  rule: TierRule,
  order: number,
  conns: (dst: PodClass | null) => ConnectionSet,
  podNetwork: AddressSet | undefined,
  diagnostics: EngineDiagnostic[],
  subjects: SubjectGroup,
): CompiledTierRule {
  const picked: (readonly number[])[] = [];
  let allPods = false;
  let peerAddresses = AddressSet.NONE;
  const domains: string[] = [];
  for (const peer of rule.peers) {
    switch (peer.kind) {
      case 'pods':
        // Every namespace carries its name label: `kubernetes.io/metadata.name Exists` is every namespace, as `{}` is.
        if (selectsEveryNamespace(peer.namespaces) && isEmptySelector(peer.pods)) allPods = true;
        else picked.push(selectPods(index, peer.namespaces, peer.pods));
        break;
      case 'networks': {
        peerAddresses = peerAddresses.union(peer.block);
        // Cilium CIDR rules and `world` select addresses outside the cluster only (pods have identities of their own).
        if (peer.outsideOnly) break;
        // "cluster-internal traffic will be checked against the rule as well" (networks): pod IPs are not in
        // manifests, so a network covers the pods only when it holds the whole pod network.
        const cover = networkCoversPods(peer.block, podNetwork);
        if (cover === 'all') allPods = true;
        else if (cover === 'maybe') diagnostics.push(mayMatchPods(policy, peer, podNetwork !== undefined));
        break;
      }
      case 'domains':
        domains.push(...peer.names);
        break;
      case 'nodes':
        break;
      case 'sameLabels':
      case 'notSameLabels':
        for (const ns of subjects.nsLabels ? relatedNamespaceSelectors(peer, subjects.nsLabels) : []) picked.push(selectPods(index, ns, peer.pods));
        break;
      default: {
        const never: never = peer;
        throw new Error(`unknown tier peer ${String(never)}`);
      }
    }
  }
  const named = rule.ports !== 'any' && rule.ports.some((p) => typeof p.port === 'string');
  return {
    order,
    policy,
    direction,
    index: ruleIndex,
    rule,
    action: rule.action,
    peerClasses: allPods ? allClasses : picked.length === 1 ? picked[0] : [...new Set(picked.flat())].sort((a, b) => a - b),
    allPods,
    peerAddresses,
    domains,
    uniform: direction === 'ingress' || !named,
    conns,
    ...(subjects.only ? { subjects: subjects.only } : {}),
  };
}

/** Does a `networks` CIDR set hold every pod? `maybe`: it may hold some (the pod network is unknown or overlaps). */
export function networkCoversPods(block: AddressSet, podNetwork: AddressSet | undefined): 'all' | 'none' | 'maybe' {
  if (podNetwork && !podNetwork.isEmpty()) {
    if (podNetwork.isSubsetOf(block)) return 'all';
    return podNetwork.intersect(block).isEmpty() ? 'none' : 'maybe';
  }
  // Without configuration, only a network of every address of a family surely holds the pods.
  return AddressSet.ALL_V4.isSubsetOf(block) || AddressSet.ALL_V6.isSubsetOf(block) ? 'all' : 'maybe';
}

function mayMatchPods(policy: ClusterPolicy, peer: TierPeer & { kind: 'networks' }, configured: boolean): EngineDiagnostic {
  const why = configured ? 'overlaps part of the configured pod network' : 'may hold pod IPs (set podCIDRs / --pod-cidr to decide)';
  return {
    code: 'NETWORK_MAY_MATCH_PODS',
    message: `${policy.kind} ${policy.name}: networks ${peer.cidrs.join(', ')} ${why}; analysed as matching addresses outside the cluster only`,
    ref: peer.ref,
  };
}

/** Ports of a tier rule; a name matches the destination pod's container ports of that name, of its protocol when it has one. */
function tierPortResolver(ports: TierRule['ports']): (dst: PodClass | null) => ConnectionSet {
  if (ports === 'any') return () => ConnectionSet.ALL;
  const numeric = ports.filter((p) => typeof p.port === 'number').reduce((acc, p) => acc.union(numericConns(p)), ConnectionSet.NONE);
  // A name without a protocol (ANP namedPort, CNP destinationNamedPort) matches on any; with one (a Cilium deny port), on that one.
  const names = ports.filter((p) => typeof p.port === 'string').map((p) => ({ name: p.port as string, protocol: p.protocol }));
  if (names.length === 0) return perDestinationPorts(numeric, undefined);
  return perDestinationPorts(numeric, (dst) => {
    let c = ConnectionSet.NONE;
    for (const np of dst.namedPorts) if (names.some((n) => n.name === np.name && (n.protocol === 'any' || n.protocol === np.protocol))) c = c.union(ConnectionSet.port(np.protocol, np.port));
    return c;
  });
}

/**
 * A tier rule's port numbers, for one answer over every destination: every port when it gives none, or when it
 * gives a container port name (whose number differs per pod); else its numbers and ranges.
 */
export function tierRulePortNumbers(rule: TierRule): ConnectionSet {
  if (rule.ports === 'any' || rule.ports.some((p) => typeof p.port === 'string')) return ConnectionSet.ALL;
  return rule.ports.reduce((acc, p) => acc.union(numericConns(p)), ConnectionSet.NONE);
}

function numericConns(p: TierPortSpec): ConnectionSet {
  const port = p.port as number;
  if (p.protocol === 'any') throw new Error('a numeric tier port always has a protocol (loader invariant)');
  return ConnectionSet.of(p.protocol, PortSet.range(port, p.endPort ?? port));
}
