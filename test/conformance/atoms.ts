/**
 * The comparison rules of shared/conformance/npguard/README.md: both sides become sets of atoms
 * (src piece, dst piece, protocol, port piece), cut at every boundary either side uses.
 */
import { AddressSet, parseRange } from '../../src/engine/index.js';
import type { ListJson } from '../helpers/analyze.js';

type Peer = { kind: 'name'; name: string } | { kind: 'external'; set: AddressSet };
type Conn = 'ALL' | { protocol: string; first: number; last: number }[];
export interface Row {
  src: Peer;
  dst: Peer;
  conn: Conn;
}

export function parseExpected(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes(' => ')) continue;
    const [src, rest] = splitOnce(line, ' => ');
    const [dst, conns] = splitOnce(rest, ' : ');
    rows.push({ src: parsePeer(src.trim()), dst: parsePeer(dst.trim()), conn: parseConnText(conns.trim()) });
  }
  return rows;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + sep.length)];
}

function parsePeer(text: string): Peer {
  const bare = text.replace(/\[External\]$/, '');
  const set = parseRange(bare);
  if (set) return { kind: 'external', set };
  return { kind: 'name', name: text };
}

function parseConnText(text: string): Conn {
  if (text === 'All Connections') return 'ALL';
  const out: { protocol: string; first: number; last: number }[] = [];
  let protocol = '';
  for (const token of text.split(',')) {
    const m = /^(SCTP|TCP|UDP) (.*)$/.exec(token);
    const ports = m ? m[2] : token;
    if (m) protocol = m[1];
    const [a, b] = ports.split('-').map(Number);
    out.push({ protocol, first: a, last: b ?? a });
  }
  return out;
}

export function fromJson(json: ListJson): Row[] {
  const peer = (p: ListJson['connections'][number]['src']): Peer =>
    p.type === 'external' ? { kind: 'external', set: (p.ranges ?? []).map((r) => parseRange(r)!).reduce((a, b) => a.union(b), AddressSet.NONE) } : { kind: 'name', name: p.id };
  return json.connections.map((c) => ({
    src: peer(c.src),
    dst: peer(c.dst),
    conn: c.conn.all
      ? 'ALL'
      : Object.entries(c.conn.protocols ?? {}).flatMap(([protocol, list]) => list.map(([first, last]) => ({ protocol, first, last }))),
  }));
}

/** Rule 2: when the expected side has no IPv6 range, IPv6 is dropped from ours. */
export function dropIpv6(rows: Row[]): Row[] {
  const v4 = (p: Peer): Peer => (p.kind === 'external' ? { kind: 'external', set: p.set.intersect(AddressSet.ALL_V4) } : p);
  return rows.map((r) => ({ ...r, src: v4(r.src), dst: v4(r.dst) })).filter((r) => !isEmptyPeer(r.src) && !isEmptyPeer(r.dst));
}

export function hasIpv6(rows: Row[]): boolean {
  return rows.some((r) => [r.src, r.dst].some((p) => p.kind === 'external' && !p.set.intersect(AddressSet.ALL_V6).isEmpty()));
}

function isEmptyPeer(p: Peer): boolean {
  return p.kind === 'external' && p.set.isEmpty();
}

/** For set differences (diff tests) ALL must be spelt out as three full protocols; conformance keeps it a token. */
export function expandAll(rows: Row[]): Row[] {
  const full = ['SCTP', 'TCP', 'UDP'].map((protocol) => ({ protocol, first: 1, last: 65535 }));
  return rows.map((r) => (r.conn === 'ALL' ? { ...r, conn: full } : r));
}

export function atoms(rows: Row[], addressCuts: bigint[], portCuts: number[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows) {
    const srcs = pieces(r.src, addressCuts);
    const dsts = pieces(r.dst, addressCuts);
    const conns = r.conn === 'ALL' ? ['ALL'] : r.conn.flatMap((c) => cutPorts(c.first, c.last, portCuts).map((p) => `${c.protocol} ${p}`));
    for (const s of srcs) for (const d of dsts) for (const c of conns) out.add(`${s} => ${d} : ${c}`);
  }
  return out;
}

export function cutPoints(rows: Row[]): { addressCuts: bigint[]; portCuts: number[] } {
  const a = new Set<bigint>();
  const p = new Set<number>();
  for (const r of rows) {
    for (const peer of [r.src, r.dst]) {
      if (peer.kind !== 'external') continue;
      for (const [x, y] of peer.set.intervals) {
        a.add(x);
        a.add(y + 1n);
      }
    }
    if (r.conn !== 'ALL') {
      for (const c of r.conn) {
        p.add(c.first);
        p.add(c.last + 1);
      }
    }
  }
  return { addressCuts: [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), portCuts: [...p].sort((x, y) => x - y) };
}

function pieces(peer: Peer, cuts: bigint[]): string[] {
  if (peer.kind === 'name') return [peer.name];
  const out: string[] = [];
  for (const [a, b] of peer.set.intervals) {
    let start = a;
    for (const c of cuts) {
      if (c <= start || c > b) continue;
      out.push(AddressSet.of([[start, c - 1n]]).toRanges()[0] + '[External]');
      start = c;
    }
    out.push(AddressSet.of([[start, b]]).toRanges()[0] + '[External]');
  }
  return out;
}

function cutPorts(first: number, last: number, cuts: number[]): string[] {
  const out: string[] = [];
  let start = first;
  for (const c of cuts) {
    if (c <= start || c > last) continue;
    out.push(start === c - 1 ? `${start}` : `${start}-${c - 1}`);
    start = c;
  }
  out.push(start === last ? `${start}` : `${start}-${last}`);
  return out;
}

/** Rules 1-5 of the README for one case: atoms missing from ours and atoms we have in excess. */
export function compareRows(expected: Row[], oursIn: Row[]): { missing: string[]; unexpected: string[]; counts: [number, number] } {
  const ours = hasIpv6(expected) ? oursIn : dropIpv6(oursIn);
  const { addressCuts, portCuts } = cutPoints([...expected, ...ours]);
  const want = atoms(expected, addressCuts, portCuts);
  const got = atoms(ours, addressCuts, portCuts);
  const missing = [...want].filter((a) => !got.has(a));
  const unexpected = [...got].filter((a) => !want.has(a));
  return { missing: missing.slice(0, 8), unexpected: unexpected.slice(0, 8), counts: [missing.length, unexpected.length] };
}
