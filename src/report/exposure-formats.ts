/** `reachdiff list --exposure`: the exposure beside the connections, as JSON (contract), text (the peer tool's layout) or Markdown. */
import type { Exposure, ExposureRow } from '../engine/index.js';
import { cell } from './list-formats.js';
import { abstractPeerJson, peerJson } from './peer-json.js';

/** The contract's `exposure` and `unprotected` fields, to merge into the `list` JSON object. */
export function exposureJson(e: Exposure): object {
  const row = (r: ExposureRow, direction: 'ingress' | 'egress') => {
    const w = peerJson({ type: 'workload', workload: r.workload });
    const p = abstractPeerJson(r.peer);
    return { src: direction === 'ingress' ? p : w, dst: direction === 'ingress' ? w : p, conn: r.conn ? r.conn.toJSON() : null };
  };
  return {
    exposure: { ingress: e.ingress.map((r) => row(r, 'ingress')), egress: e.egress.map((r) => row(r, 'egress')) },
    unprotected: e.unprotected.map((u) => ({ workload: u.workload.id, direction: u.direction })),
  };
}

const connText = (r: ExposureRow) => (r.conn ? r.conn.toText() : 'No Connections');
const capitalised = (d: string) => d[0].toUpperCase() + d.slice(1);

/** Whether the exposure has no row at all (nothing exposed, nothing unprotected). */
export function exposureIsEmpty(e: Exposure): boolean {
  return e.ingress.length === 0 && e.egress.length === 0 && e.unprotected.length === 0;
}

/** Instead of an empty section: one line saying there is nothing to show, and `why`. */
export function exposureNothingText(why: string): string {
  return `Exposure Analysis Result: nothing to show (${why})\n`;
}

export function exposureNothingMarkdown(why: string): string {
  return `**Exposure** (pods the manifests do not hold): nothing to show (${why})\n`;
}

/** The peer tool's text: `Exposure Analysis Result:`, then Egress, Ingress and unprotected sections. */
export function exposureText(e: Exposure): string {
  const width = Math.max(0, ...[...e.ingress, ...e.egress].map((r) => r.workload.id.length));
  const section = (title: string, rows: readonly ExposureRow[], arrow: string) =>
    rows.length === 0 ? [] : [title, ...rows.map((r) => `${r.workload.id.padEnd(width)} \t${arrow} \t${r.peer.id} : ${connText(r)}`).sort()];
  const parts = [
    section('Egress Exposure:', e.egress, '=>'),
    section('Ingress Exposure:', e.ingress, '<='),
    e.unprotected.length === 0 ? [] : ['Workloads not protected by network policies:', ...e.unprotected.map((u) => `${u.workload.id} is not protected on ${capitalised(u.direction)}`).sort()],
  ].filter((p) => p.length > 0);
  return ['Exposure Analysis Result:', ...parts.map((p) => p.join('\n'))].join('\n').replace(/\n(Egress|Ingress|Workloads)/g, '\n\n$1').replace('Result:\n\n', 'Result:\n') + '\n';
}

export function exposureMarkdown(e: Exposure): string {
  const lines = ['**Exposure** (pods the manifests do not hold)', '', '| workload | direction | abstract peer | allowed |', '|---|---|---|---|'];
  for (const [direction, rows] of [['ingress', e.ingress], ['egress', e.egress]] as const) {
    for (const r of rows) lines.push(`| ${cell(r.workload.id)} | ${direction} | ${cell(r.peer.id)} | ${cell(connText(r))} |`);
  }
  if (e.unprotected.length) lines.push('', '**Not protected by any policy**', '', ...e.unprotected.map((u) => `- ${cell(u.workload.id)} on ${u.direction}`));
  return lines.join('\n') + '\n';
}
