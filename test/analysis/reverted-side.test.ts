/**
 * The rollback search's reverted heads kept for the next push (reverted-side.ts): a connectivity is reused
 * only for an equal cluster over equal regions, and a warm next push reports what a cold one does.
 */
import { baseSide } from '../../src/analysis/base-side.js';
import { revertedConnectivities, revertedReused } from '../../src/analysis/reverted-side.js';
import { buildRegions } from '../../src/engine/index.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import { generateRepo } from '../../bench/generate.js';

const ns = (name: string, labels = '') => ({ path: `ns/${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${labels ? `  labels:\n    ${labels}\n` : ''}` });
const app = (name: string) => ({
  path: `apps/${name}.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: a\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});
const allowFrom = (team: string) => ({
  path: 'policies/allow.yaml',
  text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow\n  namespace: a\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              team: ${team}\n`,
});
/** A cluster as the analysis loads it, from fresh file objects (the App reads every event's files anew). */
const clusterOf = (files: readonly ManifestFile[]) => loadManifests(files.map((f) => ({ ...f }))).cluster;

describe('reverted heads kept between pushes', () => {
  beforeEach(() => clearWarmState());
  afterAll(() => clearWarmState());

  it('reuses the connectivity of an equal reverted head only: not of one with the same workloads and another rule', () => {
    const side = baseSide([ns('a'), app('x')], 'tree');
    const first = clusterOf([ns('a'), app('x'), app('y'), allowFrom('x')]);
    const regions = buildRegions([side.load.cluster, first]);
    const search = revertedConnectivities(side, regions, true);
    const conn = search.of(first);
    search.done();
    // The next push: an equal cluster from other file objects is served the kept connectivity.
    const next = revertedConnectivities(side, buildRegions([side.load.cluster, clusterOf([ns('a'), app('x'), app('y'), allowFrom('x')])]), true);
    expect(next.of(clusterOf([ns('a'), app('x'), app('y'), allowFrom('x')]))).toBe(conn);
    expect(revertedReused()).toBe(1);
    next.done();
    // The same workloads, another team allowed: computed again, though kept under the same base side.
    const other = revertedConnectivities(side, regions, true);
    const otherConn = other.of(clusterOf([ns('a'), app('x'), app('y'), allowFrom('z')]));
    expect(otherConn).not.toBe(conn);
    expect(revertedReused()).toBe(0);
    other.done();
    // Another base side keeps nothing of this one's.
    const elsewhere = revertedConnectivities(baseSide([ns('a'), app('x'), app('z')], 'other'), regions, true);
    expect(elsewhere.of(clusterOf([ns('a'), app('x'), app('y'), allowFrom('z')]))).not.toBe(otherConn);
  });

  it('computes again over other regions, and neither reuses nor keeps without reuse asked', () => {
    const side = baseSide([ns('a'), app('x')], 'tree');
    const cluster = clusterOf([ns('a'), app('x'), allowFrom('x')]);
    const regions = buildRegions([side.load.cluster, cluster]);
    const search = revertedConnectivities(side, regions, true);
    const conn = search.of(cluster);
    search.done();
    const without = revertedConnectivities(side, undefined, true);
    expect(without.of(cluster)).not.toBe(conn);
    without.done();
    const cold = revertedConnectivities(side, regions, false);
    expect(cold.of(cluster)).not.toBe(cold.of(cluster));
    cold.done();
    expect(revertedConnectivities(side, regions, true).of(cluster)).not.toBe(conn);
  });

  it('a warm push that changes nothing the model reads takes the reverted heads and reports what a cold one does', async () => {
    const repo = generateRepo({ workloads: 20, seed: 7 });
    const edited = repo.head.findIndex((f) => repo.base.some((b) => b.path === f.path && b.text !== f.text));
    const commented = repo.head.map((f, i) => (i === edited ? { ...f, text: `${f.text}# reviewed\n` } : f));
    const victim = repo.head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
    const next = repo.head.filter((_, i) => i !== victim);
    for (const push of [commented, next]) {
      clearWarmState();
      const cold = targetsJson(await analyzeTargets(repo.base, push, { baseKey: 'tree' }));
      clearWarmState();
      await analyzeTargets(repo.base, repo.head, { baseKey: 'tree' });
      const warm = targetsJson(await analyzeTargets(repo.base, push, { baseKey: 'tree' }));
      expect(warm).toBe(cold);
      if (push === commented) expect(revertedReused()).toBeGreaterThan(0);
      expect(JSON.parse(warm).rollback.documents.length).toBeGreaterThan(0);
    }
  });
});
