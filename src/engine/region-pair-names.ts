/**
 * The diff's pairs toward regions whose sets hold port names (region-port-names.ts): found from the rules
 * with named ports of either side, then valued on both sides, so that a rule adding `port: http` toward
 * pods the manifests do not hold opens a pair, and removing it closes one.
 */
import type { Connectivity } from './connectivity.js';
import { sideConn } from './connectivity.js';
import type { ClassMembers } from './class-members.js';
import { NamedConns } from './named-conns.js';
import { RegionPairBudget } from './region-pair-budget.js';
import { namedRegionPairs, regionPairConns } from './region-port-names.js';

/** A diff entry (diff.ts): its class on each side, -1 where it does not exist, and its rank against the bound. */
interface SideClasses {
  readonly base: number;
  readonly head: number;
  readonly rank: number;
}

/** Both sides' sets of a pair toward a region. */
export interface RegionNames {
  readonly base: NamedConns;
  readonly head: NamedConns;
}

/**
 * A pair whose sets with names are the same on both sides while its numbers (classConn) differ: it is no
 * change, and the diff must not report it by its numbers alone.
 */
export const SAME_NAMES: RegionNames = Object.freeze({ base: NamedConns.NONE, head: NamedConns.NONE });

/** `regionPairConns` of class pairs (`src * classes + dst`) asked so far, per connectivity (held weakly). */
const pairMemos = new WeakMap<Connectivity, Map<number, NamedConns>>();

function pairMemo(conn: Connectivity): Map<number, NamedConns> {
  let memo = pairMemos.get(conn);
  if (!memo) pairMemos.set(conn, (memo = new Map()));
  return memo;
}

/**
 * Entry pairs `[s, d]` (keyed `s * entries.length + d`) whose destination is a region and whose set holds
 * port names on base or head and differs between them, with both sides' sets (`SAME_NAMES` where the sets
 * are equal but the numbers differ). `members`: the entries of each class per side (class-members.ts).
 * `inScope`: when given, only pairs with an end in it. Pairs count against `budget` (region-pair-budget.ts:
 * in its first pass each pair visited, and none is visited past the bound; then only changed pairs).
 */
export function regionNamedSets(
  base: Connectivity,
  head: Connectivity,
  entries: readonly SideClasses[],
  members: { readonly base: ClassMembers; readonly head: ClassMembers },
  inScope: readonly boolean[] | null,
  budget: RegionPairBudget = new RegionPairBudget(Infinity),
): Map<number, RegionNames> {
  const n = entries.length;
  const out = new Map<number, RegionNames>();
  // Base's class pairs visited: head's visit skips the entry pairs base's met (by class pair, not per
  // entry pair: millions of region pairs may be visited).
  const baseClasses = base.index.classes.length;
  const visitedBase = new Set<number>();
  // Entries of one class share its sets: one evaluation per class pair and side, kept with the side's
  // connectivity (base's serves the analysis's diff and each rollback confirmation diffed against it).
  const memo = { base: pairMemo(base), head: pairMemo(head) };
  const value = (c: Connectivity, which: 'base' | 'head', sc: number, dc: number): NamedConns => {
    if (sc < 0 || dc < 0) return NamedConns.NONE;
    const k = sc * c.index.classes.length + dc;
    let v = memo[which].get(k);
    if (!v) memo[which].set(k, (v = regionPairConns(c, sc, dc)));
    return v;
  };
  for (const side of ['base', 'head'] as const) {
    const conn = side === 'base' ? base : head;
    const { start, list } = members[side];
    const classes = conn.index.classes.length;
    // A class is in scope when one of its entries is (scoped diffs compare only pairs with such an end).
    const classInScope = new Uint8Array(classes);
    const scopedClasses: number[] = [];
    if (inScope) {
      for (let c = 0; c < classes; c++) {
        for (let k = start[c]; k < start[c + 1]; k++) {
          if (inScope[list[k]]) {
            classInScope[c] = 1;
            scopedClasses.push(c);
            break;
          }
        }
      }
    }
    // The first pass counts every pair visited and stops at the bound (the diff then counts again).
    const every = !budget.changedOnly;
    let cut = false;
    const visit = (sc: number, dc: number) => {
      if (cut) return;
      if (side === 'base') visitedBase.add(sc * baseClasses + dc);
      for (let i = start[sc]; i < start[sc + 1]; i++) {
        const s = list[i];
        const es = entries[s];
        for (let j = start[dc]; j < start[dc + 1]; j++) {
          const d = list[j];
          const ed = entries[d];
          if (inScope && !inScope[s] && !inScope[d]) continue;
          if (side === 'head' && es.base >= 0 && ed.base >= 0 && visitedBase.has(es.base * baseClasses + ed.base)) continue;
          if (every && !budget.take()) {
            cut = true;
            return;
          }
          const b = value(base, 'base', es.base, ed.base);
          const h = value(head, 'head', es.head, ed.head);
          if (!b.hasPortNames() && !h.hasPortNames()) continue;
          if (b === h || b.equals(h)) {
            // No change; the candidates must not report it by numbers that differ (rare: only names tell).
            if (!sideConn(base, es.base, ed.base).equals(sideConn(head, es.head, ed.head))) out.set(s * n + d, SAME_NAMES);
            continue;
          }
          // Past the region pair bound, the pair is not kept (the diff says so).
          if (every || budget.take(es.rank + ed.rank)) out.set(s * n + d, { base: b, head: h });
        }
      }
    };
    namedRegionPairs(conn, visit, inScope ? classInScope : null, scopedClasses);
  }
  return out;
}
