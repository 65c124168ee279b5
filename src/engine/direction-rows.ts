/**
 * Per direction and subject class, what the class allows toward pod peers, as a default (what it allows
 * toward a pod no narrower rule names: any pod matched only by rules over every pod) plus the peers where
 * rules single out a class. A class that nothing selects is the default ALL with no exceptions, so the
 * work grows with the rules' peer lists, not with the square of the classes.
 */
import type { CompiledPolicies, CompiledRule } from './compile.js';
import { ConnectionSet } from './connection-set.js';
import type { Direction } from './model.js';
import type { ClassIndex, PodClass } from './peer-classes.js';
import type { NetworkPolicyTier, TierOutcome } from './tier-verdict.js';
import { combineTiers, runTier } from './tier-verdict.js';
import type { PeerGroups } from './tier-peer-groups.js';
import { tierPeerGroups } from './tier-peer-groups.js';
import type { CompiledTierRule, CompiledTiers } from './tiers.js';

export interface DirectionRow {
  /** Allowed toward any pod peer not listed in `peers`. */
  readonly default: ConnectionSet;
  /** Peer classes with their own allowed set (which may equal the default). */
  readonly peers: readonly number[];
  readonly conns: readonly ConnectionSet[];
}

export const FREE_ROW: DirectionRow = { default: ConnectionSet.ALL, peers: [], conns: [] };

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
  const groups = tierPeerGroups(n, tiers, direction);
  const rows = new Array<DirectionRow>(n);
  const memo = new Map<string, Map<NetworkPolicyTier, ConnectionSet>>();
  const contexts = new Map<string, TierContext>();
  for (let s = 0; s < n; s++) {
    const subject = classes[s];
    const captured = compiled.capturedBy[direction][s].length > 0;
    const admin = tiers.rulesOf.Admin[direction][s];
    const baseline = tiers.rulesOf.Baseline[direction][s];
    if (!captured && admin.length === 0 && baseline.length === 0) {
      rows[s] = FREE_ROW;
      continue;
    }
    // NetworkPolicy tier: rules over every pod give the default, the others single out peers.
    const peers: number[] = [];
    let npDefault = ConnectionSet.NONE;
    for (const rule of compiled.rulesOf[direction][s]) {
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
    if (admin.length === 0 && baseline.length === 0) {
      rows[s] = { default: npDefault, peers, conns: peers.map((p) => npDefault.union(acc[p])) };
      continue;
    }
    // Tier rules: those over every pod (with one set for all) apply to every peer; the others to the
    // peer groups they pick (groups: classes picked by the same tier rules, tier-peer-groups.ts). Classes
    // with the same tier rules and NetworkPolicy default share this context (a namespace's pods, usually).
    const ctx = contextOf(contexts, groups, admin, baseline, direction, subject, captured ? npDefault : 'notCaptured');
    // Peers matched by the same rules with the same NetworkPolicy set get the same verdict: computed once
    // (keyed by the rules, then by the NetworkPolicy set itself: sets are interned, so equal sets are one object).
    const verdict = (g: number, np: NetworkPolicyTier, peer: PodClass | null) => {
      const matching = ctx.rulesOf(g);
      if (matching.length === 0) return np === 'notCaptured' ? ConnectionSet.ALL : np;
      const key = ctx.keyOf(g) + (ctx.perPeer(g) && peer ? `@${peer.index}` : '');
      let inner = memo.get(key);
      if (!inner) memo.set(key, (inner = new Map()));
      let v = inner.get(np);
      if (v === undefined) inner.set(np, (v = tierVerdict(matching, np, (r) => tierConns(r, direction, subject, peer))));
      return v;
    };
    const npOf = (p: number | null): NetworkPolicyTier => (!captured ? 'notCaptured' : p === null ? npDefault : npDefault.union(acc[p]));
    const def = (ctx.def ??= verdict(GENERAL, npOf(null), null));
    // Peers the NetworkPolicy tier singles out, each with its own set; then whole groups whose verdict
    // differs from the default (an Admin Allow toward them, a Baseline Deny …), member by member.
    const out: number[] = [];
    const conns: ConnectionSet[] = [];
    for (const p of peers) {
      out.push(p);
      conns.push(verdict(groups.groupOf[p], npOf(p), classes[p]));
    }
    ctx.differing ??= [...ctx.byGroup.keys()].flatMap((g): (readonly [number, ConnectionSet | null])[] => {
      if (ctx.perPeer(g)) return [[g, null]];
      const v = verdict(g, npOf(null), null);
      return v.equals(def) ? [] : [[g, v]];
    });
    for (const [g, v] of ctx.differing) {
      for (const p of groups.members[g]) {
        if (stamp[p] === s) continue;
        const c = v ?? verdict(g, npOf(null), classes[p]);
        if (c.equals(def)) continue;
        out.push(p);
        conns.push(c);
      }
    }
    rows[s] = { default: def, peers: out, conns };
  }
  return rows;
}

/** The group id standing for "no rule singles the peer out": only the rules over every pod apply. */
const GENERAL = -1;

/** What the classes sharing one set of tier rules (and one NetworkPolicy default) have in common. */
interface TierContext {
  /** The rules matching a peer of group `g` (GENERAL: the rules over every pod), in evaluation order. */
  rulesOf(g: number): readonly CompiledTierRule[];
  /** A text naming those rules, for the verdict memo. */
  keyOf(g: number): string;
  /** A rule of the group names ports toward the peer (egress), so each peer has its own verdict. */
  perPeer(g: number): boolean;
  readonly byGroup: ReadonlyMap<number, readonly CompiledTierRule[]>;
  def?: ConnectionSet;
  /** Groups whose verdict differs from the default (null: computed per peer). */
  differing?: readonly (readonly [number, ConnectionSet | null])[];
}

function contextOf(
  contexts: Map<string, TierContext>,
  groups: PeerGroups,
  admin: readonly CompiledTierRule[],
  baseline: readonly CompiledTierRule[],
  direction: Direction,
  subject: PodClass,
  np: NetworkPolicyTier,
): TierContext {
  const rules = [...admin, ...baseline];
  // Ingress port names resolve on the subject itself, so then the context is the subject's own.
  const named = direction === 'ingress' && rules.some((r) => r.rule.ports !== 'any' && r.rule.ports.some((p) => typeof p.port === 'string'));
  const key = `${rules.map((r) => r.order).join(',')}|${np === 'notCaptured' ? '-' : np.key}${named ? `@${subject.index}` : ''}`;
  let ctx = contexts.get(key);
  if (ctx) return ctx;
  const general: CompiledTierRule[] = [];
  const byGroup = new Map<number, CompiledTierRule[]>();
  for (const rule of rules) {
    if (rule.allPods && rule.uniform) general.push(rule);
    else for (const g of groups.groupsOf(rule)) (byGroup.get(g) ?? byGroup.set(g, []).get(g)!).push(rule);
  }
  const merged = new Map<number, readonly CompiledTierRule[]>();
  const keys = new Map<number, string>();
  const rulesOf = (g: number): readonly CompiledTierRule[] => {
    const specific = byGroup.get(g);
    if (!specific) return general;
    let m = merged.get(g);
    if (!m) merged.set(g, (m = mergeByOrder(general, specific)));
    return m;
  };
  ctx = {
    byGroup,
    rulesOf,
    keyOf(g) {
      const own = byGroup.has(g) ? g : GENERAL;
      let k = keys.get(own);
      if (k === undefined) keys.set(own, (k = `${named ? `@${subject.index}:` : ''}${rulesOf(own).map((r) => r.order).join(',')}`));
      return k;
    },
    perPeer: (g) => (byGroup.get(g) ?? []).some((r) => !r.uniform),
  };
  contexts.set(key, ctx);
  return ctx;
}

/** The tier chain over rules that match one peer (any tier, by `order`). */
export function tierVerdict(matching: readonly CompiledTierRule[], np: NetworkPolicyTier, connsOf: (r: CompiledTierRule) => ConnectionSet): ConnectionSet {
  const admin = matching.filter((r) => r.policy.tier === 'Admin');
  const baseline = () => {
    const b = matching.filter((r) => r.policy.tier === 'Baseline');
    return b.length === 0 ? [] : runTier(b, connsOf);
  };
  const adminOutcomes: TierOutcome[] = admin.length === 0 ? [] : runTier(admin, connsOf);
  return combineTiers(adminOutcomes, np, baseline);
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
