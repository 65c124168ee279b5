/**
 * The GitRepository a Flux Operator FluxInstance's `spec.sync` makes is a source of this repository
 * (real-eval 28: rwlove/home-ops names its sync `home-ops-kubernetes` in the flux-instance chart's values;
 * every Kustomization of the cluster read "source GitRepository home-ops-kubernetes is not defined in this
 * repository; not analysed", and a policy change that opens a path read "no change").
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/cluster';
const OTHER = 'https://github.com/someone-else/fleet';
const ks = (name: string, src: string, path: string, ns = 'flux-system') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  prune: true\n  path: ${path}\n  targetNamespace: web\n  sourceRef: {kind: GitRepository, name: ${src}, namespace: ${ns}}\n`;
const instance = (sync: string, ns = 'flux-system') =>
  `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata: {name: flux, namespace: ${ns}}\nspec:\n  distribution: {version: 2.x}\n  cluster: {networkPolicy: false}\n  sync:\n${sync}`;
const SYNC = (url: string, name = 'home-kube') => `    kind: GitRepository\n    name: ${name}\n    url: ${url}\n    ref: refs/heads/main\n    path: clusters/prod\n`;
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const ALLOW = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{ports: [{port: ${port}}]}]\n`;
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
const app = (port: number): Files => ({
  'clusters/prod/apps.yaml': ks('apps', 'home-kube', './apps'),
  'apps/kustomization.yaml': K('deploy.yaml, deny.yaml, allow.yaml'),
  'apps/deploy.yaml': DEPLOY,
  'apps/deny.yaml': DENY,
  'apps/allow.yaml': ALLOW(port),
});
const repo = (map: Files) => new RepoFiles(Object.entries(map).map(([path, text]) => ({ path, text })));
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const external = (notices: readonly { code: string; message: string }[]) => notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message);

describe("a FluxInstance's sync source", () => {
  it('a FluxInstance document naming its sync: the Kustomizations of that source are targets', () => {
    const sel = discoverTargets(repo({ ...app(80), 'flux/instance.yaml': instance(SYNC(URL)) }), { repoUrls: [URL] });
    expect(sel.targets.map((t) => [t.name, t.roots, t.namespace])).toEqual([['apps', ['apps'], 'web']]);
    expect(external(sel.notices)).toEqual([]);
  });

  it("the flux-instance chart's values (a values file, a HelmRelease's inline values) are read the same way", () => {
    const valuesFile = `instance:\n  distribution: {version: 2.x}\n  sync:\n${SYNC(URL).replace(/^ {4}/gm, '    ')}`;
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: flux-instance, namespace: flux-system}\nspec:\n  chartRef: {kind: OCIRepository, name: flux-instance}\n  values:\n    instance:\n      sync:\n${SYNC(URL).replace(/^ {4}/gm, '        ')}`;
    for (const extra of [{ 'flux/helm/values.yaml': valuesFile }, { 'flux/helmrelease.yaml': release }] as Files[]) {
      const sel = discoverTargets(repo({ ...app(80), ...extra }), { repoUrls: [URL] });
      expect(sel.targets.map((t) => t.name).filter((n) => n !== 'plain manifests')).toEqual(['apps']);
      expect(external(sel.notices)).toEqual([]);
    }
  });

  it("a sync without a name is named after the FluxInstance's namespace", () => {
    const files = { ...app(80), 'clusters/prod/apps.yaml': ks('apps', 'flux', './apps', 'flux'), 'flux/instance.yaml': instance(SYNC(URL).replace('    name: home-kube\n', ''), 'flux') };
    expect(discoverTargets(repo(files), { repoUrls: [URL] }).targets.map((t) => t.name)).toEqual(['apps']);
  });

  it("a flux-instance release that writes no namespace is made where the Flux Kustomization deploying it places it (targetNamespace)", () => {
    // The release's folder is deployed by a Kustomization with targetNamespace `gitops`: the sync (no name) is `gitops/gitops`, the source the apps name.
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: flux-instance}\nspec:\n  chartRef: {kind: OCIRepository, name: flux-instance}\n  values:\n    instance:\n      sync:\n${SYNC(URL).replace('    name: home-kube\n', '').replace(/^ {4}/gm, '        ')}`;
    const placing = ks('flux-instance', 'gitops', './flux/instance', 'gitops').replace('targetNamespace: web', 'targetNamespace: gitops');
    const files = { ...app(80), 'clusters/prod/apps.yaml': ks('apps', 'gitops', './apps', 'gitops'), 'clusters/prod/instance.yaml': placing, 'flux/instance/helmrelease.yaml': release };
    const sel = discoverTargets(repo(files), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['apps', 'flux-instance']);
    expect(external(sel.notices)).toEqual([]);
    // Placed nowhere, the release is taken in flux-system, as before: the apps' source `gitops` stays unknown.
    const unplaced = discoverTargets(repo({ ...files, 'clusters/prod/instance.yaml': placing.replace('targetNamespace: gitops\n', '') }), { repoUrls: [URL] });
    expect(external(unplaced.notices)).toEqual([expect.stringContaining('source GitRepository gitops is not defined in this repository')]);
  });

  it("a sync of another repository's URL is not this repository; one of another name does not count", () => {
    const other = discoverTargets(repo({ ...app(80), 'flux/instance.yaml': instance(SYNC(OTHER)) }), { repoUrls: [URL] });
    expect(other.targets.some((t) => t.origin === 'flux')).toBe(false);
    expect(external(other.notices)).toEqual([`Flux Kustomization apps: source GitRepository home-kube (${OTHER}) is not this repository; not analysed`]);
    const renamed = discoverTargets(repo({ ...app(80), 'flux/instance.yaml': instance(SYNC(URL, 'elsewhere')) }), { repoUrls: [URL] });
    expect(external(renamed.notices)).toEqual(['Flux Kustomization apps: source GitRepository home-kube is not defined in this repository, so it is not known to be this repository; not analysed']);
  });

  it("a sync named as Flux's bootstrap source keeps the bootstrap reading, whatever its URL", () => {
    const files = { ...app(80), 'clusters/prod/apps.yaml': ks('apps', 'flux-system', './apps'), 'flux/instance.yaml': instance(SYNC(OTHER).replace('    name: home-kube\n', '')) };
    const sel = discoverTargets(repo(files), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name)).toEqual(['apps']);
    expect(external(sel.notices)).toEqual([]);
  });

  it('a policy change under a FluxInstance-synced Kustomization is analysed in its namespace', async () => {
    const base = { ...app(80), 'flux/instance.yaml': instance(SYNC(URL)) };
    const head = { ...base, 'apps/allow.yaml': ALLOW(8080) };
    const r = await analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });
    expect(r.targets.map((t) => [t.name, t.report.counts.opened > 0, t.report.counts.closed > 0])).toEqual([['apps', true, true]]);
  });
});
