/** `reachdiff diff` default output: what opened, what closed, why, and the rollback, for a terminal. */
import type { DiffReport, ExplainedPair } from '../analysis/types.js';
import { peerId } from '../engine/index.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { findingText } from './findings.js';
import { reasonText } from './reason-text.js';
import { verdict } from './verdict.js';
import { headline } from './headline.js';
import { peerLabels } from './peer-label.js';

export function diffText(report: DiffReport): string {
  const out: string[] = [verdict(report), ''];
  const words = headline(report.highlights ?? [], peerLabels(report.workloads ?? []));
  if (words) out.push(words, '');
  const section = (title: string, pairs: ExplainedPair[], which: 'opened' | 'closed') => {
    if (pairs.length === 0) return;
    out.push(`${title} (${pairs.length}):`);
    for (const p of pairs) {
      out.push(`  ${peerId(p.src)} => ${peerId(p.dst)} : ${p[which]!.toText()}${changeNote(p)}`);
      for (const r of which === 'opened' ? p.whyOpened : p.whyClosed) out.push(`      why: ${reasonText(r)}`);
    }
    out.push('');
  };
  if (report.findings.length) {
    out.push(`Findings (${report.findings.length}):`);
    for (const f of report.findings) out.push(`  ${f.new ? '' : '(old) '}${findingText(f).replace(/\n/g, '\n  ')}`);
    out.push('');
  }
  section('Opened', report.pairs.filter((p) => p.opened), 'opened');
  section('Closed', report.pairs.filter((p) => p.closed), 'closed');
  if (report.added.length) out.push(`Workloads added: ${report.added.map((w) => w.id).join(', ')}`, '');
  if (report.removed.length) out.push(`Workloads removed: ${report.removed.map((w) => w.id).join(', ')}`, '');
  const rb = report.rollback;
  if (rb.documents.length) {
    out.push(`Rollback (${rb.minimality === 'proven' ? 'proven minimal' : 'greedy'}): revert ${rb.documents.length} document(s) to close every opened path:`);
    for (const d of rb.documents) out.push(`  ${d.change === 'added' ? 'delete' : 'restore'} ${d.key} (${(d.head ?? d.base)!.file}:${(d.head ?? d.base)!.startLine})`);
    for (const n of rb.notes) out.push(`  note: ${n}`);
    out.push('', rb.patch);
  }
  const warnings = [...report.warnings.head.map(formatDiagnostic), ...report.warnings.base.map((d) => `base: ${formatDiagnostic(d)}`)];
  if (warnings.length) out.push('Warnings:', ...warnings.map((w) => `  ${w}`), '');
  return out.join('\n').replace(/\n+$/, '\n');
}

function changeNote(p: ExplainedPair): string {
  const notes = (['src', 'dst'] as const).filter((e) => p.peerChanges[e]).map((e) => `${e} ${p.peerChanges[e]}`);
  return notes.length ? `  [${notes.join(', ')}]` : '';
}
