/**
 * A warm process's next push whose options are not the last push's equals a cold analysis of it: the App
 * hands each push options that change with the change (the objects it removes elsewhere, the rollback's
 * scope), and a user may change the region pair bound, the box bound or abstract peers between runs over a
 * kept base side. The next push reuses the last push's diff and explanations under the options they read
 * (report-reuse.ts `pushStepKey`), not under the whole options (which would reuse nothing on the App's next
 * push); a key that left out an option they read would reuse a diff cut at another bound, or regions cut
 * otherwise. Random base / head / next-head triples (analysis/diff-report.ts `analyzeDiff`, the JSON compared).
 */
import fc from 'fast-check';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffOptions } from '../../src/analysis/diff-report.js';
import { diffJson } from '../../src/report/diff-json.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import type { Scenario } from './arbitraries.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

const triple: fc.Arbitrary<[Scenario, Scenario, Scenario]> = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) =>
  editedScenario(base).chain((head) => editedScenario(head, 'n').map((next) => [base, head, next] as [Scenario, Scenario, Scenario])),
);

/** One push's options: the App's key, and what may differ from push to push. */
const pushOptions: fc.Arbitrary<DiffOptions> = fc.record(
  {
    maxRegionPairs: fc.integer({ min: 1, max: 12 }),
    maxBoxes: fc.constantFrom(2, 8, 64),
    abstractPeers: fc.boolean(),
    changedObjects: fc.record({
      removed: fc.array(fc.record({ kind: fc.constantFrom('Service', 'HelmRelease'), name: fc.constantFrom('a', 'b', 'web'), namespace: fc.constantFrom('ns1', 'ns2') }), { maxLength: 2 }),
      held: fc.constant([]),
    }),
  },
  { requiredKeys: [] },
).map((o) => ({ ...o, baseKey: 'tree', rollbackMaxMillis: 3_600_000 }));

describe('warm next push with other options', () => {
  afterAll(clearWarmState);

  it('reports exactly what a cold process reports', () => {
    fc.assert(
      fc.property(triple, pushOptions, pushOptions, fc.boolean(), ([base, head, next], first, second, same) => {
        // Half the cases keep what the diff reads and change only the rest (the App's next push).
        const nextOptions: DiffOptions = same ? { ...first, changedObjects: second.changedObjects } : second;
        clearWarmState();
        const cold = diffJson(analyzeDiff(objectFiles(base), objectFiles(next), nextOptions));
        clearWarmState();
        analyzeDiff(objectFiles(base), objectFiles(head), first);
        expect(diffJson(analyzeDiff(objectFiles(base), objectFiles(next), nextOptions))).toBe(cold);
      }),
      params(80),
    );
  }, 600_000);
});
