/**
 * A diff pair's whole set of one field: its numbers with the port names it carries toward a destination
 * whose container ports are unknown (PairDiff `namedPorts`), for renderers and for merging pairs.
 */
import type { ConnectionSet } from './connection-set.js';
import type { PairDiff, PairNamedSets, PairNames } from './diff.js';
import { NamedConns, conditionalKeys, parseName } from './named-conns.js';

export type PairField = 'base' | 'head' | 'opened' | 'closed';


/**
 * Sets read from a public names list, per list object (the diff's pairs share their lists: ~2k lists for
 * ~8k reads in the 10k diff, each read parsing every name and building the set), then per numeric set.
 * Weak: gone with the pairs. A NamedConns is never changed, so one read serves every pair of that list.
 */
const readSets = new WeakMap<readonly string[], Map<ConnectionSet, NamedConns>>();

/** `null` when the field allows nothing (no numbers, no names). */
export function pairConns(p: Pick<PairDiff, PairField | 'namedPorts'>, field: PairField): NamedConns | null {
  const c = p[field];
  if (c === null) return null;
  const names = p.namedPorts?.[field];
  if (names === undefined || names.length === 0) return NamedConns.of(c);
  let byConn = readSets.get(names);
  if (!byConn) readSets.set(names, (byConn = new Map()));
  let out = byConn.get(c);
  if (!out) byConn.set(c, (out = NamedConns.of(c, names.map(parseName))));
  return out;
}

/**
 * A field's exact set where the diff kept it (PairDiff `namedSets`: per name only the ports really
 * allowed), else as `pairConns` reads the public form. For set algebra between pairs (merging, subtracting
 * what workload pairs already say); renderers use `pairConns` (the same text and JSON).
 */
export function exactConns(p: Pick<PairDiff, PairField | 'namedPorts' | 'namedSets'>, field: PairField): NamedConns | null {
  if (p[field] === null) return null;
  return p.namedSets?.[field] ?? pairConns(p, field);
}

/** The fields of two pairs of one abstract peer united (numbers and names), as `reconcileAbstract` merges them. */
export function unitePairs(
  a: Pick<PairDiff, PairField | 'namedPorts' | 'namedSets'>,
  b: Pick<PairDiff, PairField | 'namedPorts' | 'namedSets'>,
): { base: ConnectionSet | null; head: ConnectionSet | null; opened: ConnectionSet | null; closed: ConnectionSet | null; namedPorts?: PairNames; namedSets?: PairNamedSets } {
  const fields = ['base', 'head', 'opened', 'closed'] as const;
  const united = fields.map((f) => {
    const x = exactConns(a, f);
    const y = exactConns(b, f);
    return x && y ? x.union(y) : (x ?? y);
  });
  const [base, head, opened, closed] = united.map((u) => (u ? u.conn : null));
  const out = { base, head, opened, closed };
  if (!united.some((u) => u && u.names.length > 0)) return out;
  const [sb, sh, so, sc] = united.map((u) => u ?? NamedConns.NONE);
  const namedSets = { base: sb, head: sh, opened: so, closed: sc };
  const decided = { base: conditionalKeys(a.namedPorts?.base, b.namedPorts?.base), head: conditionalKeys(a.namedPorts?.head, b.namedPorts?.head) };
  return { ...out, namedPorts: decidedNames(namedSets, decided), namedSets };
}

/**
 * The public names of a pair's exact sets, each name's condition as decided where the sets were worked
 * out (the diff, from the policies): `base` and `head` list a name with numbers only where `decided.base` /
 * `decided.head` hold its `PROTOCOL/name` (`conditionalKeys` of the public names the sets came from),
 * `opened` and `closed` only where either does (as NamedConns.namesBeside, from the sets' own names). Steps after
 * the diff (subtracting what a workload's pair tells, uniting pairs of one line) thus never make a name
 * conditional that met no numbered rule, and the sets of the diff itself list exactly as before (a united
 * name is conditional only if some united set lists it so).
 */
export function decidedNames(sets: PairNamedSets, decided: { readonly base: ReadonlySet<string>; readonly head: ReadonlySet<string> }): PairNames {
  const [base, head] = [sets.base.namesWithin(decided.base), sets.head.namesWithin(decided.head)];
  // Keys, not the names listed: a name the subtraction took out of base still conditions what opened keeps of it.
  const changes = new Set([...decided.base, ...decided.head]);
  return { base, head, opened: sets.opened.namesWithin(changes), closed: sets.closed.namesWithin(changes) };
}
