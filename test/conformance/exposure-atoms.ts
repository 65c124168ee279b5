/**
 * The exposure comparison rules of shared/conformance/npguard/README.md ("Exposure comparison rules"):
 * abstract peers normalised to (namespace requirements, pod requirements), rows to atoms, peers that add
 * nothing beyond the workload's entire-cluster row dropped, then the atom sets compared.
 */
import { parseRange } from '../../src/engine/index.js';

export interface ExposureRowText {
  direction: 'ingress' | 'egress';
  workload: string;
  peer: string;
  /** `ALL`, `NONE`, or tokens: `{protocol, first, last}` numeric or `{protocol, name}`. */
  conn: 'ALL' | 'NONE' | ({ protocol: string; first: number; last: number } | { protocol: string; name: string })[];
}

export interface ExposureText {
  connections: string;
  rows: ExposureRowText[];
  unprotected: Set<string>;
}

export function parseExposureFile(text: string): ExposureText {
  const at = text.indexOf('Exposure Analysis Result:');
  const connections = at < 0 ? text : text.slice(0, at);
  const rows: ExposureRowText[] = [];
  const unprotected = new Set<string>();
  for (const line of (at < 0 ? '' : text.slice(at)).split('\n')) {
    const m = /^(\S+)\s+(=>|<=)\s+(.*?) : (.*)$/.exec(line);
    if (m) {
      rows.push({ direction: m[2] === '=>' ? 'egress' : 'ingress', workload: m[1], peer: m[3].trim(), conn: parseConn(m[4]) });
      continue;
    }
    const u = /^(\S+) is not protected on (Ingress|Egress)$/.exec(line.trim());
    if (u) unprotected.add(`${u[1]} ${u[2].toLowerCase()}`);
  }
  return { connections, rows, unprotected };
}

function parseConn(text: string): ExposureRowText['conn'] {
  const t = text.trimEnd();
  if (t.trim() === 'All Connections') return 'ALL';
  if (t.trim() === 'No Connections') return 'NONE';
  const out: Exclude<ExposureRowText['conn'], string> = [];
  // A leading space is an empty protocol: a port name given without one.
  let protocol = t.startsWith(' ') ? 'ANY' : '';
  for (const raw of t.trim().split(',')) {
    const m = /^(SCTP|TCP|UDP) (.*)$/.exec(raw);
    const token = m ? m[2] : raw;
    if (m) protocol = m[1];
    if (/^\d+(-\d+)?$/.test(token)) {
      const [a, b] = token.split('-').map(Number);
      out.push({ protocol, first: a, last: b ?? a });
    } else out.push({ protocol, name: token });
  }
  return out;
}

// ---- abstract peer ids, both notations

export function isExternalPeer(id: string): boolean {
  return id.endsWith('[External]') || parseRange(id) !== undefined;
}

/** `(namespace requirements)|(pod requirements)`, each a sorted list of `key op values`. */
export function normalizePeer(id: string): string {
  if (id === 'entire-cluster') return '|';
  const cut = Math.max(id.lastIndexOf('/[pod with '), id.lastIndexOf('/[all pods]'));
  if (cut < 0) throw new Error(`not an abstract peer: ${id}`);
  const nsText = id.slice(0, cut);
  const podText = id.slice(cut + 1);
  const pods = podText === '[all pods]' ? [] : parseSelector(podText.slice('[pod with '.length, -1));
  let ns: string[];
  if (nsText === '[all namespaces]') ns = [];
  else if (nsText.startsWith('[namespace with ')) ns = parseSelector(nsText.slice('[namespace with '.length, -1));
  else ns = [req('kubernetes.io/metadata.name', 'in', [nsText])];
  return `${ns.sort().join(';')}|${pods.sort().join(';')}`;
}

function req(key: string, op: string, values: string[]): string {
  return `${key} ${op.toLowerCase()} (${[...new Set(values)].sort().join(',')})`;
}

/** Splits on commas outside of (), [] and {}. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function parseSelector(text: string): string[] {
  const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  return splitTop(inner).map(parseRequirement);
}

function parseRequirement(token: string): string {
  const go = /^\{?Key:([^,]+),Operator:(\w+),Values:\[([^\]]*)\],?\}?$/.exec(token);
  if (go) return req(go[1], go[2], go[3].split(' ').filter((v) => v.length > 0));
  if (token.startsWith('{') && token.endsWith('}')) return parseRequirement(token.slice(1, -1).trim());
  const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/i.exec(token);
  if (set) return req(set[1], set[2], set[3].split(',').map((v) => v.trim()));
  const unary = /^(\S+)\s+(exists|doesnotexist)$/i.exec(token);
  if (unary) return req(unary[1], unary[2], []);
  const ne = /^([^!=]+)!=(.*)$/.exec(token);
  if (ne) return req(ne[1].trim(), 'notin', [ne[2].trim()]);
  const eq = /^([^=]+)=(.*)$/.exec(token);
  if (eq) return req(eq[1].trim(), 'in', [eq[2].trim()]);
  if (token.startsWith('!')) return req(token.slice(1), 'doesnotexist', []);
  return req(token, 'exists', []);
}

// ---- atoms

export function portCutsOf(rows: readonly ExposureRowText[]): number[] {
  const cuts = new Set<number>();
  for (const r of rows) {
    if (typeof r.conn === 'string') continue;
    for (const t of r.conn) {
      if ('first' in t) {
        cuts.add(t.first);
        cuts.add(t.last + 1);
      }
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

function connAtoms(conn: ExposureRowText['conn'], cuts: readonly number[]): string[] {
  if (conn === 'ALL' || conn === 'NONE') return [conn];
  return conn.flatMap((t) => {
    if ('name' in t) return [`${t.protocol} name:${t.name}`];
    const out: string[] = [];
    let start = t.first;
    for (const c of cuts) {
      if (c <= start || c > t.last) continue;
      out.push(`${t.protocol} ${start}-${c - 1}`);
      start = c;
    }
    out.push(`${t.protocol} ${start}-${t.last}`);
    return out;
  });
}

/** Per (direction, workload, peer): the atom set, with the README's dropping rules applied; as flat strings. */
export function exposureAtoms(rows: readonly ExposureRowText[], cuts: readonly number[]): Set<string> {
  const byPeer = new Map<string, { direction: string; workload: string; peer: string; atoms: Set<string> }>();
  for (const r of rows) {
    if (isExternalPeer(r.peer)) continue;
    const peer = normalizePeer(r.peer);
    const key = `${r.direction} ${r.workload} ${peer}`;
    let e = byPeer.get(key);
    if (!e) byPeer.set(key, (e = { direction: r.direction, workload: r.workload, peer, atoms: new Set() }));
    for (const a of connAtoms(r.conn, cuts)) e.atoms.add(a);
  }
  for (const e of byPeer.values()) if (e.atoms.size > 1) e.atoms.delete('NONE');
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
  const out = new Set<string>();
  for (const e of byPeer.values()) {
    const entire = byPeer.get(`${e.direction} ${e.workload} |`);
    if (e.peer !== '|' && entire && same(entire.atoms, e.atoms)) continue;
    if (e.peer !== '|' && !entire && e.atoms.has('NONE')) continue;
    for (const a of e.atoms) out.add(`${e.direction} ${e.workload} <${e.peer}> ${a}`);
  }
  return out;
}
