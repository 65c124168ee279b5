/** `reachdiff list` output: the contract's JSON, `src => dst : conns` text lines, or a Markdown table. */
import type { ConnectionGroup, ConnectionRow, PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { PeerLabel } from './peer-label.js';
import { displayPeer } from './peer-label.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { foldCopyWarnings } from './copy-warnings.js';
import { peerJson } from './peer-json.js';
import type { Finding } from '../findings/types.js';
import { findingJson } from './findings.js';
import { warningJson } from './warnings.js';
import { pathText } from '../util/path-arrow.js';

/** Lines per chunk of streamed output. */
const CHUNK = 2000;

function* chunked(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= CHUNK) {
      yield batch.join('');
      batch = [];
    }
  }
  if (batch.length) yield batch.join('');
}

function* map<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}

const rowJson = (r: ConnectionRow) => ({ src: peerJson(r.src), dst: peerJson(r.dst), conn: r.conn.toJSON() });

export function listJsonObject(rows: readonly ConnectionRow[], diagnostics: readonly Diagnostic[], findings: readonly Finding[] = []): object {
  return { schemaVersion: 1, connections: rows.map(rowJson), warnings: diagnostics.map(warningJson), findings: findings.map(findingJson) };
}

export function listJson(rows: readonly ConnectionRow[], diagnostics: readonly Diagnostic[], findings: readonly Finding[] = []): string {
  return [...listJsonChunks(rows, diagnostics, findings)].join('');
}

/**
 * The contract's JSON, written exactly as `JSON.stringify(…, null, 2)` would, with the rows (or groups)
 * streamed: `extra` fields follow `findings`.
 */
export function* listJsonChunks(rows: Iterable<ConnectionRow>, diagnostics: readonly Diagnostic[], findings: readonly Finding[] = [], extra: object = {}): Generator<string> {
  yield* streamedArray('connections', map(rows, rowJson), { schemaVersion: 1, connections: null, warnings: diagnostics.map(warningJson), findings: findings.map(findingJson), ...extra });
}

export function* groupsJsonChunks(groups: readonly ConnectionGroup[], diagnostics: readonly Diagnostic[], findings: readonly Finding[] = [], extra: object = {}): Generator<string> {
  const items = map(groups, (g) => ({ src: g.src.map(peerJson), dst: g.dst.map(peerJson), conn: g.conn.toJSON() }));
  yield* streamedArray('groups', items, { schemaVersion: 1, groups: null, warnings: diagnostics.map(warningJson), findings: findings.map(findingJson), ...extra });
}

/**
 * Several targets' listings in one document, `{schemaVersion: 1, targets: [{name, …}]}`: each entry is
 * that target's own JSON (as `listJsonChunks` or `groupsJsonChunks` write it for one target) without
 * `schemaVersion`, after its `name`; written exactly as `JSON.stringify(…, null, 2)` would, each target's
 * rows streamed as they come.
 */
export function* targetListsJsonChunks(targets: Iterable<{ readonly name: string; readonly chunks: () => Iterable<string> }>): Generator<string> {
  const opening = '{\n  "schemaVersion": 1,';
  const closing = '\n}\n';
  const indent = (text: string) => text.replace(/\n/g, '\n    ');
  yield `${opening}\n  "targets": [`;
  let first = true;
  for (const t of targets) {
    yield `${first ? '' : ','}\n    {\n      "name": ${JSON.stringify(t.name)},`;
    first = false;
    // One chunk behind, so that the last one's closing brace can be cut; the first one's opening is.
    let held: string | undefined;
    for (const chunk of t.chunks()) {
      if (held !== undefined) yield indent(held);
      held = held === undefined ? chunk.slice(opening.length) : chunk;
    }
    yield indent((held ?? '').slice(0, -closing.length)) + '\n    }';
  }
  yield `${first ? ']' : '\n  ]'}${closing}`;
}

/** `whole` pretty-printed, with its `key` (null in `whole`) filled by `items` one at a time. */
function* streamedArray(key: string, items: Iterable<object>, whole: object): Generator<string> {
  const text = JSON.stringify(whole, null, 2) + '\n';
  const marker = `"${key}": null`;
  const at = text.indexOf(marker);
  yield text.slice(0, at) + `"${key}": [`;
  let first = true;
  yield* chunked(
    map(items, (item) => {
      const line = `${first ? '' : ','}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`;
      first = false;
      return line;
    }),
  );
  yield (first ? ']' : '\n  ]') + text.slice(at + marker.length);
}

/** Text and Markdown name peers with `label` (default: ids, addresses as CIDRs); JSON keeps the contract's ids. */
export function listText(rows: readonly ConnectionRow[], label: PeerLabel = displayPeer): string {
  return [...listTextChunks(rows, label)].join('');
}

export function listTextChunks(rows: Iterable<ConnectionRow>, label: PeerLabel = displayPeer): Generator<string> {
  return chunked(map(rows, (r) => `${pathText(label(r.src), label(r.dst))} : ${r.conn.toText()}\n`));
}

export function listMarkdown(rows: readonly ConnectionRow[], diagnostics: readonly Diagnostic[], label: PeerLabel = displayPeer): string {
  return [...listMarkdownChunks(rows, diagnostics, label)].join('');
}

export function* listMarkdownChunks(rows: Iterable<ConnectionRow>, diagnostics: readonly Diagnostic[], label: PeerLabel = displayPeer): Generator<string> {
  yield '| source | destination | allowed |\n|---|---|---|\n';
  yield* chunked(map(rows, (r) => `| ${cell(label(r.src))} | ${cell(label(r.dst))} | ${cell(r.conn.toText())} |\n`));
  yield warningsMarkdown(diagnostics);
}

/** The `**Warnings**` section every Markdown output of the CLI ends with (list, lint; diff's comment has its own), copies told once (copy-warnings.ts), or nothing. */
export function warningsMarkdown(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.length ? ['', '**Warnings**', '', ...foldCopyWarnings(diagnostics).map((d) => `- ${cell(formatDiagnostic(d))}`)].join('\n') + '\n' : '';
}

/** One side of a group: its peers when few, else how many (the JSON lists them all). */
function side(peers: readonly PeerRef[], label: PeerLabel): string {
  if (peers.length <= 3) return peers.map(label).join(', ');
  const workloads = peers.every((p) => p.type === 'workload');
  return `${peers.length.toLocaleString('en-US')} ${workloads ? 'workloads' : 'peers'}`;
}

/**
 * A group's sides as the text and Markdown write them. A group pairs distinct peers only (the contract's
 * `groups`), so with one source its destinations that are that source add no pair, and likewise a source
 * that is the one destination: left out of the row, which read as a self pair (`prometheus → postgres,
 * prometheus`; new-user 39 #15). The JSON keeps the group as computed.
 */
export function shownSides(g: ConnectionGroup): { readonly src: readonly PeerRef[]; readonly dst: readonly PeerRef[] } {
  const only = (peers: readonly PeerRef[], other: readonly PeerRef[]) => (other.length === 1 && peers.length > 1 ? peers.filter((p) => peerId(p) !== peerId(other[0])) : peers);
  return { src: only(g.src, g.dst), dst: only(g.dst, g.src) };
}

/**
 * A group's ports, and, where a peer is on both sides, that the row holds no pair of it with itself: a group
 * pairs distinct peers, as the list without --self does (new-user trial 45, finding 10: `api, prometheus →
 * prometheus, frontend` read as prometheus → prometheus, which `list` leaves out).
 */
export function groupConnText(g: { readonly src: readonly PeerRef[]; readonly dst: readonly PeerRef[]; readonly conn: ConnectionGroup['conn'] }, label: PeerLabel): string {
  const dst = new Set(g.dst.map(peerId));
  const both = g.src.filter((p) => dst.has(peerId(p)));
  return both.length === 0 ? g.conn.toText() : `${g.conn.toText()} (${both.length === 1 ? `not ${label(both[0])} to itself` : 'no peer to itself'})`;
}

/** `1,500 workloads => 1,500 workloads : All Connections`, as `list` writes a row (`src => dst : conns`). */
export function groupsText(groups: readonly ConnectionGroup[], label: PeerLabel = displayPeer): string {
  return groups.map((g) => ({ ...shownSides(g), conn: g.conn })).map((g) => `${pathText(side(g.src, label), side(g.dst, label))} : ${groupConnText(g, label)}\n`).join('');
}

export function groupsMarkdown(groups: readonly ConnectionGroup[], diagnostics: readonly Diagnostic[], label: PeerLabel = displayPeer): string {
  const rows = groups.map((g) => ({ ...shownSides(g), conn: g.conn })).map((g) => `| ${cell(side(g.src, label))} | ${cell(side(g.dst, label))} | ${cell(groupConnText(g, label))} |\n`);
  return ['| sources | destinations | allowed |\n|---|---|---|\n', ...rows, warningsMarkdown(diagnostics)].join('');
}

export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
