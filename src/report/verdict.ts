import type { DiffReport } from '../analysis/types.js';

/** The one-line summary every format starts with. */
export function verdict(report: DiffReport): string {
  const { opened, closed } = report.counts;
  const parts: string[] = [];
  if (opened) parts.push(`${opened} path${opened === 1 ? '' : 's'} opened`);
  if (closed) parts.push(`${closed} path${closed === 1 ? '' : 's'} closed`);
  const paths = parts.length ? parts.join(', ') : 'No change in allowed connectivity';
  return `${paths}${findingsCount(report.findings)}.`;
}

/** `; 2 new findings (1 error)` for the findings the report shows, or nothing. */
function findingsCount(findings: DiffReport['findings']): string {
  if (findings.length === 0) return '';
  const fresh = findings.filter((f) => f.new).length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const what = fresh === findings.length ? `${fresh} new finding${fresh === 1 ? '' : 's'}` : `${findings.length} finding${findings.length === 1 ? '' : 's'} (${fresh} new)`;
  return `; ${what}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`;
}

/** Which changes fail a run: the CLI's exit code 1 and the check run's `failure` both follow it. */
export type FailOn = 'opened' | 'closed' | 'any' | 'never';
export const FAIL_ON: readonly FailOn[] = ['opened', 'closed', 'any', 'never'];

export function fails(counts: DiffReport['counts'], failOn: FailOn): boolean {
  const opened = failOn === 'opened' || failOn === 'any' ? counts.opened : 0;
  const closed = failOn === 'closed' || failOn === 'any' ? counts.closed : 0;
  return opened + closed > 0;
}
