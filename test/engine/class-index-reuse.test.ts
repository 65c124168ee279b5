/**
 * classIndexFor (engine/class-index-reuse.ts): an index is reused only for the same namespace and workload
 * objects and the very same RegionSet; an index built over regions never serves a call without them,
 * nor one over other regions (it holds their regions' classes).
 */
import { DEFAULT_MAX_BOXES, buildRegions } from '../../src/engine/index.js';
import { classIndexFor } from '../../src/engine/class-index-reuse.js';
import { loadManifests } from '../../src/manifests/load.js';
import { clientPolicy, twoTeams } from '../helpers/clusters.js';

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
});
