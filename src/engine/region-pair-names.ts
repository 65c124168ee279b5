/**
 * The diff's pairs toward regions whose sets hold port names (region-port-names.ts): found from the rules
 * with named ports of either side, then valued on both sides, so that a rule adding `port: http` toward
 * pods the manifests do not hold opens a pair, and removing it closes one.
 */
import type { Connectivity } from './connectivity.js';
import type { ClassMembers } from './class-members.js';
import { NamedConns } from './named-conns.js';
import { RegionPairBudget } from './region-pair-budget.js';
import { namedRegionPairs, regionPairConns } from './region-port-names.js';

/** A diff entry (diff.ts): its class on each side, -1 where it does not exist. */
interface SideClasses {
  readonly base: number;
  readonly head: number;
}

/** `regionPairConns` of class pairs (`src * classes + dst`) asked so far, per connectivity (held weakly). */
const pairMemos = new WeakMap<Connectivity, Map<number, NamedConns>>();

function pairMemo(conn: Connectivity): Map<number, NamedConns> {
  let memo = pairMemos.get(conn);
  if (!memo) pairMemos.set(conn, (memo = new Map()));
  return memo;
}

/**
 * Entry pairs `[s, d]` (keyed `s * entries.length + d`) whose destination is a region and whose set holds
 * port names on base or head, with both sides' sets. `members`: the entries of each class per side
 * (class-members.ts). `inScope`: when given, only pairs with an end in it. Each pair compared counts
 * against `budget` (past it, no more are).
 */
export function regionNamedSets(
  base: Connectivity,
  head: Connectivity,
  entries: readonly SideClasses[],
  members: { readonly base: ClassMembers; readonly head: ClassMembers },
  inScope: readonly boolean[] | null,
  budget: RegionPairBudget = new RegionPairBudget(Infinity),
): Map<number, { base: NamedConns; head: NamedConns }> {
  const n = entries.length;
  const out = new Map<number, { base: NamedConns; head: NamedConns }>();
  const seen = new Set<number>();
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
    let cut = false;
    const visit = (sc: number, dc: number) => {
      if (cut) return;
      for (let i = start[sc]; i < start[sc + 1]; i++) {
        const s = list[i];
        for (let j = start[dc]; j < start[dc + 1]; j++) {
          const d = list[j];
          const k = s * n + d;
          if (seen.has(k) || (inScope && !inScope[s] && !inScope[d])) continue;
          // Past the region pair bound, pairs are not compared (the diff says so).
          if (!budget.take()) {
            cut = true;
            return;
          }
          seen.add(k);
          const b = value(base, 'base', entries[s].base, entries[d].base);
          const h = value(head, 'head', entries[s].head, entries[d].head);
          if (b.hasPortNames() || h.hasPortNames()) out.set(k, { base: b, head: h });
        }
      }
    };
    namedRegionPairs(conn, visit, inScope ? classInScope : null, scopedClasses);
  }
  return out;
}
