/**
 * Region pairs of a grouped line that got less than it says (ExplainedPair `narrowerForSome`, analysis/
 * narrower-for-some.ts), for text and Markdown: per change the parts whose ports differ from the line's,
 * each region pair named by its ends that differ from the line's (the regions a rule peer's name holds),
 * and the sentence ` (but only TCP metrics (if numbered 9091) for app/[pod with {app=client}])`.
 */
import type { ExplainedPair } from '../analysis/types.js';
import type { NamedConns, PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { AbstractGroup } from './abstract-groups.js';
import type { PeerLabel } from './peer-label.js';
import { portsText } from './ports-text.js';
import { namedItems } from '../util/and-list.js';
import { pathText } from '../util/path-arrow.js';

/** Region pairs of a line that got `conn` instead of the line's (null: nothing), by the ends that differ from the line's pair. */
export interface LinePart {
  readonly conn: NamedConns | null;
  readonly ends: readonly { readonly src?: PeerRef; readonly dst?: PeerRef }[];
}

/** How many region pairs a part names before it counts the rest (as a line names its subjects). */
const NAMED = 3;

/**
 * The parts of a pair's `change` that some of its region pairs got instead of `conn` (ExplainedPair
 * `narrowerForSome`), each region pair by the ends that differ from the pair's own (the regions a rule
 * peer's name holds).
 */
export function lineParts(p: ExplainedPair, change: 'opened' | 'closed', conn: NamedConns): LinePart[] {
  if (!p.narrowerForSome) return [];
  const out: { conn: NamedConns | null; ends: LinePart['ends'][number][] }[] = [];
  for (const part of p.narrowerForSome) {
    const instead = part[change];
    if (instead?.key === conn.key) continue;
    const ends = part.pairs.map((e) => {
      const [src, dst] = [peerId(e.src) !== peerId(p.src), peerId(e.dst) !== peerId(p.dst)];
      // A region pair named as the line is (its own name kept): told by its pods' end.
      if (!src && !dst) return e.dst.type === 'pods' ? { dst: e.dst } : { src: e.src };
      return { ...(src ? { src: e.src } : {}), ...(dst ? { dst: e.dst } : {}) };
    });
    const known = out.find((x) => (x.conn?.key ?? null) === (instead?.key ?? null));
    if (known) known.ends.push(...ends);
    else out.push({ conn: instead, ends });
  }
  return out;
}

/** The parts of a line that name some end on its subjects' side (a line's other ends are named apart). */
export function subjectParts(g: Pick<AbstractGroup, 'direction' | 'narrowerForSome'>): LinePart[] {
  const side = g.direction === 'ingress' ? 'dst' : 'src';
  return (g.narrowerForSome ?? []).filter((x) => x.ends.some((e) => e[side] !== undefined));
}

/** Two lines' parts as one list, those with the same ports as one part. */
export function uniteParts(a: readonly LinePart[], b: readonly LinePart[]): LinePart[] {
  const out = a.map((x) => ({ conn: x.conn, ends: [...x.ends] }));
  for (const x of b) {
    const known = out.find((y) => (y.conn?.key ?? null) === (x.conn?.key ?? null));
    if (known) known.ends.push(...x.ends);
    else out.push({ conn: x.conn, ends: [...x.ends] });
  }
  return out;
}

/** Parts as a key, so that only pairs with the same parts share a line. */
export function partsKey(parts: readonly LinePart[]): string {
  return parts.map((x) => `${x.conn?.key ?? '-'}=${x.ends.map((e) => `${e.src ? peerId(e.src) : ''}>${e.dst ? peerId(e.dst) : ''}`).join(',')}`).join(';');
}

/**
 * ` (but only TCP metrics (if numbered 9091) for app/[pod with {app=client}])` when some region pairs of the
 * line got less than its ports (`but nothing for …` when nothing), each named by its ends that differ
 * from the line's (`src => dst` when both do); else empty.
 *
 * A part that got the line's very port numbers less a port name (`TCP 8080 except TCP metrics`: another rule
 * gave those pods their port `metrics` already, and a pod not in the manifests may number it 8080) says no
 * more than that some pods may have had the ports already, as that port: told so, without its region pairs
 * (fresh-user 27, problem 6: `(but only TCP 8080 except TCP metrics for [namespace monitoring with
 * {team=partners}]/[pod with …] → shop-prod/[pod with …])` became `(some of these pods may have had TCP 8080
 * already, as their port metrics)`).
 */
export function narrowerText(g: Pick<AbstractGroup, 'narrowerForSome' | 'conn' | 'change'>, label: PeerLabel): string {
  const parts = g.narrowerForSome ?? [];
  if (parts.length === 0) return '';
  const byName = parts.flatMap((x) => namesOnly(x.conn, g.conn));
  const end = (e: LinePart['ends'][number]) => (e.src && e.dst ? pathText(label(e.src), label(e.dst)) : label((e.src ?? e.dst)!));
  const said = parts.filter((x) => namesOnly(x.conn, g.conn).length === 0).map((x) => {
    const names = [...new Set(x.ends.map(end))];
    const shown = namedItems(names, NAMED).named;
    const who = names.length > shown.length ? `${shown.join(', ')} and ${names.length - shown.length} more` : shown.length === 2 ? shown.join(' and ') : shown.join(', ');
    const what = x.conn === null ? 'nothing' : `only ${x.conn.conn.isAll() && x.conn.names.length === 0 ? 'all ports' : portsText(x.conn)}`;
    return `${what} for ${who}`;
  });
  const hedge = byName.length ? namedHedge(g, [...new Set(byName)]) : '';
  return `${hedge}${said.length ? ` (but ${said.join('; ')})` : ''}`;
}

/**
 * The port names a part lacks where it has the line's numbers and nothing else differs (`TCP 8080 except TCP
 * metrics` beside the line's `TCP 8080`); empty for any other part.
 */
function namesOnly(part: NamedConns | null, line: NamedConns): string[] {
  if (part === null || line.names.length > 0 || !part.conn.equals(line.conn)) return [];
  const entries = part.entries();
  return entries.length > 0 && entries.every((e) => e.except) ? entries.map((e) => e.name) : [];
}

/** ` (some of these pods may have had TCP 8080 already, as their port metrics)` (closed: `may keep`). */
function namedHedge(g: Pick<AbstractGroup, 'conn' | 'change'>, names: readonly string[]): string {
  const ports = g.conn.conn.isAll() ? 'all ports' : portsText(g.conn);
  const as = `as their port ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`}`;
  return g.change === 'opened' ? ` (some of these pods may have had ${ports} already, ${as})` : ` (some of these pods may keep ${ports}, ${as})`;
}
