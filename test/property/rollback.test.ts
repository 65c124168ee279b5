/**
 * The rollback, applied as a patch with `git apply` to head, leaves no opened path but label-combination
 * openings (engine/combined-labels.ts), which are no rollback target.
 */
import fc from 'fast-check';
import { basePlusHead } from './arbitraries.js';
import { params, toYaml } from './harness.js';
import { expectRollbackCloses } from './rollback-closes.js';

describe('rollback', () => {
  it('closes every opened path once its patch is applied to head, and needs each of its documents', async () => {
    await fc.assert(
      fc.asyncProperty(basePlusHead, async ([base, head]) => {
        await expectRollbackCloses([{ path: 'k8s/all.yaml', text: toYaml(base) }], [{ path: 'k8s/all.yaml', text: toYaml(head) }], 'always');
      }),
      params(25),
    );
  });
});
