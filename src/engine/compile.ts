/**
 * Policies → per-direction rule tables over pod classes. The per-policy work (which classes a selector
 * picks) is done once here; connectivity then only combines precomputed peer lists.
 */
import { AddressSet } from './address-set.js';
import { ConnectionSet } from './connection-set.js';
import { perDestinationPorts } from './destination-ports.js';
import type { ClassIndex, IndexParts, PodClass } from './peer-classes.js';
import type { RegionSet } from './regions.js';
import { addedParts, indexParts, selectInNamespace, selectNamespaces, workloadsRoot } from './peer-classes.js';
import { PortSet } from './port-set.js';
import { appendShared, sharedEmptyLists } from './shared-lists.js';
import { isEmptySelector, sameLabels, selectsEveryNamespace } from './selectors.js';
import type { Direction, LabelSelector, Labels, NetworkPolicy, PortSpec, Rule } from './model.js';
import { ALL_PORTS, DIRECTIONS } from './model.js';

export interface CompiledRule {
  /** Unique among the rules this process compiled (a key, not a position). */
  readonly id: number;
  readonly policy: NetworkPolicy;
  readonly direction: Direction;
  /** Position of the rule in the policy's `ingress` or `egress` list. */
  readonly index: number;
  readonly rule: Rule;
  /** Classes the rule's pod peers select (every class when peers are `any`), ascending. */
  readonly peerClasses: readonly number[];
  /** Addresses the rule's ipBlock peers select (every address when peers are `any`). */
  readonly peerAddresses: AddressSet;
  /** The peers select every pod of every namespace, so any in-cluster source (the ingress controller) qualifies. */
  readonly fromAnyPod: boolean;
  /** Connections the rule allows toward `dst`; `null` is an address outside the cluster (named ports never match it). */
  conns(dst: PodClass | null): ConnectionSet;
  /** Named ports that resolved on at least one destination (rules without names share one empty set). */
  readonly resolvedNames: ReadonlySet<string>;
  /** The rule has named ports, so `conns` depends on the destination; otherwise it is one set for all. */
  readonly hasNamedPorts: boolean;
}

export interface CompiledPolicies {
  /** The rules of the policies given (findings read these: the rules the manifests wrote, in the copies the loader made). */
  readonly rules: readonly CompiledRule[];
  /** `rules`, then those of the copies of cluster-scoped parts the engine made (cluster-scope.ts); `rules` itself when there are none. */
  readonly everyRule: readonly CompiledRule[];
  /** Per direction, per class: the rules of the policies that select the class for that direction (classes with equal lists share one array). */
  readonly rulesOf: Readonly<Record<Direction, readonly CompiledRule[][]>>;
  /** Per direction, per class: the policies that isolate the class in that direction (shared like `rulesOf`). */
  readonly capturedBy: Readonly<Record<Direction, readonly NetworkPolicy[][]>>;
  readonly subjectsOf: ReadonlyMap<string, readonly number[]>;
}

export function isCaptured(compiled: CompiledPolicies, direction: Direction, cls: number): boolean {
  return compiled.capturedBy[direction][cls].length > 0;
}

/**
 * The rules of `policies` over `index`'s classes. A policy object compiled over the same index before
 * (base, head and the rollback search's reverted clusters share most policies, and share the index when
 * their workloads are the same: class-index-reuse.ts) gives its rules again, the very same objects, and
 * classes selected by the same policies in the same order get the very same lists as before (interned
 * per index, with the workloads' index for an index over regions), so later stages may reuse what they
 * computed for a list (direction-rows.ts). A compiled rule depends only on its policy and the index (a
 * policy that reaches no region: on the workloads' index, see `plainEntry`). Rule ids are keys, not positions.
 */
export function compilePolicies(index: ClassIndex, policies: readonly NetworkPolicy[], copies: readonly NetworkPolicy[] = NO_COPIES): CompiledPolicies {
  const n = index.classes.length;
  const memo = memoOf(index);
  const parts = indexParts(index);
  // Classes selected by the same policies share their lists (shared-lists.ts), interned per index.
  // Lists are interned with the workloads' index for an index over regions: lists of the same rules are then the
  // same arrays over every index of those workloads, and so are the rows built from them (direction-rows.ts).
  // An index `withWorkloads` built (head after base, with a workload added) interns with the index it extends,
  // over regions too: one root for base's index over regions and head's that extends it (workloadsRoot).
  const lists = memoOf(workloadsRoot(index));
  const rulesOf = { ingress: new Array<CompiledRule[]>(n).fill(lists.empty), egress: new Array<CompiledRule[]>(n).fill(lists.empty) };
  const capturedBy = { ingress: sharedEmptyLists<NetworkPolicy>(n), egress: sharedEmptyLists<NetworkPolicy>(n) };
  const subjectsOf = new Map<string, readonly number[]>();
  const rules: CompiledRule[] = [];
  // The copies' rules apart from `rules` (none: no array made).
  const copyRules: CompiledRule[] | undefined = copies.length > 0 ? [] : undefined;
  const seen = new Set<NetworkPolicy>();
  const picksRegion = parts && picksOf(index, parts);
  let given = policies.length;
  for (const policy of copies.length > 0 ? [...policies, ...copies] : policies) {
    const into = given-- > 0 ? rules : copyRules!;
    // A policy object listed twice is compiled again: its copies' rules are distinct objects, as if parsed twice.
    const once = !seen.has(policy);
    seen.add(policy);
    const known = once ? memo.policies.get(policy) : undefined;
    const entry = known ?? (once && (!parts || !picksRegion!(policy)) ? plainEntry(parts?.plain ?? index, policy) : compilePolicy(index, policy));
    if (once && !known) memo.policies.set(policy, entry);
    subjectsOf.set(policy.id, entry.subjects);
    for (const direction of DIRECTIONS) {
      if (!policy.affects[direction]) continue;
      const compiled = entry.rules[direction];
      into.push(...compiled);
      // Cilium `enableDefaultDeny: false`: the rules add to other policies' allows, the pods stay open by this one.
      if (!policy.joinsOnly?.[direction]) appendShared(capturedBy[direction], entry.subjects, [policy]);
      appendInterned(lists, rulesOf[direction], entry.subjects, compiled);
    }
  }
  return { rules, everyRule: copyRules ? [...rules, ...copyRules] : rules, rulesOf, capturedBy, subjectsOf };
}

const NO_COPIES: readonly NetworkPolicy[] = [];

/**
 * A policy that selects no region and whose rules pick none compiles over an index with regions to what it
 * compiles to over the workloads' index that index extends (the same classes, numbered alike): that
 * entry, the very same rules, serves every index over those workloads — a warm process's next push, whose
 * regions are others, compiles again only the policies that reach a region. Rules over every pod (`any`,
 * or every pod of every namespace) pick regions whenever there are some: they are compiled per index.
 */
function plainEntry(plain: ClassIndex, policy: NetworkPolicy): CompiledPolicy {
  const memo = memoOf(plain);
  let entry = memo.policies.get(policy);
  if (!entry) {
    // Over an index `withWorkloads` built: a policy that reaches none of the added classes compiles as over
    // the index it extends (numbered alike), whose entry serves (head after base, a workload added).
    const added = addedParts(plain);
    entry = added && !picksClasses(plain, added.added, policy) ? extendedEntry(added.plain, policy) : compilePolicy(plain, policy);
    memo.policies.set(policy, entry);
  }
  return entry;
}

/**
 * The entry of `policy` over `index`, an index another extends by added workloads (`withWorkloads`): a
 * workloads' index (`plainEntry`), or one over regions, where the entry compiled over it before serves
 * (base's, when head extends base's index over the diff's regions), else as `compilePolicies` gives it there.
 */
function extendedEntry(index: ClassIndex, policy: NetworkPolicy): CompiledPolicy {
  const parts = indexParts(index);
  if (!parts) return plainEntry(index, policy);
  const memo = memoOf(index);
  let entry = memo.policies.get(policy);
  if (!entry) memo.policies.set(policy, (entry = picksOf(index, parts)(policy) ? compilePolicy(index, policy) : plainEntry(parts.plain, policy)));
  return entry;
}

/**
 * `picksClasses` answers for regions per RegionSet and policy object, shared by the indices over that RegionSet whose
 * namespaces holding a region have the same labels: base's and head's of one diff, and the rollback's
 * reverted clusters (a warm process's next push asks again about ~20k policies of 100k workloads on each
 * side). An answer reads only the regions' classes (made from the RegionSet alone: their namespaces and
 * pod labels) and, through namespace selectors, the labels of the namespaces that hold a region.
 */
const regionPicks = new WeakMap<RegionSet, { readonly labels: readonly Labels[]; readonly answers: WeakMap<NetworkPolicy, boolean> }[]>();

/** `picksClasses` of the regions' part over `index`, remembered per policy object with the other indices over the same regions (see `regionPicks`). */
function picksOf(index: ClassIndex, parts: IndexParts): (policy: NetworkPolicy) => boolean {
  const labels = [...parts.regions.byNamespace.keys()].map((ns) => index.namespaces.get(ns)?.labels ?? NO_LABELS);
  let entries = regionPicks.get(parts.set);
  if (!entries) regionPicks.set(parts.set, (entries = []));
  let entry = entries.find((e) => e.labels.length === labels.length && e.labels.every((l, i) => sameLabels(l, labels[i])));
  if (!entry) entries.push((entry = { labels, answers: new WeakMap() }));
  const { answers } = entry;
  return (policy) => {
    let picks = answers.get(policy);
    if (picks === undefined) answers.set(policy, (picks = picksClasses(index, parts.regions, policy)));
    return picks;
  };
}

const NO_LABELS: Labels = {};

/**
 * Whether `policy` selects a class of `part` (the classes `index` adds to the index it extends: its regions'
 * part, or its added workloads'), or one of its compiled rules' peers picks one.
 */
function picksClasses(index: ClassIndex, part: ClassIndex, policy: NetworkPolicy): boolean {
  // A namespace holding no region picks none (no selector key is built for it).
  const picks = (namespace: string, pods: LabelSelector) => part.byNamespace.has(namespace) && selectInNamespace(part, namespace, pods).length > 0;
  if (picks(policy.namespace, policy.podSelector)) return true;
  for (const direction of DIRECTIONS) {
    if (!policy.affects[direction]) continue;
    for (const rule of policy[direction]) {
      if (rule.peers === 'any') return true;
      for (const peer of rule.peers) {
        if (peer.kind === 'ipBlock') continue;
        if (peer.namespaces === 'own') {
          if (picks(policy.namespace, peer.pods)) return true;
          continue;
        }
        if (selectsEveryNamespace(peer.namespaces) && isEmptySelector(peer.pods)) return true;
        for (const ns of selectNamespaces(index, peer.namespaces)) if (picks(ns, peer.pods)) return true;
      }
    }
  }
  return false;
}

/** Rule ids: unique in the process (an index over regions holds rules compiled over its workloads' index too). */
let nextRuleId = 0;

/** One policy over one index: the classes it selects and its rules per direction. */
interface CompiledPolicy {
  readonly subjects: readonly number[];
  readonly rules: Readonly<Record<Direction, readonly CompiledRule[]>>;
}

/**
 * What compilePolicies keeps per class index. Weak both ways: an entry lives only while its index and
 * its policy object live, and an interned list only while the list it extends and the rules it adds do.
 */
interface IndexMemo {
  readonly policies: WeakMap<NetworkPolicy, CompiledPolicy>;
  /** The empty list every interned list starts from. */
  readonly empty: CompiledRule[];
  /** `before` + `added` (a policy's rules for one direction), by `before` then `added`. */
  readonly extended: WeakMap<readonly CompiledRule[], WeakMap<readonly CompiledRule[], CompiledRule[]>>;
}

const memos = new WeakMap<ClassIndex, IndexMemo>();

function memoOf(index: ClassIndex): IndexMemo {
  let memo = memos.get(index);
  if (!memo) memos.set(index, (memo = { policies: new WeakMap(), empty: [], extended: new WeakMap() }));
  return memo;
}

function compilePolicy(index: ClassIndex, policy: NetworkPolicy): CompiledPolicy {
  const subjects = selectInNamespace(index, policy.namespace, policy.podSelector).map((c) => c.index);
  const allClasses = allClassesOf(index);
  const compileDirection = (direction: Direction): readonly CompiledRule[] =>
    policy.affects[direction] ? policy[direction].map((rule, i) => compileRule(index, allClasses, policy, direction, i, rule, nextRuleId++)) : [];
  const ingress = compileDirection('ingress');
  return { subjects, rules: { ingress, egress: compileDirection('egress') } };
}

/** `appendShared` whose results are interned per index: the same list extended by the same rules is the same array. */
function appendInterned(memo: IndexMemo, perClass: CompiledRule[][], members: readonly number[], added: readonly CompiledRule[]): void {
  if (added.length === 0) return;
  let last: CompiledRule[] | undefined;
  let lastAfter: CompiledRule[] | undefined;
  for (const s of members) {
    const before = perClass[s];
    if (before !== last) {
      let byAdded = memo.extended.get(before);
      if (!byAdded) memo.extended.set(before, (byAdded = new WeakMap()));
      let after = byAdded.get(added);
      if (!after) byAdded.set(added, (after = [...before, ...added]));
      last = before;
      lastAfter = after;
    }
    perClass[s] = lastAfter!;
  }
}

/** Every class index of `index`, ascending (the peers of rules with `any` peers), built once per index. */
const allClassLists = new WeakMap<ClassIndex, readonly number[]>();
function allClassesOf(index: ClassIndex): readonly number[] {
  let all = allClassLists.get(index);
  if (!all) allClassLists.set(index, (all = index.classes.map((c) => c.index)));
  return all;
}

function compileRule(
  index: ClassIndex,
  allClasses: readonly number[],
  policy: NetworkPolicy,
  direction: Direction,
  ruleIndex: number,
  rule: Rule,
  id: number,
): CompiledRule {
  let peerClasses: readonly number[];
  let peerAddresses = AddressSet.NONE;
  let fromAnyPod = false;
  if (rule.peers === 'any') {
    peerClasses = allClasses;
    peerAddresses = AddressSet.ALL;
    fromAnyPod = true;
  } else {
    const picked = new Set<number>();
    for (const peer of rule.peers) {
      if (peer.kind === 'ipBlock') {
        // ipBlock selects addresses outside the pod network; it never selects pods.
        peerAddresses = peerAddresses.union(peer.block);
        continue;
      }
      // namespaceSelector and podSelector in one peer are ANDed; no namespaceSelector means the policy's own.
      const namespaces = peer.namespaces === 'own' ? [policy.namespace] : selectNamespaces(index, peer.namespaces);
      for (const ns of namespaces) for (const c of selectInNamespace(index, ns, peer.pods)) picked.add(c.index);
      if (peer.namespaces !== 'own' && selectsEveryNamespace(peer.namespaces) && isEmptySelector(peer.pods)) fromAnyPod = true;
    }
    peerClasses = [...picked].sort((a, b) => a - b);
  }
  const hasNamedPorts = rule.ports !== 'any' && rule.ports.some(isNamedPort);
  const resolvedNames = hasNamedPorts ? new Set<string>() : NO_NAMES;
  return {
    id,
    policy,
    direction,
    index: ruleIndex,
    rule,
    peerClasses,
    peerAddresses,
    fromAnyPod,
    resolvedNames,
    hasNamedPorts,
    conns: portResolver(rule, resolvedNames),
  };
}

/** What rules without named ports resolve (never written: portResolver adds only names it was given). */
const NO_NAMES: Set<string> = new Set();

function portResolver(rule: Rule, resolvedNames: Set<string>): (dst: PodClass | null) => ConnectionSet {
  if (rule.ports === 'any') return () => ConnectionSet.ALL;
  const numeric = rulePortNumbers(rule);
  const named = rule.ports.filter(isNamedPort);
  if (named.length === 0) return perDestinationPorts(numeric, undefined);
  return perDestinationPorts(numeric, (dst) => {
    let c = ConnectionSet.NONE;
    for (const s of named) {
      // A named port matches a container port of the same name and protocol on the destination pod.
      const p = dst.namedPorts.find((np) => np.name === s.port && np.protocol === s.protocol);
      if (p) {
        resolvedNames.add(s.port as string);
        c = c.union(ConnectionSet.port(s.protocol, p.port));
      }
    }
    return c;
  });
}

/** A named container port; ALL_PORTS (no port given) is not a name but every port of the protocol. */
export function isNamedPort(spec: PortSpec): spec is PortSpec & { readonly port: string } {
  return typeof spec.port === 'string' && spec.port !== ALL_PORTS;
}

/**
 * The port numbers a NetworkPolicy rule's `ports` give (every port when absent or empty); named ports add
 * nothing (their numbers are each destination pod's). Memoised per rule object (rules are never mutated).
 */
export function rulePortNumbers(rule: Rule): ConnectionSet {
  let c = portNumbersMemo.get(rule);
  if (!c) portNumbersMemo.set(rule, (c = rule.ports === 'any' ? ConnectionSet.ALL : rule.ports.filter((s) => !isNamedPort(s)).reduce((acc, s) => acc.union(specConns(s)), ConnectionSet.NONE)));
  return c;
}

const portNumbersMemo = new WeakMap<Rule, ConnectionSet>();

function specConns(spec: PortSpec): ConnectionSet {
  if (spec.port === ALL_PORTS) return ConnectionSet.of(spec.protocol, PortSet.ALL);
  const port = spec.port as number;
  if (spec.endPort === undefined || spec.endPort === port) return ConnectionSet.port(spec.protocol, port);
  return ConnectionSet.of(spec.protocol, PortSet.range(port, spec.endPort));
}

