/**
 * The scoped diff (only pairs with an end the change touched, engine/touched.ts) equals the diff of every
 * pair from scratch, on random base/head pairs: pods relabelled, re-ported, added and removed; policies
 * edited, added and removed; namespaces relabelled. Each object is its own file, so unchanged files
 * give head the very objects of base (the identity path) while changed ones are compared by content.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { PairDiff } from '../../src/engine/diff.js';
import { diffConnectivity } from '../../src/engine/diff.js';
import { computeConnectivity } from '../../src/engine/index.js';
import { touchedWorkloads } from '../../src/engine/touched.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { Scenario } from './arbitraries.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';


/** A head derived from a base by edits of every kind the loader distinguishes. */
const editedPair: fc.Arbitrary<[Scenario, Scenario]> = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) => editedScenario(base).map((head) => [base, head] as [Scenario, Scenario]));

const shape = (p: PairDiff) => ({
  src: p.src.type === 'workload' ? p.src.workload.id : p.src.type === 'external' ? `external ${String(p.src.addresses.intervals.map((iv) => iv.join('-')))}` : p.src.type,
  dst: p.dst.type === 'workload' ? p.dst.workload.id : p.dst.type === 'external' ? `external ${String(p.dst.addresses.intervals.map((iv) => iv.join('-')))}` : p.dst.type,
  base: p.base?.key ?? null,
  head: p.head?.key ?? null,
  opened: p.opened?.key ?? null,
  closed: p.closed?.key ?? null,
  peerChanges: p.peerChanges,
});

describe('scoped diff', () => {
  it('equals the diff of every pair from scratch', () => {
    fc.assert(
      fc.property(editedPair, ([base, head]) => {
        const loads: FileLoads = new Map();
        const b = computeConnectivity(loadManifests(objectFiles(base), loads).cluster);
        const h = computeConnectivity(loadManifests(objectFiles(head), new Map(loads)).cluster);
        // NetworkPolicy-only clusters: the scoped path must really run.
        expect(touchedWorkloads(b, h)).not.toBeNull();
        const scoped = diffConnectivity(b, h);
        const full = diffConnectivity(b, h, { scoped: false });
        expect(scoped.pairs.map(shape)).toEqual(full.pairs.map(shape));
        expect(scoped.added).toEqual(full.added);
        expect(scoped.removed).toEqual(full.removed);
      }),
      params(300),
    );
  });

  it('touches nothing when nothing changed, and only the edited policy’s subjects when one policy changes', () => {
    const ns = (name: string) => ({ path: `ns-${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n` });
    const app = (name: string) => ({
      path: `${name}.yaml`,
      text: stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'a' }, spec: { template: { metadata: { labels: { app: name } } } } }),
    });
    const policy = (port: number) => ({
      path: 'policy.yaml',
      text: stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'a' }, spec: { podSelector: { matchLabels: { app: 'x' } }, ingress: [{ ports: [{ port }] }] } }),
    });
    const loads: FileLoads = new Map();
    const b = computeConnectivity(loadManifests([ns('a'), app('x'), app('y'), app('z'), policy(80)], loads).cluster);
    const same = computeConnectivity(loadManifests([ns('a'), app('x'), app('y'), app('z'), policy(80)], new Map(loads)).cluster);
    const edited = computeConnectivity(loadManifests([ns('a'), app('x'), app('y'), app('z'), policy(443)], new Map(loads)).cluster);
    expect([...touchedWorkloads(b, same)!]).toEqual([]);
    expect([...touchedWorkloads(b, edited)!]).toEqual(['a/x[Deployment]']);
    expect(diffConnectivity(b, edited).pairs.map(shape)).toEqual(diffConnectivity(b, edited, { scoped: false }).pairs.map(shape));
  });

  it('a namespace relabelled touches its pods, whose traffic a namespaceSelector elsewhere decides', () => {
    const nsFile = (name: string, env: string) => ({ path: `ns-${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    env: ${env}\n` });
    const app = (name: string, ns: string) => ({ path: `${name}.yaml`, text: stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns }, spec: { template: { metadata: { labels: { app: name } } } } }) });
    const fromProd = {
      path: 'policy.yaml',
      text: stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'from-prod', namespace: 'a' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }] }] } }),
    };
    const loads: FileLoads = new Map();
    const b = computeConnectivity(loadManifests([nsFile('a', 'prod'), nsFile('b', 'prod'), app('x', 'a'), app('y', 'b'), fromProd], loads).cluster);
    const h = computeConnectivity(loadManifests([nsFile('a', 'prod'), nsFile('b', 'dev'), app('x', 'a'), app('y', 'b'), fromProd], new Map(loads)).cluster);
    expect([...touchedWorkloads(b, h)!]).toEqual(['b/y[Deployment]']);
    const scoped = diffConnectivity(b, h).pairs.map(shape);
    expect(scoped).toEqual(diffConnectivity(b, h, { scoped: false }).pairs.map(shape));
    expect(scoped).toContainEqual(expect.objectContaining({ src: 'b/y[Deployment]', dst: 'a/x[Deployment]', head: null }));
  });
});
