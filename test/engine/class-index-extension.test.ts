/**
 * Head's class index as base's extended by the workloads a change adds (peer-classes.ts `withWorkloads`,
 * class-index-reuse.ts): base's classes keep their numbers, the added ones come after them (over regions,
 * after base's regions' classes too: head extends base's index over the diff's regions), and
 * everything computed over it (compiled policies reused from base's index where they reach no added
 * class, rows kept with base's index) says what a fresh build's connectivity says, pair by pair. An added
 * workload that would join one of base's classes (or a namespace base's index lacks) gets a fresh build.
 */
import type { Cluster, Connectivity, RegionSet, Workload } from '../../src/engine/index.js';
import { DEFAULT_MAX_BOXES, buildRegions, computeConnectivity } from '../../src/engine/index.js';
import { addedParts, inBuildOrder, selectInNamespace } from '../../src/engine/peer-classes.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { deployment, manifests, namespace, policy } from './fixtures.js';

const web = [{ name: 'http', containerPort: 8080 }];

/** Base's files; head adds `extra` as a file sorted among them (its workloads come between base's). */
function files(): ManifestFile[] {
  return [
    { path: 'a/ns.yaml', text: manifests(namespace('a', { team: 'red' }), namespace('b', { team: 'blue' })) },
    { path: 'a/w1.yaml', text: manifests(deployment('a', 'w1', { app: 'x', tier: 'web' }, web)) },
    { path: 'a/w3.yaml', text: manifests(deployment('a', 'w3', { app: 'z', tier: 'db' })) },
    { path: 'b/w4.yaml', text: manifests(deployment('b', 'w4', { app: 'x', tier: 'web' }, web)) },
    { path: 'b/w5.yaml', text: manifests(deployment('b', 'w5', { app: 'q' })) },
    {
      path: 'p/policies.yaml',
      text: manifests(
        policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
        policy('a', 'web-from-red', { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'red' } } }], ports: [{ port: 'http' }] }] }),
        policy('b', 'from-y', { podSelector: { matchLabels: { app: 'x' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['y', 'z'] }] } }] }] }),
        policy('b', 'to-anything', { podSelector: { matchLabels: { app: 'q' } }, egress: [{ ports: [{ port: 'http' }] }] }),
        policy('a', 'z-out', { podSelector: { matchLabels: { app: 'z' } }, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: { app: 'x' } } }] }] }),
      ),
    },
  ];
}

/** Every workload pair's connections (and each workload's toward addresses, and the regions'), by id: what does not depend on class numbers. */
function facts(conn: Connectivity, regions?: RegionSet): string[] {
  const classOf = (w: Workload) => conn.index.classOf.get(w.id)!;
  const ends = [...conn.cluster.workloads.map((w) => ({ id: w.id, cls: classOf(w) })), ...(regions?.regions ?? []).map((r, i) => ({ id: `region ${i}`, cls: conn.index.regionClasses[r.index].index }))];
  const out: string[] = [];
  for (const s of ends) {
    for (const d of ends) out.push(`${s.id} -> ${d.id}: ${conn.pairs.conn(s.cls, d.cls).key}`);
    out.push(`${s.id} default in ${conn.defaults.ingress[s.cls].key} out ${conn.defaults.egress[s.cls].key}`);
  }
  out.push(...conn.diagnostics.map((d) => `${d.code} ${d.message}`));
  return out;
}

/** Head's cluster with copies of its workloads: classIndexFor knows none of them, so it builds afresh. */
const fresh = (c: Cluster): Cluster => ({ ...c, workloads: c.workloads.map((w) => ({ ...w })) });

describe('class index extended by added workloads', () => {
  for (const withRegions of [false, true]) {
    it(`equals a fresh build's connectivity${withRegions ? ' (with regions of label space)' : ''}`, () => {
      const baseFiles = files();
      const known = new Map();
      const base = loadManifests(baseFiles, known).cluster;
      // w2 joins namespace a between w1 and w3 (a class of its own); w0 too, in b. A policy head adds picks
      // no added class (over regions: compiled over base's index, where it picks regions).
      const added = { path: 'a/w2.yaml', text: manifests(deployment('a', 'w2', { app: 'y', tier: 'web' }, web), deployment('b', 'w0', { app: 'y' })) };
      const newPolicy = {
        path: 'p/new.yaml',
        text: manifests(policy('b', 'x-from-red-x', { podSelector: { matchLabels: { app: 'x' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'red' } }, podSelector: { matchLabels: { app: 'x' } } }] }] })),
      };
      const head = loadManifests([...baseFiles, added, newPolicy], known).cluster;
      const regions = withRegions ? buildRegions([base, head], DEFAULT_MAX_BOXES, null) : undefined;
      const baseConn = computeConnectivity(base, regions);
      const headConn = computeConnectivity(head, regions);
      // Head's index extends base's, over regions too (base's regions' classes keep their numbers).
      expect(addedParts(headConn.index)?.plain).toBe(baseConn.index);
      const n = baseConn.index.classes.length;
      expect(headConn.index.classes.slice(0, n)).toEqual(baseConn.index.classes);
      expect(headConn.index.regionClasses).toEqual(baseConn.index.regionClasses);
      expect(headConn.index.classes.slice(n).map((c) => c.workloads.map((w) => w.name))).toEqual([['w2'], ['w0']]);
      // Policies that reach no added class are base's compiled ones, the very rules.
      const rules = new Set(baseConn.compiled.rules);
      const shared = headConn.compiled.rules.filter((r) => rules.has(r)).map((r) => r.policy.name);
      expect(shared).toContain('z-out');
      const scratch = computeConnectivity(fresh(head), regions);
      expect(addedParts(scratch.index)).toBeUndefined();
      expect(facts(headConn, regions)).toEqual(facts(scratch, regions));
      // Base's own computation is unchanged by the extension built after it.
      expect(facts(computeConnectivity(fresh(base), regions), regions)).toEqual(facts(baseConn, regions));
      // Picked classes in the order a fresh build numbers them: w1, w2, w3 in namespace a.
      const picked = selectInNamespace(headConn.index, 'a', { matchLabels: {}, expressions: [] });
      const names = (list: typeof picked) => list.map((c) => c.workloads[0]?.name ?? `region ${c.region!.index}`);
      const regionNames = picked.filter((c) => c.region).map((c) => `region ${c.region!.index}`);
      expect(names(picked)).toEqual(['w1', 'w3', ...regionNames, 'w2']);
      expect(names(inBuildOrder(headConn.index, picked))).toEqual(['w1', 'w2', 'w3', ...regionNames]);
    });
  }

  it('builds afresh when an added workload joins one of base\'s classes', () => {
    const baseFiles = files();
    const known = new Map();
    const base = loadManifests(baseFiles, known).cluster;
    const twin = { path: 'a/w2.yaml', text: manifests(deployment('a', 'w2', { app: 'x', tier: 'web' }, web)) };
    const head = loadManifests([...baseFiles, twin], known).cluster;
    const baseConn = computeConnectivity(base);
    const headConn = computeConnectivity(head);
    expect(addedParts(headConn.index)).toBeUndefined();
    expect(headConn.index.classes[headConn.index.classOf.get('a/w2[Deployment]')!].workloads.map((w) => w.name)).toEqual(['w1', 'w2']);
    expect(baseConn.index.classes[baseConn.index.classOf.get('a/w1[Deployment]')!].workloads.map((w) => w.name)).toEqual(['w1']);
  });
});
