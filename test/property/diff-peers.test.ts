/**
 * The peers of a diff (engine/diff.ts): one object per workload and per region of a RegionSet, shared by
 * every diff (a push diffs several times over one RegionSet). Diffs over one RegionSet, another, then the
 * first again name each region end by its own set's region (`nameOf`), and give a workload end head's
 * object, else base's. Random base / head clusters with NetworkPolicies, tier policies and abstract peers.
 */
import fc from 'fast-check';
import type { PeerRef, RegionSet, Workload } from '../../src/engine/index.js';
import { DEFAULT_MAX_BOXES, buildRegions, computeConnectivity, diffConnectivity, regionFocus } from '../../src/engine/index.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { params } from './harness.js';
import { mix, objectFiles } from './object-files.js';
import { tieredScenarioArb } from './tier-arbitraries.js';

const input = fc.record({ base: tieredScenarioArb, other: tieredScenarioArb, change: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }) });

describe('diff peers', () => {
  it('name regions by their own set, and workloads by head’s objects', () => {
    fc.assert(
      fc.property(input, ({ base, other, change }) => {
        const baseFiles = objectFiles(base);
        const loads: FileLoads = new Map();
        const b = loadManifests(baseFiles, loads).cluster;
        const h = loadManifests(mix(baseFiles, objectFiles(other), change), new Map(loads)).cluster;
        const focus = regionFocus(b, h);
        const sets = [buildRegions([b, h]), buildRegions([b, h], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects)];
        const own = new Map<string, Workload>([...b.workloads, ...h.workloads].map((w) => [w.id, w]));
        // Ends that break the rule (plain checks: an `expect` per end made the run minutes long).
        const wrong: string[] = [];
        const check = (regions: RegionSet) => {
          const [bc, hc] = [b, h].map((c) => computeConnectivity(c, regions));
          const seen = new Map<string, PeerRef>();
          for (const p of diffConnectivity(bc, hc, { regions, sorted: false }).pairs) {
            for (const end of [p.src, p.dst]) {
              if (end.type === 'pods' && (end.region === undefined || end.region >= regions.regions.length || end.peer.id !== regions.nameOf(end.region).id)) wrong.push(`region ${end.region}`);
              if (end.type === 'workload' && end.workload !== own.get(end.workload.id)) wrong.push(`workload ${end.workload.id}`);
              // One object per end within a diff too.
              const key = end.type === 'pods' ? `r${end.region}` : end.type === 'workload' ? end.workload.id : undefined;
              if (key !== undefined) {
                if ((seen.get(key) ?? end) !== end) wrong.push(`two objects for ${key}`);
                seen.set(key, end);
              }
            }
          }
        };
        for (const regions of [sets[0], sets[1], sets[0]]) check(regions);
        expect(wrong).toEqual([]);
      }),
      params(40),
    );
  });
});
