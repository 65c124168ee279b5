/** Reuse between base and head, and between events of a warm process: same answers, less work. */
import { baseSide, clearBaseSides } from '../../src/analysis/base-side.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';

const ns = (name: string) => ({ path: `ns/${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n` });
const app = (name: string, nsName = 'a') => ({
  path: `apps/${name}.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${nsName}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});
const denyAll = { path: 'policies/deny.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: a\nspec:\n  podSelector: {}\n' };
const broken = { path: 'broken.yaml', text: 'apiVersion: v1\nkind: [\n' };

describe('files read once', () => {
  it('a file with the same path and text gives the same document objects and the same diagnostics', () => {
    const loads: FileLoads = new Map();
    const base = loadManifests([ns('a'), app('x'), broken], loads);
    const head = loadManifests([ns('a'), app('x'), broken, app('y')], new Map(loads));
    expect(head.documents[0]).toBe(base.documents[0]);
    expect(head.cluster.workloads.map((w) => w.id).sort()).toEqual(['a/x[Deployment]', 'a/y[Deployment]']);
    expect(head.diagnostics.map((d) => d.ref)).toEqual(base.diagnostics.map((d) => d.ref));
    expect(head.diagnostics).toHaveLength(1);
  });

  it('the same text under another path is read again (positions name the file)', () => {
    const loads: FileLoads = new Map();
    loadManifests([app('x')], loads);
    const moved = loadManifests([{ ...app('x'), path: 'elsewhere.yaml' }], new Map(loads));
    expect(moved.cluster.workloads[0].ref.file).toBe('elsewhere.yaml');
  });
});

describe('base side kept between analyses', () => {
  beforeEach(() => clearBaseSides());

  it('is reused under the same key with the same files, and recomputed when the files differ', () => {
    const first = baseSide([ns('a'), app('x')], 'tree-1');
    expect(baseSide([ns('a'), app('x')], 'tree-1')).toBe(first);
    const other = baseSide([ns('a'), app('x'), denyAll], 'tree-1');
    expect(other).not.toBe(first);
    expect(other.load.cluster.policies).toHaveLength(1);
    expect(baseSide([ns('a'), app('x')])).not.toBe(first);
  });

  it('a warm analysis equals a cold one', () => {
    const base = [ns('a'), app('x'), app('y')];
    const head = [ns('a'), app('x'), app('y'), denyAll];
    const cold = analyzeDiff(base, head);
    analyzeDiff(base, [ns('a'), app('x')], { baseKey: 'k' });
    const warm = analyzeDiff(base, head, { baseKey: 'k' });
    expect(warm.counts).toEqual(cold.counts);
    expect(warm.pairs.map((p) => [p.src, p.dst, p.closed?.key])).toEqual(cold.pairs.map((p) => [p.src, p.dst, p.closed?.key]));
    expect(warm.changes).toEqual(cold.changes);
  });
});
