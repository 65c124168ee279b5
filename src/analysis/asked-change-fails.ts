/**
 * `diff --explain`'s exit code: `diff`'s (report/verdict.ts `fails`) over the asked traffic only. The
 * change opens the asked traffic when head allows some of it that base does not (`sideChange`), or when
 * it opens a port name the default question (numbers) does not hold (`namedPorts`); closes likewise.
 * `errors` concerns objects, not a pair: it never fails here.
 */
import type { FailOn } from '../report/verdict.js';
import { fails } from '../report/verdict.js';
import type { ExplainDiffReport } from './explain-run.js';
import { sideChange } from './explain-run.js';

/** Whether the change does to the asked traffic what `failOn` names. */
export function askedChangeFails(report: ExplainDiffReport, failOn: FailOn): boolean {
  const change = sideChange(report);
  const named = report.namedPorts ?? [];
  const opened = (change.opened.isEmpty() ? 0 : 1) + named.filter((n) => n.opened).length;
  const closed = (change.closed.isEmpty() ? 0 : 1) + named.filter((n) => n.closed).length;
  return fails({ opened, closed }, failOn);
}
