/**
 * Per direction and subject class, what the class allows toward pod peers, as a default (what it allows
 * toward a pod no narrower rule names: any pod matched only by rules over every pod) plus the peers where
 * rules single out a class. A class that nothing selects is the default ALL with no exceptions, so the
 * work grows with the rules' peer lists, not with the square of the classes.
 */
import type { CompiledPolicies, CompiledRule } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Direction, Tier } from './model.js';
import type { ClassIndex, PodClass } from './peer-classes.js';
import { workloadsRoot } from './peer-classes.js';
import type { NetworkPolicyTier, TierOutcome } from './tier-verdict.js';
import { combineTiers, tierOutcomes } from './tier-verdict.js';
import type { PeerGroups } from './tier-peer-groups.js';
import { tierPeerGroups } from './tier-peer-groups.js';
import type { CompiledTierRule, CompiledTiers } from './tiers.js';

export interface DirectionRow {
  /** Allowed toward any pod peer not listed in `peers`. */
  readonly default: ConnectionSet;
  /** Peer classes with their own allowed set (which may equal the default); 4 bytes each, no spare capacity. */
  readonly peers: Int32Array;
  readonly conns: readonly ConnectionSet[];
}

export const FREE_ROW: DirectionRow = { default: ConnectionSet.ALL, peers: new Int32Array(0), conns: [] };

/** A NetworkPolicy rule that matches every pod with one set for all of them feeds the default only. */
function npUniformAllPods(rule: CompiledRule, direction: Direction): boolean {
  return rule.fromAnyPod && (direction === 'ingress' || !rule.hasNamedPorts);
}

/** The set a rule matches toward peer class `p` of subject `s`: named ports resolve on the destination. */
function npConns(rule: CompiledRule, direction: Direction, s: PodClass, p: PodClass): ConnectionSet {
  return rule.conns(direction === 'ingress' ? s : p);
}

function tierConns(rule: CompiledTierRule, direction: Direction, s: PodClass, p: PodClass | null): ConnectionSet {
  return rule.conns(direction === 'ingress' ? s : p);
}

export function directionRows(index: ClassIndex, compiled: CompiledPolicies, tiers: CompiledTiers, direction: Direction): DirectionRow[] {
  const { classes } = index;
  const n = classes.length;
  const stamp = new Int32Array(n).fill(-1);
  const acc = new Array<ConnectionSet>(n);
  // Tier peer groups and contexts only for classes under tier rules (most clusters have none).
  let tiered: { readonly groups: PeerGroups; readonly contexts: TierContexts } | undefined;
  const rows = new Array<DirectionRow>(n);
  const shared = new Map<string, DirectionRow>();
  // NetworkPolicy-only rows, kept for later computations over the same index (see npOnlyRows).
  const { byRules: sharedByRules, byKey: sharedByKey } = npOnlyRows(index, direction);
  for (let s = 0; s < n; s++) {
    const subject = classes[s];
    const captured = compiled.capturedBy[direction][s].length > 0;
    const admin = tiers.rulesOf.Admin[direction][s];
    const baseline = tiers.rulesOf.Baseline[direction][s];
    if (!captured && admin.length === 0 && baseline.length === 0) {
      rows[s] = FREE_ROW;
      continue;
    }
    const rules = compiled.rulesOf[direction][s];
    // The rules after the NetworkPolicies' allows that can decide anything here (see afterWhenCaptured).
    const after = captured ? afterWhenCaptured(admin, baseline) : baseline;
    // Without Admin rules, a NetworkPolicy tier that selects the pod and has no rules of its own is final.
    const npOnly = admin.length === 0 && after.length === 0;
    // Classes under the same NetworkPolicy rules (and, when ingress ports are named, with the same container
    // ports: they resolve on the subject) have the same row: built once, shared (pair-table.ts relies on it).
    // Classes under the same rules hold the very same list (shared-lists.ts), so a row that does not depend
    // on the subject is found by the list itself, without building a key (most rows at scale).
    const byRules = npOnly ? sharedByRules.get(rules) : undefined;
    if (byRules) {
      rows[s] = byRules;
      continue;
    }
    const ownRow = npOnly && (direction === 'egress' || !rules.some((r) => r.hasNamedPorts));
    // With tier rules, the row also depends on the subject's rule lists (shared arrays, tiers.ts), on whether
    // NetworkPolicies capture it, and on the subject itself only when ingress tier ports are named.
    // A NetworkPolicy-only row with ingress port names: by the list, then the subject's container ports.
    const key = ownRow ? '' : npOnly ? portsKey(subject) : `${rowKey(rules, direction, subject)}|${tierKey(admin, after, captured, direction, subject)}`;
    const known = ownRow ? undefined : npOnly ? sharedByKey.get(rules)?.get(key) : shared.get(key);
    if (known) {
      rows[s] = known;
      continue;
    }
    // NetworkPolicy tier: rules over every pod give the default, the others single out peers.
    const peers: number[] = [];
    let npDefault = ConnectionSet.NONE;
    for (const rule of rules) {
      if (npUniformAllPods(rule, direction)) {
        npDefault = npDefault.union(npConns(rule, direction, subject, subject));
        continue;
      }
      for (const p of rule.peerClasses) {
        const c = npConns(rule, direction, subject, classes[p]);
        if (stamp[p] !== s) {
          stamp[p] = s;
          acc[p] = c;
          peers.push(p);
        } else if (acc[p] !== c) acc[p] = acc[p].union(c);
      }
    }
    if (npOnly) {
      rows[s] = { default: npDefault, peers: Int32Array.from(peers), conns: peers.map((p) => npDefault.union(acc[p])) };
      if (ownRow) sharedByRules.set(rules, rows[s]);
      else {
        let byKey = sharedByKey.get(rules);
        if (!byKey) sharedByKey.set(rules, (byKey = new Map()));
        byKey.set(key, rows[s]);
      }
      continue;
    }
    // Tier rules: those over every pod (with one set for all) apply to every peer; the others to the
    // peer groups they pick (groups: classes picked by the same tier rules, tier-peer-groups.ts). Classes
    // with the same tier rules and NetworkPolicy default share this context (a namespace's pods, usually).
    tiered ??= tieredParts(n, tiers, direction);
    const { groups, contexts } = tiered;
    const ctx = contexts.of(admin, after, direction, subject, captured ? npDefault : 'notCaptured');
    const def = (ctx.def ??= ctx.verdict(GENERAL, captured ? npDefault : 'notCaptured', null));
    // Peers the NetworkPolicy tier singles out, each with its own set; then whole groups whose verdict
    // differs from the default (an Admin Allow toward them, a Baseline Deny …), member by member.
    const out: number[] = [];
    const conns: ConnectionSet[] = [];
    for (const p of peers) {
      out.push(p);
      conns.push(ctx.verdict(groups.groupOf[p], captured ? npDefault.union(acc[p]) : 'notCaptured', classes[p]));
    }
    ctx.differing ??= [...ctx.groups()].flatMap((g): (readonly [number, ConnectionSet | null])[] => {
      if (ctx.perPeer(g)) return [[g, null]];
      const v = ctx.verdict(g, captured ? npDefault : 'notCaptured', null);
      return v.equals(def) ? [] : [[g, v]];
    });
    for (const [g, v] of ctx.differing) {
      for (const p of groups.members[g]) {
        if (stamp[p] === s) continue;
        const c = v ?? ctx.verdict(g, captured ? npDefault : 'notCaptured', classes[p]);
        if (c.equals(def)) continue;
        out.push(p);
        conns.push(c);
      }
    }
    rows[s] = { default: def, peers: Int32Array.from(out), conns };
    shared.set(key, rows[s]);
  }
  return rows;
}

function tieredParts(n: number, tiers: CompiledTiers, direction: Direction): { readonly groups: PeerGroups; readonly contexts: TierContexts } {
  const groups = tierPeerGroups(n, tiers, direction);
  return { groups, contexts: new TierContexts(groups) };
}

/**
 * NetworkPolicy-only rows of one index and direction, kept across computations. Such a row depends only
 * on the class's rule list and, for ingress with named ports, on the class's container ports (in its
 * key); compilePolicies gives the same list to classes selected by the same policy objects in the same
 * order over the same index, so a cluster that shares most policies with one computed before (head
 * after base, a rollback candidate after either, a warm process's next push over other regions) finds most rows here. Weak: a row lives while its list does.
 */
interface NpOnlyRows {
  /** Rows that depend on the list alone. */
  readonly byRules: WeakMap<readonly CompiledRule[], DirectionRow>;
  /** Rows that also depend on the subject's container ports (ingress port names), by the list then `portsKey`. */
  readonly byKey: WeakMap<readonly CompiledRule[], Map<string, DirectionRow>>;
}

const npOnlyRowsByIndex = new WeakMap<ClassIndex, Record<Direction, NpOnlyRows>>();

function npOnlyRows(withRegions: ClassIndex, direction: Direction): NpOnlyRows {
  // Over regions, the workloads' index's: its lists are interned there (compile.ts), and a list's row holds
  // class numbers the workloads' part numbers alike; a list holding rules of this index alone is its own.
  // An index `withWorkloads` built keeps its rows with the index it extends (over regions too: head's index that
  // extends base's over the diff's regions), as its lists are interned there (compile.ts).
  const index = workloadsRoot(withRegions);
  let memo = npOnlyRowsByIndex.get(index);
  if (!memo) {
    memo = { ingress: { byRules: new WeakMap(), byKey: new WeakMap() }, egress: { byRules: new WeakMap(), byKey: new WeakMap() } };
    npOnlyRowsByIndex.set(index, memo);
  }
  return memo[direction];
}

/** Ids of the interned tier rule lists, for row keys. */
const listIds = new WeakMap<readonly CompiledTierRule[], number>();
let nextListId = 0;

function listId(list: readonly CompiledTierRule[]): number {
  let id = listIds.get(list);
  if (id === undefined) listIds.set(list, (id = nextListId++));
  return id;
}

/** What a class's tiered row depends on beyond its NetworkPolicy rules (see directionRows); `after`: as afterWhenCaptured gives. */
function tierKey(admin: readonly CompiledTierRule[], after: readonly CompiledTierRule[], captured: boolean, direction: Direction, subject: PodClass): string {
  const own = direction === 'ingress' && (hasNamedPorts(admin) || hasNamedPorts(after)) ? `@${subject.index}` : '';
  return `${captured ? 'c' : 'f'}${listId(admin)},${listId(after)}${own}`;
}

const NO_TIER_RULES: readonly CompiledTierRule[] = [];

/** Per `after` list (shared, tiers.ts): whether it holds NetworkPolicy-tier rules; per Admin list: a Pass past the NetworkPolicies. */
const holdsLate = new WeakMap<readonly CompiledTierRule[], boolean>();
const passesPast = new WeakMap<readonly CompiledTierRule[], boolean>();

/**
 * The rules after the NetworkPolicies' allows that matter to a pod NetworkPolicies capture: none, unless the
 * NetworkPolicy tier has rules of its own there (whose Pass leads to the Baseline tier) or an Admin rule of
 * the NetworkPolicies' own tier can pass traffic past them (Calico's default tier); then all of them.
 */
function afterWhenCaptured(admin: readonly CompiledTierRule[], after: readonly CompiledTierRule[]): readonly CompiledTierRule[] {
  if (after.length === 0) return NO_TIER_RULES;
  let late = holdsLate.get(after);
  if (late === undefined) holdsLate.set(after, (late = after.some((r) => r.policy.tier === 'NetworkPolicy')));
  if (late) return after;
  let past = passesPast.get(admin);
  if (past === undefined) passesPast.set(admin, (past = admin.some((r) => r.action === 'Pass' && r.policy.passSkipsNetworkPolicies === true)));
  return past ? after : NO_TIER_RULES;
}

/** What a class's NetworkPolicy-only row depends on: its rules, and for ingress with named ports its own ports. */
function rowKey(rules: readonly CompiledRule[], direction: Direction, subject: PodClass): string {
  let key = '';
  let named = false;
  for (const r of rules) {
    key += `${r.id},`;
    named ||= r.hasNamedPorts;
  }
  if (named && direction === 'ingress') key += `@${portsKey(subject)}`;
  return key;
}

/** A class's container ports as text (what ingress port names resolve on), once per class. */
const portsKeys = new WeakMap<PodClass, string>();
function portsKey(subject: PodClass): string {
  let key = portsKeys.get(subject);
  if (key === undefined) portsKeys.set(subject, (key = subject.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',')));
  return key;
}

/** The group id standing for "no rule singles the peer out": only the rules over every pod apply. */
const GENERAL = -1;

/**
 * What the classes sharing one set of tier rules (and one NetworkPolicy default) have in common: per peer
 * group, the rules matching it and its verdicts. Everything here is per context and group, never per pair.
 */
interface TierContext {
  /** The verdict toward a peer of group `g` (GENERAL: no rule singles it out) under NetworkPolicy set `np`. */
  verdict(g: number, np: NetworkPolicyTier, peer: PodClass | null): ConnectionSet;
  /** A rule of the group names ports toward the peer (egress), so each peer has its own verdict. */
  perPeer(g: number): boolean;
  /** The groups some rule of the context singles out. */
  groups(): Iterable<number>;
  def?: ConnectionSet;
  /** Groups whose verdict differs from the default (null: computed per peer). */
  differing?: readonly (readonly [number, ConnectionSet | null])[];
}

/** One group's rules within a context, and its verdicts by NetworkPolicy set (shared by contexts with the same rules). */
interface GroupVerdicts {
  readonly rules: readonly CompiledTierRule[];
  readonly perPeer: boolean;
  readonly key: string;
  readonly byNp: Map<NetworkPolicyTier, ConnectionSet>;
  lastNp?: NetworkPolicyTier;
  lastVerdict?: ConnectionSet;
}

function memoised(
  memo: Map<NetworkPolicyTier, ConnectionSet>,
  np: NetworkPolicyTier,
  rules: readonly CompiledTierRule[],
  direction: Direction,
  subject: PodClass,
  peer: PodClass | null,
): ConnectionSet {
  let v = memo.get(np);
  if (v === undefined) memo.set(np, (v = tierVerdict(rules, np, (r) => tierConns(r, direction, subject, peer))));
  return v;
}

/**
 * Contexts, found by the subject's rule lists themselves (compileTiers gives classes with equal lists the
 * same arrays), then the NetworkPolicy default (interned), then the subject when ingress port names
 * resolve on it. Verdict memos are shared across contexts by the text of their rules' orders.
 */
class TierContexts {
  private readonly byLists = new Map<readonly CompiledTierRule[], Map<readonly CompiledTierRule[], Map<NetworkPolicyTier, Map<number, TierContext>>>>();
  private readonly memo = new Map<string, Map<NetworkPolicyTier, ConnectionSet>>();

  constructor(private readonly peerGroups: PeerGroups) {}

  of(admin: readonly CompiledTierRule[], baseline: readonly CompiledTierRule[], direction: Direction, subject: PodClass, np: NetworkPolicyTier): TierContext {
    const byBaseline = getOrSet(this.byLists, admin, () => new Map());
    const byNp = getOrSet(byBaseline, baseline, () => new Map());
    const bySubject = getOrSet(byNp, np, () => new Map());
    // Ingress port names resolve on the subject itself, so then the context is the subject's own.
    const own = direction === 'ingress' && (hasNamedPorts(admin) || hasNamedPorts(baseline)) ? subject.index : -1;
    return getOrSet(bySubject, own, () => this.build([...admin, ...baseline], direction, subject, own));
  }

  private build(rules: readonly CompiledTierRule[], direction: Direction, subject: PodClass, own: number): TierContext {
    const general: CompiledTierRule[] = [];
    // Rules over every pod whose set depends on the peer (egress port names): each group they pick weighs
    // them per peer, and a pod no rule singles out (GENERAL, whose ports are unknown) gets their numbers.
    const varying: CompiledTierRule[] = [];
    const byGroup = new Map<number, CompiledTierRule[]>();
    for (const rule of rules) {
      if (rule.allPods && rule.uniform) general.push(rule);
      else {
        if (rule.allPods) varying.push(rule);
        for (const g of this.peerGroups.groupsOf(rule)) getOrSet(byGroup, g, () => []).push(rule);
      }
    }
    const prefix = own >= 0 ? `@${own}:` : '';
    // Per group, its verdicts (array by group id: looked up once per pair); groups no rule of the context picks share GENERAL's.
    const infos = new Array<GroupVerdicts | undefined>(this.peerGroups.members.length);
    let generalInfo: GroupVerdicts | undefined;
    const make = (specific: readonly CompiledTierRule[] | undefined): GroupVerdicts => {
      const matching = specific ? mergeByOrder(general, specific) : general;
      const key = prefix + matching.map((r) => r.order).join(',');
      return { rules: matching, perPeer: matching.some((r) => !r.uniform), key, byNp: getOrSet(this.memo, key, () => new Map()) };
    };
    const info = (g: number): GroupVerdicts => {
      let gv = g === GENERAL ? undefined : infos[g];
      if (gv) return gv;
      const specific = g === GENERAL ? undefined : byGroup.get(g);
      if (!specific) gv = generalInfo ??= make(varying.length ? varying : undefined);
      else gv = make(specific);
      if (g !== GENERAL) infos[g] = gv;
      return gv;
    };
    return {
      verdict: (g, np, peer) => {
        const gv = info(g);
        if (gv.rules.length === 0) return np === 'notCaptured' ? ConnectionSet.ALL : np;
        // Egress port names resolve on each peer: then the memo is the peer's own (rare: named ports in tier rules).
        if (gv.perPeer && peer) return memoised(getOrSet(this.memo, `${gv.key}@${peer.index}`, () => new Map()), np, gv.rules, direction, subject, peer);
        // Consecutive peers mostly share the NetworkPolicy set: one remembered entry spares the map.
        if (gv.lastNp === np) return gv.lastVerdict!;
        const v = memoised(gv.byNp, np, gv.rules, direction, subject, peer);
        gv.lastNp = np;
        gv.lastVerdict = v;
        return v;
      },
      perPeer: (g) => info(g).perPeer,
      groups: () => byGroup.keys(),
    };
  }
}

function hasNamedPorts(rules: readonly CompiledTierRule[]): boolean {
  return rules.some((r) => r.rule.ports !== 'any' && r.rule.ports.some((p) => typeof p.port === 'string'));
}

function getOrSet<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

/** The tier chain over rules that match one peer (any tier, by `order`). */
export function tierVerdict(matching: readonly CompiledTierRule[], np: NetworkPolicyTier, connsOf: (r: CompiledTierRule) => ConnectionSet): ConnectionSet {
  const of = (tier: Tier): TierOutcome[] => tierOutcomes(matching, tier, connsOf);
  // The NetworkPolicy tier's own rules count only where NetworkPolicies capture the pod (they always do: model.ts `Tier`).
  return combineTiers(of('Admin'), np, np === 'notCaptured' ? [] : of('NetworkPolicy'), () => of('Baseline'));
}

/** Two rule lists, each sorted by `order`, merged. */
export function mergeByOrder(a: readonly CompiledTierRule[], b: readonly CompiledTierRule[]): CompiledTierRule[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: CompiledTierRule[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].order < b[j].order)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
