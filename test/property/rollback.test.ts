/** The rollback, applied as a patch with `git apply` to head, leaves no opened path. */
import fc from 'fast-check';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { revertedFiles } from '../../src/analysis/patch.js';
import { patchedFiles } from '../helpers/git.js';
import { basePlusHead } from './arbitraries.js';
import { params, toYaml } from './harness.js';

describe('rollback', () => {
  it('closes every opened path once its patch is applied to head', async () => {
    await fc.assert(
      fc.asyncProperty(basePlusHead, async ([base, head]) => {
        const baseFiles = [{ path: 'k8s/all.yaml', text: toYaml(base) }];
        const headFiles = [{ path: 'k8s/all.yaml', text: toYaml(head) }];
        const report = analyzeDiff(baseFiles, headFiles);
        if (report.counts.opened === 0) {
          expect(report.rollback.documents).toEqual([]);
          return;
        }
        expect(report.rollback.remainingOpened).toBe(0);
        const after = analyzeDiff(baseFiles, await patchedFiles(headFiles, report.rollback.patch));
        expect(after.counts.opened).toBe(0);
        // Minimal: leaving out any one reverted document leaves something opened.
        for (const left of report.rollback.documents) {
          const subset = report.rollback.documents.filter((d) => d !== left);
          const files = revertedFiles(headFiles, subset);
          const text = files.get('k8s/all.yaml')?.after ?? headFiles[0].text;
          expect(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text }]).counts.opened).toBeGreaterThan(0);
        }
      }),
      params(25),
    );
  });
});
