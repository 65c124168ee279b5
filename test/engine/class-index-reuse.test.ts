/**
 * classIndexFor (engine/class-index-reuse.ts): an index is reused only for the same namespace and workload
 * objects and the very same RegionSet; an index built over regions never serves a call without them,
 * nor one over other regions (it holds their regions' classes). And it holds a bounded number of indices
 * also within one synchronous job: an analysis (a diff, its rollback search, a property run of thousands
 * of cases) runs as one job, and a `WeakRef` keeps its target alive until the job ends (ECMAScript
 * AddToKeptObjects), so entries held by WeakRef kept every index ever built (a FUZZ_RUNS=1500 property
 * run ran out of heap that way).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { DEFAULT_MAX_BOXES, buildRegions } from '../../src/engine/index.js';
import { classIndexFor } from '../../src/engine/class-index-reuse.js';
import { loadManifests } from '../../src/manifests/load.js';
import { clientPolicy, twoTeams } from '../helpers/clusters.js';
import { deployment, manifests, namespace } from './fixtures.js';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

describe('class index reuse', () => {
  const cluster = loadManifests([
    { path: 'a.yaml', text: twoTeams('Deployment') },
    { path: 'p.yaml', text: clientPolicy('p', 'server', 80).replace('metadata:\n  name: p', 'metadata:\n  name: p\n  namespace: b') },
  ]).cluster;

  it('serves the same objects and regions, and nothing else', () => {
    const regions = buildRegions([cluster], DEFAULT_MAX_BOXES, null);
    expect(regions.regions.length).toBeGreaterThan(0);
    const withRegions = classIndexFor(cluster.namespaces, cluster.workloads, regions);
    expect(withRegions.regionClasses.length).toBe(regions.regions.length);
    // The same namespaces and workloads in another order, the same RegionSet: the same index.
    expect(classIndexFor([...cluster.namespaces].reverse(), [...cluster.workloads].reverse(), regions)).toBe(withRegions);
    const plain = classIndexFor(cluster.namespaces, cluster.workloads);
    expect(plain).not.toBe(withRegions);
    expect(plain.regionClasses).toEqual([]);
    expect(classIndexFor(cluster.namespaces, cluster.workloads)).toBe(plain);
    // Equal regions built again are another RegionSet: another index (reuse is by identity).
    const again = buildRegions([cluster], DEFAULT_MAX_BOXES, null);
    const other = classIndexFor(cluster.namespaces, cluster.workloads, again);
    expect(other).not.toBe(withRegions);
    expect(other.regionClasses.length).toBe(again.regions.length);
  });

  it('holds a bounded number of indices within one synchronous job', () => {
    const objects = [namespace('a'), ...Array.from({ length: 400 }, (_, i) => deployment('a', `w${i}`, { app: `w${i}`, tier: `t${i % 7}` }))];
    const many = loadManifests([{ path: 'many.yaml', text: manifests(...objects) }]).cluster;
    const copies = () => many.workloads.map((w) => ({ ...w }));
    const before = heapMb();
    // 300 indices (~0.2 MB each) over fresh copies of the same workloads (some over regions), in this
    // one job: only the last few may stay (held by WeakRef, all of them stayed: ~60 MB).
    for (let i = 0; i < 300; i++) {
      const workloads = copies();
      classIndexFor(many.namespaces, workloads, i % 4 === 0 ? buildRegions([{ ...many, workloads }], DEFAULT_MAX_BOXES, null) : undefined);
    }
    const grown = heapMb() - before;
    expect(grown).toBeLessThan(15);
  });
});
