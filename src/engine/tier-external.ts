/**
 * Cluster-wide rules toward addresses outside the cluster (`networks` peers): the address line cut at
 * every boundary of the NetworkPolicy pieces and the tier rules' networks, each piece decided by the
 * tier chain (tier-verdict.ts). Classes with the same rule lists share the rule selection, and a result
 * is shared by every class with the same NetworkPolicy pieces (by content) and the same tier rules.
 */
import { AddressSet } from './address-set.js';
import { ConnectionSet } from './connection-set.js';
import { mergeByOrder, tierVerdict } from './direction-rows.js';
import type { Direction } from './model.js';
import type { PodClass } from './peer-classes.js';
import type { Contribution, Piecewise } from './piecewise.js';
import { combine } from './piecewise.js';
import type { CompiledTierRule, CompiledTiers } from './tiers.js';

/** A class's tier rules that match addresses, in evaluation order, and a text naming them with their ports. */
export interface AddressRules {
  readonly rules: readonly CompiledTierRule[];
  readonly key: string;
}

interface Selected extends AddressRules {
  /** Ingress rules with port names: their ports resolve on the subject, so the key is per class. */
  readonly perClass: boolean;
}

const selections = new WeakMap<readonly CompiledTierRule[], Map<readonly CompiledTierRule[], Selected>>();

/** The tier rules of `cls` in `direction` whose `networks` match some address (Admin, then Baseline). */
export function addressRulesOf(tiers: CompiledTiers, direction: Direction, cls: PodClass): AddressRules {
  const admin = tiers.rulesOf.Admin[direction][cls.index];
  const baseline = tiers.rulesOf.Baseline[direction][cls.index];
  let byBaseline = selections.get(admin);
  if (!byBaseline) selections.set(admin, (byBaseline = new Map()));
  let s = byBaseline.get(baseline);
  if (!s) {
    const rules = [...admin, ...baseline].filter((r) => !r.peerAddresses.isEmpty());
    const perClass = direction === 'ingress' && rules.some((r) => r.rule.ports !== 'any' && r.rule.ports.some((p) => typeof p.port === 'string'));
    s = { rules, perClass, key: perClass ? '' : keyOf(rules, null) };
    byBaseline.set(baseline, s);
  }
  return s.perClass ? { rules: s.rules, key: keyOf(s.rules, cls) } : s;
}

function keyOf(rules: readonly CompiledTierRule[], dst: PodClass | null): string {
  return rules.map((r) => `t${r.order}:${r.conns(dst).key}`).join(';');
}

/** Per side: results by NetworkPolicy pieces (the object, then its content) and tier rule key. */
interface Memo {
  readonly byPieces: Map<Piecewise | 'notCaptured', Map<string, Piecewise>>;
  readonly byContent: Map<string, Piecewise>;
}

const results = new WeakMap<CompiledTiers, Memo>();
const contentKeys = new WeakMap<Piecewise, string>();

/**
 * The class's reach toward addresses: `np` is its NetworkPolicy pieces (`notCaptured` when no
 * NetworkPolicy selects it that way), `selected` from addressRulesOf.
 */
export function tieredExternal(tiers: CompiledTiers, np: Piecewise | 'notCaptured', selected: AddressRules, direction: Direction, cls: PodClass): Piecewise {
  let memo = results.get(tiers);
  if (!memo) results.set(tiers, (memo = { byPieces: new Map(), byContent: new Map() }));
  // Most classes share their pieces object (piecewise cache of connectivity.ts): found by identity;
  // pieces equal in content (different rules, same ipBlocks and ports) share through their text.
  let bySelected = memo.byPieces.get(np);
  if (!bySelected) memo.byPieces.set(np, (bySelected = new Map()));
  let pieces = bySelected.get(selected.key);
  if (!pieces) {
    const key = `${np === 'notCaptured' ? '-' : contentKey(np)}|${selected.key}`;
    pieces = memo.byContent.get(key);
    if (!pieces) {
      pieces = tieredPieces(np, selected.rules, (r) => r.conns(direction === 'ingress' ? cls : null));
      memo.byContent.set(key, pieces);
    }
    bySelected.set(selected.key, pieces);
  }
  return pieces;
}

function contentKey(np: Piecewise): string {
  let k = contentKeys.get(np);
  if (k === undefined) contentKeys.set(np, (k = np.map((p) => `${p.addresses.toRanges().join(',')}=${p.conn.key}`).join(';')));
  return k;
}

/** The address line cut at every boundary of every piece and rule, each piece decided by the tier chain. */
export function tieredPieces(np: Piecewise | 'notCaptured', tierRules: readonly CompiledTierRule[], connsOf: (r: CompiledTierRule) => ConnectionSet): Piecewise {
  const cuts = new Set<bigint>([0n]);
  for (const set of [...(np === 'notCaptured' ? [] : np.map((c) => c.addresses)), ...tierRules.map((r) => r.peerAddresses)]) {
    for (const [a, b] of set.intervals) {
      cuts.add(a);
      cuts.add(b + 1n);
    }
  }
  const last = AddressSet.ALL.intervals[0][1];
  const points = [...cuts].filter((p) => p <= last).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const contributions: Contribution[] = [];
  for (let k = 0; k < points.length; k++) {
    const first = points[k];
    const end = k + 1 < points.length ? points[k + 1] - 1n : last;
    const matching = tierRules.filter((r) => r.peerAddresses.has(first));
    // NetworkPolicy pieces do not overlap: the one holding `first` (if any) is its set.
    const npConn = np === 'notCaptured' ? 'notCaptured' : (np.find((c) => c.addresses.has(first))?.conn ?? ConnectionSet.NONE);
    const conn = tierVerdict(mergeByOrder(matching, []), npConn, connsOf);
    contributions.push({ addresses: AddressSet.of([[first, end]]), conn });
  }
  return combine(contributions);
}
