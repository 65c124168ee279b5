/**
 * A changed cluster-scoped part focuses the namespaces it applies to, with its subject as their changed subject
 * (region-focus.ts), not the whole cluster. deedee-ops/home-ops 42eb0c5c added a CiliumClusterwideNetworkPolicy
 * opening grafana-operator pods' egress to garmin pods on TCP 8086 beside a dozen opt-in policies and a default
 * egress deny of every pod: the whole cluster was cut by every selector, ~9,000 regions, the bound stopped the
 * partitions and the pairs, and the diff reported no opened path (exit 0) although `explain` saw it. Here the same
 * shape at a small bound: the opt-in policies, whose rules admit no garmin pod on TCP 8086, need not cut the
 * grafana pods (inside-subjects.ts), in the known namespaces nor in the others (regions.ts `otherSubjectFilter`),
 * so the cut is complete and the opening is found.
 */
import { buildRegions, computeConnectivity, diffConnectivity, regionFocus } from '../../src/engine/index.js';
import { OTHER_NAMESPACES } from '../../src/engine/outside-subjects.js';
import { loadManifests } from '../../src/manifests/load.js';

const namespaces = ['cert', 'db', 'default', 'observability'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`);
const denyEgress =
  'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: default-egress}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]\n      toPorts: [{ports: [{port: "53", protocol: ANY}]}]\n';
const optIn = (i: number) =>
  `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: opt-in-${i}}\nspec:\n  endpointSelector: {matchLabels: {egress/opt-${i}: "true"}}\n  egress:\n    - toEntities: [world]\n      toPorts: [{ports: [{port: "${9000 + i}", protocol: TCP}]}]\n`;
const grafanaToGarmin =
  'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: grafana-garmin}\nspec:\n  endpointSelector: {matchLabels: {part-of: grafana}}\n  egress:\n    - toEndpoints: [{matchLabels: {name: garmin}}]\n      toPorts: [{ports: [{port: "8086", protocol: TCP}]}]\n';

const load = (docs: readonly string[]) => loadManifests([{ path: 'all.yaml', text: docs.join('---\n') }]).cluster;

describe('a changed clusterwide policy amid opt-in policies, at a small region bound', () => {
  const opt = Array.from({ length: 10 }, (_, i) => optIn(i));
  const base = load([...namespaces, denyEgress, ...opt]);
  const head = load([...namespaces, denyEgress, ...opt, grafanaToGarmin]);
  const focus = regionFocus(base, head);
  const regions = buildRegions([base, head], 64, focus.namespaces, focus.subjects, 256, focus.first);

  it('focuses the namespaces the part applies to, its subject the changed one, not the whole cluster', () => {
    expect(focus.namespaces).toEqual(new Set(['cert', 'db', 'default', 'observability', OTHER_NAMESPACES]));
    // (The loader's copy of the part in each namespace the manifests hold changed too: the same selector again.)
    expect(new Set(focus.subjects.get('observability')?.selectors.map((s) => JSON.stringify(s)))).toEqual(new Set([JSON.stringify({ matchLabels: { 'part-of': 'grafana' }, expressions: [] })]));
    expect([...(focus.subjects.get('observability')?.directions ?? [])]).toEqual(['egress']);
  });

  it("every known namespace is cut in full: a grafana pod has its region, opted in or not, and fewer regions than the whole cluster's cut", () => {
    for (const ns of ['cert', 'db', 'default', 'observability']) {
      expect(regions.locate(ns, { 'part-of': 'grafana' })).toBeDefined();
      expect(regions.locate(ns, { 'part-of': 'grafana', 'egress/opt-3': 'true' })).toBeDefined();
      expect(regions.locate(ns, { name: 'garmin' })).toBeDefined();
    }
    expect(regions.regions.length).toBeLessThan(buildRegions([base, head], 64, null, undefined, 256, focus.first).regions.length / 2);
  });

  it('the namespaces the manifests do not know are cut only by the opt-in subjects that can tell their pods apart: the cut is complete', () => {
    // (The opt-in policies' rules admit addresses, never a garmin pod, and every pod is isolated for egress already.)
    expect(regions.incomplete).toBe(false);
  });

  it("reports observability's grafana pods opened toward garmin pods on TCP 8086", () => {
    const grafana = regions.locate('observability', { 'part-of': 'grafana', 'egress/opt-3': 'true' });
    const garmin = regions.locate('default', { name: 'garmin' });
    const [b, h] = [base, head].map((c) => computeConnectivity(c, regions));
    const pair = diffConnectivity(b, h, { regions, sorted: false }).pairs.find((p) => p.src.type === 'pods' && p.src.region === grafana && p.dst.type === 'pods' && p.dst.region === garmin);
    expect(pair?.opened?.ports('TCP').has(8086)).toBe(true);
  });
});
