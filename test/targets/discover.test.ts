/** Where targets come from (config, Argo CD, ApplicationSet, Flux, top-level kustomizations, plain) and the pieces they use. */
import { discoverTargets } from '../../src/targets/discover.js';
import { repoKey } from '../../src/targets/controller-objects.js';
import { namespaceFromPath } from '../../src/targets/namespace-from-path.js';
import { isEncrypted, skipReason } from '../../src/targets/non-manifest.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { substitute } from '../../src/targets/substitute.js';
import { readTargets } from '../../src/targets/config.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
const KUST = (resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${resources.join(', ')}]\n`;

describe('discovery, first match wins', () => {
  it('configured targets win over controller objects and layout', () => {
    const sel = discoverTargets(repo({ 'a/x.yaml': DEPLOY }), { configTargets: [{ name: 'prod', origin: 'config', roots: ['a'], helm: [], why: 'config' }] });
    expect(sel.origin).toBe('config');
    expect(sel.targets.map((t) => t.name)).toEqual(['prod']);
    expect(sel.how).toMatch(/configuration/);
  });

  it('Argo CD Applications: path, destination namespace and cluster, kustomize overrides; other repositories are noted', () => {
    const app = (name: string, path: string, url = 'https://github.com/acme/gitops.git') =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec:\n  source: {repoURL: '${url}', path: ${path}, kustomize: {namePrefix: p-}}\n  destination: {name: prod, namespace: web}\n`;
    const sel = discoverTargets(repo({ 'argo/apps.yaml': app('web', 'apps/web') + '---\n' + app('ext', 'charts/x', 'https://github.com/other/repo'), 'apps/web/d.yaml': DEPLOY }));
    expect(sel.origin).toBe('argocd');
    expect(sel.targets).toEqual([expect.objectContaining({ name: 'web', roots: ['apps/web'], namespace: 'web', cluster: 'prod', recurse: false, kustomize: expect.objectContaining({ namePrefix: 'p-' }), why: 'Application web (argo/apps.yaml:1)' })]);
    expect(sel.notices.map((n) => n.code)).toEqual(['EXTERNAL_SOURCE']);
  });

  it('with known repository URLs, a source of another repository is noted even if the path exists here', () => {
    const app = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n  source: {repoURL: 'git@github.com:other/repo.git', path: apps/web}\n  destination: {server: 'https://kubernetes.default.svc'}\n`;
    const sel = discoverTargets(repo({ 'argo.yaml': app, 'apps/web/d.yaml': DEPLOY }), { repoUrls: ['https://github.com/acme/gitops'] });
    // No target from the controllers: the layout decides (here, one plain target), and the notice stays.
    expect(sel.targets.map((t) => t.name)).toEqual(['plain manifests']);
    expect(sel.notices[0].message).toMatch(/another repository/);
    // The targets line says the controller objects were found, not that there were none.
    expect(sel.how).toBe('One target: every manifest (no targets configured; the Argo CD or Flux objects found deploy nothing from this tree (see the notes), no kustomizations).');
  });

  it('ApplicationSet git directory generator (goTemplate) gives one Application per matching folder', () => {
    const set = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata: {name: apps}',
      'spec:',
      '  goTemplate: true',
      '  generators:',
      '    - git: {repoURL: https://github.com/acme/gitops, revision: HEAD, directories: [{path: "apps/*"}, {path: apps/skip, exclude: true}]}',
      '    - clusters: {}',
      '  template:',
      '    metadata: {name: "{{.path.basename}}-{{index .path.segments 0}}"}',
      '    spec:',
      '      source: {repoURL: https://github.com/acme/gitops, path: "{{.path.path}}"}',
      '      destination: {name: prod, namespace: "{{.path.basename}}"}',
    ].join('\n');
    const sel = discoverTargets(repo({ 'set.yaml': set, 'apps/a/d.yaml': DEPLOY, 'apps/b/d.yaml': DEPLOY, 'apps/skip/d.yaml': DEPLOY }));
    expect(sel.targets.map((t) => [t.name, t.roots[0], t.namespace])).toEqual([
      ['a-apps', 'apps/a', 'a'],
      ['b-apps', 'apps/b', 'b'],
    ]);
    // The clusters generator, its clusters not here, fills no `path`: its Application's path is missing, as with known clusters.
    expect(sel.notices.map((n) => n.code)).toEqual(['CLUSTERS_UNKNOWN', 'MISSING_ROOT']);
  });

  it('Flux Kustomization: path, targetNamespace, substitute values, cluster from clusters/<name>/', () => {
    const ks = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n  targetNamespace: shop\n  postBuild:\n    substitute: {PORT: "80"}\n';
    const sel = discoverTargets(repo({ 'clusters/prod/apps.yaml': ks, 'apps/prod/d.yaml': DEPLOY }));
    expect(sel.origin).toBe('flux');
    expect(sel.targets).toEqual([expect.objectContaining({ name: 'apps', roots: ['apps/prod'], namespace: 'shop', cluster: 'prod', substitute: { PORT: '80' }, kustomize: { namespace: 'shop' } })]);
  });

  it('without config or controllers: top-level kustomizations, and the plain manifests outside them', () => {
    const sel = discoverTargets(
      repo({
        'base/kustomization.yaml': KUST(['d.yaml']),
        'base/d.yaml': DEPLOY,
        'overlays/prod/kustomization.yaml': KUST(['../../base']),
        'overlays/dev/kustomization.yaml': KUST(['../../base']),
        'loose/np.yaml': DEPLOY,
        'charts/c/Chart.yaml': 'apiVersion: v2\nname: c\n',
        'charts/c/templates/d.yaml': '{{ .x }}',
      }),
    );
    expect(sel.origin).toBe('kustomization');
    expect(sel.targets.map((t) => [t.name, t.roots])).toEqual([
      ['overlays/dev', ['overlays/dev']],
      ['overlays/prod', ['overlays/prod']],
      ['plain manifests', ['loose/np.yaml']],
    ]);
    expect(sel.notices.map((n) => n.code)).toEqual(['CHART_NOT_RENDERED']);
  });

  it('a repository of plain manifests is one target', () => {
    const sel = discoverTargets(repo({ 'a.yaml': DEPLOY }));
    expect(sel).toMatchObject({ origin: 'plain', targets: [{ name: 'plain manifests', roots: [''] }] });
  });
});

describe('pieces', () => {
  it.each([
    ['https://github.com/Acme/GitOps.git', 'github.com/acme/gitops'],
    ['git@github.com:acme/gitops.git', 'github.com/acme/gitops'],
    ['ssh://git@github.com/acme/gitops', 'github.com/acme/gitops'],
    ['ssh://git@example.com:2222/acme/gitops.git', 'example.com/acme/gitops'],
    // scp-like: no port, whatever follows the colon (an owner starting with a digit was read as one).
    ['git@github.com:100rd/platform-design.git', 'github.com/100rd/platform-design'],
    ['https://github.com/100rd/platform-design', 'github.com/100rd/platform-design'],
    ['ssh://git@github.com:22/100rd/platform-design', 'github.com/100rd/platform-design'],
  ])('repoKey(%s) = %s', (url, key) => expect(repoKey(url)).toBe(key));

  it('namespaceFromPath takes one segment for {namespace}', () => {
    const ns = namespaceFromPath('namespaces/{namespace}/**');
    expect(ns('namespaces/shop/apps/web.yaml')).toBe('shop');
    expect(ns('namespaces/shop.yaml')).toBeUndefined();
    expect(namespaceFromPath('env/*/{namespace}.yaml')('env/prod/billing.yaml')).toBe('billing');
  });

  it('Flux substitution: values, defaults, escapes, missing variables, disabled objects', () => {
    const s = substitute('a: ${A}\nb: ${B:=dflt}\nc: $${A}\nd: ${MISSING}\n---\nmetadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ne: ${A}\n', { A: 'x' });
    expect(s.text).toBe('a: x\nb: dflt\nc: ${A}\nd: \n---\nmetadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ne: ${A}\n');
    expect(s.missing).toEqual(['MISSING']);
  });

  it('Flux substitution leaves comments as written: kustomize build drops them before Flux substitutes', () => {
    const text = [
      '# ${HEADER} is no missing variable',
      'a: ${A} # ${TRAILING}',
      'b: |',
      '  # block text ${A}',
      'c: "quoted # ${A}"',
      '---',
      '# kustomize.toolkit.fluxcd.io/substitute: disabled (a comment disables nothing)',
      'd: ${A}',
      '---',
      'metadata:',
      '  annotations:',
      '    kustomize.toolkit.fluxcd.io/substitute: disabled # ${IGNORED}',
      'e: ${A}',
      '',
    ].join('\n');
    const s = substitute(text, { A: 'x' });
    expect(s.text.split('\n')).toEqual([
      '# ${HEADER} is no missing variable',
      'a: x # ${TRAILING}',
      'b: |',
      '  # block text x',
      'c: "quoted # x"',
      '---',
      '# kustomize.toolkit.fluxcd.io/substitute: disabled (a comment disables nothing)',
      'd: x',
      '---',
      'metadata:',
      '  annotations:',
      '    kustomize.toolkit.fluxcd.io/substitute: disabled # ${IGNORED}',
      'e: ${A}',
      '',
    ]);
    expect(s.missing).toEqual([]);
  });

  it.each([
    ['.github/workflows/ci.yml', 'not-a-manifest'],
    ['env/values-prod.yaml', 'not-a-manifest'],
    ['values.yaml', 'not-a-manifest'],
    ['x/Chart.yaml', 'not-a-manifest'],
    ['package.json', 'not-a-manifest'],
    ['docker-compose.yml', 'not-a-manifest'],
    ['deploy/compose.yaml', 'not-a-manifest'],
    ['k8s/kustomization.yaml', 'kustomization'],
    ['charts/web/templates/d.yaml', 'chart'],
    ['k8s/deploy.yaml', undefined],
  ])('%s is skipped as %s', (path, why) => expect(skipReason(path, '', ['charts/web'])).toBe(why));

  it('recognises SOPS and git-crypt files', () => {
    expect(isEncrypted('data:\n  a: ENC[AES256_GCM,data:x]\nsops:\n  mac: ENC[x]\n')).toBe(true);
    expect(isEncrypted('\u0000GITCRYPT\u0000abc')).toBe(true);
    expect(isEncrypted('kind: Secret\ndata: {a: b}\n')).toBe(false);
  });

  it('config targets are validated with keys named', () => {
    const problems: { key: string; message: string }[] = [];
    expect(readTargets([{ name: 'a', roots: ['x'] }, { name: 'a', roots: [], bogus: 1 }, { roots: 'y', namespaceFromPath: 'ns/**' }], 'targets', problems)).toBeUndefined();
    expect(problems.map((p) => p.key)).toEqual(['targets[1].bogus', 'targets[1].roots', 'targets[2].name', 'targets[2].namespaceFromPath', 'targets[1].name']);
    expect(readTargets([{ name: 'p', roots: 'apps/*/prod', helm: { chart: './charts/web/', valuesFiles: ['v.yaml'] }, cluster: 'c' }], 'targets', [])).toEqual([
      expect.objectContaining({ name: 'p', roots: ['apps/*/prod'], cluster: 'c', helm: [{ chart: 'charts/web', valuesFiles: ['v.yaml'], releaseName: undefined, namespace: undefined }] }),
    ]);
  });
});
