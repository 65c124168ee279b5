/**
 * Big diffs stay readable: when more than `GROUP_THRESHOLD` pairs change, they are summarised in groups
 * before any row is listed — new workloads that no policy isolates (reachable from every pod), the
 * rules that open the most paths, and the destinations that gain or lose the most sources. Every pair
 * stays listed in the JSON and in the check run's text; groups only come first.
 */
import type { ExplainedPair } from '../analysis/types.js';
import type { Reason, SourceRef } from '../engine/index.js';
import { peerId, peerNumbering, publicPolicyId, shownPolicy } from '../engine/index.js';
import { namedItems } from '../util/and-list.js';

/** Above this many changed pairs, the report groups them before listing rows. */
export const GROUP_THRESHOLD = 50;
/** Groups shown per kind. */
const TOP = 8;
/**
 * Members a group keeps (the first met; `membersOmitted` counts the rest): a group stands for up to every
 * changed pair, whose ids can be long (97 MB of members per target for jmuchovej/homelab 997cbe0); the
 * pairs themselves stay complete in the JSON.
 */
export const MEMBERS_KEPT = 100;

export interface PairGroup {
  readonly kind: 'new-unisolated' | 'rule' | 'destination';
  /** `opened` or `closed`: which change the group counts. */
  readonly change: 'opened' | 'closed';
  /** The rule (`policy direction rule N`) or the destination's peer id; the namespaces for new workloads. */
  readonly key: string;
  readonly count: number;
  readonly ref?: SourceRef;
  /** The members (new workloads; a rule's pairs; a destination's sources), by id: the first `MEMBERS_KEPT`. */
  readonly members: readonly string[];
  /** Members past `MEMBERS_KEPT`, not listed (`count` counts them). */
  readonly membersOmitted?: number;
}

export function pairGroups(pairs: readonly ExplainedPair[]): PairGroup[] {
  return shownPairGroups(pairs).filter((g): g is PairGroup => g.kind !== 'more');
}

/** Groups of one kind past the first `TOP`: left out of `pairGroups` (and the JSON's `groups`), counted for the text. */
export interface MoreGroups {
  readonly kind: 'more';
  readonly of: 'rule' | 'destination';
  readonly change: 'opened' | 'closed';
  /** How many groups of more than one pair were left out. */
  readonly count: number;
}

/**
 * `pairGroups`, each kind followed by how many of its groups were left out (when more than `TOP`), so a
 * reader of the text does not take the groups shown for all of them (fresh-user trial P17: 8 of 13
 * destinations that lost 15 sources each were shown, with no word of the other 5).
 */
export function shownPairGroups(pairs: readonly ExplainedPair[]): (PairGroup | MoreGroups)[] {
  if (pairs.length <= GROUP_THRESHOLD) return [];
  return [...newUnisolated(pairs), ...byRule(pairs, 'opened'), ...byRule(pairs, 'closed'), ...byDestination(pairs, 'opened'), ...byDestination(pairs, 'closed')];
}

/** New workloads whose ingress no policy isolates: every pod may reach them. */
function newUnisolated(pairs: readonly ExplainedPair[]): PairGroup[] {
  const found = new Set<string>();
  for (const p of pairs) {
    if (!p.opened || p.dst.type !== 'workload' || p.peerChanges.dst !== 'added') continue;
    const id = p.dst.workload.id;
    if (p.whyOpened.some((r) => r.kind === 'not-isolated' && r.side === 'head' && r.direction === 'ingress' && r.workload === id)) found.add(id);
  }
  if (found.size < 2) return [];
  const members = [...found].sort();
  return [{ kind: 'new-unisolated', change: 'opened', key: [...new Set(members.map((m) => m.split('/')[0]))].join(', '), count: members.length, members }];
}

function byRule(pairs: readonly ExplainedPair[], change: 'opened' | 'closed'): (PairGroup | MoreGroups)[] {
  // Pairs told apart by their ends' numbers: an end's id can be tens of thousands of characters (exceptions).
  const number = peerNumbering();
  const groups = new Map<string, { ref: SourceRef; keys: Set<string>; members: string[] }>();
  for (const p of pairs) {
    if (!p[change]) continue;
    let pair: { key: string; id: string } | undefined;
    for (const r of change === 'opened' ? p.whyOpened : p.whyClosed) {
      const rule = ruleOf(r, change);
      if (!rule) continue;
      const g = groups.get(rule.key) ?? groups.set(rule.key, { ref: rule.ref, keys: new Set(), members: [] }).get(rule.key)!;
      pair ??= { key: `${number(p.src)}:${number(p.dst)}`, get id() { return `${peerId(p.src)} → ${peerId(p.dst)}`; } };
      if (g.keys.has(pair.key)) continue;
      g.keys.add(pair.key);
      if (g.members.length < MEMBERS_KEPT) g.members.push(pair.id);
    }
  }
  return top('rule', change, [...groups].map(([key, g]) => ({ kind: 'rule', change, key, count: g.keys.size, ref: g.ref, ...kept(g.members, g.keys.size) })));
}

/** The rule on the side that now allows (opened: head) or used to allow (closed: base) the traffic. */
function ruleOf(r: Reason, change: 'opened' | 'closed'): { key: string; ref: SourceRef } | undefined {
  const side = change === 'opened' ? 'head' : 'base';
  // A clusterwide policy's copies in the namespaces the manifests do not hold are one rule: the policy's own (publicPolicyId).
  if (r.kind === 'allowed-by-rule' && r.side === side) return { key: `${publicPolicyId(r.policy)} ${r.direction} rule ${r.rule + 1}`, ref: r.ref };
  return undefined;
}

/**
 * A rule group's key (`ruleOf`: the policy id, then `ingress rule N`) as the report names the rule elsewhere
 * (reason-text.ts): a NetworkPolicy by its id, another kind with its kind (`CiliumNetworkPolicy ns/x ingress
 * rule 1`, not the id `ns/x[CiliumNetworkPolicy]`). The JSON keeps the key.
 */
function ruleKeyText(key: string): string {
  const m = /^(.*) ((?:ingress|egress) rule \d+)$/.exec(key);
  return m ? `${shownPolicy(m[1])} ${m[2]}` : key;
}

function byDestination(pairs: readonly ExplainedPair[], change: 'opened' | 'closed'): (PairGroup | MoreGroups)[] {
  const number = peerNumbering();
  const groups = new Map<number, { key: string; count: number; srcs: string[] }>();
  for (const p of pairs) {
    if (!p[change]) continue;
    const n = number(p.dst);
    const g = groups.get(n) ?? groups.set(n, { key: peerId(p.dst), count: 0, srcs: [] }).get(n)!;
    g.count++;
    if (g.srcs.length < MEMBERS_KEPT) g.srcs.push(peerId(p.src));
  }
  return top('destination', change, [...groups.values()].map(({ key, count, srcs }) => ({ kind: 'destination', change, key, count, ...kept(srcs, count) })));
}

/** A group's members as kept, with how many were left out. */
function kept(members: readonly string[], count: number): Pick<PairGroup, 'members' | 'membersOmitted'> {
  return count > members.length ? { members, membersOmitted: count - members.length } : { members };
}

/** The `TOP` largest groups of more than one pair, biggest first, then how many such groups are left out. */
function top(of: MoreGroups['of'], change: MoreGroups['change'], groups: PairGroup[]): (PairGroup | MoreGroups)[] {
  const all = groups.filter((g) => g.count > 1).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  const more: MoreGroups[] = all.length > TOP ? [{ kind: 'more', of, change, count: all.length - TOP }] : [];
  return [...all.slice(0, TOP), ...more];
}

/** The line after a kind's groups when some were left out, e.g. `… and 5 more destinations closed from several sources`. */
export function moreGroupsLine(m: MoreGroups): string {
  const what = m.of === 'rule' ? `${m.count === 1 ? 'rule' : 'rules'} that ${m.change === 'opened' ? 'open' : 'no longer allow'} several paths` : `${m.count === 1 ? 'destination' : 'destinations'} ${m.change} from several sources`;
  return `… and ${m.count} more ${what}`;
}

/** One line per group, e.g. `19 new workloads are reachable from every pod: no policy selects them`. */
export function groupLine(g: PairGroup, label: (id: string) => string, ref: (r: SourceRef) => string): string {
  // The members kept may be fewer than the group's (`membersOmitted`): the rest are counted too.
  const some = (ids: readonly string[]) => {
    const { named, more } = namedItems(ids, 4);
    const left = more + (g.membersOmitted ?? 0);
    return named.map(label).join(', ') + (left > 0 ? `, … ${left} more` : '');
  };
  switch (g.kind) {
    case 'new-unisolated':
      return `${g.count} new workloads are reachable from every pod: no policy selects them (${some(g.members)})`;
    case 'rule':
      return `${ruleKeyText(g.key)} (${ref(g.ref!)}) ${g.change === 'opened' ? 'opens' : 'no longer allows'} ${g.count} paths`;
    case 'destination':
      return `${label(g.key)}: ${g.change} from ${g.count} sources (${some(g.members)})`;
  }
}

