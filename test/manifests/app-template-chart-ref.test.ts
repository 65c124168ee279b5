/**
 * An app-template HelmRelease whose `spec.chartRef` names an OCIRepository (or HelmChart) writes no chart version:
 * the source's `spec.ref.tag` / `semver` (a HelmChart's `spec.version`) is the version, often in another file, and
 * the chart's major decides the pods' controller label (chart 3 `app.kubernetes.io/component`, chart 4
 * `app.kubernetes.io/controller`). Such releases were read as chart 4 whatever the source pinned, so a policy
 * peer written with chart 3's label read as matching nothing, and a tag bump from 3 to 4 changed no path.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { loadManifests } from '../../src/manifests/load.js';
import { tagMajor } from '../../src/manifests/kinds/chart-sources.js';

/** An app-template release `name` in `ns` with one controller (or `controllers`), its chart by `chartRef`. */
function release(name: string, ns: string, chartRef = '    kind: OCIRepository\n    name: app-template\n', controllers = [name]): string {
  const entries = controllers.map((c) => `      ${c}:\n        containers:\n          app:\n            image: {repository: example/${c}}\n            ports: [{name: http, containerPort: 8080}]\n`).join('');
  return `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  interval: 30m
  chartRef:
${chartRef}  values:
    controllers:
${entries}`;
}

/** An OCIRepository `name` in `ns` (none: the build places it) whose `spec.ref` is `ref` (YAML lines under `ref:`; none: no ref). */
function source(ref: string | undefined, name = 'app-template', ns?: string): string {
  return `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  interval: 12h
  url: oci://registry.example/charts/app-template
${ref === undefined ? '' : `  ref:\n${ref}`}`;
}

/** The controller label keys of the workloads of `files`, by workload id, and the warnings said. */
function read(files: Record<string, string>) {
  const loaded = loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
  const labels = Object.fromEntries(loaded.cluster.workloads.map((w) => [w.id, Object.keys(w.podLabels).filter((k) => k === 'app.kubernetes.io/component' || k === 'app.kubernetes.io/controller')]));
  const said = loaded.diagnostics.filter((d) => d.code === 'UNSUPPORTED_FIELD').map((d) => ({ at: `${d.ref.file}:${d.ref.line}`, message: d.message }));
  return { labels, said, loaded };
}

const CHART3 = ['app.kubernetes.io/component'];
const CHART4 = ['app.kubernetes.io/controller'];

describe('app-template chartRef: the chart version is the OCIRepository\'s', () => {
  it('a tag 3.7.3 reads the values as chart 3: the component label and chart 3\'s names', () => {
    const { labels, said } = read({ 'apps/web.yaml': release('web', 'apps'), 'apps/oci.yaml': source('    tag: 3.7.3\n', 'app-template', 'apps') });
    expect(labels).toEqual({ 'apps/web[Deployment]': CHART3 });
    expect(said).toEqual([]);
    // Two controllers, one named like the release's end: chart 3 appends the identifier anyway, chart 4 does not.
    const two = (tag: string) => read({ 'a.yaml': release('shop-worker', 'apps', undefined, ['main', 'worker']), 'o.yaml': source(`    tag: ${tag}\n`, 'app-template', 'apps') }).labels;
    expect(Object.keys(two('3.7.3')).sort()).toEqual(['apps/shop-worker-main[Deployment]', 'apps/shop-worker-worker[Deployment]']);
    expect(Object.keys(two('4.4.0')).sort()).toEqual(['apps/shop-worker-main[Deployment]', 'apps/shop-worker[Deployment]']);
  });

  it('a tag 4.4.0, and a semver ">=4.0.0", read as chart 4, unsaid; "^3.0" and "<4.0.0" as chart 3', () => {
    const as = (ref: string) => read({ 'web.yaml': release('web', 'apps'), 'oci.yaml': source(ref, 'app-template', 'apps') });
    expect(as('    tag: v4.4.0\n')).toMatchObject({ labels: { 'apps/web[Deployment]': CHART4 }, said: [] });
    expect(as('    semver: ">=4.0.0"\n')).toMatchObject({ labels: { 'apps/web[Deployment]': CHART4 }, said: [] });
    expect(as('    semver: "^3.0"\n')).toMatchObject({ labels: { 'apps/web[Deployment]': CHART3 }, said: [] });
    expect(as('    semver: "<4.0.0"\n')).toMatchObject({ labels: { 'apps/web[Deployment]': CHART3 }, said: [] });
    // Masterminds syntax: commas join comparators, `=>` is `>=`.
    expect(as('    semver: ">=3.0.0, <4.0.0"\n')).toMatchObject({ labels: { 'apps/web[Deployment]': CHART3 }, said: [] });
    expect(as('    semver: "=>4.0"\n')).toMatchObject({ labels: { 'apps/web[Deployment]': CHART4 }, said: [] });
    // Flux takes the semver range over the tag.
    expect(as('    tag: 4.4.0\n    semver: 3.x\n').labels).toEqual({ 'apps/web[Deployment]': CHART3 });
  });

  it('a range admitting chart 3 and later majors is read as its lower bound, and said at its line', () => {
    const { labels, said } = read({ 'web.yaml': release('web', 'apps'), 'oci.yaml': source('    semver: ">=3.0.0"\n', 'app-template', 'apps') });
    expect(labels).toEqual({ 'apps/web[Deployment]': CHART3 });
    expect(said).toEqual([{ at: 'oci.yaml:10', message: expect.stringMatching(/^OCIRepository apps\/app-template \(spec\.ref\.semver >=3\.0\.0\) admits chart 3 and later majors, and Flux pulls the newest it admits: the app-template releases that use it \(HelmRelease apps\/web\) are read as chart 3, the range's lower bound/) }]);
  });

  it('a digest alone names no version: read as chart 4, said at the digest line; a tag beside a digest is read', () => {
    const digest = '    digest: sha256:0123456789abcdef\n';
    const { labels, said } = read({ 'web.yaml': release('web', 'apps'), 'oci.yaml': source(digest, 'app-template', 'apps') });
    expect(labels).toEqual({ 'apps/web[Deployment]': CHART4 });
    expect(said).toEqual([{ at: 'oci.yaml:10', message: 'OCIRepository apps/app-template (spec.ref.digest sha256:0123456789abcdef) pins only a digest, which names no version: the app-template releases that use it (HelmRelease apps/web) are read as chart 4, the current one (their pods carry app.kubernetes.io/controller, where chart 3 sets app.kubernetes.io/component)' }]);
    expect(read({ 'web.yaml': release('web', 'apps'), 'oci.yaml': source(`    tag: 3.7.3\n${digest}`, 'app-template', 'apps') })).toMatchObject({ labels: { 'apps/web[Deployment]': CHART3 }, said: [] });
    // No ref at all: Flux pulls `latest`; said at the source.
    expect(read({ 'web.yaml': release('web', 'apps'), 'oci.yaml': source(undefined, 'app-template', 'apps') }).said.map((s) => s.at + ' ' + s.message.split(':')[0])).toEqual(['oci.yaml:1 OCIRepository apps/app-template names no version (Flux pulls the tag latest)']);
  });

  it('the OCIRepository in another file and namespace (chartRef.namespace), and in a Kustomize component every app includes', () => {
    const ref = '    kind: OCIRepository\n    name: app-template\n    namespace: flux-system\n';
    const other = read({ 'apps/web/release.yaml': release('web', 'apps', ref), 'flux/repos/app-template.yaml': source('    tag: 3.7.3\n', 'app-template', 'flux-system') });
    expect(other.labels).toEqual({ 'apps/web[Deployment]': CHART3 });
    // Without chartRef.namespace the release's own namespace is meant: flux-system's source is another object.
    const elsewhere = read({ 'apps/web/release.yaml': release('web', 'apps'), 'flux/repos/app-template.yaml': source('    tag: 3.7.3\n', 'app-template', 'flux-system') });
    expect(elsewhere.labels).toEqual({ 'apps/web[Deployment]': CHART4 });
    // A component placing the source in each app's namespace, as the app's kustomization sets it.
    const component = {
      'components/common/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ./oci.yaml\n',
      'components/common/oci.yaml': source('    tag: 3.7.3\n'),
      'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: web\nresources:\n  - ./release.yaml\ncomponents:\n  - ../../components/common\n',
      'apps/web/release.yaml': release('web', 'web'),
      'apps/db/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: db\nresources:\n  - ./release.yaml\ncomponents:\n  - ../../components/common\n',
      'apps/db/release.yaml': release('db', 'db'),
    };
    expect(read(component)).toMatchObject({ labels: { 'web/web[Deployment]': CHART3, 'db/db[Deployment]': CHART3 }, said: [] });
  });

  it('a missing OCIRepository: read as chart 4, said once at the first release\'s chartRef line, naming the releases', () => {
    const { labels, said } = read({ 'a.yaml': release('a', 'apps'), 'b.yaml': release('b', 'apps') });
    expect(labels).toEqual({ 'apps/a[Deployment]': CHART4, 'apps/b[Deployment]': CHART4 });
    expect(said).toEqual([{ at: 'a.yaml:8', message: 'HelmRelease apps/a, HelmRelease apps/b: spec.chartRef names OCIRepository apps/app-template, which the manifests analysed here do not define, so the chart version is not known: read as app-template chart 4, the current one (their pods carry app.kubernetes.io/controller, where chart 3 sets app.kubernetes.io/component)' }]);
  });

  it('a HelmChart source: its spec.version', () => {
    const chart = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: app-template\n  namespace: apps\nspec:\n  chart: app-template\n  version: "3.7.x"\n  sourceRef: {kind: HelmRepository, name: bjw-s}\n';
    expect(read({ 'web.yaml': release('web', 'apps', '    kind: HelmChart\n    name: app-template\n'), 'chart.yaml': chart })).toMatchObject({ labels: { 'apps/web[Deployment]': CHART3 }, said: [] });
  });
});

describe('an app-template major reachdiff does not know (chart 5 on, chart 1) is read as the nearest known one and said', () => {
  /** A release whose chart is written in `spec.chart.spec` at `version` (line 9 of its file). */
  const direct = (version: string) => release('web', 'apps', '').replace('  chartRef:\n', `  chart:\n    spec:\n      chart: app-template\n      version: "${version}"\n`);

  it('in spec.chart.spec.version: said at the version line of the release, naming it, the major and the nearest read', () => {
    for (const [version, labels, major, nearest] of [
      ['5.0.0', CHART4, 5, 4],
      ['^6.1', CHART4, 6, 4],
      ['>=5.0.0, <6', CHART4, 5, 4],
      ['1.5.1', CHART3, 1, 2],
    ] as const) {
      const { labels: got, said } = read({ 'apps/web.yaml': direct(version) });
      expect([version, got]).toEqual([version, { 'apps/web[Deployment]': labels }]);
      expect([version, said]).toEqual([
        version,
        [{ at: 'apps/web.yaml:11', message: `HelmRelease apps/web: app-template chart ${major} (spec.chart.spec.version ${version}) is a major reachdiff does not know (it reads charts 2 to 4): read as chart ${nearest}, the nearest it knows, so the pods' labels and the workloads' names may differ from what the chart makes` }],
      ]);
    }
    // Known majors, and a range from a known major on: unsaid.
    for (const version of ['2.6.0', '3.7.3', '4.4.0', '>=4.0.0']) expect([version, read({ 'apps/web.yaml': direct(version) }).said]).toEqual([version, []]);
  });

  it('in the source a chartRef names: said once at the version line of the source, naming the releases', () => {
    const files = (ref: string) => ({ 'a.yaml': release('a', 'apps'), 'b.yaml': release('b', 'apps'), 'oci.yaml': source(ref, 'app-template', 'apps') });
    const five = read(files('    tag: 5.0.0\n'));
    expect(five.labels).toEqual({ 'apps/a[Deployment]': CHART4, 'apps/b[Deployment]': CHART4 });
    expect(five.said).toEqual([
      { at: 'oci.yaml:10', message: "OCIRepository apps/app-template (spec.ref.tag 5.0.0) serves app-template chart 5, a major reachdiff does not know (it reads charts 2 to 4): the app-template releases that use it (HelmRelease apps/a, HelmRelease apps/b) are read as chart 4, the nearest it knows, so the pods' labels and the workloads' names may differ from what the chart makes" },
    ]);
    const one = read(files('    semver: "~1.5"\n'));
    expect(one.labels).toEqual({ 'apps/a[Deployment]': CHART3, 'apps/b[Deployment]': CHART3 });
    expect(one.said.map((s) => s.at + ' ' + s.message.split(':')[0])).toEqual(['oci.yaml:10 OCIRepository apps/app-template (spec.ref.semver ~1.5) serves app-template chart 1, a major reachdiff does not know (it reads charts 2 to 4)']);
  });
});

describe('a version change of the OCIRepository is a change of the releases that use it', () => {
  /** A policy admitting the chart-3-labelled front pods to the api, as a chart-3 values author writes it. */
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: apps}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: api}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app.kubernetes.io/component: front}}
`;
  const files = (tag: string) => [
    { path: 'apps/api.yaml', text: release('api', 'apps') },
    { path: 'apps/front.yaml', text: release('front', 'apps') },
    { path: 'apps/policy.yaml', text: policy },
    { path: 'flux/oci.yaml', text: source(`    tag: ${tag}\n`, 'app-template', 'apps') },
  ];

  const frontToApi = (report: ReturnType<typeof analyzeDiff>) => report.pairs.filter((p) => p.src.type === 'workload' && p.src.workload.id === 'apps/front[Deployment]' && p.dst.type === 'workload' && p.dst.workload.id === 'apps/api[Deployment]');

  it('3.7.3 → 4.4.0 closes what the chart-3 label admitted; 4.4.0 → 3.7.3 opens it, and the rollback reverts the tag', () => {
    expect(frontToApi(analyzeDiff(files('3.7.3'), files('4.4.0'))).map((p) => [p.closed !== null, p.opened !== null])).toEqual([[true, false]]);
    const back = analyzeDiff(files('4.4.0'), files('3.7.3'));
    expect(frontToApi(back).map((p) => [p.closed !== null, p.opened !== null])).toEqual([[false, true]]);
    expect(back.rollback.documents.map((d) => d.head?.file)).toEqual(['flux/oci.yaml']);
    expect(back.rollback.patch).toContain('+    tag: 4.4.0');
    // A tag of the same major on both sides: no change.
    const same = analyzeDiff(files('3.7.3'), files('3.7.2'));
    expect([same.counts.opened, same.counts.closed]).toEqual([0, 0]);
  });
});

describe('chart versions as Flux reads them', () => {
  it('tags', () => {
    expect(['3.7.3', 'v4.4.0', '4', '4.4.0-rc.1', 'latest', 'sha-abc'].map(tagMajor)).toEqual([3, 4, 4, 4, undefined, undefined]);
  });
  // Ranges: test/manifests/version-ranges.test.ts.
});

describe('a release naming the OCIRepository of another build (a component two Flux Kustomizations use splits the load)', () => {
  const files = (tag: string) => [
    { path: 'apps/web.yaml', text: release('web', 'apps'), build: '1' },
    { path: 'flux/oci.yaml', text: source(`    tag: ${tag}\n`, 'app-template', 'apps'), build: '2' },
  ];
  const controllerKeys = (workloads: readonly { readonly podLabels: Record<string, string> }[]) => workloads.map((w) => Object.keys(w.podLabels).filter((k) => k.startsWith('app.kubernetes.io/c')));

  it('reads its version, unsaid, and again the reverted version when the source alone is reloaded', () => {
    const base = loadManifests(files('3.7.3'));
    expect(controllerKeys(base.cluster.workloads)).toEqual([CHART3]);
    expect(base.diagnostics.filter((d) => d.code === 'UNSUPPORTED_FIELD')).toEqual([]);
    const head = loadManifests(files('4.4.0'));
    expect(controllerKeys(head.cluster.workloads)).toEqual([CHART4]);
    // A rollback's reload of head with the source's base text: the other build's release is read as chart 3 again.
    const reverted = head.reload!(new Map([['flux/oci.yaml', files('3.7.3')[1].text]]));
    expect(controllerKeys(reverted!.workloads)).toEqual([CHART3]);
  });
});
