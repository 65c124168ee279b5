/**
 * A warm process's next push equals a cold analysis of it, on random base / head / next-head triples:
 * the App keeps the base side, each side's targets, parsed files, region names and the last report
 * between events of a pull request (analysis/base-side.ts, report-reuse.ts, targets/side-reuse.ts), and
 * whatever it reuses must give the very JSON a fresh process gives. Heads are edited from base, and the
 * next head from head (objects of every kind edited, added and removed), so reuse meets changes on both
 * steps; one case in four pushes head again unchanged (the kept report), or goes back to base's files.
 */
import fc from 'fast-check';
import type { ManifestFile } from '../../src/manifests/load.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { clearWarmState as clearAll } from '../../src/targets/warm-state.js';
import type { Scenario } from './arbitraries.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

type Next = 'same' | 'base';

const triple: fc.Arbitrary<[Scenario, Scenario, Scenario | Next]> = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) =>
  editedScenario(base).chain((head) =>
    fc
      .oneof({ arbitrary: editedScenario(head, 'n'), weight: 6 }, { arbitrary: fc.constantFrom<Next>('same', 'base'), weight: 2 })
      .map((next) => [base, head, next] as [Scenario, Scenario, Scenario | Next]),
  ),
);

/** Fresh objects with the same content, as the App's next event reads them again. */
const reread = (files: readonly ManifestFile[]) => files.map((f) => ({ path: f.path, text: f.text }));

describe('warm next push', () => {
  afterAll(clearAll);

  it('reports exactly what a cold process reports', async () => {
    await fc.assert(
      fc.asyncProperty(triple, async ([base, head, next]) => {
        const baseFiles = objectFiles(base);
        const headFiles = objectFiles(head);
        const nextFiles = next === 'same' ? reread(headFiles) : next === 'base' ? reread(baseFiles) : objectFiles(next);
        clearAll();
        const cold = targetsJson(await analyzeTargets(baseFiles, nextFiles, { baseKey: 'tree' }));
        clearAll();
        await analyzeTargets(baseFiles, headFiles, { baseKey: 'tree' });
        const warm = targetsJson(await analyzeTargets(reread(baseFiles), reread(nextFiles), { baseKey: 'tree' }));
        expect(warm).toBe(cold);
      }),
      params(60),
    );
  }, 600_000);
});
