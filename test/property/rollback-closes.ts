/**
 * What every rollback property checks (src/analysis/rollback-search.ts): applied with `git apply` to head, the
 * rollback leaves no opened path but label-combination openings (engine/combined-labels.ts, no rollback target),
 * and leaving out any one of its documents leaves something opened. Base and head are one file, `k8s/all.yaml`.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { revertedFiles } from '../../src/analysis/patch.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles } from '../helpers/git.js';

/** Opened paths the rollback must close: all but label-combination openings. */
export const counted = (r: ReturnType<typeof analyzeDiff>) => r.counts.opened - (r.counts.combinedLabels ?? 0);

/**
 * Checks the diff's rollback of base → head; `minimal`: when each document must be needed (`always`, or only
 * when the rollback says `proven`). Returns the diff's report.
 */
export async function expectRollbackCloses(baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], minimal: 'always' | 'proven'): Promise<ReturnType<typeof analyzeDiff>> {
  const report = analyzeDiff(baseFiles, headFiles);
  if (counted(report) === 0) {
    expect(report.rollback.documents).toEqual([]);
    return report;
  }
  expect(report.rollback.remainingOpened).toBe(0);
  const after = analyzeDiff(baseFiles, await patchedFiles(headFiles, report.rollback.patch));
  expect(counted(after)).toBe(0);
  if (minimal === 'proven' && report.rollback.minimality !== 'proven') return report;
  for (const left of report.rollback.documents) {
    const subset = report.rollback.documents.filter((d) => d !== left);
    const text = revertedFiles(headFiles, subset).get('k8s/all.yaml')?.after ?? headFiles[0].text;
    expect(counted(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text }]))).toBeGreaterThan(0);
  }
  return report;
}
