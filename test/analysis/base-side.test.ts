/** Reuse between base and head, and between events of a warm process: same answers, less work. */
import { baseSide, clearBaseSides } from '../../src/analysis/base-side.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { buildRegions } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
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
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.findings.length).toBeGreaterThan(0);
  });

  it("keeps the base's connectivity over regions while the regions are the same, and recomputes it when a selector changes them", () => {
    const files = [ns('a'), app('x'), app('y'), denyAll];
    const side = baseSide(files, 'tree-2');
    const allowX = (name: string, from: string) => ({
      path: `policies/${name}.yaml`,
      text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: a\nspec:\n  podSelector:\n    matchLabels:\n      app: x\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ${from}\n`,
    });
    const regionsWith = (extra: { path: string; text: string }[]) => buildRegions([side.load.cluster, loadManifests([...files, ...extra]).cluster]);
    const first = side.connectivity(regionsWith([allowX('p1', 'y')]));
    // Another push, same selectors (a different policy name): the same regions, the same connectivity object.
    expect(side.connectivity(regionsWith([allowX('p2', 'y')]))).toBe(first);
    // A selector the base does not have cuts label space anew: computed again, over the new regions.
    const regions = regionsWith([allowX('p3', 'z')]);
    const again = side.connectivity(regions);
    expect(again).not.toBe(first);
    expect(again.index.regionClasses).toHaveLength(regions.regions.length);
    expect(side.connectivity()).toBe(side.connectivity());
  });

  it("keeps the base's findings over one region set for every other (no cluster-wide policy: findings do not read regions)", () => {
    const files = [ns('a'), app('x'), app('y'), denyAll];
    const side = baseSide(files, 'tree-4');
    const allowX = (from: string) => ({
      path: 'policies/allow.yaml',
      text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow\n  namespace: a\nspec:\n  podSelector:\n    matchLabels:\n      app: x\n  egress:\n    - to:\n        - podSelector:\n            matchLabels:\n              app: ${from}\n`,
    });
    const over = (from: string) => side.connectivity(buildRegions([side.load.cluster, loadManifests([...files, allowX(from)]).cluster]));
    const [c1, c2] = [over('y'), over('z')];
    expect(c2).not.toBe(c1);
    const config = { ...DEFAULT_FINDINGS_CONFIG };
    const kept = side.findings(c1, config);
    // Computed once over the first regions, then the same list over others; equal to what they give computed anew.
    expect(side.findings(c2, config)).toBe(kept);
    expect(commitFindings({ conn: c2, diagnostics: side.load.diagnostics, config, unmodelled: side.load.unmodelled, hostNetwork: side.load.hostNetwork })).toEqual(kept);
    expect(kept.length).toBeGreaterThan(0);
  });

  it('a warm analysis over changed regions equals a cold one', () => {
    const base = [ns('a'), app('x'), app('y'), denyAll];
    const push1 = [...base, { ...denyAll, path: 'policies/deny2.yaml', text: denyAll.text.replace('name: deny', 'name: deny2') }];
    const push2 = [...base, { path: 'policies/allow.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow\n  namespace: a\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              role: probe\n' }];
    const cold = analyzeDiff(base, push2);
    analyzeDiff(base, push1, { baseKey: 'k2' });
    const warm = analyzeDiff(base, push2, { baseKey: 'k2' });
    expect(warm.counts).toEqual(cold.counts);
    expect(warm.pairs.map((p) => [p.src, p.dst, p.opened?.key])).toEqual(cold.pairs.map((p) => [p.src, p.dst, p.opened?.key]));
    expect(warm.pairs.some((p) => p.src.type === 'pods')).toBe(true);
    expect(warm.findings).toEqual(cold.findings);
  });

  it('a next push with the same head files and options is the last report; any other difference computes it again', () => {
    const base = [ns('a'), app('x'), app('y')];
    const head = [ns('a'), app('x'), app('y'), denyAll];
    const first = analyzeDiff(base, head, { baseKey: 'k3' });
    expect(first.counts.closed).toBeGreaterThan(0);
    // Same files in another order, as new objects: reused.
    expect(analyzeDiff(base, [...head].reverse().map((f) => ({ ...f })), { baseKey: 'k3' })).toBe(first);
    // Another option (plain data) or another placement: computed again, and equal to a cold analysis.
    const ignoring = analyzeDiff(base, head, { baseKey: 'k3', ignoreNamespaces: ['a'] });
    expect(ignoring).not.toBe(first);
    expect(ignoring.counts).toEqual(analyzeDiff(base, head, { ignoreNamespaces: ['a'] }).counts);
    const placed = head.map((f) => ({ ...f, defaultNamespace: 'b' }));
    expect(analyzeDiff(base, placed, { baseKey: 'k3' })).not.toBe(first);
    // A changed head text: computed again; the kept report is the latest one.
    const edited = [...head.slice(0, 3), { ...denyAll, text: denyAll.text + '  policyTypes: [Ingress]\n' }];
    const second = analyzeDiff(base, edited, { baseKey: 'k3' });
    expect(second).not.toBe(first);
    expect(second.counts).toEqual(analyzeDiff(base, edited).counts);
    expect(analyzeDiff(base, edited, { baseKey: 'k3' })).toBe(second);
    // Without a base key (the CLI) nothing is kept.
    expect(analyzeDiff(base, head)).not.toBe(analyzeDiff(base, head));
  });
});
