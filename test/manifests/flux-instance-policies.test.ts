/**
 * A Flux Operator FluxInstance installs the Flux distribution's NetworkPolicies in its namespace unless
 * `spec.cluster.networkPolicy` is false: every pod there admits its own namespace, metrics scrapes on TCP
 * 8080 from anywhere, and the notification controller's webhooks. Real-eval 24: an app deployed into
 * flux-system got a policy admitting Prometheus on its metrics port; reachdiff, not knowing the Flux
 * policies, said the policy closed every other source (exit 0) and missed the path it opened.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { analyzeFiles } from '../helpers/analyze.js';

function instance(cluster = '', patches = ''): string {
  return `apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata:
  name: flux
  namespace: flux-system
spec:
  distribution:
    version: "2.x"
    registry: ghcr.io/fluxcd
${cluster}${patches}`;
}

const apps = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dashboard
  namespace: flux-system
spec:
  template:
    metadata:
      labels:
        app: dashboard
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus
  namespace: monitoring
spec:
  template:
    metadata:
      labels:
        app: prometheus
`;

const metricsPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dashboard-metrics
  namespace: flux-system
spec:
  podSelector:
    matchLabels:
      app: dashboard
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
      ports:
        - port: 8081
`;

/** What monitoring/prometheus may send to flux-system/dashboard, as `list` writes it. */
function scrape(files: Record<string, string>) {
  const a = analyzeFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
  const row = a.json.connections.find((c) => c.src.id === 'monitoring/prometheus[Deployment]' && c.dst.id === 'flux-system/dashboard[Deployment]');
  return { conn: row?.conn, warnings: a.json.warnings.filter((w) => w.file === 'flux.yaml'), policies: a.loaded.cluster.policies.filter((p) => p.namespace === 'flux-system').map((p) => [p.name, p.ref.line]) };
}

describe('the network policies a FluxInstance installs', () => {
  it('by default: pods of its namespace admit other namespaces on TCP 8080 only, cited at the FluxInstance', () => {
    const r = scrape({ 'flux.yaml': instance(), 'apps.yaml': apps });
    expect(r.conn).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(r.policies).toEqual([
      ['allow-egress', 1],
      ['allow-scraping', 1],
      ['allow-webhooks', 1],
    ]);
  });

  it('none with spec.cluster.networkPolicy false; an invalid value is read as the default and said at its line', () => {
    expect(scrape({ 'flux.yaml': instance('  cluster:\n    networkPolicy: false\n'), 'apps.yaml': apps }).conn).toEqual({ all: true });
    const bad = scrape({ 'flux.yaml': instance('  cluster:\n    networkPolicy: "no"\n'), 'apps.yaml': apps });
    expect(bad.conn).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(bad.warnings.map((w) => [w.line, w.code])).toEqual([[11, 'INVALID_FIELD']]);
    expect(bad.policies.map(([, line]) => line)).toEqual([11, 11, 11]);
  });

  it('patches that may change the policies are said, not applied', () => {
    const patched = instance('', '  kustomize:\n    patches:\n      - target:\n          kind: NetworkPolicy\n        patch: "[]"\n');
    expect(scrape({ 'flux.yaml': patched, 'apps.yaml': apps }).warnings.map((w) => [w.line, w.code])).toEqual([[11, 'UNSUPPORTED_FIELD']]);
  });

  it('a policy admitting Prometheus to an app in the Flux namespace opens that path and closes nothing', () => {
    const base = [
      { path: 'flux.yaml', text: instance() },
      { path: 'apps.yaml', text: apps },
    ];
    const report = analyzeDiff(base, [...base, { path: 'metrics.yaml', text: metricsPolicy }]);
    expect([report.counts.opened, report.counts.closed]).toEqual([1, 0]);
    const name = (r: (typeof report.pairs)[number]['src']) => (r.type === 'workload' ? r.workload.name : r.type);
    const pair = report.pairs.find((p) => name(p.src) === 'prometheus' && name(p.dst) === 'dashboard');
    expect(pair?.opened?.toText()).toBe('TCP 8081');
    // Flux's own rules (`namespaceSelector: {}`, allow-all egress) are not the repository's to fix: no finding cites them.
    expect(report.findings.filter((f) => f.ref.file === 'flux.yaml')).toEqual([]);
  });
});
