/**
 * Why a pair's traffic changed: the rules (file:line) that allow it on one side, the policies that
 * isolate a workload without allowing it on the other, or the workload that appeared or went away.
 * Run only for changed pairs, after the diff has been computed on bare sets.
 */
import type { CompiledRule } from './compile.js';
import { isCaptured, isNamedPort } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import type { PairDiff } from './diff.js';
import { reachesAnyAddress } from './domains.js';
import { hasTierRules, tierFacts } from './explain-tiers.js';
import type { CalicoPlacement, Direction, NetworkPolicy, SourceRef, Tier, TierAction } from './model.js';
import type { NameEntry } from './named-conns.js';
import { NamedConns } from './named-conns.js';
import type { PeerRef } from './peers.js';
import { peerId } from './peers.js';
import { policyById } from './policy-lookup.js';

export type Side = 'base' | 'head';

/** One fact behind an opened or closed path, with the manifest line responsible. */
/** Where a `$patch: delete` deletes a policy from one side's build: that side and the line (kustomize/types.ts DeletedObject). */
export interface DeletionRef {
  readonly side: Side;
  readonly ref: SourceRef;
}

export type Reason =
  | { readonly kind: 'allowed-by-rule'; readonly side: Side; readonly direction: Direction; readonly policy: string; readonly rule: number; readonly ref: SourceRef }
  | { readonly kind: 'not-isolated'; readonly side: Side; readonly direction: Direction; readonly workload: string }
  /**
   * `policy` isolates the workload in `direction` but does not allow this traffic. What it does allow:
   * `rules` are its rules in that direction (0-based, as `rule`; none: it allows nothing that way), and
   * `peerAllowed` what they allow this very peer (e.g. `TCP 5432`; toward pods the manifests do not
   * hold, the port names its rules give too, `TCP http`, as NamedConns.toText; absent: only other peers).
   */
  | {
      readonly kind: 'isolated-by';
      readonly side: Side;
      readonly direction: Direction;
      readonly policy: string;
      readonly ref: SourceRef;
      readonly rules?: readonly { readonly rule: number; readonly ref: SourceRef }[];
      readonly peerAllowed?: string;
      /** The `$patch: delete` that takes the policy out of the other side's build (added by the analysis: src/analysis/edited-objects.ts). */
      readonly deletion?: DeletionRef;
    }
  /** On `side`, the same rule of the same policy exists but does not allow the traffic (it was edited). */
  /**
   * `unchanged`: the policy (its pod selector, policy types) and this rule read the same on both sides: what
   * changed is at the pair's ends (a workload's labels, a port name it declares), not the rule.
   */
  | { readonly kind: 'rule-differs'; readonly side: Side; readonly direction: Direction; readonly policy: string; readonly rule: number; readonly ref: SourceRef; readonly unchanged?: true }
  /**
   * The policy whose rule allows the traffic on the other side does not exist on `side`; `ref` is where it is defined.
   * `replacedBy`: a policy of the same namespace and name in another kind that `side` holds instead (a NetworkPolicy
   * rewritten as a CiliumNetworkPolicy); added by the analysis (src/analysis/replaced-policies.ts), never by the engine.
   */
  /** `deletion`: the `$patch: delete` that takes the policy out of `side`'s build (added by the analysis: src/analysis/edited-objects.ts). */
  | { readonly kind: 'policy-absent'; readonly side: Side; readonly policy: string; readonly ref: SourceRef; readonly replacedBy?: { readonly policy: string; readonly ref: SourceRef }; readonly deletion?: DeletionRef }
  | { readonly kind: 'workload-added' | 'workload-removed'; readonly workload: string; readonly ref: SourceRef }
  /**
   * The pod labels of `workload` changed so that `policy` selects it on one side only (`role` `subject`), or its
   * rule `rule` in `direction` matches it as a peer on one side only (`peer`). `holds`: whether head's does;
   * `removed` / `added`: the labels (`key=value`) base had and head has not, and the reverse, those the
   * selectors name; `ref` / `baseRef`: the label lines in head and base. `namespace`: set when the labels are
   * those of the workload's namespace (its pod labels unchanged), which a rule's namespaceSelector peer reads.
   * Added by the analysis (src/analysis/label-changes.ts), never by the engine.
   */
  | {
      readonly kind: 'labels-changed';
      readonly side: Side;
      readonly direction: Direction;
      readonly workload: string;
      readonly namespace?: string;
      readonly policy: string;
      readonly role: 'subject' | 'peer';
      readonly rule?: number;
      /** Rule `rule`'s `name`, when it is a cluster-wide rule that has one (the `tier-rule` reason's `name`). */
      readonly ruleName?: string;
      readonly holds: boolean;
      readonly removed: readonly string[];
      readonly added: readonly string[];
      readonly ref: SourceRef;
      readonly baseRef: SourceRef;
    }
  /**
   * A port name rule `rule` of `policy` in `direction` names (`name`, of `protocol`; `any`: a cluster-wide rule's
   * name without protocol) numbers differently on `workload`, the pair's destination, where the name is looked up:
   * the container ports it declares changed (a port renamed, added, removed or renumbered). `before` / `after`:
   * the numbers it gives the name in base / head (empty: none). `ref` / `baseRef`: the container port lines in head
   * and base. Added by the analysis (src/analysis/port-name-changes.ts), never by the engine.
   */
  | {
      readonly kind: 'ports-changed';
      readonly side: Side;
      readonly direction: Direction;
      readonly workload: string;
      readonly policy: string;
      readonly rule: number;
      /** Rule `rule`'s `name`, when it is a cluster-wide rule that has one (`name` is the port's). */
      readonly ruleName?: string;
      readonly name: string;
      readonly protocol: string;
      readonly before: readonly number[];
      readonly after: readonly number[];
      readonly ref: SourceRef;
      readonly baseRef: SourceRef;
    }
  | { readonly kind: 'ingress-backend'; readonly side: Side; readonly ingress: string; readonly ref: SourceRef }
  /** A cluster-wide policy's rule (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) decided this part. */
  | {
      readonly kind: 'tier-rule';
      readonly side: Side;
      readonly direction: Direction;
      readonly tier: Tier;
      readonly action: TierAction;
      readonly policy: string;
      readonly rule: number;
      /** The rule's `name`, when it has one (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy): policy-terms.ts `citedRuleName` says it. */
      readonly name?: string;
      readonly ref: SourceRef;
      /** A Calico policy's rule: its Calico tier, to name it as written (not in the JSON: report/diff-json.ts). */
      readonly calico?: CalicoPlacement;
    };

export interface DirectionFacts {
  readonly direction: Direction;
  readonly subject: number;
  /** What this direction allows for the pair (ALL when the workload is not isolated that way). */
  readonly allowed: ConnectionSet;
  readonly reasons: readonly Reason[];
  readonly isolation: readonly Reason[];
  /**
   * Where cluster-wide rules match the pair (explain-tiers.ts): the NetworkPolicy tier's own reasons, the rules
   * that allow some of the traffic there even when a Deny above settled it. Absent: `reasons` are the NetworkPolicy tier's.
   */
  readonly npReasons?: readonly Reason[];
  /**
   * The NetworkPolicy tier's facts of an isolated subject: each `allowed-by-rule` reason of `reasons`, in their
   * order, with what its rule allows of the pair's traffic (`granted`). explain-tiers.ts cites a rule only where
   * that meets what reaches its tier. Absent where no rule of the tier allows (a subject not isolated).
   */
  readonly ruleGrants?: readonly RuleGrant[];
}

/** An `allowed-by-rule` reason and what its NetworkPolicy rule allows of the pair's traffic (DirectionFacts `ruleGrants`). */
export interface RuleGrant {
  readonly reason: Reason & { readonly kind: 'allowed-by-rule' };
  readonly granted: ConnectionSet;
}

export function explainOpened(base: Connectivity, head: Connectivity, pair: PairDiff): Reason[] {
  if (!pair.opened) return [];
  return explain(base, head, pair, pair.opened, 'opened');
}

export function explainClosed(base: Connectivity, head: Connectivity, pair: PairDiff): Reason[] {
  if (!pair.closed) return [];
  return explain(base, head, pair, pair.closed, 'closed');
}

/**
 * For opened traffic the side that now allows is head and the side that blocked is base; for closed
 * traffic the reverse. Only directions where the blocking side really blocked are explained.
 */
function explain(base: Connectivity, head: Connectivity, pair: PairDiff, traffic: ConnectionSet, what: 'opened' | 'closed'): Reason[] {
  const [allowing, blocking] = what === 'opened' ? [head, base] : [base, head];
  const [allowName, blockName]: [Side, Side] = what === 'opened' ? ['head', 'base'] : ['base', 'head'];
  const missing = what === 'opened' ? 'added' : 'removed';
  const out: Reason[] = [];
  for (const end of ['src', 'dst'] as const) {
    const p = pair[end];
    if (p.type === 'workload' && pair.peerChanges[end] === missing) {
      out.push({ kind: what === 'opened' ? 'workload-added' : 'workload-removed', workload: p.workload.id, ref: p.workload.ref });
    }
  }
  const allowFacts = facts(allowing, allowName, pair.src, pair.dst, traffic);
  const blockFacts = facts(blocking, blockName, pair.src, pair.dst, traffic);
  // Egress, then ingress.
  for (let k = 0; k < 2; k++) {
    const b = k === 0 ? blockFacts?.egress : blockFacts?.ingress;
    if (b && traffic.isSubsetOf(b.allowed)) continue;
    const a = k === 0 ? allowFacts?.egress : allowFacts?.ingress;
    // What allows the traffic on the allowing side first, then what blocked it on the other.
    const allowed = a?.reasons ?? NO_REASONS;
    for (const r of allowed) out.push(r);
    if (b) for (const r of contrast(allowed, blocking, blockName, b, allowing)) out.push(r);
  }
  if (pair.src.type === 'ingress-controller') out.push(...ingressBackends(allowing, allowName, pair.dst));
  return dedupe(out);
}

const NO_REASONS: readonly Reason[] = [];

/**
 * The blocking side's counterpart of each allowing rule: the same rule edited, or its policy absent.
 * Where no rule allows on the other side (isolation itself changed), the blocking side's isolating
 * policies are the answer.
 */
export function contrast(allowingReasons: readonly Reason[], blocking: Connectivity, name: Side, b: DirectionFacts, allowing: Connectivity): Reason[] {
  const rules = allowingReasons.filter((r): r is Reason & { kind: 'allowed-by-rule' } => r.kind === 'allowed-by-rule');
  const out: Reason[] = [];
  // A cluster-wide rule that lets the traffic through (Allow, or Pass to the tiers below) may be new.
  for (const r of allowingReasons) {
    if (r.kind !== 'tier-rule' || blocking.tiers.subjectsOf.has(r.policy)) continue;
    const defined = allowing.cluster.clusterPolicies?.find((p) => p.id === r.policy);
    if (defined) out.push({ kind: 'policy-absent', side: name, policy: r.policy, ref: defined.ref });
  }
  if (rules.length === 0) return [...out, ...b.isolation];
  for (const r of rules) {
    if (!blocking.compiled.subjectsOf.has(r.policy)) {
      const defined = policyById(allowing, r.policy);
      if (defined) out.push({ kind: 'policy-absent', side: name, policy: r.policy, ref: defined.ref });
      continue;
    }
    const same = blocking.compiled.rulesOf[b.direction][b.subject]?.find((x) => x.policy.id === r.policy && x.index === r.rule);
    // The rule still allows the traffic there, and a Deny above it (Admin tier, Cilium deny) settled it: the
    // rule did not change what it allows, the Deny is why (b.isolation names it).
    const stillAllows = same && b.npReasons?.some((x) => x.kind === 'allowed-by-rule' && x.policy === r.policy && x.rule === r.rule);
    if (same && !stillAllows) {
      // A Deny of the NetworkPolicy tier's own, after the allow-list (a Calico policy's rule after order 1000,
      // written ahead of the one that allowed it), took what the allow-list no longer holds: it is why too.
      const late = b.isolation.filter((x) => x.kind === 'tier-rule' && x.tier === 'NetworkPolicy');
      // The rule at that place is now that Deny or Pass (the rules after it moved down): "denied by" it says it all.
      const replaced = late.some((x) => x.kind === 'tier-rule' && x.rule === r.rule && x.ref.file === same.rule.ref.file && x.ref.line === same.rule.ref.line);
      // A rule that reads the same on both sides did not change what it allows: the ends did (new-user trial 36: a port renamed).
      const unchanged = sameRule(policyById(allowing, r.policy), policyById(blocking, r.policy), b.direction, r.rule);
      if (!replaced) out.push({ kind: 'rule-differs', side: name, direction: b.direction, policy: r.policy, rule: r.rule, ref: same.rule.ref, ...(unchanged ? { unchanged: true as const } : {}) });
      out.push(...late);
    }
    else out.push(...b.isolation);
  }
  return out;
}

/** Whether a NetworkPolicy's subject, isolation and rule `index` of `direction` read the same in `a` and `b` (positions aside). */
function sameRule(a: NetworkPolicy | undefined, b: NetworkPolicy | undefined, direction: Direction, index: number): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const ta = ruleText(a, direction, index);
  return ta !== undefined && ta === ruleText(b, direction, index);
}

/** A rule's text with its policy's subject, positions left out; kept per policy (a large diff asks of one rule for many pairs). */
const ruleTexts = new WeakMap<NetworkPolicy, Map<string, string | undefined>>();
function ruleText(p: NetworkPolicy, direction: Direction, index: number): string | undefined {
  let known = ruleTexts.get(p);
  if (!known) ruleTexts.set(p, (known = new Map()));
  const key = `${direction}#${index}`;
  if (known.has(key)) return known.get(key);
  const r = p[direction][index];
  // Addresses are bigints (ipBlock peers), which JSON cannot write as they are.
  const text = r && JSON.stringify([p.podSelector, p.affects, r.peers, r.ports], (k, value: unknown) => (k === 'ref' ? undefined : typeof value === 'bigint' ? value.toString() : value));
  known.set(key, text);
  return text;
}

/**
 * Per direction that applies to the pair on one side: what it allows and which rules or policies say so
 * (undefined: an end with a class has none on this side, so no direction applies).
 */
function facts(side: Connectivity, name: Side, src: PeerRef, dst: PeerRef, traffic: ConnectionSet): { egress?: DirectionFacts; ingress?: DirectionFacts } | undefined {
  const sc = classOfPeer(side, src);
  const dc = classOfPeer(side, dst);
  if (hasClass(src) && sc === undefined) return undefined;
  if (hasClass(dst) && dc === undefined) return undefined;
  return {
    egress: sc === undefined ? undefined : directionFacts(side, name, 'egress', sc, src, dst, dc, traffic),
    ingress: dc === undefined ? undefined : directionFacts(side, name, 'ingress', dc, dst, src, sc, traffic),
  };
}

export function directionFacts(
  side: Connectivity,
  name: Side,
  direction: Direction,
  subject: number,
  subjectPeer: PeerRef,
  peer: PeerRef,
  peerClass: number | undefined,
  traffic: ConnectionSet,
): DirectionFacts {
  // Most subjects have no cluster-wide rule: no closure is made for them.
  if (hasTierRules(side, direction, subject)) {
    const tiered = tierFacts(side, name, direction, subject, peer, peerClass, traffic, () => npFacts(side, name, direction, subject, subjectPeer, peer, peerClass, traffic));
    if (tiered) return tiered;
  }
  return npFacts(side, name, direction, subject, subjectPeer, peer, peerClass, traffic);
}

/**
 * The facts of a direction no policy isolates: it allows everything. The reason is written when read: it
 * names the subject by its id (a region's id names it, which is costly), and most pairs never read it
 * (their other side did not block). A class, so the lazy reason costs no closure per pair.
 */
class NotIsolated implements DirectionFacts {
  readonly allowed = ConnectionSet.ALL;
  readonly isolation: readonly Reason[] = NO_REASONS;
  private said: Reason[] | undefined;

  constructor(
    readonly direction: Direction,
    readonly subject: number,
    private readonly side: Side,
    private readonly subjectPeer: PeerRef,
  ) {}

  get reasons(): readonly Reason[] {
    return (this.said ??= [{ kind: 'not-isolated', side: this.side, direction: this.direction, workload: peerId(this.subjectPeer) }]);
  }
}

/**
 * NetworkPolicy facts already worked out, per side's connectivity: a subject's facts depend only on which
 * of its rules pick the peer (and, for an egress rule with named ports, the peer's class), the side's
 * name and the traffic. The many pairs of one subject with regions its rules pick alike (a rule peer
 * over many regions) share one answer, reason objects included (merge-pairs.ts then knows them equal
 * without their texts). Looked up by numbers in nested maps, not by one string key per call: a 10k
 * diff asks ~75,000 times for ~1,400 answers, and building and hashing the keys was most of the cost.
 */
const factsMemo = new WeakMap<Connectivity, Map<number, Map<string, PickedFacts>>>();

/** Per set of rules that pick the peer (a bit mask, or the indices' text past 31 rules): the facts, and per peer class where the class matters. */
interface PickedFacts {
  readonly plain: Map<number | string, DirectionFacts>;
  readonly byClass: Map<number | string, Map<number, DirectionFacts>>;
}

/** The NetworkPolicy tier alone: what its rules allow, which rules allow the traffic, which policies isolate. */
function npFacts(
  side: Connectivity,
  name: Side,
  direction: Direction,
  subject: number,
  subjectPeer: PeerRef,
  peer: PeerRef,
  peerClass: number | undefined,
  traffic: ConnectionSet,
): DirectionFacts {
  if (!isCaptured(side.compiled, direction, subject)) return new NotIsolated(direction, subject, name, subjectPeer);
  const rules = side.compiled.rulesOf[direction][subject];
  // Which rules pick the peer: with the side, direction, subject and traffic, all the facts depend on.
  const wide = rules.length > 31;
  let mask = 0;
  let list = '';
  let byClass = false;
  for (let i = 0; i < rules.length; i++) {
    if (!rulePicks(rules[i], peer, peerClass)) continue;
    if (wide) list += `${i},`;
    else mask |= 1 << i;
    // Toward a peer, a rule's named ports resolve on the peer's own class.
    if (direction === 'egress' && rules[i].hasNamedPorts) byClass = true;
  }
  const picked = wide ? list : mask;
  let memo = factsMemo.get(side);
  if (!memo) factsMemo.set(side, (memo = new Map()));
  // Side name, direction and subject as one number.
  const at = subject * 4 + (direction === 'egress' ? 2 : 0) + (name === 'head' ? 1 : 0);
  let bySubject = memo.get(at);
  if (!bySubject) memo.set(at, (bySubject = new Map()));
  let facts = bySubject.get(traffic.key);
  if (!facts) bySubject.set(traffic.key, (facts = { plain: new Map(), byClass: new Map() }));
  if (byClass) {
    let perClass = facts.byClass.get(picked);
    if (!perClass) facts.byClass.set(picked, (perClass = new Map()));
    // No class (an address peer): -1, never a class index.
    const c = peerClass ?? -1;
    let out = perClass.get(c);
    if (!out) perClass.set(c, (out = capturedFacts(side, name, direction, subject, peer, peerClass, traffic)));
    return out;
  }
  let out = facts.plain.get(picked);
  if (!out) facts.plain.set(picked, (out = capturedFacts(side, name, direction, subject, peer, peerClass, traffic)));
  return out;
}

function capturedFacts(
  side: Connectivity,
  name: Side,
  direction: Direction,
  subject: number,
  peer: PeerRef,
  peerClass: number | undefined,
  traffic: ConnectionSet,
): DirectionFacts {
  const dstClass = direction === 'ingress' ? side.index.classes[subject] : peerClass === undefined ? null : side.index.classes[peerClass];
  let allowed = ConnectionSet.NONE;
  const reasons: Reason[] = [];
  const ruleGrants: RuleGrant[] = [];
  // Per isolating policy, its rules here and what they allow this peer: said when it blocks the traffic.
  const byPolicy = new Map<string, { rules: { rule: number; ref: SourceRef }[]; peer: ConnectionSet; names: NameEntry[] }>();
  // A region's container ports are unknown: a rule's `port: http` toward it is no number, but still the
  // port called http (README "Named ports toward such pods"), said with what the policy allows this peer.
  const toRegion = dstClass?.region !== undefined;
  for (const rule of side.compiled.rulesOf[direction][subject]) {
    let own = byPolicy.get(rule.policy.id);
    if (!own) byPolicy.set(rule.policy.id, (own = { rules: [], peer: ConnectionSet.NONE, names: [] }));
    own.rules.push({ rule: rule.index, ref: rule.rule.ref });
    if (!rulePicks(rule, peer, peerClass)) continue;
    const conns = rule.conns(dstClass);
    allowed = allowed.union(conns);
    own.peer = own.peer.union(conns);
    if (toRegion) own.names.push(...portNames(rule));
    const granted = conns.intersect(traffic);
    if (granted.isEmpty()) continue;
    const reason: RuleGrant['reason'] = { kind: 'allowed-by-rule', side: name, direction, policy: rule.policy.id, rule: rule.index, ref: rule.rule.ref };
    ruleGrants.push({ reason, granted });
    reasons.push(reason);
  }
  // Written only when asked: most facts are on the allowing side, or their side did not block (explain, contrast).
  let isolation: Reason[] | undefined;
  return {
    direction,
    subject,
    allowed,
    reasons,
    ruleGrants,
    get isolation() {
      return (isolation ??= side.compiled.capturedBy[direction][subject].map((p) => {
        const own = byPolicy.get(p.id);
        const peerSet = own ? (own.names.length > 0 ? NamedConns.of(own.peer, own.names) : own.peer) : ConnectionSet.NONE;
        return isolatedBy({ kind: 'isolated-by', side: name, direction, policy: p.id, ref: p.ref, rules: own?.rules ?? [] }, peerSet);
      }));
    },
  };
}

/** The port names a NetworkPolicy rule gives (`port: http`), with the rule's protocol, each allowed whatever its number. */
function portNames(rule: CompiledRule): NameEntry[] {
  if (!rule.hasNamedPorts || rule.rule.ports === 'any') return [];
  return rule.rule.ports.filter(isNamedPort).map((s) => ({ protocol: s.protocol, name: s.port }));
}

type IsolatedBy = Reason & { kind: 'isolated-by' };

/** The set behind each `isolated-by` reason's `peerAllowed` (NONE: none), kept beside the reason for `isolatedBy`. */
const peerAllowedSets = new WeakMap<Reason, NamedConns>();

/**
 * An `isolated-by` reason (without `peerAllowed`) with `peerAllowed` written from `peer` (left out when
 * empty; port names toward pods the manifests do not hold as NamedConns writes them, `TCP http`), its set
 * remembered for `peerAllowedSet`.
 */
export function isolatedBy(fields: Omit<IsolatedBy, 'peerAllowed'>, peer: ConnectionSet | NamedConns): IsolatedBy {
  const set = peer instanceof NamedConns ? peer : NamedConns.of(peer);
  const r: IsolatedBy = set.isEmpty() ? fields : { ...fields, peerAllowed: set.toText() };
  peerAllowedSets.set(r, set);
  return r;
}

/** What an `isolated-by` reason made by `isolatedBy` says its policy allowed the peer; undefined for other reasons. */
export function peerAllowedSet(r: Reason): NamedConns | undefined {
  return peerAllowedSets.get(r);
}

/** Workloads and regions of label space are evaluated as classes; the ingress controller and addresses are not. */
function hasClass(p: PeerRef): boolean {
  return p.type === 'workload' || (p.type === 'pods' && p.region !== undefined);
}

export function classOfPeer(side: Connectivity, p: PeerRef): number | undefined {
  if (p.type === 'workload') return side.index.classOf.get(p.workload.id);
  if (p.type === 'pods' && p.region !== undefined) return side.index.regionClasses[p.region]?.index;
  return undefined;
}

function rulePicks(rule: CompiledRule, peer: PeerRef, peerClass: number | undefined): boolean {
  switch (peer.type) {
    case 'workload':
    case 'pods':
      return peerClass !== undefined && binaryHas(rule.peerClasses, peerClass);
    case 'external':
      return !rule.peerAddresses.intersect(peer.addresses).isEmpty();
    case 'ingress-controller':
      return rule.fromAnyPod;
    case 'domain':
      // A name's addresses are unknown: only rules toward any destination, or a whole address family, reach it.
      return reachesAnyAddress(rule.rule.peers === 'any', rule.peerAddresses);
  }
}

export function binaryHas(sorted: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === x) return true;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The Ingress backends the connectivity followed to this destination's class (a workload's, or a region's: pods the manifests do not hold). */
function ingressBackends(side: Connectivity, name: Side, dst: PeerRef): Reason[] {
  const cls = classOfPeer(side, dst);
  return (cls === undefined ? [] : side.ingressBackends[cls]).map((b) => ({ kind: 'ingress-backend', side: name, ingress: `${b.namespace}/${b.ingress}`, ref: b.ref }));
}

/**
 * Each reason once (by its JSON text), in the order met. Texts are computed only for reasons that share
 * their kind, side, direction, policy, rule and workload with one kept before (equal texts imply equal
 * fields): most explanations have no such pair, and a text per reason was a visible share of a diff.
 * Short lists (nearly all) compare those fields directly against the kept reasons; long ones look them
 * up by one key string each.
 */
export function dedupe(reasons: Reason[]): Reason[] {
  if (reasons.length < 2) return reasons;
  let texts: Map<Reason, string> | undefined;
  const text = (r: Reason) => {
    texts ??= new Map();
    return texts.get(r) ?? texts.set(r, JSON.stringify(r)).get(r)!;
  };
  if (reasons.length <= SCAN_MAX) {
    const kept: Reason[] = [];
    for (const r of reasons) if (!kept.some((x) => x === r || (sameFields(x, r) && text(x) === text(r)))) kept.push(r);
    return kept;
  }
  const kept = new Map<string, Reason[]>();
  return reasons.filter((r) => {
    const k = fieldsKey(r);
    const same = kept.get(k);
    if (!same) {
      kept.set(k, [r]);
      return true;
    }
    if (same.some((x) => x === r || text(x) === text(r))) return false;
    same.push(r);
    return true;
  });
}

/** Up to this many reasons, `dedupe` compares each with every kept one instead of keying them. */
const SCAN_MAX = 24;

type Fields = Partial<Record<'side' | 'direction' | 'policy' | 'rule' | 'workload', unknown>>;

/** The fields `fieldsKey` joins, compared one by one (the scalars are equal where equal JSON texts need them to be). */
function sameFields(a: Reason, b: Reason): boolean {
  const x = a as Fields;
  const y = b as Fields;
  return a.kind === b.kind && x.side === y.side && x.direction === y.direction && x.policy === y.policy && x.rule === y.rule && x.workload === y.workload;
}

/** The scalar fields that tell reasons apart, as one string (equal JSON texts give equal keys). */
function fieldsKey(r: Reason): string {
  const f = r as Fields;
  return `${r.kind}\u0000${String(f.side)}\u0000${String(f.direction)}\u0000${String(f.policy)}\u0000${String(f.rule)}\u0000${String(f.workload)}`;
}
