/**
 * A next push on a warm process after a diff that stopped at the region-pair bound (engine/region-pair-budget.ts):
 * the last diff lacks the pairs past the bound, so its pairs are not reused, and the report says it is
 * incomplete exactly as a cold analysis of the same head does (a warm push once reused the cut diff's
 * pairs and dropped `regionPairsCut`, so the App's next comment no longer said "incomplete").
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import { EXAMPLES, readFolder } from '../github/support/git-fixture.js';

const files = (m: ReadonlyMap<string, string>): ManifestFile[] => [...m].map(([path, text]) => ({ path, text }));

describe('next push after a diff cut at the region-pair bound', () => {
  afterAll(clearWarmState);

  it.each([1, 3, 10])('equals a cold analysis and stays incomplete (bound %i)', (maxRegionPairs) => {
    const base = files(readFolder(`${EXAMPLES}base`));
    const head = files(readFolder(`${EXAMPLES}head`));
    // The next push changes one port in namespace data only: the rest of the last diff would be reusable.
    const next = head.map((f) => (f.path === 'policies/data.yaml' ? { ...f, text: f.text.replace('6380', '6379') } : f));
    const options = { baseKey: 'tree', maxRegionPairs, rollbackMaxEvaluations: 4 };
    clearWarmState();
    const cold = analyzeDiff(base, next, options);
    clearWarmState();
    const first = analyzeDiff(base, head, options);
    expect(first.abstractPeers?.regionPairsCut).toBe(maxRegionPairs);
    const warm = analyzeDiff(base, next, options);
    expect(cold.abstractPeers).toMatchObject({ incomplete: true, regionPairsCut: maxRegionPairs });
    expect(diffJsonObject(warm)).toEqual(diffJsonObject(cold));
  });
});
