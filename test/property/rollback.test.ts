/**
 * The rollback, applied as a patch with `git apply` to head, leaves no opened path but label-combination
 * openings (engine/combined-labels.ts), which are no rollback target.
 */
import fc from 'fast-check';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { revertedFiles } from '../../src/analysis/patch.js';
import { patchedFiles } from '../helpers/git.js';
import { basePlusHead } from './arbitraries.js';
import { params, toYaml } from './harness.js';

/** Opened paths the rollback must close: all but label-combination openings. */
const counted = (r: ReturnType<typeof analyzeDiff>) => r.counts.opened - (r.counts.combinedLabels ?? 0);

describe('rollback', () => {
  it('closes every opened path once its patch is applied to head', async () => {
    await fc.assert(
      fc.asyncProperty(basePlusHead, async ([base, head]) => {
        const baseFiles = [{ path: 'k8s/all.yaml', text: toYaml(base) }];
        const headFiles = [{ path: 'k8s/all.yaml', text: toYaml(head) }];
        const report = analyzeDiff(baseFiles, headFiles);
        if (counted(report) === 0) {
          expect(report.rollback.documents).toEqual([]);
          return;
        }
        expect(report.rollback.remainingOpened).toBe(0);
        const after = analyzeDiff(baseFiles, await patchedFiles(headFiles, report.rollback.patch));
        expect(counted(after)).toBe(0);
        // Minimal: leaving out any one reverted document leaves something opened.
        for (const left of report.rollback.documents) {
          const subset = report.rollback.documents.filter((d) => d !== left);
          const files = revertedFiles(headFiles, subset);
          const text = files.get('k8s/all.yaml')?.after ?? headFiles[0].text;
          expect(counted(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text }]))).toBeGreaterThan(0);
        }
      }),
      params(25),
    );
  });
});
