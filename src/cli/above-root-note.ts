/**
 * Two folders whose builds still name files above them after overlay-roots.ts had its say (they sit at different
 * paths below the folders holding those files, or above a repository's top): each folder is its own root, so the
 * overlay builds on neither side, and a change only in its base would read as a bare "No change in allowed
 * connectivity.", exit 0 (fresh-user trial 29): a pass that saw nothing. This note, on stderr like the
 * uncommitted-files note, names those builds and what to diff instead; the report and exit code are unchanged.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { isAboveRootFailure } from '../kustomize/render.js';
import type { TargetsReport } from '../targets/analyze-targets.js';
import type { Side } from './sources.js';

/** The side as given (`spec`) and as read (a folder side has `folder`; a revision has none). */
export interface NamedSide {
  readonly spec: string;
  readonly side: Pick<Side, 'folder'>;
}

/** One `note: …` line, or '' when no folder side has a build failing on a resource above it. */
export function aboveRootNote(report: TargetsReport, base: NamedSide, head: NamedSide): string {
  const failing = (named: NamedSide, warnings: readonly Diagnostic[]) => (named.side.folder === undefined ? [] : warnings.filter(isAboveRootFailure));
  const { warnings } = report.combined;
  const found = [...failing(head, warnings.head), ...failing(base, warnings.base)];
  if (found.length === 0) return '';
  const at = [...new Set(found.map((d) => `${d.ref.file}:${d.ref.line}`))];
  const folders = [...new Set([base, head].filter((n) => failing(n, n === head ? warnings.head : warnings.base).length > 0).map((n) => n.spec))];
  return (
    'note: each folder is read on its own; a build naming files above it is analysed on neither side, and the report says nothing of it ' +
    `(${at.join(', ')} in ${folders.join(' and ')}): diff the folders that hold the bases (the repository roots) and narrow with --path ` +
    "(e.g. reachdiff diff co1 co2 --path 'overlays/prod/**'), or diff two revisions\n"
  );
}
