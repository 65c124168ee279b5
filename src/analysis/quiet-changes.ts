/**
 * Changed policies whose change shows in no reported path, said with what they now admit (or no longer
 * admit) and why no path changed (new-user trial 41, finding 3: Tsuguya/home 0c93d9e added
 * `trading/[pod with {trading=collector}]` to the filer's ingress on TCP 8333; the trading pods' egress is
 * isolated here by the CiliumClusterwideNetworkPolicy allow-dns, so no path opened, and the text said
 * "No change" without naming the changed policy at all).
 *
 * For each changed rule (head's rule no base rule equals, or base's rule head lost) of either tier (NetworkPolicy-tier
 * parts, and cluster-wide ones: AdminNetworkPolicy, BaselineAdminNetworkPolicy, Cilium deny rules, Calico tiers), each
 * of its pod peers the change adds (a peer written in the rule that base's rule at the same place has not;
 * every peer of a new or removed rule) is evaluated against the policy's subject, on the rule's port numbers
 * (every port for a rule without ports or with named ports only): the pods of the manifests it picks, else
 * the regions of label space it holds (engine/regions.ts `heldBy`), at most MAX_ENDS of each end. Why no
 * path changed, from the explanation of that pair (engine/explain-pair.ts):
 * - `other-end`: the other end's own direction (the peer's egress for an ingress rule, its ingress for an
 *   egress rule) denies it on the side the rule is in: its isolating policies, or the cluster-wide tier; with
 *   `ipBlocks`, rules that way reached before the denial name the peer by addresses that may hold pod IPs (an
 *   ipBlock, Calico nets: pod-address-rules.ts), read as never pods here but matched by address on plugins such
 *   as Calico: "no change" is then unproven (`assumedOutside`: with no pod network configured, those whose
 *   addresses were assumed to hold no pod);
 * - `already`: the rule's direction allowed it on the other side too (a rule head adds, by base's rules;
 *   one head removes, by head's); with `ipBlocks`, a Deny there to addresses that may hold the peer's pod IPs (Calico
 *   nets) came first, read as matching no pod: Calico may deny it there, so "no change" is unproven;
 * - `already-denied`: a Deny rule's peer the other side denied too (by Deny rules, else by the NetworkPolicy tier;
 *   `ipBlocks` as for `other-end`, of the rules there: the Deny rule then may close or open a path);
 * - `decided-first`: the rule decides none of it, an Admin-tier rule deciding it first (or, for a Baseline rule,
 *   the NetworkPolicy tier, its pods being isolated there);
 * - `no-pods`: the peer holds no pod of the manifests and no region of label space.
 * A rule's addresses (`ipBlock`, Cilium CIDRs and the `world` entity) are evaluated the same way, the addresses as
 * the other end (whose own side no policy decides): `already` is then the only why.
 *
 * A policy that starts to isolate its pods in a direction (added, or gaining the direction or pods) changes no
 * path when those pods were already isolated that way, by other policies: no rule of a policy is needed for
 * that (a default-deny). Its `isolation` says so per direction (`isolated`, naming those policies at their lines,
 * as explain names a direction's isolating policies: engine/explain-pair.ts `isolatingPolicies`), or that its
 * selector picks no pod here (`no-pods`); likewise one that stops isolating pods that others still isolate. When an
 * Admin-tier rule decides all of the pods' traffic that way before the NetworkPolicy tier on the policy's side (a
 * Calico default-tier Pass of everything), that rule is the why instead (`decided-first`): isolation is never reached.
 * Other cases (an end the report leaves out, ends whose reasons differ) say no why. At most MAX_PEERS peers per
 * policy (a clusterwide policy's copies: its written peer once), for the first MAX_POLICIES policies. Pure: no I/O.
 */
import type { AbstractPeer, AddressSet, Cluster, ClusterPolicy, ClusterPolicyKind, Connectivity, DecidingTier, Direction, DirectionExplanation, Labels, LabelSelector, NameEntry, NetworkPolicy, PeerRef, Protocol, RegionSet, Rule, SourceRef, Tier, TierAction, TierDecision, TierPortSpec, TierRule, Workload } from '../engine/index.js';
import { ConnectionSet, DIRECTIONS, NamedConns, abstractPeer, calicoTierName, tierRuleName, catchAllBeforeNetworkPolicies, abstractPeerMatches, explainPair, isNamedPort, isolatingPolicies, peerOfRule, policyName, rulePortNumbers, same, scopedPolicyId, shownPolicy, tierRulePortNumbers } from '../engine/index.js';
import { requirements } from '../engine/abstract-peers.js';
import type { UnshownChange } from './unshown-changes.js';
import type { PodAddressRule, PodAddressRules } from './pod-address-rules.js';
import { podAddressDenials, podAddressRules } from './pod-address-rules.js';

/** Why a changed rule's pair changed no path; see the module comment. `policies`: the deciding ones, as ids with their lines. */
export type QuietWhy =
  | {
      readonly kind: 'other-end';
      readonly side: 'base' | 'head';
      readonly direction: Direction;
      /** The other end as explain names it (`app/web[Deployment]`); the peer's id when its ends differ but their reasons do not. */
      readonly end: string;
      readonly policies: readonly QuietPolicy[];
      readonly tier?: 'Admin' | 'Baseline';
      /**
       * The other end's rules in `direction`, on the pair's ports, naming this end by addresses that may hold pod IPs
       * (a NetworkPolicy's `ipBlock`, a Calico rule's `nets`, an AdminNetworkPolicy's `networks`; engine/pod-addresses.ts)
       * and reached before what denied it (pod-address-rules.ts): read as never selecting pods, but a plugin that matches
       * pod IPs by address (Calico) admits the pair through them, so "no path" is not proven (report/unproven.ts). Absent when none.
       */
      readonly ipBlocks?: readonly QuietAddresses[];
      /**
       * No pod network configured: such rules whose addresses lie outside the ranges pods are assumed to have
       * (engine/pod-addresses.ts ASSUMED_POD_RANGES), read as holding no pod; the report says so. Absent when none.
       */
      readonly assumedOutside?: readonly QuietAddresses[];
    }
  /**
   * `ipBlocks`: Deny rules of that side in the rule's direction, on the pair's ports, naming the peer by addresses that
   * may hold pod IPs (Calico `nets`, an AdminNetworkPolicy's `networks`) before what allowed it there (pod-address-rules.ts
   * `podAddressDenials`), and not so before the changed rule's allowing on its own side: read as matching no pod, so
   * "already allowed" rests on that reading; Calico may deny it there, and the change then opens (or closes) the path.
   * `assumedOutside` as for `other-end`. Absent when none.
   */
  | { readonly kind: 'already'; readonly side: 'base' | 'head'; readonly policies: readonly QuietPolicy[]; readonly ipBlocks?: readonly QuietAddresses[]; readonly assumedOutside?: readonly QuietAddresses[] }
  | { readonly kind: 'no-pods' }
  /**
   * A Deny rule's peer that the other side denied too: by its cluster-wide Deny rules, else by its isolating policies.
   * `ipBlocks`: as `other-end`'s, of the isolating policies' rules in the rule's direction on what the NetworkPolicy
   * tier denied there (a plugin matching pod IPs by address allowed it there, so the Deny rule changes that path).
   */
  | { readonly kind: 'already-denied'; readonly side: 'base' | 'head'; readonly policies: readonly QuietPolicy[]; readonly ipBlocks?: readonly QuietAddresses[]; readonly assumedOutside?: readonly QuietAddresses[] }
  /**
   * The rule decides none of the pair's traffic on `side` (the rule's): rules of the Admin tier decide all of it first
   * (`policies`: those rules), or for a Baseline rule the NetworkPolicy tier does, the pods being isolated there
   * (`policies`: the isolating ones). One evaluator for every kind: engine/explain-pair.ts.
   */
  | { readonly kind: 'decided-first'; readonly side: 'base' | 'head'; readonly direction: Direction; readonly tier: 'Admin' | 'NetworkPolicy'; readonly policies: readonly QuietPolicy[] }
  /** The pods were isolated in `direction` on `side` (base's for a policy that now isolates them, head's for one that no longer does) by `policies`. */
  | { readonly kind: 'isolated'; readonly side: 'base' | 'head'; readonly direction: Direction; readonly policies: readonly QuietPolicy[] };

/** A policy a why cites: as people read it (`CiliumClusterwideNetworkPolicy allow-dns (in trading)`), and where it is written. */
export interface QuietPolicy {
  readonly policy: string;
  readonly ref: SourceRef;
  /** A `decided-first` isolation's rule: what it does with all the traffic earlier rules leave. */
  readonly action?: TierAction;
}

/**
 * Addresses a rule of the other end names that may hold pod IPs: the policy as people read it, the CIDRs as written
 * (`0.0.0.0/0 (except 10.1.0.0/16)`), the field (absent: `ipBlock`; `nets`, `networks`), and where.
 */
export type QuietAddresses = PodAddressRule;

/** One peer a changed rule adds (head) or loses (base). */
export interface QuietPeer {
  /** `head`: the rule now admits the peer; `base`: it no longer does. */
  readonly side: 'base' | 'head';
  readonly direction: Direction;
  /** The rule's number as people count (`ingress rule 1`). */
  readonly rule: number;
  /** A cluster-wide rule's action (AdminNetworkPolicy, BaselineAdminNetworkPolicy, Cilium deny rules, Calico tiers); absent for a NetworkPolicy-tier rule, which allows. */
  readonly action?: TierAction;
  /**
   * A cluster-wide rule's policy kind (`AdminNetworkPolicy`, `CiliumNetworkPolicy`, `CalicoGlobalNetworkPolicy` …), which
   * says how the policy lists it: a Cilium policy's are its `ingressDeny` / `egressDeny` rules (policy-terms.ts `tierRuleOfPolicy`).
   */
  readonly kind?: ClusterPolicyKind;
  /** The rule's `name` as written (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy rules), when it has one. */
  readonly name?: string;
  /**
   * Set when the rule is a Calico tier's end-of-tier deny for the pods the policy selects (`rule` 1, `action` Deny), which
   * no one wrote as a rule: the tier as its Tier object names it (`Calico tier security (order 100)`), told as its end.
   */
  readonly endOfTier?: string;
  /** The abstract peer's id (`trading/[pod with {trading=collector}]`); for addresses, their CIDRs (`10.0.0.0/8`, `0.0.0.0/0, ::/0`). */
  readonly peer: string;
  /** Set when the peer is addresses (an `ipBlock`, a Cilium CIDR or the `world` entity), not pods. */
  readonly addresses?: true;
  /** The namespace the peer names, when it names one. */
  readonly namespace?: string;
  /**
   * Else the selector its namespaces are picked by (`[namespace with {team=db}]`; `{}`: every namespace), which
   * the target analysis matches against namespaces deployed from another repository (targets/quiet-elsewhere.ts).
   * JSON writes it as Kubernetes does (`matchLabels`, `matchExpressions`).
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * The rule's ports as written: numbers, then named ports with their protocol (`TCP 8333`, `TCP 5432, TCP pg`,
   * `TCP pg`); `All Connections` for a rule without ports.
   */
  readonly ports: string;
  /** Where the peer is written (its side's file). */
  readonly ref: SourceRef;
  readonly why?: QuietWhy;
  /**
   * Set by the target analysis: the peer's namespace is deployed from another repository (an Argo CD
   * Application's or a Flux Kustomization's source elsewhere), whose policies this analysis does not read.
   */
  readonly elsewhere?: QuietElsewhere;
}

/** A quiet peer's namespace deployed from another repository: the first (by the notices' order), its notice's words and line. */
export interface QuietElsewhere {
  readonly namespace: string;
  readonly message: string;
  readonly ref?: SourceRef;
  /** A peer picking namespaces by label: the other namespaces so deployed that its selector picks too; absent when none. */
  readonly more?: readonly string[];
}

/** A direction a changed policy now isolates its pods in (head), or no longer does (base), and why no path changed. */
export interface QuietIsolation {
  /** `head`: the policy now isolates these pods; `base`: it no longer does. */
  readonly side: 'base' | 'head';
  readonly direction: Direction;
  /** The policy's subject, as an abstract peer's id (`mcp-system/[all pods]`); a clusterwide policy's copies: its first. */
  readonly subject: string;
  /** The policy's document on that side. */
  readonly ref: SourceRef;
  /** `isolated` (the other side's isolating policies), `decided-first` (this side's Admin-tier rule deciding all of it first) or `no-pods`. */
  readonly why?: QuietWhy;
}

/** A changed policy no reported path cites, with the peers its changed rules add or lose. */
export interface QuietChange extends UnshownChange {
  readonly peers: readonly QuietPeer[];
  /** The directions it starts or stops isolating pods in, each with why no path changed; absent when none. */
  readonly isolation?: readonly QuietIsolation[];
}

/** Ends of each side evaluated per peer. */
const MAX_ENDS = 8;
/** Policies whose peers are evaluated (a change of hundreds of policies that show in no path names the rest only). */
const MAX_POLICIES = 20;
/** Peers told per policy. */
const MAX_PEERS = 6;

interface Sides {
  readonly base: Connectivity;
  readonly head: Connectivity;
  readonly regions?: RegionSet;
}

/** `changes` (unshown-changes.ts, all of them) with the peers their changed rules add or lose, and why no path changed. */
export function quietChanges(changes: readonly UnshownChange[], sides: Sides): QuietChange[] {
  const parts = { base: partsByObject(sides.base.cluster), head: partsByObject(sides.head.cluster) };
  return changes.map((c, i) => {
    if (i >= MAX_POLICIES) return { ...c, peers: [] };
    const isolation = isolationChanges(c.policy, sides, parts);
    return { ...c, peers: changedPeers(c.policy, sides, parts), ...(isolation.length ? { isolation } : {}) };
  });
}

/**
 * Each side's policies (parts) by the object unshown-changes.ts names them by, in the cluster's order: one pass,
 * not one per change. NetworkPolicy-tier parts and cluster-wide ones apart.
 */
interface PartsByObject {
  readonly np: ReadonlyMap<string, readonly NetworkPolicy[]>;
  readonly tier: ReadonlyMap<string, readonly ClusterPolicy[]>;
}

function partsByObject(cluster: Cluster): PartsByObject {
  return { np: byObject(cluster.policies), tier: byObject(cluster.clusterPolicies ?? []) };
}

function byObject<P extends { readonly id: string }>(parts: readonly P[]): Map<string, P[]> {
  const out = new Map<string, P[]>();
  for (const p of parts) {
    const shown = objectOf(p.id);
    const list = out.get(shown);
    if (list) list.push(p);
    else out.set(shown, [p]);
  }
  return out;
}

/** The object a part's id is, as unshown-changes.ts names it (a copy or a part `#k` of one object is that object). */
function objectOf(id: string): string {
  return shownPolicy(scopedPolicyId(id).replace(/\/end-of-tier$/, '').replace(/#[^/]*$/, ''));
}

/**
 * One rule as this module reads it, of either tier: what `same` compares (the rule as written), its action (a
 * cluster-wide rule's; absent: a NetworkPolicy-tier rule, which allows), its port numbers, and its peers.
 */
interface ReadRule {
  readonly written: Rule | TierRule;
  readonly action?: TierAction;
  /** A cluster-wide rule's tier (its policy's). */
  readonly tier?: Tier;
  /** A cluster-wide rule's policy kind and its `name`, to name it as its policy lists it (QuietPeer `kind`, `name`). */
  readonly kind?: ClusterPolicyKind;
  readonly name?: string;
  /** Every port the rule may allow: its numbers, or every port when it names a port (each pod numbers it its own way). */
  readonly conn: ConnectionSet;
  /** The ports as written, named ports by name (QuietPeer `ports`). */
  readonly text: string;
  /** The rule's named ports, resolved per destination workload by `portsAt`. */
  readonly names: readonly { readonly protocol: Protocol; readonly name: string }[];
  readonly pods: readonly { readonly peer: AbstractPeer; readonly written: unknown; readonly ref: SourceRef }[];
  readonly addresses: readonly { readonly block: AddressSet; readonly cidrs: readonly string[]; readonly written: readonly unknown[]; readonly ref: SourceRef }[];
}

/** A part of a policy object, of either tier: its id, its subject as an abstract peer, and its rules per direction. */
interface ReadPart {
  readonly id: string;
  readonly subject: AbstractPeer;
  readonly rules: Readonly<Record<Direction, readonly ReadRule[]>>;
  /** A Calico tier's end-of-tier deny for the pods the policy selects (its one Deny rule, which no one wrote): the tier as its Tier object names it. */
  readonly endOfTier?: string;
}

/** The parts of `cluster` that are the object `shown`: NetworkPolicy-tier parts, then cluster-wide ones (AdminNetworkPolicy, Cilium deny rules, Calico tiers …). */
function readParts(parts: PartsByObject, shown: string): ReadPart[] {
  const np = (parts.np.get(shown) ?? []).map((p) => ({ id: p.id, subject: abstractPeer(p.namespace, p.podSelector), rules: { ingress: p.ingress.map((r) => npRule(p, r)), egress: p.egress.map((r) => npRule(p, r)) } }));
  const tier = (parts.tier.get(shown) ?? []).map((p) => ({
    id: p.id,
    subject: abstractPeer(p.subject.namespaces, p.subject.pods),
    rules: { ingress: p.ingress.map((r) => tierRule(r, p)), egress: p.egress.map((r) => tierRule(r, p)) },
    ...(p.calico?.endOfTier ? { endOfTier: calicoTierName(p.calico) } : {}),
  }));
  return [...np, ...tier];
}

function npRule(policy: NetworkPolicy, rule: Rule): ReadRule {
  const peers = rule.peers === 'any' ? [] : rule.peers;
  const pods = peers.flatMap((p) => (p.kind === 'pods' ? [{ peer: peerOfRule(policy, p), written: p, ref: p.ref }] : []));
  const blocks = peers.flatMap((p) => (p.kind === 'ipBlock' ? [{ block: p.block, cidrs: [p.cidr], written: p, ref: p.ref }] : []));
  const names = rule.ports === 'any' ? [] : rule.ports.filter(isNamedPort).map((s) => ({ protocol: s.protocol, name: s.port }));
  return { written: rule, conn: ruleConns(rule), text: portsText(rulePortNumbers(rule), names), names, pods, addresses: addressGroups(blocks) };
}

/** A cluster-wide rule: its pod peers and its networks (domains, nodes and related namespaces are not pods or addresses of the manifests). */
function tierRule(rule: TierRule, policy: ClusterPolicy): ReadRule {
  const pods = rule.peers.flatMap((p) => (p.kind === 'pods' ? [{ peer: abstractPeer(p.namespaces, p.pods), written: p, ref: p.ref }] : []));
  const blocks = rule.peers.flatMap((p) => (p.kind === 'networks' ? [{ block: p.block, cidrs: p.cidrs, written: p, ref: p.ref }] : []));
  const named = rule.ports === 'any' ? [] : rule.ports.filter((p): p is TierPortSpec & { readonly port: string } => typeof p.port === 'string');
  const numbers = rule.ports === 'any' ? ConnectionSet.ALL : tierRulePortNumbers({ ...rule, ports: rule.ports.filter((p) => typeof p.port === 'number') });
  const text = portsText(numbers, named.map((p) => ({ protocol: p.protocol === 'any' ? 'ANY' : p.protocol, name: p.port })));
  // A cluster-wide rule's names are not resolved here (any protocol, Calico's named ports): its pairs are asked on every port.
  return { written: rule, action: rule.action, tier: policy.tier, kind: policy.kind, ...(rule.name ? { name: rule.name } : {}), conn: tierRulePortNumbers(rule), text, names: [], pods, addresses: addressGroups(blocks) };
}

/**
 * A rule's ports in the report's words: the numbers, then each named port with its protocol (NamedConns' text:
 * `TCP 5432, TCP pg`); `All Connections` when it gives none. Named ports are never read as every port here
 * (new-user 45: a rule of `port: pg` was said to admit "All Connections").
 */
function portsText(numbers: ConnectionSet, names: readonly NameEntry[]): string {
  return names.length === 0 ? numbers.toText() : NamedConns.of(numbers, names).toText();
}

/**
 * The ports a rule allows between a pair, for asking why it changed no path: a NetworkPolicy rule's named ports
 * resolved on the destination workload (a container port of that name and protocol, as the engine resolves them:
 * compile.ts `portResolver`); toward pods the manifests do not hold, or where no name resolves, every port the
 * rule may allow (`conn`).
 */
function portsAt(rule: ReadRule, dst: PeerRef): ConnectionSet {
  if (rule.names.length === 0 || dst.type !== 'workload') return rule.conn;
  const numbers = rule.written.ports === 'any' ? ConnectionSet.ALL : rulePortNumbers(rule.written as Rule);
  let named = ConnectionSet.NONE;
  for (const n of rule.names) {
    const p = dst.workload.namedPorts.find((np) => np.name === n.name && np.protocol === n.protocol);
    if (p) named = named.union(ConnectionSet.port(n.protocol, p.port));
  }
  return named.isEmpty() ? rule.conn : numbers.union(named);
}

function changedPeers(shown: string, sides: Sides, parts: { readonly base: PartsByObject; readonly head: PartsByObject }): QuietPeer[] {
  const out: QuietPeer[] = [];
  const seen = new Set<string>();
  const add = (side: 'base' | 'head', part: ReadPart, direction: Direction, index: number, rule: ReadRule, other: ReadRule | undefined) => {
    // Other ports or another action (Allow → Deny): every peer of the rule does something new.
    const portsChanged = other !== undefined && (!same(other.written.ports, rule.written.ports) || other.action !== rule.action);
    const isNew = (written: unknown) => portsChanged || !other || ![...other.pods.map((p) => p.written), ...other.addresses.flatMap((a) => a.written)].some((b) => same(selecting(b), selecting(written)));
    const here = side === 'head' ? sides.head : sides.base;
    const action = { ...(rule.action ? { action: rule.action } : {}), ...(rule.kind ? { kind: rule.kind } : {}), ...(rule.name ? { name: rule.name } : {}), ...(part.endOfTier ? { endOfTier: part.endOfTier } : {}) };
    const told = (ref: SourceRef) => {
      // Clusterwide copies (one per namespace): the same written peer of the same rule is one line, evaluated once.
      const key = `${side} ${direction} ${rule.written.ref.file}:${rule.written.ref.line} ${ref.file}:${ref.line}`;
      if (seen.has(key) || out.length >= MAX_PEERS) return false;
      seen.add(key);
      return true;
    };
    // Addresses written at one place (a Cilium `world` entity is 0.0.0.0/0 and ::/0) are one peer.
    for (const group of rule.addresses) {
      if (!group.written.some(isNew) || !told(group.ref)) continue;
      const external: PeerRef = { type: 'external', addresses: group.block };
      out.push({ side, direction, rule: index + 1, ...action, peer: group.cidrs.join(', '), addresses: true, ports: rule.text, ref: group.ref, ...whyOf(side, part.subject, direction, [external], group.cidrs.join(', '), rule, sides) });
    }
    for (const { peer, written, ref } of rule.pods) {
      if (!isNew(written) || !told(ref)) continue;
      out.push({ side, direction, rule: index + 1, ...action, peer: peer.id, ...(peer.namespace !== undefined ? { namespace: peer.namespace } : peer.namespaceSelector ? { namespaceSelector: peer.namespaceSelector } : {}), ports: rule.text, ref, ...whyOf(side, part.subject, direction, endsOf(peer, here, sides.regions), peer.id, rule, sides) });
    }
  };
  // Parts of one object are compared by id; a copy (a clusterwide policy's per namespace) is told once, by its first part.
  const firstById = (list: readonly ReadPart[]) => new Map(list.map((p) => [p.id, p]));
  const [b, h] = [firstById(readParts(parts.base, shown)), firstById(readParts(parts.head, shown))];
  for (const [side, mine, theirs] of [['head', h, b], ['base', b, h]] as const) {
    for (const [id, part] of mine) {
      const other = theirs.get(id);
      for (const d of DIRECTIONS) part.rules[d].forEach((r, i) => (other && other.rules[d].some((x) => same(x.written, r.written)) ? undefined : add(side, part, d, i, r, other?.rules[d][i])));
    }
  }
  return out;
}

/**
 * A written peer as the pods it selects: its selectors by their requirements, so a rewrite that selects the
 * same pods (`matchLabels: {app: x}` as `matchExpressions: [{key: app, operator: In, values: [x]}]`) is no new
 * peer (new-user 45: it read "now admits … {app In (x)}" and "no longer admits … {app=x}"). Other peers as written.
 */
function selecting(written: unknown): unknown {
  if (typeof written !== 'object' || written === null || (written as { readonly kind?: unknown }).kind !== 'pods') return written;
  const peer = written as { readonly namespaces: 'own' | LabelSelector; readonly pods: LabelSelector };
  return { ...written, namespaces: peer.namespaces === 'own' ? 'own' : requirements(peer.namespaces), pods: requirements(peer.pods) };
}

/** A rule's address peers, those written at one place as one (their blocks joined), in order. */
function addressGroups(peers: readonly { readonly block: AddressSet; readonly cidrs: readonly string[]; readonly written: unknown; readonly ref: SourceRef }[]): ReadRule['addresses'] {
  const groups = new Map<string, { ref: SourceRef; block: AddressSet; cidrs: string[]; written: unknown[] }>();
  for (const p of peers) {
    const key = `${p.ref.file}:${p.ref.line}`;
    const g = groups.get(key);
    if (g) {
      g.block = g.block.union(p.block);
      g.cidrs.push(...p.cidrs);
      g.written.push(p.written);
    } else groups.set(key, { ref: p.ref, block: p.block, cidrs: [...p.cidrs], written: [p.written] });
  }
  return [...groups.values()];
}

/**
 * The directions the policy `shown` starts isolating its pods in (head: added, the direction gained, or its
 * podSelector changed) or stops (base), each with why no path changed: the pods were isolated that way on the
 * other side (`isolated`, by the policies isolating every evaluated end there), or the selector picks no pod here.
 * A clusterwide policy's copies are one line per side and direction, their ends evaluated together.
 */
function isolationChanges(shown: string, sides: Sides, parts: { readonly base: PartsByObject; readonly head: PartsByObject }): QuietIsolation[] {
  const base = new Map((parts.base.np.get(shown) ?? []).map((p) => [p.id, p]));
  const head = new Map((parts.head.np.get(shown) ?? []).map((p) => [p.id, p]));
  const isolates = (p: NetworkPolicy | undefined, d: Direction): p is NetworkPolicy => p !== undefined && p.affects[d] && !p.joinsOnly?.[d];
  const out: QuietIsolation[] = [];
  for (const d of ['ingress', 'egress'] as const) {
    for (const side of ['head', 'base'] as const) {
      const [mine, theirs] = side === 'head' ? [head, base] : [base, head];
      // Parts that isolate on this side where the other side's same part does not, or selects other pods.
      const started = [...mine].filter(([id, p]) => isolates(p, d) && (!isolates(theirs.get(id), d) || !same(theirs.get(id)!.podSelector, p.podSelector))).map(([, p]) => p);
      if (started.length === 0) continue;
      const subject = abstractPeer(started[0].namespace, started[0].podSelector).id;
      out.push({ side, direction: d, subject, ref: started[0].ref, ...isolationWhy(side, d, started, sides) });
    }
  }
  return out;
}

/** Why pods `parts` (one policy's, on `side`) starting or stopping to be isolated in `direction` changed no path; see isolationChanges. */
function isolationWhy(side: 'base' | 'head', direction: Direction, parts: readonly NetworkPolicy[], sides: Sides): { why?: QuietWhy } {
  const here = side === 'head' ? sides.head : sides.base;
  const there = side === 'head' ? sides.base : sides.head;
  const ends = parts.flatMap((p) => endsOf(abstractPeer(p.namespace, p.podSelector), here, sides.regions)).slice(0, MAX_ENDS);
  if (ends.length === 0) return { why: { kind: 'no-pods' } };
  const first = decidedBeforeIsolation(side, direction, ends, here);
  if (first) return { why: first };
  const policies: QuietPolicy[] = [];
  for (const end of ends) {
    const cls = classIndex(there, end);
    const isolating = cls === undefined ? [] : isolatingPolicies(there, direction, cls);
    if (isolating.length === 0) return {};
    policies.push(...isolating.map((p) => ({ policy: policyName(p.policy), ref: p.ref })));
  }
  return { why: { kind: 'isolated', side: side === 'head' ? 'base' : 'head', direction, policies: uniquePolicies(policies) } };
}

/**
 * The Admin-tier rules that decide all of `ends`' traffic in `direction` on `side` before the NetworkPolicy tier
 * (a Calico default-tier Pass of everything, an AdminNetworkPolicy denying every peer): isolation there changes
 * nothing, whatever isolated the pods before. Undefined unless every end has such a rule.
 */
function decidedBeforeIsolation(side: 'base' | 'head', direction: Direction, ends: readonly PeerRef[], here: Connectivity): Extract<QuietWhy, { kind: 'decided-first' }> | undefined {
  const policies: QuietPolicy[] = [];
  for (const end of ends) {
    const cls = classIndex(here, end);
    const rule = cls === undefined ? undefined : catchAllBeforeNetworkPolicies(here, direction, cls);
    if (!rule) return undefined;
    const named = decisionName({ kind: rule.policy.kind, policy: rule.policy.id, rule: rule.index, ...(rule.rule.name ? { name: rule.rule.name } : {}), ref: rule.rule.ref, ...(rule.policy.calico ? { calico: rule.policy.calico } : {}) }, direction);
    policies.push({ ...named, action: rule.action });
  }
  return { kind: 'decided-first', side, direction, tier: 'Admin', policies: uniquePolicies(policies) };
}

/** A pair end's pod class on one side (a workload it holds, a region it classes); undefined when it holds none. */
function classIndex(conn: Connectivity, end: PeerRef): number | undefined {
  if (end.type === 'workload') return conn.index.classOf.get(end.workload.id);
  if (end.type === 'pods') return end.region === undefined ? undefined : conn.index.regionClasses[end.region]?.index;
  return undefined;
}

/** The rule's port numbers; every port when it gives none, or only names (whose numbers differ per pod). */
function ruleConns(rule: Rule): ConnectionSet {
  if (rule.ports === 'any' || rule.ports.some(isNamedPort)) return ConnectionSet.ALL;
  return rulePortNumbers(rule);
}

/** The ends of a pod selector on one side: the workloads it picks, else the regions it holds (at most MAX_ENDS). */
function endsOf(peer: AbstractPeer, conn: Connectivity, regions: RegionSet | undefined): PeerRef[] {
  const nsLabels = namespaceLabelsOf(conn);
  // The first MAX_ENDS in the cluster's order; a peer that names its namespace reads that namespace's workloads only.
  const candidates = peer.namespace !== undefined ? (workloadsByNamespace(conn).get(peer.namespace) ?? []) : conn.cluster.workloads;
  const picked: PeerRef[] = [];
  for (const w of candidates) {
    if (!abstractPeerMatches(peer, nsLabels.get(w.namespace) ?? { 'kubernetes.io/metadata.name': w.namespace }, w.podLabels)) continue;
    picked.push({ type: 'workload', workload: w });
    if (picked.length === MAX_ENDS) break;
  }
  if (picked.length) return picked;
  if (!regions) return [];
  return regions
    .heldBy(peer)
    .filter((r) => conn.index.regionClasses[r] !== undefined)
    .slice(0, MAX_ENDS)
    .map((region) => ({ type: 'pods', peer: regions.nameOf(region), region }));
}

/** A side's namespace labels, made once per connectivity (every peer of every quiet change asks). */
const nsLabelsKept = new WeakMap<Connectivity, ReadonlyMap<string, Labels>>();
function namespaceLabelsOf(conn: Connectivity): ReadonlyMap<string, Labels> {
  let found = nsLabelsKept.get(conn);
  if (!found) nsLabelsKept.set(conn, (found = new Map(conn.cluster.namespaces.map((n) => [n.name, n.labels]))));
  return found;
}

/** A side's workloads by namespace, in the cluster's order, made once per connectivity. */
const byNamespaceKept = new WeakMap<Connectivity, ReadonlyMap<string, readonly Workload[]>>();
function workloadsByNamespace(conn: Connectivity): ReadonlyMap<string, readonly Workload[]> {
  let found = byNamespaceKept.get(conn);
  if (!found) {
    const out = new Map<string, Workload[]>();
    for (const w of conn.cluster.workloads) {
      const list = out.get(w.namespace);
      if (list) list.push(w);
      else out.set(w.namespace, [w]);
    }
    byNamespaceKept.set(conn, (found = out));
  }
  return found;
}

/**
 * Why no path changed for the pairs of the peer's ends `others` and the part's `subject`, when every evaluated pair
 * says the same; `other-end` reasons that differ only by the end (two workloads of the peer, each isolated by the
 * same policies) are one, said of the peer (`otherName`): a peer of the policy's own pods used to say none.
 */
function whyOf(side: 'base' | 'head', subject: AbstractPeer, direction: Direction, others: readonly PeerRef[], otherName: string, rule: ReadRule, sides: Sides): { why?: QuietWhy } {
  const here = side === 'head' ? sides.head : sides.base;
  const there = side === 'head' ? sides.base : sides.head;
  if (others.length === 0) return { why: { kind: 'no-pods' } };
  const subjects = endsOf(subject, here, sides.regions);
  if (subjects.length === 0) return {};
  const whys: QuietWhy[] = [];
  for (const other of others) {
    for (const end of subjects) {
      const query = direction === 'ingress' ? { src: other, dst: end, ports: portsAt(rule, end) } : { src: end, dst: other, ports: portsAt(rule, other) };
      const why = pairWhy(side, direction, query, rule, here, there);
      if (!why) return {};
      whys.push(why);
    }
  }
  const first = JSON.stringify(whys[0]);
  if (whys.every((w) => JSON.stringify(w) === first)) return { why: whys[0] };
  const butEnd = (w: QuietWhy) => JSON.stringify(w.kind === 'other-end' ? { ...w, end: '' } : w);
  const merged = butEnd(whys[0]);
  return whys[0].kind === 'other-end' && whys.every((w) => butEnd(w) === merged) ? { why: { ...whys[0], end: otherName } } : {};
}

/** Whether a side's connectivity evaluates a pair end (a workload it holds, a region it classes). */
function holds(conn: Connectivity, end: PeerRef): boolean {
  if (end.type === 'workload') return conn.index.classOf.has(end.workload.id);
  if (end.type === 'pods') return end.region !== undefined && conn.index.regionClasses[end.region] !== undefined;
  return true;
}

/**
 * `AdminNetworkPolicy deny-all ingress rule 1 "no-web"`: a cluster-wide rule that decided part of a pair, as a why
 * cites it, named as explain names it for every kind (policy-terms.ts `tierRuleName`): with the rule's `name`; a Cilium
 * deny rule by its list (`CiliumNetworkPolicy db/no-web ingressDeny rule 1`); a Calico tier's end-of-tier deny, which
 * no one wrote as a rule, as `the end of Calico tier security (order 100), for the pods Calico GlobalNetworkPolicy
 * security.db selects`, at the policy's line.
 */
function decisionName(d: Pick<TierDecision, 'kind' | 'policy' | 'rule' | 'name' | 'ref' | 'calico'>, direction: Direction): QuietPolicy {
  return { policy: tierRuleName(d, direction), ref: d.ref };
}

/**
 * Why the changed `rule`'s pair changed no path, from the one tiered explanation of each side (explain-pair.ts),
 * whatever the rule's kind: the other end denies it; the rule decides none of it, the traffic being decided
 * before it (`decided-first`: an Admin-tier rule first, or for a Baseline rule the NetworkPolicy tier, its pods
 * being isolated there); or the other side got the same (`already`: allowed; `already-denied`: a Deny rule's).
 */
function pairWhy(side: 'base' | 'head', direction: Direction, query: { readonly src: PeerRef; readonly dst: PeerRef; readonly ports: ConnectionSet }, rule: ReadRule, here: Connectivity, there: Connectivity): QuietWhy | undefined {
  if (!holds(here, query.src) || !holds(here, query.dst)) return undefined;
  const explained = explainPair(here, query);
  const otherDirection: Direction = direction === 'ingress' ? 'egress' : 'ingress';
  const own = explained.directions.find((d) => d.direction === otherDirection);
  if (own && own.allowed.isEmpty()) {
    const tier = own.tier === 'Admin' || own.tier === 'Baseline' ? own.tier : undefined;
    const policies = tier ? own.decisions.map((d) => decisionName(d, otherDirection)) : own.isolating.map((p) => ({ policy: policyName(p.policy), ref: p.ref }));
    // The other end's rules naming this end by addresses that may hold pod IPs, reached before what denied it.
    const found = podAddressRules(here, own, otherDirection === 'ingress' ? query.dst : query.src, otherDirection === 'ingress' ? query.src : query.dst, query.ports);
    // Read alike on the other side (a policy split in two, its rules the same), a plugin matching pods by address changes nothing here.
    const unproven = (found.mayHold.length || found.assumed.length) && !(rule.action !== 'Deny' && readAlike(direction, query, there, found)) ? found : NO_ADDRESSES;
    return { kind: 'other-end', side, direction: otherDirection, end: own.subject, policies: uniquePolicies(policies), ...(tier ? { tier } : {}), ...addressFields(unproven) };
  }
  const mine = explained.directions.find((d) => d.direction === direction);
  const first = mine && decidedFirst(mine, rule, query.ports);
  if (first) return { ...first, side };
  if (!holds(there, query.src) || !holds(there, query.dst)) return undefined;
  const before = explainPair(there, query).directions.find((d) => d.direction === direction);
  if (!before) return undefined;
  const otherSide = side === 'head' ? 'base' : 'head';
  if (rule.action === 'Deny' && before.allowed.isEmpty()) {
    // Denied there too: by cluster-wide Deny rules, else by the NetworkPolicy tier (its isolating policies, none of whose rules admits it).
    const denying = before.decisions.filter((d) => d.action === 'Deny').map((d) => decisionName(d, direction));
    // What was denied there rests on the reading of addresses too: a pod peer's, not addresses' (rules naming it by
    // an address that may hold it, reached before the denial, would have allowed it on a plugin matching pods by address).
    const found = podAddressRules(there, before, direction === 'ingress' ? query.dst : query.src, direction === 'ingress' ? query.src : query.dst, query.ports);
    return { kind: 'already-denied', side: otherSide, policies: uniquePolicies(denying.length ? denying : before.isolating.map((p) => ({ policy: policyName(p.policy), ref: p.ref }))), ...addressFields(found) };
  }
  if (rule.action !== 'Deny' && !before.allowed.isEmpty() && query.ports.isSubsetOf(before.allowed)) {
    // The NetworkPolicy rules that allowed it, and the cluster-wide Allow rules that decided part of it (none: no policy isolated that direction).
    const rules = [...before.allowing.map((r) => ({ policy: `${policyName(r.policy)} ${r.direction} rule ${r.rule + 1}`, ref: r.ref })), ...before.decisions.filter((d) => d.action === 'Allow').map((d) => decisionName(d, direction))];
    // Allowed there past a Deny to addresses that may hold the peer's pod IPs, which the model reads as no pod's: said,
    // unless that Deny comes as early on the rule's own side too (then Calico denies it on both, and no path changes).
    const [subject, peer] = direction === 'ingress' ? [query.dst, query.src] : [query.src, query.dst];
    const denials = podAddressDenials(there, before, subject, peer, query.ports);
    const own = mine && (denials.mayHold.length || denials.assumed.length) ? podAddressDenials(here, mine, subject, peer, query.ports) : undefined;
    const key = (r: PodAddressRule) => `${r.policy} ${r.field ?? ''} ${r.cidr}`;
    const alike = new Set([...(own?.mayHold ?? []), ...(own?.assumed ?? [])].map(key));
    const apart = { mayHold: denials.mayHold.filter((r) => !alike.has(key(r))), assumed: denials.assumed.filter((r) => !alike.has(key(r))) };
    return { kind: 'already', side: otherSide, policies: uniquePolicies(rules), ...addressFields(apart) };
  }
  return undefined;
}

const NO_ADDRESSES: PodAddressRules = { mayHold: [], assumed: [] };

/**
 * Whether an `other-end` pair whose other end may admit it by `found`'s addresses is read alike on the other side
 * `there`, so that a plugin matching pods by address (Calico) gives both sides the same answer: there, the changed
 * rule's direction allowed all of the pair's ports (by an equal rule, as a policy split into `-ingress` and `-egress`
 * keeps it, or any other), the other end denied it in the model, and by the very same address rules (CIDRs, field)
 * reached the same way. Then the change changes nothing for the pair on any plugin and no unproven mark is due (real
 * repositories 42, angelnu cedbdb8da: each namespace's policy split in two read "unproven … ipBlock 0.0.0.0/0"). A
 * rule that truly changed what it admits (a port added) is not allowed there on every port: the mark stays.
 */
function readAlike(direction: Direction, query: { readonly src: PeerRef; readonly dst: PeerRef; readonly ports: ConnectionSet }, there: Connectivity, found: PodAddressRules): boolean {
  if (!holds(there, query.src) || !holds(there, query.dst)) return false;
  const explained = explainPair(there, query);
  const mine = explained.directions.find((d) => d.direction === direction);
  const other = explained.directions.find((d) => d.direction !== direction);
  if (!mine || !other || !query.ports.isSubsetOf(mine.allowed) || !other.allowed.isEmpty()) return false;
  const [subject, peer] = direction === 'ingress' ? [query.dst, query.src] : [query.src, query.dst];
  // Allowed there past a Deny to addresses that may hold the peer's pods: Calico may have denied it there.
  if (podAddressDenials(there, mine, subject, peer, query.ports).mayHold.length) return false;
  const before = podAddressRules(there, other, peer, subject, query.ports);
  const key = (r: PodAddressRule) => `${r.field ?? 'ipBlock'} ${r.cidr}`;
  const keys = (rules: readonly PodAddressRule[]) => JSON.stringify([...new Set(rules.map(key))].sort());
  return keys(before.mayHold) === keys(found.mayHold) && keys(before.assumed) === keys(found.assumed);
}

/** A why's `ipBlocks` (addresses that may hold pod IPs) and `assumedOutside` (no pod network configured: addresses read as no pod's), when any. */
function addressFields(found: PodAddressRules): { ipBlocks?: readonly QuietAddresses[]; assumedOutside?: readonly QuietAddresses[] } {
  return { ...(found.mayHold.length ? { ipBlocks: found.mayHold } : {}), ...(found.assumed.length ? { assumedOutside: found.assumed } : {}) };
}

/**
 * The traffic of the pair decided wholly before the changed rule, which decides none of it: by Admin-tier rules
 * (an earlier AdminNetworkPolicy, a Cilium deny), or, for a Baseline rule, by the NetworkPolicy tier, the pods
 * being isolated there. Undefined when the rule decides some of it, or others decide it in parts.
 */
function decidedFirst(mine: DirectionExplanation, rule: ReadRule, ports: ConnectionSet): Omit<Extract<QuietWhy, { kind: 'decided-first' }>, 'side'> | undefined {
  const at = (ref: SourceRef) => ref.file === rule.written.ref.file && ref.line === rule.written.ref.line;
  // A cluster-wide rule decides what it is first to match; a NetworkPolicy rule what it allows where that tier decides.
  const decides = rule.tier ? mine.decisions.some((d) => at(d.ref)) : mine.parts.some((p) => p.tier === 'NetworkPolicy') && mine.allowing.some((r) => at(r.ref));
  if (decides) return undefined;
  const decided = (tier: DecidingTier) => mine.parts.filter((p) => p.tier === tier).reduce((acc, p) => acc.union(p.conn), ConnectionSet.NONE);
  if (ports.isSubsetOf(decided('Admin'))) {
    return { kind: 'decided-first', direction: mine.direction, tier: 'Admin', policies: uniquePolicies(mine.decisions.filter((d) => d.tier === 'Admin').map((d) => decisionName(d, mine.direction))) };
  }
  // A Baseline rule is never reached for pods a NetworkPolicy isolates, nor one after their allows (Calico's default
  // tier after order 1000) for what the NetworkPolicy tier decided before it.
  if ((rule.tier === 'Baseline' || rule.tier === 'NetworkPolicy') && mine.isolating.length > 0 && ports.isSubsetOf(decided('Admin').union(decided('NetworkPolicy')))) {
    return { kind: 'decided-first', direction: mine.direction, tier: 'NetworkPolicy', policies: uniquePolicies(mine.isolating.map((p) => ({ policy: policyName(p.policy), ref: p.ref }))) };
  }
  return undefined;
}

function uniquePolicies(list: readonly QuietPolicy[]): QuietPolicy[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.policy} ${p.ref.file}:${p.ref.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
