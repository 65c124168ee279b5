/**
 * Which findings fail a run (the CLI's exit code 1, the check run's `failure`): those at or above a
 * severity level. In a diff only new findings count (old debt does not block a pull request).
 */
import type { Finding, FindingSeverity } from './types.js';
import { FINDING_SEVERITIES, atLeast } from './types.js';

export type FailLevel = FindingSeverity | 'never';
export const FAIL_LEVELS: readonly FailLevel[] = [...FINDING_SEVERITIES, 'never'];

/** The findings that fail at `level`; a finding marked `new: false` never does. */
export function failingFindings<F extends Finding & { readonly new?: boolean }>(findings: readonly F[], level: FailLevel): F[] {
  if (level === 'never') return [];
  return findings.filter((f) => f.new !== false && atLeast(f.severity, level));
}
