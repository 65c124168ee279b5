/**
 * A class's own rules of one direction (NetworkPolicy, then AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy), as region-port-names.ts matches them with one peer after another: gathered
 * once per class and direction, and the rules that match a peer told by a small number (a mask of their
 * places). A 10k diff matches ~80k peers this way; filtering and concatenating the lists anew for each,
 * and keying each answer by a string of joined rule ids, was most of the cost of its region pairs.
 */
import type { CompiledRule } from './compile.js';
import { isCaptured } from './compile.js';
import type { Connectivity } from './connectivity.js';
import { binaryHas } from './explain.js';
import type { Direction } from './model.js';
import type { NamedConns } from './named-conns.js';
import type { CompiledTierRule } from './tiers.js';

/** Which pod peers a side's rules are matched against: one class, or a pod no rule singles out (rules over every pod). */
export type Peer = number | 'unlisted';

/** The rules of a subject that match one peer: NetworkPolicy (`null`: none selects the subject) and tier rules. */
export interface MatchedRules {
  readonly np: readonly CompiledRule[] | null;
  readonly tier: readonly CompiledTierRule[];
}

export interface OwnRules {
  /** No rule of any tier selects the class in this direction (it allows everything). */
  readonly free: boolean;
  /** The NetworkPolicy rules, `null` when no NetworkPolicy selects the class in this direction. */
  readonly np: readonly CompiledRule[] | null;
  /** The Admin rules, then the Baseline rules (tier-verdict.ts evaluates them in that order). */
  readonly tier: readonly CompiledTierRule[];
  /** Whether some of these rules give a port name: set by region-port-names.ts when first asked. */
  givesNames?: boolean;
  /** The caller's answers for this class and direction: by `matchKey` (and destination kind), then by numeric set key. */
  readonly answers: Map<number | string, Map<string, NamedConns>>;
}

/** Past this many rules the match is keyed by a string of places, not a mask (a mask must stay a small integer). */
const MASK_RULES = 29;

const ownRulesOf = new WeakMap<Connectivity, Record<Direction, (OwnRules | undefined)[]>>();

/** Class `subject`'s own `direction` rules, gathered on first use. */
export function ownRules(conn: Connectivity, direction: Direction, subject: number): OwnRules {
  let perConn = ownRulesOf.get(conn);
  if (!perConn) ownRulesOf.set(conn, (perConn = { ingress: [], egress: [] }));
  let own = perConn[direction][subject];
  if (!own) {
    const admin = conn.tiers.rulesOf.Admin[direction][subject];
    const baseline = conn.tiers.rulesOf.Baseline[direction][subject];
    const captured = isCaptured(conn.compiled, direction, subject);
    own = {
      free: !captured && admin.length === 0 && baseline.length === 0,
      np: captured ? conn.compiled.rulesOf[direction][subject] : null,
      tier: baseline.length === 0 ? admin : admin.length === 0 ? baseline : [...admin, ...baseline],
      answers: new Map(),
    };
    perConn[direction][subject] = own;
  }
  return own;
}

/** Does NetworkPolicy rule `r` match `peer`? (A pod no rule singles out: only rules over every pod.) */
function npMatches(r: CompiledRule, peer: Peer): boolean {
  return peer === 'unlisted' ? r.fromAnyPod : binaryHas(r.peerClasses, peer);
}

/** Does tier rule `r` match `peer`? */
function tierMatches(r: CompiledTierRule, peer: Peer): boolean {
  return r.allPods || (peer !== 'unlisted' && binaryHas(r.peerClasses, peer));
}

/**
 * Which of `own`'s rules match `peer`, as a key: a non-negative even integer (twice the mask of their
 * places, so that the caller may add one bit) when the rules are few, else their places joined by `,`.
 * Equal keys of one class and direction mean the same rules match.
 */
export function matchKey(own: OwnRules, peer: Peer): number | string {
  const np = own.np ?? [];
  if (np.length + own.tier.length <= MASK_RULES) {
    let mask = 0;
    for (let i = 0; i < np.length; i++) if (npMatches(np[i], peer)) mask |= 1 << i;
    for (let j = 0; j < own.tier.length; j++) if (tierMatches(own.tier[j], peer)) mask |= 1 << (np.length + j);
    return mask * 2;
  }
  const places: number[] = [];
  for (let i = 0; i < np.length; i++) if (npMatches(np[i], peer)) places.push(i);
  for (let j = 0; j < own.tier.length; j++) if (tierMatches(own.tier[j], peer)) places.push(np.length + j);
  return places.join(',');
}

/** The rules of `own` that match `peer`, in their order. */
export function matchedRules(own: OwnRules, peer: Peer): MatchedRules {
  return { np: own.np === null ? null : own.np.filter((r) => npMatches(r, peer)), tier: own.tier.filter((r) => tierMatches(r, peer)) };
}
