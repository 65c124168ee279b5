/**
 * Warnings as a reviewer needs them: those about files the pull request adds or changes in full, the
 * rest (pre-existing, in unchanged files) as one count line. Without a set of changed files every
 * warning is listed (the check run's text, `--format json`, `list`).
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';

export interface SidedWarnings {
  readonly base: readonly Diagnostic[];
  readonly head: readonly Diagnostic[];
}

export interface WarningLines {
  /** `file:line: severity: message [CODE]`, base-side ones prefixed `base: `. */
  readonly listed: readonly string[];
  /** Warnings left out because they concern files the change did not touch. */
  readonly preExisting: number;
}

export function warningLines(warnings: SidedWarnings, changedFiles?: ReadonlySet<string>): WarningLines {
  const keep = (d: Diagnostic) => !changedFiles || changedFiles.has(d.ref.file);
  const head = warnings.head.filter(keep);
  const base = warnings.base.filter(keep);
  const listed = [...head.map(formatDiagnostic), ...base.map((d) => `base: ${formatDiagnostic(d)}`)];
  // A pre-existing warning is in both sides' lists; count it once (the head's).
  const preExisting = warnings.head.length - head.length;
  return { listed, preExisting };
}

export function preExistingLine(n: number, where: string): string {
  return `${n} pre-existing warning${n === 1 ? '' : 's'} in unchanged files (${where}).`;
}
