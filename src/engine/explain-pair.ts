/**
 * Why one connection is allowed or dropped (`reachdiff explain`): the verdict per protocol/port range,
 * then per direction that applies (the source's egress, the destination's ingress) the deciding tier,
 * the rules that allow (file:line), the policies that isolate without admitting the peer, and for the
 * rules that come close, each reason they do not match. Pure; computed on demand for one pair.
 *
 * Semantics (NetworkPolicy, networking.k8s.io/v1): a pod no policy selects for a direction allows
 * everything that way; otherwise only the union of the selecting policies' rules. Pod to pod needs
 * both the source's egress and the destination's ingress; traffic with an address outside the cluster
 * needs only the pod's own side.
 */
import type { AddressSet } from './address-set.js';
import type { CompiledRule } from './compile.js';
import { isCaptured } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { classConn, isFree } from './connectivity.js';
import { mergeByOrder, tierVerdict } from './direction-rows.js';
import { addressParts } from './explain-tiers.js';
import { runTier } from './tier-verdict.js';
import type { CompiledTierRule } from './tiers.js';
import type { CalicoPlacement, ClusterPolicyKind, Direction, IngressBackend, Protocol, SourceRef, Tier, TierAction } from './model.js';
import type { PodClass } from './peer-classes.js';
import type { PeerRef } from './peers.js';
import { peerId } from './peers.js';
import type { Piecewise } from './piecewise.js';
import type { Mismatch, RulePeer } from './rule-match.js';
import { matchRule } from './rule-match.js';
import type { TierNearMiss } from './tier-near-misses.js';
import { tierNearMisses } from './tier-near-misses.js';
import { namedIngressPieces } from './region-external-names.js';
import { routeNames } from './ingress-controller.js';
import { PortSet } from './port-set.js';
import { nameConns, regionPairConns, tierRuleNames } from './region-port-names.js';

/** The connection asked about: `ports` is ConnectionSet.ALL when no port was given. */
export interface PairQuery {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly ports: ConnectionSet;
  /**
   * A container port name of an abstract destination (pods the manifests do not hold, whose port numbers
   * are unknown): `ports` is then every port of the name's protocol (the number the port may carry), and
   * every rule naming the port matches all of them, as diff's `namedPorts` evaluates it
   * (region-port-names.ts). Every set of the explanation then reads "the numbers this port is allowed on".
   */
  readonly portName?: string;
}

/**
 * The tiers a direction is decided in, in order (kube-network-policies): Admin (AdminNetworkPolicy, admin
 * ClusterNetworkPolicy), NetworkPolicy, Baseline (BaselineAdminNetworkPolicy, baseline
 * ClusterNetworkPolicy), then the default: allow.
 */
export type DecidingTier = 'Admin' | 'NetworkPolicy' | 'Baseline' | 'default';

/**
 * A cluster-wide policy rule that was first to match part of the asked traffic, and what it did with it. `tier`
 * `NetworkPolicy`: a rule of that tier's own, after the NetworkPolicies' allows (Calico's default tier after order 1000).
 */
export interface TierDecision {
  readonly tier: Tier;
  readonly kind: ClusterPolicyKind;
  readonly policy: string;
  readonly rule: number;
  readonly name?: string;
  readonly action: TierAction;
  readonly ref: SourceRef;
  readonly conn: ConnectionSet;
  /** A Calico policy's rule: its Calico tier, to name it as written (report/tier-deciders.ts). */
  readonly calico?: CalicoPlacement;
  /**
   * The asked addresses it decided for, where the rules cut them apart and it did not decide for all of them
   * (`storyByParts`: a rule matching part of an asked range); absent: every asked address, or a pod peer.
   */
  readonly addresses?: AddressSet;
}

/** The part of the asked traffic one tier decided, allowed or denied. */
export interface TierPart {
  readonly tier: DecidingTier;
  readonly verdict: 'allowed' | 'denied';
  readonly conn: ConnectionSet;
  /** The asked addresses it is of, where the rules cut them apart and it is not of all of them (see TierDecision); absent: all. */
  readonly addresses?: AddressSet;
}

export interface RuleFact {
  readonly policy: string;
  readonly direction: Direction;
  /** 0-based position in the policy's `ingress`/`egress` list. */
  readonly rule: number;
  readonly ref: SourceRef;
  /** The asked traffic this rule allows. */
  readonly conn: ConnectionSet;
  /** The asked addresses it allows it for, where it covers some of them only (see TierDecision); absent: all, or a pod peer. */
  readonly addresses?: AddressSet;
}

export interface NearMiss {
  readonly policy: string;
  readonly direction: Direction;
  readonly rule: number;
  readonly ref: SourceRef;
  readonly mismatches: readonly Mismatch[];
}

export interface DirectionExplanation {
  readonly direction: Direction;
  /** The workload whose policies decide this direction (`ns/name[Kind]`). */
  readonly subject: string;
  /** The tier that decided the denied part (when something is denied), else the allowed part. */
  readonly tier: DecidingTier;
  /** Which tier decided which part, in tier order (parts are disjoint; together they are the asked traffic). */
  readonly parts: readonly TierPart[];
  /** Admin and Baseline rules that decided part of the asked traffic, in evaluation order. */
  readonly decisions: readonly TierDecision[];
  /** Of the asked traffic, what this direction allows (for every asked address when the peer is external). */
  readonly allowed: ConnectionSet;
  /** The NetworkPolicy rules that allow some of what reaches them (not what an Admin-tier rule settled first, nor what a Calico default-tier Pass took past them). */
  readonly allowing: readonly RuleFact[];
  readonly isolating: readonly { readonly policy: string; readonly ref: SourceRef }[];
  /** NetworkPolicy rules of the isolating policies that do not allow what the NetworkPolicy tier denies, with why. */
  readonly nearMisses: readonly NearMiss[];
  /**
   * Set when an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy selects the subject
   * in this direction (whether or not a rule of it matches the peer); absent when no policy of any tier does.
   */
  readonly selectedByTier?: true;
  /** With `selectedByTier`: those cluster-wide policies (parts of one Calico policy each), in evaluation order. */
  readonly tierSelectors?: readonly TierSelector[];
  /**
   * Allow rules of those policies that select the subject but miss the peer or the ports, and would allow
   * some of the denied traffic if they matched (tier-near-misses.ts); nearest first. Absent when none.
   */
  readonly tierNearMisses?: readonly TierNearMiss[];
}

/** A cluster-wide policy whose subject holds the pod in a direction. */
export interface TierSelector {
  readonly tier: Tier;
  readonly kind: ClusterPolicyKind;
  readonly policy: string;
  readonly calico?: CalicoPlacement;
}

/** One part of the verdict; `addresses` when the external end's addresses are not all treated alike. */
export interface VerdictRow {
  readonly addresses?: AddressSet;
  readonly allowed: ConnectionSet;
  readonly denied: ConnectionSet;
}

/** For the ingress controller: the Ingress backends that lead to the destination and their ports before policy. */
export interface IngressRoute {
  readonly backends: readonly IngressBackend[];
  readonly conn: ConnectionSet;
  /**
   * Toward pods the manifests do not hold: the Service target ports the route gives by name, whose
   * numbers there are unknown (`conn` holds none of them); asked by one of these names (`--port http`),
   * the verdict is the controller on that port, whatever its number.
   */
  readonly names?: readonly { readonly protocol: Protocol; readonly name: string }[];
}

export interface PairExplanation {
  readonly query: PairQuery;
  readonly verdict: 'allowed' | 'denied' | 'partly';
  readonly rows: readonly VerdictRow[];
  readonly directions: readonly DirectionExplanation[];
  readonly route?: IngressRoute;
}

/**
 * Explains `query` on one cluster. Both ends must exist in `conn` (a workload by id; the ingress
 * controller only as a source; never two external ends) — the caller resolves and checks them.
 */
export function explainPair(conn: Connectivity, query: PairQuery, options: ExplainOptions = {}): PairExplanation {
  const { src, dst, ports, portName } = query;
  const srcClass = classOfPeer(conn, src);
  const dstClass = classOfPeer(conn, dst);
  const directions: DirectionExplanation[] = [];
  if (srcClass) directions.push(explainDirection(conn, 'egress', srcClass, src, rulePeer(dst, dstClass), dstClass, ports, portName, options));
  if (dstClass) directions.push(explainDirection(conn, 'ingress', dstClass, dst, rulePeer(src, srcClass), dstClass, ports, portName, options));
  const rows = verdictRows(conn, query, srcClass, dstClass);
  const route = src.type === 'ingress-controller' && dstClass ? ingressRoute(conn, dstClass) : undefined;
  const anyAllowed = rows.some((r) => !r.allowed.isEmpty());
  const anyDenied = rows.some((r) => !r.denied.isEmpty());
  return { query, verdict: anyDenied ? (anyAllowed ? 'partly' : 'denied') : 'allowed', rows, directions, route };
}

/** What an explanation is asked to hold beyond the verdict and the NetworkPolicy tier's story. */
export interface ExplainOptions {
  /**
   * The near misses of cluster-wide Allow rules (`DirectionExplanation.tierNearMisses`): each costs a run of
   * the tier chain, so only the explain command asks for them, not a finding's or an edit's check.
   */
  readonly tierNearMisses?: boolean;
}

/** Workloads and regions of label space (abstract peers) are evaluated as pod classes; addresses and the controller are not. */
function classOfPeer(conn: Connectivity, p: PeerRef): PodClass | null {
  if (p.type === 'workload') {
    const i = conn.index.classOf.get(p.workload.id);
    if (i === undefined) throw new Error(`explainPair: ${p.workload.id} is not in this cluster`);
    return conn.index.classes[i];
  }
  if (p.type === 'pods') {
    const cls = p.region === undefined ? undefined : conn.index.regionClasses[p.region];
    if (!cls) throw new Error(`explainPair: ${p.peer.id} has no region in this cluster`);
    return cls;
  }
  return null;
}

function rulePeer(p: PeerRef, cls: PodClass | null): RulePeer {
  switch (p.type) {
    case 'workload':
    case 'pods':
      return { kind: 'pod', cls: cls!, workload: peerId(p) };
    case 'external':
      return { kind: 'addresses', addresses: p.addresses };
    case 'ingress-controller':
      return { kind: 'ingress-controller' };
    case 'domain':
      // Not reachable from the explain command (its ends are workloads, addresses or the controller); why covers domains.
      throw new Error(`explainPair: ${peerId(p)} is a domain; domain paths are explained by diff's why`);
  }
}

/**
 * One direction on one cluster, tier by tier; also used to verify a suggested edit on the edited cluster.
 * The allowed set is the evaluator's own (tierVerdict); the per-tier parts retell how it came about.
 */
export function explainDirection(
  conn: Connectivity,
  direction: Direction,
  subjectClass: PodClass,
  subject: PeerRef,
  peer: RulePeer,
  dstClass: PodClass | null,
  wanted: ConnectionSet,
  portName?: string,
  options: ExplainOptions = {},
): DirectionExplanation {
  const base = { direction, subject: peerId(subject) };
  const s = subjectClass.index;
  if (isFree(conn, direction, s)) {
    return { ...base, tier: 'default', parts: [{ tier: 'default', verdict: 'allowed', conn: wanted }], decisions: [], allowed: wanted, allowing: [], isolating: [], nearMisses: [] };
  }
  // A port name toward a region: a rule naming it matches whatever number the port carries.
  const name = portName !== undefined && dstClass?.region !== undefined ? portName : null;
  const connsOf = (r: CompiledTierRule) => r.conns(direction === 'ingress' ? subjectClass : dstClass).union(nameConns(tierRuleNames(r), name));
  const tierRules = (list: 'Admin' | 'Baseline') => conn.tiers.rulesOf[list][direction][s].filter((r) => tierRuleMatches(r, peer));
  const admin = tierRules('Admin');
  // After the NetworkPolicies' allows: the NetworkPolicy tier's own rules, then the Baseline tier's.
  const after = tierRules('Baseline');
  const captured = isCaptured(conn.compiled, direction, s);
  const npOf = (p: RulePeer) => networkPolicyTier(conn, direction, s, p, dstClass, wanted, name);
  const np = npOf(peer);
  const npAllowed = captured ? np.allowed : ('notCaptured' as const);
  const verdict = tierVerdict(mergeByOrder(admin, after), npAllowed, connsOf).intersect(wanted);
  const allowed = peer.kind === 'addresses' ? everywhere(externalPieces(conn, direction, s, name), peer.addresses).intersect(wanted) : verdict;
  // Toward addresses, the NetworkPolicies' ipBlocks cut them too (an ipBlock over part of the asked range, an except
  // inside it): each part is told with what the NetworkPolicies allow of it, not of the whole range.
  const npRules = captured ? conn.compiled.rulesOf[direction][s] : [];
  const npTier = captured ? (a: AddressSet) => npOf({ kind: 'addresses', addresses: a }) : null;
  const story = peer.kind === 'addresses'
    ? storyByParts(peer.addresses, admin, after, npTier, npRules, wanted, connsOf)
    : withAllowing(tierStory(admin, after, captured ? np.allowed : null, wanted, connsOf), captured ? np.allowing : []);
  const denied = wanted.subtract(allowed);
  // A NetworkPolicy allowing it comes first, also before the tier's own Deny rules: each denied part is the near misses'.
  const npDenied = story.parts.filter((p) => p.tier === 'NetworkPolicy' && p.verdict === 'denied').reduce((acc, p) => acc.union(p.conn), ConnectionSet.NONE);
  // Near misses matter only where the NetworkPolicy tier denies; then each says why it does not cover that.
  const nearMisses = npDenied.isEmpty()
    ? []
    : np.misses
        .map((m) => narrowTo(m, npDenied))
        .filter((m) => m.mismatches.length > 0 && !missesAll(m, npDenied))
        .sort((a, b) => a.mismatches.length - b.mismatches.length); // nearest first (stable: policy order within)
  const isolating = isolatingPolicies(conn, direction, s);
  const deciding = story.parts.find((p) => p.verdict === (denied.isEmpty() ? 'allowed' : 'denied'))?.tier ?? 'default';
  const candidates = mergeByOrder(conn.tiers.rulesOf.Admin[direction][s], conn.tiers.rulesOf.Baseline[direction][s]);
  const selectedByTier = candidates.length > 0 ? { selectedByTier: true as const, tierSelectors: tierSelectors(candidates) } : {};
  const tierMisses = options.tierNearMisses && candidates.length > 0 ? tierNearMisses(candidates, peer, { admin, baseline: after, np: npAllowed, connsOf }, wanted, verdict) : [];
  return { ...base, tier: deciding, parts: story.parts, decisions: story.decisions, allowed, allowing: story.allowing, isolating, nearMisses, ...selectedByTier, ...(tierMisses.length ? { tierNearMisses: tierMisses } : {}) };
}

/**
 * The policies that isolate pod class `cls` in `direction` (NetworkPolicy semantics: a policy selecting the pod
 * with the direction in its policyTypes; Cilium's `enableDefaultDeny: false` ones do not), by id and document:
 * what `DirectionExplanation.isolating` names, and what analysis/quiet-changes.ts names for pods a changed policy
 * (de)isolates. Empty when none does.
 */
export function isolatingPolicies(conn: Connectivity, direction: Direction, cls: number): { readonly policy: string; readonly ref: SourceRef }[] {
  return conn.compiled.capturedBy[direction][cls].map((p) => ({ policy: p.id, ref: p.ref }));
}

/** The policies of `rules`, each once, in evaluation order. */
function tierSelectors(rules: readonly CompiledTierRule[]): TierSelector[] {
  const out = new Map<string, TierSelector>();
  for (const { policy: p } of rules) if (!out.has(p.id)) out.set(p.id, { tier: p.tier, kind: p.kind, policy: p.id, ...(p.calico ? { calico: p.calico } : {}) });
  return [...out.values()];
}

/** The NetworkPolicy tier alone: what the selecting policies' rules allow of `wanted`, the allowing rules, and the misses. */
function networkPolicyTier(conn: Connectivity, direction: Direction, s: number, peer: RulePeer, dstClass: PodClass | null, wanted: ConnectionSet, name: string | null) {
  const allowing: RuleFact[] = [];
  const misses: NearMiss[] = [];
  let allowed = ConnectionSet.NONE;
  for (const rule of conn.compiled.rulesOf[direction][s]) {
    const m = matchRule(rule, peer, dstClass, wanted, name);
    const at = { policy: rule.policy.id, direction, rule: rule.index, ref: rule.rule.ref };
    const granted = m.conns.intersect(wanted);
    if (m.peerMatches && !granted.isEmpty()) {
      allowing.push({ ...at, conn: granted });
      allowed = allowed.union(granted);
    }
    if (m.mismatches.length > 0) misses.push({ ...at, mismatches: m.mismatches });
  }
  return { allowed, allowing, misses };
}

function tierRuleMatches(rule: CompiledTierRule, peer: RulePeer): boolean {
  switch (peer.kind) {
    case 'pod':
      return rule.allPods || rule.peerClasses.includes(peer.cls.index);
    case 'addresses':
      return !rule.peerAddresses.intersect(peer.addresses).isEmpty();
    case 'ingress-controller':
      return rule.allPods;
  }
}

/**
 * How the tiers split the asked traffic (first order of equal-priority policies; the evaluator's verdict
 * covers every order): Admin Allow/Deny are final, Pass and unmatched go on; the NetworkPolicy tier decides
 * all of the rest when a NetworkPolicy selects the pod (but what a Pass of its own tier, Calico's default
 * tier, passed on): what its NetworkPolicies allow, then its own rules on what they leave (Calico's default
 * tier after order 1000: Allow, Deny, Pass to the Baseline tier), the rest denied; otherwise Baseline Deny is
 * final and the rest is allowed (Baseline Allow, or the default). `after`: the rules after the NetworkPolicies'
 * allows, the tier's own then the Baseline tier's. `reached`: the part of `wanted` that reaches the NetworkPolicies
 * (none when none selects the pod): not what the Admin tier settled (Allow, Deny), nor what a Pass of their own
 * tier before them (Calico's default tier, order < 1000) took past them, which they never see.
 */
function tierStory(admin: readonly CompiledTierRule[], after: readonly CompiledTierRule[], np: ConnectionSet | null, wanted: ConnectionSet, connsOf: (r: CompiledTierRule) => ConnectionSet) {
  const parts: TierPart[] = [];
  const decisions: TierDecision[] = [];
  const add = (tier: DecidingTier, verdict: TierPart['verdict'], c: ConnectionSet) => {
    if (!c.isEmpty()) parts.push({ tier, verdict, conn: c });
  };
  const record = (tier: Tier, outcome: ReturnType<typeof runTier>[number]) => {
    for (const d of outcome.decisions) {
      const c = d.conns.intersect(rest);
      if (c.isEmpty()) continue;
      const r = d.rule;
      decisions.push({ tier, kind: r.policy.kind, policy: r.policy.id, rule: r.index, ...(r.rule.name ? { name: r.rule.name } : {}), action: r.action, ref: r.rule.ref, conn: c, ...(r.policy.calico ? { calico: r.policy.calico } : {}) });
    }
  };
  let rest = wanted;
  // Admin and Baseline alike: Allow and Deny are final, Pass and unmatched traffic go on.
  const stage = (tier: Tier, rules: readonly CompiledTierRule[]) => {
    if (rules.length === 0) return undefined;
    const outcome = runTier(rules, connsOf)[0];
    record(tier, outcome);
    add(tier, 'allowed', outcome.allow.intersect(rest));
    add(tier, 'denied', outcome.deny.intersect(rest));
    rest = rest.subtract(outcome.allow).subtract(outcome.deny);
    return outcome;
  };
  // A Pass of the NetworkPolicies' own tier (Calico's default tier) goes past them, to the Baseline tier.
  const beyond = stage('Admin', admin)?.passBeyondNetworkPolicies.intersect(rest) ?? ConnectionSet.NONE;
  const baseline = after.filter((r) => r.policy.tier === 'Baseline');
  const reached = np ? rest.subtract(beyond) : ConnectionSet.NONE;
  if (np) {
    const toNetworkPolicies = reached;
    add('NetworkPolicy', 'allowed', np.intersect(toNetworkPolicies));
    // What they leave meets the tier's own rules, as a part of its own each: its Pass goes on to the Baseline tier.
    rest = toNetworkPolicies.subtract(np);
    const passed = stage('NetworkPolicy', after.filter((r) => r.policy.tier === 'NetworkPolicy'))?.pass.intersect(rest) ?? ConnectionSet.NONE;
    add('NetworkPolicy', 'denied', rest.subtract(passed));
    rest = beyond.union(passed);
    if (rest.isEmpty()) return { parts, decisions, reached };
  }
  stage('Baseline', baseline);
  add('default', 'allowed', rest);
  return { parts, decisions, reached };
}

/**
 * The NetworkPolicy rules allow only what reaches them (`reached`): not what an Admin-tier rule settled first, nor
 * what a Pass of their own tier took past them (they never see it).
 */
function withAllowing<T extends { readonly reached: ConnectionSet }>(story: T, allowing: readonly RuleFact[]): T & { allowing: RuleFact[] } {
  return { ...story, allowing: allowing.map((r) => ({ ...r, conn: r.conn.intersect(story.reached) })).filter((r) => !r.conn.isEmpty()) };
}

/** What the NetworkPolicy tier allows of the asked traffic toward some addresses, and its rules that allow it. */
type NetworkPolicyTierOf = (addresses: AddressSet) => { readonly allowed: ConnectionSet; readonly allowing: readonly RuleFact[] };

/**
 * `tierStory` for asked addresses that the matching rules cut apart (one rule's range here, another's there; a
 * cluster-wide rule's `networks`, a NetworkPolicy rule's ipBlocks minus except): told per part of the addresses and
 * united, so each rule is credited with the traffic it decides for its own range. Told over all of them at once,
 * the first rule that settles the traffic would speak for every range, and a NetworkPolicy whose ipBlock covers
 * part of the range would read as allowing none of it. `np`: the NetworkPolicy tier toward some addresses (null:
 * no NetworkPolicy isolates the pod); `npRules`: its rules, whose ranges cut the addresses.
 */
function storyByParts(
  addresses: AddressSet,
  admin: readonly CompiledTierRule[],
  after: readonly CompiledTierRule[],
  np: NetworkPolicyTierOf | null,
  npRules: readonly CompiledRule[],
  wanted: ConnectionSet,
  connsOf: (r: CompiledTierRule) => ConnectionSet,
) {
  const matched = addressParts(addresses, [...admin, ...after, ...npRules]);
  // The addresses no rule matches meet the NetworkPolicies (or the default) with no rule before them: a part of
  // their own, so their story is told beside the matched parts' (their allowing rules, or `default: allow`).
  const unmatched = matched.reduce((acc, p) => acc.subtract(p), addresses);
  const pieces = unmatched.isEmpty() || matched.length === 0 ? matched : [...matched, unmatched];
  if (pieces.length <= 1) {
    const whole = np?.(addresses);
    return withAllowing(tierStory(admin, after, whole?.allowed ?? null, wanted, connsOf), whole?.allowing ?? []);
  }
  // Each part, decision and allowing rule with the addresses of the pieces it is of, united across pieces (a rule is
  // told only of the addresses it matched: a Pass over one range is not "passed on by" for another range the same tier decided).
  const parts = new Map<string, TierPart & { addresses: AddressSet }>();
  const decisions = new Map<string, TierDecision & { addresses: AddressSet }>();
  const allowing = new Map<string, RuleFact & { addresses: AddressSet }>();
  // What reaches the NetworkPolicies for some of the addresses (the part no rule matches meets them whole).
  let reached = ConnectionSet.NONE;
  for (const piece of pieces) {
    const here = (rules: readonly CompiledTierRule[]) => rules.filter((r) => !r.peerAddresses.intersect(piece).isEmpty());
    const npHere = np?.(piece);
    const story = withAllowing(tierStory(here(admin), here(after), npHere?.allowed ?? null, wanted, connsOf), npHere?.allowing ?? []);
    reached = reached.union(story.reached);
    for (const r of story.allowing) {
      const key = `${r.policy}#${r.rule}`;
      const had = allowing.get(key);
      allowing.set(key, had ? { ...had, conn: had.conn.union(r.conn), addresses: had.addresses.union(piece) } : { ...r, addresses: piece });
    }
    for (const p of story.parts) {
      const key = `${p.tier}#${p.verdict}`;
      const had = parts.get(key);
      parts.set(key, had ? { ...had, conn: had.conn.union(p.conn), addresses: had.addresses.union(piece) } : { ...p, addresses: piece });
    }
    for (const d of story.decisions) {
      const key = `${d.tier}#${d.policy}#${d.rule}`;
      const had = decisions.get(key);
      decisions.set(key, had ? { ...had, conn: had.conn.union(d.conn), addresses: had.addresses.union(piece) } : { ...d, addresses: piece });
    }
  }
  // Of every asked address: said without them, as a story told over the whole peer is.
  const partial = <T extends { readonly addresses: AddressSet }>({ addresses: of, ...rest }: T): Omit<T, 'addresses'> & { addresses?: AddressSet } => (of.equals(addresses) ? rest : { ...rest, addresses: of });
  // In tier order, each tier's allowed part first, as tierStory gives them (a piece no Admin rule matches starts at a lower tier).
  const rank = (p: TierPart) => ['Admin', 'NetworkPolicy', 'Baseline', 'default'].indexOf(p.tier) * 2 + (p.verdict === 'allowed' ? 0 : 1);
  return {
    parts: [...parts.values()].sort((a, b) => rank(a) - rank(b)).map(partial),
    decisions: [...decisions.values()].map(partial),
    reached,
    // In the rules' order, as over the whole peer.
    allowing: npRules.flatMap((r) => allowing.get(`${r.policy.id}#${r.index}`) ?? []).map(partial),
  };
}

/** A `ports` mismatch keeps only the denied part of what it leaves out, and goes when that is nothing. */
/**
 * A rule that misses the peer and every asked port is no near miss (new-user 39 #14: a DNS rule listed for
 * `explain --to 10.0.0.5 --port 443`, "to[0] selects pods …; port TCP 443 not in [TCP 53,UDP 53]", and for every
 * pod-to-pod pair of `diff --explain`): it shares nothing with the traffic, and no one edit of it admits it.
 * Port names (toward a region, or asked by name) and unresolved names keep it: their numbers are not known.
 */
function missesAll(m: NearMiss, denied: ConnectionSet): boolean {
  if (!m.mismatches.some((x) => x.kind !== 'ports')) return false;
  return m.mismatches.some((x) => x.kind === 'ports' && x.portName === undefined && !x.regionNames?.length && x.unresolved.length === 0 && x.ruleConns.intersect(denied).isEmpty());
}

function narrowTo(m: NearMiss, denied: ConnectionSet): NearMiss {
  const mismatches = m.mismatches
    .map((x) => (x.kind === 'ports' ? { ...x, missing: x.missing.intersect(denied) } : x))
    .filter((x) => x.kind !== 'ports' || !x.missing.isEmpty());
  return { ...m, mismatches };
}

/** What every address of `addresses` is allowed (an address no piece covers is allowed nothing). */
function everywhere(pieces: Piecewise, addresses: AddressSet): ConnectionSet {
  let covered = addresses;
  let out = ConnectionSet.ALL;
  for (const p of pieces) {
    if (p.addresses.intersect(addresses).isEmpty()) continue;
    out = out.intersect(p.conn);
    covered = covered.subtract(p.addresses);
  }
  return covered.isEmpty() ? out : ConnectionSet.NONE;
}

/**
 * Of the asked traffic, what `query` allows for every asked address (the verdict alone, no story): the
 * cheap check run over every part of an abstract end's label space before one part is explained.
 */
export function pairAllowed(conn: Connectivity, query: PairQuery): ConnectionSet {
  return verdictRows(conn, query, classOfPeer(conn, query.src), classOfPeer(conn, query.dst)).reduce((acc, r) => acc.intersect(r.allowed), query.ports);
}

function verdictRows(conn: Connectivity, q: PairQuery, srcClass: PodClass | null, dstClass: PodClass | null): VerdictRow[] {
  const row = (allowed: ConnectionSet, addresses?: AddressSet): VerdictRow => {
    const a = allowed.intersect(q.ports);
    return { ...(addresses ? { addresses } : {}), allowed: a, denied: q.ports.subtract(a) };
  };
  // A port name toward a region: the set diff keeps for that name (region-port-names.ts).
  const name = q.portName !== undefined && dstClass?.region !== undefined ? q.portName : null;
  if (srcClass && dstClass) return [row(name === null ? classConn(conn, srcClass.index, dstClass.index) : regionPairConns(conn, srcClass.index, dstClass.index).forName(name))];
  if (q.src.type === 'ingress-controller' && dstClass) return [row(name === null ? conn.ingressController[dstClass.index] : controllerByName(conn, q, dstClass, name))];
  const [cls, direction, other] = srcClass ? [srcClass, 'egress' as const, q.dst] : [dstClass!, 'ingress' as const, q.src];
  if (other.type !== 'external') throw new Error('explainPair: the ingress controller is only ever a source');
  return addressRows(externalPieces(conn, direction, cls.index, name), other.addresses).map((r) => row(r.conn, r.addresses));
}

/** What class `cls` allows with addresses in `direction`; with a port name toward a region, for a port of that name. */
function externalPieces(conn: Connectivity, direction: Direction, cls: number, name: string | null): Piecewise {
  return name !== null && direction === 'ingress' ? namedIngressPieces(conn, cls, name) : conn.external[direction][cls];
}

/** The asked addresses cut by the pieces that treat them differently; one row when all are alike. */
function addressRows(pieces: Piecewise, addresses: AddressSet): { addresses?: AddressSet; conn: ConnectionSet }[] {
  const rows: { addresses: AddressSet; conn: ConnectionSet }[] = [];
  let rest = addresses;
  for (const p of pieces) {
    const part = p.addresses.intersect(addresses);
    if (part.isEmpty()) continue;
    rows.push({ addresses: part, conn: p.conn });
    rest = rest.subtract(part);
  }
  if (!rest.isEmpty()) rows.push({ addresses: rest, conn: ConnectionSet.NONE });
  return rows.length === 1 ? [{ conn: rows[0].conn }] : rows;
}

function ingressRoute(conn: Connectivity, dst: PodClass): IngressRoute {
  const backends = conn.ingressBackends[dst.index];
  const names = routeNames(conn.cluster, backends, dst);
  return { backends, conn: conn.ingressRoutes[dst.index], ...(names.length ? { names } : {}) };
}

/**
 * The ingress controller toward a region asked by port name: what the route carries of that port (every
 * number where a Service targets the name, else the numbers it targets, which the port may carry), and
 * of that what the region's ingress admits from an arbitrary in-cluster pod, the name evaluated as diff
 * evaluates `namedPorts` (a rule naming it admits any number).
 */
function controllerByName(conn: Connectivity, q: PairQuery, dst: PodClass, name: string): ConnectionSet {
  const routed = routeNames(conn.cluster, conn.ingressBackends[dst.index], dst)
    .filter((n) => n.name === name)
    .reduce((acc, n) => acc.union(ConnectionSet.of(n.protocol, PortSet.ALL)), conn.ingressRoutes[dst.index]);
  if (routed.isEmpty()) return routed;
  return routed.intersect(explainDirection(conn, 'ingress', dst, q.dst, { kind: 'ingress-controller' }, dst, q.ports, name).allowed);
}
