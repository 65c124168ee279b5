/**
 * A kept base side's findings over one region set serve a next push over another (analysis/base-side.ts
 * `findingsOf`, without cluster-wide policies): for random base clusters and two random heads edited from
 * it, the base findings over the regions of base → head 1 equal those computed anew over the regions of
 * base → head 2, and so the warm next push's findings equal a cold run's.
 */
import fc from 'fast-check';
import { baseSide, clearBaseSides } from '../../src/analysis/base-side.js';
import { buildRegions, regionFocus } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { Scenario } from './arbitraries.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

const triple: fc.Arbitrary<[Scenario, Scenario, Scenario]> = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) =>
  fc.tuple(editedScenario(base), editedScenario(base, 'n')).map(([h1, h2]) => [base, h1, h2] as [Scenario, Scenario, Scenario]),
);

describe('base findings over regions', () => {
  it('are the same over the regions of any two pushes (the kept ones equal those computed anew)', () => {
    fc.assert(
      fc.property(triple, ([base, h1, h2]) => {
        clearBaseSides();
        const side = baseSide(objectFiles(base), 'tree');
        const regionsOf = (head: Scenario) => {
          const loads: FileLoads = new Map(side.files);
          const cluster = loadManifests(objectFiles(head), loads).cluster;
          const focus = regionFocus(side.load.cluster, cluster);
          return buildRegions([side.load.cluster, cluster], undefined, focus.namespaces, focus.subjects);
        };
        const config = DEFAULT_FINDINGS_CONFIG;
        const kept = side.findings(side.connectivity(regionsOf(h1)), config);
        const conn = side.connectivity(regionsOf(h2));
        const fresh = commitFindings({ conn, diagnostics: side.load.diagnostics, config, unmodelled: side.load.unmodelled, hostNetwork: side.load.hostNetwork });
        expect(fresh.map((f) => JSON.stringify(f))).toEqual(kept.map((f) => JSON.stringify(f)));
        expect(side.findings(conn, config)).toBe(kept);
      }),
      params(150),
    );
  }, 600_000);
});
