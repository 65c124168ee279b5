/**
 * A Flux HelmRelease of the app-template chart makes one controller per entry of `values.controllers`, whose
 * pods carry the chart's labels (name, instance, controller) and the values' pod labels. Real-eval 24:
 * zhorvath83/home-ops d5e0d78ea added a policy admitting suggestarr to seerr, both app-template releases whose
 * opt-in labels (`defaultPodOptions.labels`) other policies select; read as unrendered, the diff had no
 * workload for either and reported closures for label combinations the real pods do not have.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { analyzeFiles } from '../helpers/analyze.js';

/** The note that a chartRef's source is not among the files read (manifests/chart-refs.ts): these fixtures name one they do not hold. */
const SOURCE_UNKNOWN = /spec\.chartRef names \S+ \S+, which the manifests analysed here do not define/;

function release(name: string, namespace: string, values: string, chart = '  chartRef:\n    kind: OCIRepository\n    name: app-template\n', extra = ''): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  interval: 30m
${chart}${extra}  values:
${values}`;
}

const seerr = release(
  'seerr',
  'downloads',
  `    defaultPodOptions:
      labels:
        ingress.home.arpa/allow-gateway-internal: "true"
        egress.home.arpa/allow-world: "true"
    controllers:
      seerr:
        containers:
          app:
            image:
              repository: example/seerr
            ports:
              - name: http
                containerPort: 5055
`,
);

const suggestarr = release(
  'suggestarr',
  'media',
  `    controllers:
      suggestarr:
        containers:
          app:
            image:
              repository: example/suggestarr
`,
);

/** Admits suggestarr to seerr on 5055, as the real commit's CiliumNetworkPolicy does (written as a NetworkPolicy). */
const admit = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: seerr
  namespace: downloads
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: seerr
      app.kubernetes.io/instance: seerr
      app.kubernetes.io/controller: seerr
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: media
          podSelector:
            matchLabels:
              app.kubernetes.io/name: suggestarr
      ports:
        - port: 5055
`;

/** Isolates the pods that opt in to the internal gateway, admitting the gateway's namespace only. */
const gateway = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-gateway-internal
  namespace: downloads
spec:
  podSelector:
    matchLabels:
      ingress.home.arpa/allow-gateway-internal: "true"
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: networking
`;

function workloads(files: Record<string, string>) {
  const a = analyzeFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
  return { a, workloads: a.loaded.cluster.workloads.map((w) => ({ id: w.id, labels: { ...w.podLabels }, ports: w.namedPorts.map((p) => p.name), line: w.ref.line })) };
}

describe('app-template HelmReleases', () => {
  it('make one workload per controller, with the chart labels and the values pod labels', () => {
    const { workloads: ws } = workloads({ 'seerr.yaml': seerr });
    expect(ws).toEqual([
      {
        id: 'downloads/seerr[Deployment]',
        labels: {
          'app.kubernetes.io/controller': 'seerr',
          'app.kubernetes.io/name': 'seerr',
          'app.kubernetes.io/instance': 'seerr',
          'ingress.home.arpa/allow-gateway-internal': 'true',
          'egress.home.arpa/allow-world': 'true',
        },
        ports: ['http'],
        line: 17,
      },
    ]);
  });

  it('the policy selecting them by those labels admits the other release on its port', () => {
    const { a } = workloads({ 'seerr.yaml': seerr, 'suggestarr.yaml': suggestarr, 'admit.yaml': admit });
    const row = a.json.connections.find((c) => c.src.id === 'media/suggestarr[Deployment]' && c.dst.id === 'downloads/seerr[Deployment]');
    expect(row?.conn).toEqual({ protocols: { TCP: [[5055, 5055]] } });
  });

  it('several controllers are named after the release and their identifier; pod labels win over the defaults per key; types and targetNamespace', () => {
    const values = `    global:
      nameOverride: app
    defaultPodOptions:
      labels:
        tier: default
        keep: "yes"
    controllers:
      main:
        containers:
          app:
            image:
              repository: example/a
      worker:
        type: statefulset
        pod:
          labels:
            tier: worker
        containers:
          app:
            image:
              repository: example/b
      off:
        enabled: false
        containers: {}
`;
    const text = release('rel', 'flux-system', values, '  chart:\n    spec:\n      chart: app-template\n      version: 4.1.1\n', '  targetNamespace: apps\n');
    const { workloads: ws } = workloads({ 'rel.yaml': text });
    expect(ws.map((w) => [w.id, w.labels['app.kubernetes.io/name'], w.labels['app.kubernetes.io/instance'], w.labels['app.kubernetes.io/controller'], w.labels.tier, w.labels.keep])).toEqual([
      ['apps/apps-rel-main[Deployment]', 'app', 'apps-rel', 'main', 'default', 'yes'],
      ['apps/apps-rel-worker[StatefulSet]', 'app', 'apps-rel', 'worker', 'worker', 'yes'],
    ]);
  });

  it('chart 3 labels the controller app.kubernetes.io/component; other charts are not read; valuesFrom is said', () => {
    const values = `    controllers:
      main:
        containers:
          app:
            image:
              repository: example/a
`;
    const v3 = workloads({ 'a.yaml': release('a', 'ns', values, '  chart:\n    spec:\n      chart: app-template\n      version: 3.7.3\n') }).workloads;
    expect(v3.map((w) => w.labels['app.kubernetes.io/component'])).toEqual(['main']);
    expect(workloads({ 'b.yaml': release('b', 'ns', values, '  chart:\n    spec:\n      chart: podinfo\n') }).workloads).toEqual([]);
    const from = workloads({ 'c.yaml': release('c', 'ns', values, undefined, '  valuesFrom:\n    - kind: ConfigMap\n      name: c-values\n') });
    expect(from.workloads.map((w) => w.id)).toEqual(['ns/c[Deployment]']);
    expect(from.a.json.warnings.filter((w) => !SOURCE_UNKNOWN.test(w.message)).map((w) => [w.line, w.code])).toEqual([[11, 'UNSUPPORTED_FIELD']]);
  });

  it('a policy admitting one release to another opens that workload pair, not closures for pods without the opt-in labels', () => {
    const base = [
      { path: 'seerr.yaml', text: seerr },
      { path: 'suggestarr.yaml', text: suggestarr },
      { path: 'gateway.yaml', text: gateway },
    ];
    const report = analyzeDiff(base, [...base, { path: 'admit.yaml', text: admit }]);
    const name = (r: (typeof report.pairs)[number]['src']) => (r.type === 'workload' ? r.workload.id : r.type);
    const pair = report.pairs.find((p) => name(p.src) === 'media/suggestarr[Deployment]' && name(p.dst) === 'downloads/seerr[Deployment]');
    expect(pair?.opened?.toText()).toBe('TCP 5055');
    expect(pair?.closed?.isEmpty() ?? true).toBe(true);
  });

  it('a namespace where a release of another chart installs pods is not judged by the selects-nothing findings', () => {
    const grafana = release('grafana', 'observability', '    controllers:\n      grafana:\n        containers:\n          app:\n            image:\n              repository: example/grafana\n');
    const stack = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: kube-prometheus-stack\n  namespace: observability\nspec:\n  chart:\n    spec:\n      chart: kube-prometheus-stack\n';
    const scrape = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: metrics, namespace: downloads}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: observability}}\n          podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n';
    const codes = (files: Record<string, string>) => {
      const loaded = loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
      return commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG }).map((f) => f.code).filter((c) => c.endsWith('SELECTS_NOTHING'));
    };
    // The app-template release alone puts a workload in observability: the Prometheus peer matches none of it.
    expect(codes({ 'grafana.yaml': grafana, 'seerr.yaml': seerr, 'scrape.yaml': scrape })).toEqual(['PEER_SELECTS_NOTHING']);
    // The unrendered kube-prometheus-stack release installs Prometheus there.
    expect(codes({ 'grafana.yaml': grafana, 'stack.yaml': stack, 'seerr.yaml': seerr, 'scrape.yaml': scrape })).toEqual([]);
  });

  it("a release whose head the API server would reject is analysed with base's controllers, as the message says", () => {
    const labelled = (tier: string) => release('web', 'apps', `    defaultPodOptions:\n      labels:\n        tier: "${tier}"\n    controllers:\n      web:\n        containers:\n          app:\n            image:\n              repository: example/web\n`);
    const isolate = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: apps}\nspec:\n  podSelector: {matchLabels: {tier: a}}\n  policyTypes: [Ingress]\n';
    const report = analyzeDiff(
      [{ path: 'web.yaml', text: labelled('a') }, { path: 'p.yaml', text: isolate }],
      [{ path: 'web.yaml', text: labelled('bad value!') }, { path: 'p.yaml', text: isolate }],
    );
    expect(report.warnings.head.map((w) => w.code)).toContain('INVALID_LABEL');
    expect(report.warnings.head.find((w) => w.code === 'INVALID_FIELD')?.message).toMatch(/the cluster keeps base's version .*; analysed with base's$/);
    // Base's labels (tier=a) stay: the policy still isolates the pods, so nothing opens.
    expect([report.counts.opened, report.counts.closed]).toEqual([0, 0]);
  });

  it('a values pod label a Flux variable without a value emptied is read as "" and said at its line', () => {
    const text = release('web', 'apps', '    defaultPodOptions:\n      labels:\n        tier:\n    controllers:\n      web:\n        containers:\n          app:\n            image:\n              repository: example/web\n');
    const read = loadManifests([{ path: 'web.yaml', text, emptied: new Map([[14, ['TIER']]]) }]);
    expect(read.cluster.workloads.map((w) => w.podLabels.tier)).toEqual(['']);
    expect(read.diagnostics.filter((d) => !SOURCE_UNKNOWN.test(d.message)).map((d) => [d.code, d.ref.line, d.message.replace(/ \(Flux[^)]*\)/, '')])).toEqual([['UNSUPPORTED_PEER', 14, expect.stringMatching(/defaultPodOptions\.labels: "tier": \$\{TIER\} has no value here, leaving ""; the pods are read with tier="" here/)]]);
  });
});

describe('other HelmRelease values a Flux variable without a value emptied (left24): said at their line, never read silently', () => {
  const said = (read: ReturnType<typeof loadManifests>) => read.diagnostics.filter((d) => !SOURCE_UNKNOWN.test(d.message)).map((d) => [d.code, d.ref.line, d.message.replace(/ \(Flux[^)]*\)/, '')] as const).sort((a, b) => a[1] - b[1]);

  it('a controller and a container enabled, a container port name and number', () => {
    const values = [
      '    controllers:', //              12
      '      web:', //                    13
      '        enabled:', //              14 (${WEB_ON})
      '        containers:',
      '          app:',
      '            image: {repository: example/web}',
      '      worker:', //                 18
      '        containers:',
      '          app:', //                20
      '            enabled:', //          21 (${APP_ON})
      '            image: {repository: example/worker}',
      '            ports:',
      '              - name:', //         24 (${PORT_NAME})
      '                containerPort: 8080',
      '              - name: metrics',
      '                containerPort:', // 27 (${METRICS_PORT})
    ].join('\n');
    const text = release('jobs', 'apps', `${values}\n`);
    const emptied = new Map([[14, ['WEB_ON']], [21, ['APP_ON']], [24, ['PORT_NAME']], [27, ['METRICS_PORT']]]);
    const read = loadManifests([{ path: 'jobs.yaml', text, emptied }]);
    expect(read.cluster.workloads.map((w) => [w.id, w.namedPorts])).toEqual([['apps/jobs[Deployment]', []]]);
    expect(said(read)).toEqual([
      ['UNSUPPORTED_PEER', 14, expect.stringMatching(/values\.controllers\.web\.enabled: \$\{WEB_ON\} has no value here, leaving ""; the controller is read as disabled/)],
      ['UNSUPPORTED_PEER', 21, expect.stringMatching(/values\.controllers\.worker\.containers\.app\.enabled: \$\{APP_ON\} has no value here, leaving ""; the container is read as enabled/)],
      ['UNSUPPORTED_PEER', 24, expect.stringMatching(/containers\[0\]\.ports\[0\]\.name: \$\{PORT_NAME\} has no value here, leaving ""; the port is read without a name/)],
      ['UNSUPPORTED_PEER', 27, expect.stringMatching(/containers\[0\]\.ports\[1\]\.containerPort: \$\{METRICS_PORT\} has no value here, leaving ""; the port is not read here/)],
    ]);
  });

  it("the release's targetNamespace, releaseName and nameOverride: read as not set, and said", () => {
    const text = release('web', 'apps', '    global:\n      nameOverride:\n    controllers:\n      web:\n        containers:\n          app:\n            image: {repository: example/web}\n', undefined, '  targetNamespace:\n  releaseName:\n');
    const read = loadManifests([{ path: 'web.yaml', text, emptied: new Map([[11, ['NS']], [12, ['RELEASE']], [15, ['NAME']]]) }]);
    expect(read.cluster.workloads.map((w) => [w.id, w.podLabels['app.kubernetes.io/instance'], w.podLabels['app.kubernetes.io/name']])).toEqual([['apps/web[Deployment]', 'web', 'web']]);
    expect(said(read).map(([code, line]) => [code, line])).toEqual([['UNSUPPORTED_PEER', 11], ['UNSUPPORTED_PEER', 12], ['UNSUPPORTED_PEER', 15]]);
    expect(said(read)[0][2]).toMatch(/spec\.targetNamespace: \$\{NS\} has no value here, leaving ""; its pods are read in the release's namespace apps/);
  });

  it("a controller's type: read as not set (a deployment), and said", () => {
    const text = release('web', 'apps', '    controllers:\n      web:\n        type:\n        containers:\n          app:\n            image: {repository: example/web}\n');
    const read = loadManifests([{ path: 'web.yaml', text, emptied: new Map([[14, ['KIND']]]) }]);
    expect(read.cluster.workloads.map((w) => w.id)).toEqual(['apps/web[Deployment]']);
    expect(said(read)).toEqual([['UNSUPPORTED_PEER', 14, expect.stringMatching(/values\.controllers\.web\.type: \$\{KIND\} has no value here, leaving ""; read as not set: the controller is read as a deployment$/)]]);
  });

  it("another chart's targetNamespace: the namespace its pods are taken to be in is said", () => {
    const text = release('podinfo', 'apps', '    replicaCount: 1\n', '  chart:\n    spec:\n      chart: podinfo\n', '  targetNamespace:\n');
    const read = loadManifests([{ path: 'podinfo.yaml', text, emptied: new Map([[11, ['NS']]]) }]);
    expect(said(read)).toEqual([['UNSUPPORTED_PEER', 11, expect.stringMatching(/HelmRelease apps\/podinfo: spec\.targetNamespace: \$\{NS\} has no value here, leaving ""; the pods it installs are taken to be in the release's namespace apps/)]]);
  });

  it('a Deployment container port name: the same (a rule naming it does not match it here)', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: apps}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - name: c\n          image: i\n          ports:\n            - name:\n              containerPort: 8080\n';
    const read = loadManifests([{ path: 'api.yaml', text, emptied: new Map([[13, ['PORT_NAME']]]) }]);
    expect(read.cluster.workloads[0].namedPorts).toEqual([]);
    expect(said(read).map(([code, line]) => [code, line])).toEqual([['UNSUPPORTED_PEER', 13]]);
  });
});
