/**
 * A diff pair's whole set of one field: its numbers with the port names it carries toward a destination
 * whose container ports are unknown (PairDiff `namedPorts`), for renderers and for merging pairs.
 */
import type { ConnectionSet } from './connection-set.js';
import type { PairDiff, PairNamedSets, PairNames } from './diff.js';
import { NamedConns, parseName } from './named-conns.js';

export type PairField = 'base' | 'head' | 'opened' | 'closed';


/** `null` when the field allows nothing (no numbers, no names). */
export function pairConns(p: Pick<PairDiff, PairField | 'namedPorts'>, field: PairField): NamedConns | null {
  const c = p[field];
  if (c === null) return null;
  return NamedConns.of(c, (p.namedPorts?.[field] ?? []).map(parseName));
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
  const [nb, nh] = [sb.names, sh.names];
  const [no, nc] = [so.namesBeside(sb, sh), sc.namesBeside(sb, sh)];
  return { ...out, namedPorts: { base: nb, head: nh, opened: no, closed: nc }, namedSets: { base: sb, head: sh, opened: so, closed: sc } };
}
