/**
 * A build that fails on head (KUSTOMIZE_BUILD_FAILED) yields no objects: what head deploys through it is
 * not analysed. When the pull request changes none of the files that build reads, that is an old,
 * untouched failure (a pre-existing error, one count line). When it changes some, the pull request's
 * change to that target was not analysed, and the report must not read as "no change": the failure is
 * taken out of the pre-existing count and reported as `notAnalysed`, which fails the run unless
 * `--fail-on`/`failOn` is `never` (report/verdict.ts), whether or not base failed the same way.
 */
import type { DiffReport, NotAnalysed } from '../analysis/types.js';
import { topLevelKustomizations } from '../kustomize/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { kustomizationClosure } from './kustomizations.js';
import type { SideIndex } from './target-files.js';

/**
 * The head build failures of one cluster model (`target`, its head files `headFiles`) whose build reads
 * a changed file. A build's files are its kustomization closure on head and on base (a file the pull
 * request deletes is read on base); without a kustomization holding the failing file, every file of the model.
 */
export function unanalysedBuilds(target: string, head: readonly Diagnostic[], headFiles: readonly ManifestFile[], sides: readonly SideIndex[], changed: ReadonlySet<string>): NotAnalysed[] {
  const failures = head.filter((d) => d.severity === 'error' && d.code === 'KUSTOMIZE_BUILD_FAILED');
  if (failures.length === 0) return [];
  const tops = topLevelKustomizations(new Map(headFiles.map((f) => [f.path, f.text])));
  const reads = tops.map((dir) => new Set(sides.flatMap((s) => {
    const k = s.kustomizations.get(dir);
    return k ? kustomizationClosure(k, s.kustomizations, s.files).consumed : [];
  })));
  const out: NotAnalysed[] = [];
  for (const error of failures) {
    const builds = reads.filter((r) => r.has(error.ref.file));
    const read = builds.length ? new Set(builds.flatMap((r) => [...r])) : new Set(headFiles.map((f) => f.path));
    const changedFiles = [...read].filter((f) => changed.has(f)).sort();
    if (changedFiles.length) out.push({ target, side: 'head', error, changedFiles });
  }
  return out;
}

/** `report` with `notAnalysed` (and its count) set, those failures no longer counted as pre-existing errors. */
export function withNotAnalysed(report: DiffReport, items: readonly NotAnalysed[]): DiffReport {
  if (items.length === 0) return report;
  const told = new Set(items.map((i) => i.error));
  const untouched = report.errors.untouched.filter((d) => !told.has(d));
  return { ...report, notAnalysed: items, counts: { ...report.counts, notAnalysed: items.length }, errors: { ...report.errors, untouched, preExisting: untouched.length } };
}
