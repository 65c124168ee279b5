/** `reachdiff list` output: the contract's JSON, `src => dst : conns` text lines, or a Markdown table. */
import type { ConnectionRow } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { peerJson } from './peer-json.js';
import type { Finding } from '../findings/types.js';
import { findingJson } from './findings.js';
import { warningJson } from './warnings.js';

export function listJsonObject(rows: readonly ConnectionRow[], diagnostics: readonly Diagnostic[], findings: readonly Finding[] = []): object {
  return {
    schemaVersion: 1,
    connections: rows.map((r) => ({ src: peerJson(r.src), dst: peerJson(r.dst), conn: r.conn.toJSON() })),
    warnings: diagnostics.map(warningJson),
    findings: findings.map(findingJson),
  };
}

export function listJson(rows: readonly ConnectionRow[], diagnostics: readonly Diagnostic[], findings: readonly Finding[] = []): string {
  return JSON.stringify(listJsonObject(rows, diagnostics, findings), null, 2) + '\n';
}

export function listText(rows: readonly ConnectionRow[]): string {
  return rows.map((r) => `${peerId(r.src)} => ${peerId(r.dst)} : ${r.conn.toText()}\n`).join('');
}

export function listMarkdown(rows: readonly ConnectionRow[], diagnostics: readonly Diagnostic[]): string {
  const lines = ['| source | destination | allowed |', '|---|---|---|'];
  for (const r of rows) lines.push(`| ${cell(peerId(r.src))} | ${cell(peerId(r.dst))} | ${cell(r.conn.toText())} |`);
  if (diagnostics.length > 0) {
    lines.push('', '**Warnings**', '');
    for (const d of diagnostics) lines.push(`- ${cell(formatDiagnostic(d))}`);
  }
  return lines.join('\n') + '\n';
}

export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
