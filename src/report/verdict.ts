import type { DiffReport } from '../analysis/types.js';

/** The one-line summary every format starts with. */
export function verdict(report: DiffReport): string {
  const { opened, closed } = report.counts;
  if (opened === 0 && closed === 0) return 'No change in allowed connectivity.';
  const parts: string[] = [];
  if (opened) parts.push(`${opened} path${opened === 1 ? '' : 's'} opened`);
  if (closed) parts.push(`${closed} path${closed === 1 ? '' : 's'} closed`);
  return `${parts.join(', ')}.`;
}
