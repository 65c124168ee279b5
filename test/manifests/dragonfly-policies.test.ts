/**
 * The Dragonfly operator (v1.5 on) makes one NetworkPolicy per `Dragonfly`, named after it, selecting the
 * instance's pods (`app: <name>`, `app.kubernetes.io/name: dragonfly`, `app.kubernetes.io/part-of: dragonfly`)
 * for ingress: the client port TCP 6379 from the instance's namespace, the admin port TCP 9999 from the
 * operator's pods and the instance's own, and `spec.memcachedPort` from the namespace; none with
 * `spec.networkPolicyEnabled: false`. reachdiff models it as v1.6 makes it (the operator's pods left out, the
 * instance's pods selected by their `app` label), cited at the Dragonfly, and none where every operator release
 * the manifests name predates v1.5 (ArthurVardevanyan/HomeLab runs v1.3.1).
 * Real-eval 28: Aviator-Coding/home-ops abfca970 added a policy admitting Prometheus to each Dragonfly's
 * admin port; not knowing the operator's policy, reachdiff read every Dragonfly's pods as newly isolated
 * (656 paths closed) and missed the path it opened.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { PeerRef } from '../../src/engine/index.js';
import { abstractPeerMatches } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const dragonfly = (spec = '  replicas: 2\n') => `apiVersion: dragonflydb.io/v1alpha1\nkind: Dragonfly\nmetadata:\n  name: cache\n  namespace: shop\nspec:\n${spec}`;

const apps = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prometheus, namespace: monitoring}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: prometheus}}\n    spec: {containers: [{name: c, image: i}]}\n',
].join('---\n');

// The commit's policy: the instance's pods by two of their labels, Prometheus admitted on the admin port.
const scrape = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: cache-allow-prometheus
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: cache
      app.kubernetes.io/part-of: dragonfly
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
          podSelector:
            matchLabels:
              app.kubernetes.io/name: prometheus
      ports:
        - port: 9999
          protocol: TCP
`;

const load = (files: Record<string, string>) => loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
const made = (files: Record<string, string>) => load(files).cluster.policies.filter((p) => p.installedBy !== undefined);

/** Whether a pair's end is, or holds, the Dragonfly's pods. */
const instancePods = (e: PeerRef): boolean =>
  e.type === 'pods' && abstractPeerMatches(e.peer, { 'kubernetes.io/metadata.name': 'shop' }, { app: 'cache', 'app.kubernetes.io/name': 'dragonfly', 'app.kubernetes.io/part-of': 'dragonfly' }) && !(e.except ?? []).some((x) => abstractPeerMatches(x, { 'kubernetes.io/metadata.name': 'shop' }, { app: 'cache', 'app.kubernetes.io/name': 'dragonfly', 'app.kubernetes.io/part-of': 'dragonfly' }));

describe('the NetworkPolicy the Dragonfly operator makes per instance', () => {
  it("selects the instance's pods for ingress: 6379 from its namespace, 9999 from its own pods; cited at the Dragonfly", () => {
    const [p, ...rest] = made({ 'cache.yaml': dragonfly(), 'apps.yaml': apps });
    expect(rest).toEqual([]);
    expect([p.id, p.ref.file, p.ref.line, p.affects]).toEqual(['shop/cache', 'cache.yaml', 1, { ingress: true, egress: false }]);
    expect(p.installedBy).toBe('Dragonfly shop/cache (dragonfly-operator v1.6 or later)');
    // By the instance's `app` label alone (dragonfly-policy.ts: the other two always come with it).
    expect(p.podSelector.matchLabels).toEqual({ app: 'cache' });
    expect(p.ingress.map((r) => [r.ref.line, r.ports === 'any' ? 'any' : r.ports.map((x) => x.port)])).toEqual([
      [1, [6379]],
      [1, [9999]],
    ]);
  });

  it('none with spec.networkPolicyEnabled false; memcachedPort adds a rule cited at its line; a bad flag is said and read as true', () => {
    expect(made({ 'cache.yaml': dragonfly('  networkPolicyEnabled: false\n'), 'apps.yaml': apps })).toEqual([]);
    const [memcached] = made({ 'cache.yaml': dragonfly('  memcachedPort: 11211\n'), 'apps.yaml': apps });
    expect(memcached.ingress.map((r) => [r.ref.line, r.ports === 'any' ? 'any' : r.ports.map((x) => x.port)])).toEqual([
      [1, [6379]],
      [1, [9999]],
      [7, [11211]],
    ]);
    const bad = load({ 'cache.yaml': dragonfly('  networkPolicyEnabled: "no"\n'), 'apps.yaml': apps });
    expect(bad.cluster.policies.filter((p) => p.installedBy !== undefined).map((p) => p.ref.line)).toEqual([7]);
    expect(bad.diagnostics.filter((d) => d.ref.file === 'cache.yaml').map((d) => [d.ref.line, d.code])).toEqual([[7, 'INVALID_FIELD']]);
  });

  it('none where every operator release the manifests name predates v1.5 (its image, chart version or OCI tag); kept with a later one or none named', () => {
    const operator = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dragonfly-operator, namespace: dragonfly-system}\nspec:\n  template:\n    spec: {containers: [{name: manager, image: "${image}"}]}\n`;
    const release = (version: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: dragonfly-operator, namespace: dragonfly-system}\nspec:\n  chart:\n    spec: {chart: dragonfly-operator, version: "${version}"}\n`;
    const oci = (tag: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata: {name: dragonfly-operator, namespace: dragonfly-system}\nspec:\n  url: oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator\n  ref: {tag: ${tag}}\n`;
    const count = (operatorText: string) => made({ 'cache.yaml': dragonfly(), 'apps.yaml': apps, 'operator.yaml': operatorText }).length;
    expect(count(operator('docker.dragonflydb.io/dragonflydb/operator:v1.3.1@sha256:abc'))).toBe(0);
    expect(count(operator('ghcr.io/dragonflydb/operator:v1.6.1'))).toBe(1);
    expect(count(release('v1.4.0'))).toBe(0);
    expect(count(oci('v1.5.0'))).toBe(1);
    expect(count(`${operator('ghcr.io/dragonflydb/operator:v1.4.0')}---\n${oci('v1.6.1')}`)).toBe(1);
    expect(count(operator('nginx:1.2'))).toBe(1);
    // A chart running the operator's image from its values, the tag written apart (bjw-s app-template; real
    // repositories 38, martinohmann 1b8e6851d: v1.4.0 to v1.5.0 read as no version, the policy kept on both sides).
    const template = (tag: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: dragonfly-operator, namespace: shop}\nspec:\n  chartRef: {kind: OCIRepository, name: app-template}\n  values:\n    controllers:\n      dragonfly-operator:\n        containers:\n          app:\n            image:\n              repository: ghcr.io/dragonflydb/operator\n              tag: ${tag}\n`;
    expect(count(template('v1.4.0@sha256:abc'))).toBe(0);
    expect(count(template('v1.5.0@sha256:abc'))).toBe(1);
    expect(count(template('latest'))).toBe(1);
    // Chart versions are Masterminds ranges: none only when every release a range admits predates v1.5.
    expect(['~1.4.0', '1.4.x', '<1.5', '>=1.2.0, <1.5.0'].map((v) => count(release(v)))).toEqual([0, 0, 0, 0]);
    expect(['>=1.3.0', '^1.4.0', '*', 'main'].map((v) => count(release(v)))).toEqual([1, 1, 1, 1]);
    // Flux takes spec.ref.semver over spec.ref.tag.
    const ociBoth = (semverText: string, tag: string) => oci(tag).replace(`ref: {tag: ${tag}}`, `ref: {tag: ${tag}, semver: "${semverText}"}`);
    expect([count(ociBoth('~1.4.0', 'v1.6.1')), count(ociBoth('>=1.6.0', 'v1.4.0'))]).toEqual([0, 1]);
  });

  it("a policy admitting Prometheus to the instance's admin port opens that path and closes none of the instance's pods' paths", () => {
    const base = [
      { path: 'cache.yaml', text: dragonfly() },
      { path: 'apps.yaml', text: apps },
    ];
    const report = analyzeDiff(base, [...base, { path: 'scrape.yaml', text: scrape }]);
    const toInstance = report.pairs.filter((p) => instancePods(p.dst));
    expect(toInstance.map((p) => `${p.src.type === 'workload' ? p.src.workload.name : p.src.type} ${p.opened?.toText()} ${p.closed?.toText()}`)).toEqual(['prometheus TCP 9999 undefined']);
    // Nor pods of the namespace that carry two of the instance's labels without the third: nothing makes them.
    expect([report.counts.opened, report.counts.closed]).toEqual([1, 0]);
    // The operator's rules are not the repository's to fix: no finding cites them.
    expect(report.findings.filter((f) => f.ref.file === 'cache.yaml')).toEqual([]);
  });
});
