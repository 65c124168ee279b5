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

/** Which changes fail a run: the CLI's exit code 1 and the check run's `failure` both follow it. */
export type FailOn = 'opened' | 'closed' | 'any' | 'never';
export const FAIL_ON: readonly FailOn[] = ['opened', 'closed', 'any', 'never'];

export function fails(counts: DiffReport['counts'], failOn: FailOn): boolean {
  const opened = failOn === 'opened' || failOn === 'any' ? counts.opened : 0;
  const closed = failOn === 'closed' || failOn === 'any' ? counts.closed : 0;
  return opened + closed > 0;
}
