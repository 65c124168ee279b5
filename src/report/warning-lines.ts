/**
 * Warnings as a reviewer needs them: those the pull request brings (head has them, base did not:
 * warning-match.ts), wherever they are written; then those about files it adds or changes, each once
 * (a warning on both sides is head's line; one head no longer has is base's, prefixed `base: `); the
 * rest (pre-existing, in unchanged files) as one count line. Without a set of changed files every
 * warning is listed (the check run's text), a warning on both sides still once. The copies of one object
 * warned about at one line are one line (copy-warnings.ts).
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { plural } from '../util/plural.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { foldCopyWarnings } from './copy-warnings.js';
import type { SidedWarnings } from './warning-match.js';
import { matchWarnings } from './warning-match.js';

export type { SidedWarnings } from './warning-match.js';

export interface WarningLines {
  /** Head warnings base did not have, as `file:line: severity: message [CODE]`. */
  readonly fresh: readonly string[];
  /** The others in changed files (all others without changed files): head's, then base's that head no longer has, prefixed `base: `. */
  readonly listed: readonly string[];
  /** Head warnings left out: base had them, in files the change did not touch. */
  readonly preExisting: number;
}

export function warningLines(warnings: SidedWarnings, changedFiles?: ReadonlySet<string>): WarningLines {
  const { fresh, gone } = matchWarnings(warnings);
  const keep = (d: Diagnostic) => !changedFiles || changedFiles.has(d.ref.file);
  const old = warnings.head.filter((d) => !fresh.has(d));
  const head = old.filter(keep);
  const base = warnings.base.filter((d) => gone.has(d) && keep(d));
  // The copies of one object warned about at one line: said once (copy-warnings.ts).
  return {
    fresh: foldCopyWarnings(warnings.head.filter((d) => fresh.has(d))).map(formatDiagnostic),
    listed: [...foldCopyWarnings(head).map(formatDiagnostic), ...foldCopyWarnings(base).map((d) => `base: ${formatDiagnostic(d)}`)],
    preExisting: old.length - head.length,
  };
}

/** The title of the head warnings base did not have. */
export const NEW_WARNINGS = 'New warnings';

/** The title of the other listed warnings: `Warnings in changed files`, `Other warnings …` below new ones. */
export function otherWarnings(afterNew: boolean, changedFiles?: ReadonlySet<string>): string {
  const title = changedFiles ? 'warnings in changed files' : 'warnings';
  return afterNew ? `Other ${title}` : `W${title.slice(1)}`;
}

export function preExistingLine(n: number, where: string): string {
  return `${plural(n, 'pre-existing warning')} in unchanged files (${where}).`;
}
