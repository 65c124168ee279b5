/**
 * Peer classes grouped by the tier rules that pick them (partition refinement over every rule's peer
 * list, once per direction): two classes in one group are matched by exactly the same tier rules, so a
 * subject's tier verdict is computed per group, not per peer. Rules over every pod with one set for all
 * (`allPods && uniform`) do not split anything and are left out.
 */
import type { Direction } from './model.js';
import type { CompiledTierRule, CompiledTiers } from './tiers.js';

export interface PeerGroups {
  /** Per class, its group; group 0 holds the classes no rule picks. */
  readonly groupOf: Int32Array;
  readonly members: readonly (readonly number[])[];
  /** The groups a rule picks (every member of each is in the rule's peer list). */
  groupsOf(rule: CompiledTierRule): readonly number[];
}

export function tierPeerGroups(n: number, tiers: CompiledTiers, direction: Direction): PeerGroups {
  const groupOf = new Int32Array(n);
  let count = 1;
  const rules = tiers.rules.filter((r) => r.direction === direction && !(r.allPods && r.uniform));
  for (const rule of rules) {
    // Members of a group the rule picks move to a new group, one new group per old one.
    const split = new Map<number, number>();
    for (const p of rule.peerClasses) {
      const old = groupOf[p];
      let to = split.get(old);
      if (to === undefined) split.set(old, (to = count++));
      groupOf[p] = to;
    }
  }
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let p = 0; p < n; p++) members[groupOf[p]].push(p);
  const cache = new Map<CompiledTierRule, number[]>();
  return {
    groupOf,
    members,
    groupsOf(rule) {
      let gs = cache.get(rule);
      if (!gs) cache.set(rule, (gs = [...new Set(rule.peerClasses.map((p) => groupOf[p]))]));
      return gs;
    },
  };
}
