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
import type { ClassIndex } from '../../src/engine/peer-classes.js';
import { selectInNamespace, selectNamespaces } from '../../src/engine/peer-classes.js';
import { matches } from '../../src/engine/selectors.js';
import type { LabelSelector } from '../../src/engine/model.js';
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

  it('extends the workloads\' index by each set of regions without changing it', () => {
    // Lookups as a fresh build makes them: derived from the classes alone, in class order.
    const lookups = (index: ClassIndex) => {
      const byNamespace = new Map<string, number[]>();
      const byLabel = new Map<string, number[]>();
      for (const c of index.classes) {
        byNamespace.set(c.namespace, [...(byNamespace.get(c.namespace) ?? []), c.index]);
        for (const [k, v] of Object.entries(c.podLabels)) byLabel.set(`${c.namespace} ${k}=${v}`, [...(byLabel.get(`${c.namespace} ${k}=${v}`) ?? []), c.index]);
      }
      return { byNamespace, byLabel };
    };
    const held = (index: ClassIndex) => ({
      byNamespace: new Map([...index.byNamespace].map(([ns, list]) => [ns, list.map((c) => c.index)])),
      byLabel: new Map([...index.byLabel].flatMap(([ns, m]) => [...m].map(([kv, list]) => [`${ns} ${kv}`, list.map((c) => c.index)] as const))),
    });
    const plain = classIndexFor(cluster.namespaces, cluster.workloads);
    const plainNamespaces = [...plain.namespaces.keys()];
    const other = loadManifests([
      { path: 'a.yaml', text: twoTeams('Deployment') },
      { path: 'q.yaml', text: manifests({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'q', namespace: 'a' }, spec: { podSelector: { matchLabels: { tier: 'x' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'green' } }, podSelector: { matchExpressions: [{ key: 'app', op: 'Exists' }] } }] }] } }) },
    ]).cluster;
    for (const regions of [buildRegions([cluster], DEFAULT_MAX_BOXES, null), buildRegions([cluster, other], DEFAULT_MAX_BOXES, null)]) {
      const index = classIndexFor(cluster.namespaces, cluster.workloads, regions);
      expect(index.regionClasses.map((c) => c.index)).toEqual(regions.regions.map((_, i) => plain.classes.length + i));
      expect(index.regionClasses.every((c, i) => c.region === regions.regions[i] && c.podLabels === regions.regions[i].podLabels)).toBe(true);
      // The workloads' classes are the plain index's, its lookups as a fresh build makes them.
      expect(index.classes.slice(0, plain.classes.length)).toEqual(plain.classes);
      expect(held(index)).toEqual(lookups(index));
      expect(held(plain)).toEqual(lookups(plain));
      expect([...plain.namespaces.keys()]).toEqual(plainNamespaces);
      expect(plain.regionClasses).toEqual([]);
      expect([...index.namespaces.keys()].slice(0, plainNamespaces.length)).toEqual(plainNamespaces);
      for (const ns of index.regionNamespaces) expect(index.namespaces.get(ns)!.labels).toBe(index.regionClasses.find((c) => c.namespace === ns)!.region!.nsLabels);
    }
  });

  it('selects over regions as over every class: the workloads\' then the regions\'', () => {
    const sel = (matchLabels: Record<string, string>, expressions: LabelSelector['expressions'] = []): LabelSelector => ({ matchLabels, expressions });
    const selectors: LabelSelector[] = [
      sel({}),
      sel({ app: 'server' }),
      sel({ team: 'red' }),
      sel({}, [{ key: 'app', op: 'Exists', values: [] }]),
      sel({}, [{ key: 'app', op: 'NotIn', values: ['client'] }]),
      sel({}, [{ key: 'team', op: 'DoesNotExist', values: [] }]),
      sel({}, [{ key: 'team', op: 'In', values: ['blue', 'green'] }]),
    ];
    const other = loadManifests([
      { path: 'a.yaml', text: twoTeams('Deployment') },
      { path: 'q.yaml', text: manifests({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'q', namespace: 'a' }, spec: { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'green' } }, podSelector: { matchLabels: { app: 'server' } } }] }] } }) },
    ]).cluster;
    const plain = classIndexFor(cluster.namespaces, cluster.workloads);
    const expected = (index: ClassIndex) => ({
      pods: [...index.namespaces.keys()].map((ns) => selectors.map((s) => index.classes.filter((c) => c.namespace === ns && matches(s, c.podLabels)).map((c) => c.index))),
      namespaces: selectors.map((s) => [...index.namespaces.values()].filter((n) => matches(s, n.labels)).map((n) => n.name)),
    });
    const selected = (index: ClassIndex) => ({
      pods: [...index.namespaces.keys()].map((ns) => selectors.map((s) => selectInNamespace(index, ns, s).map((c) => c.index))),
      namespaces: selectors.map((s) => [...selectNamespaces(index, s)]),
    });
    expect(selected(plain)).toEqual(expected(plain));
    for (const regions of [buildRegions([cluster, other], DEFAULT_MAX_BOXES, null), buildRegions([other], DEFAULT_MAX_BOXES, null)]) {
      const index = classIndexFor(cluster.namespaces, cluster.workloads, regions);
      expect(index.regionNamespaces.size).toBeGreaterThan(0);
      expect(selected(index)).toEqual(expected(index));
      // Asked again (memoised), and the workloads' index still selects only its own classes.
      expect(selected(index)).toEqual(expected(index));
      expect(selected(plain)).toEqual(expected(plain));
    }
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
