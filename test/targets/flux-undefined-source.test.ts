/**
 * A Flux Kustomization whose source is not known to be this repository is not analysed (real-eval 12,
 * problem 4; repro 04): a `sourceRef` to a GitRepository the repository does not define (xunholy's tenant
 * `sourceRef: tenant-default`), or to one whose URL is another repository's while the clone has no remote
 * (Ramblurr's CRD Kustomizations of the cert-manager and rook chart repositories), had no `spec.path` and
 * became a target at "." — the whole repository — and its deletion read as "190 paths closed". A missing
 * path is the source's root, which every repository has: it proves nothing.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/cluster';
const source = (name: string, url: string, namespace = 'flux-system') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  url: ${url}\n  ref: {branch: main}\n`;
const ks = (name: string, src: string, path?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  prune: true\n${path ? `  path: ${path}\n` : ''}  sourceRef: {kind: GitRepository, name: ${src}}\n`;
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{ports: [{port: 80}]}]\n';
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
const APPS: Files = {
  'clusters/prod/sync.yaml': `${source('flux-system', URL)}---\n${ks('apps', 'flux-system', './apps')}`,
  'apps/kustomization.yaml': K('web'),
  'apps/web/kustomization.yaml': K('deploy.yaml, policy.yaml'),
  'apps/web/deploy.yaml': DEPLOY,
  'apps/web/policy.yaml': POLICY,
};
/** Repro 04: the tenant's GitRepository is another repository's; its Kustomization names a source defined nowhere, and no path. */
const TENANT: Files = { 'tenants/jeeong/sync.yaml': `${source('tenant-jeeong', 'https://github.com/someone-else/k8s-demo', 'default')}---\n${ks('tenant-jeeong', 'tenant-default')}` };
const repo = (map: Files) => new RepoFiles(Object.entries(map).map(([path, text]) => ({ path, text })));
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const external = (notices: readonly { code: string; message: string }[]) => notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message);

describe('a Flux Kustomization whose source is not known to be this repository (repro 04)', () => {
  it('a source the repository does not define, no spec.path: not a target, with or without a remote', () => {
    for (const repoUrls of [[], [URL]]) {
      const sel = discoverTargets(repo({ ...APPS, ...TENANT }), { repoUrls });
      expect(sel.targets.map((t) => [t.name, t.roots])).toEqual([['apps', ['apps']]]);
      expect(external(sel.notices)).toEqual(['Flux Kustomization tenant-jeeong: source GitRepository tenant-default is not defined in this repository, so it is not known to be this repository; not analysed']);
    }
  });

  it('with a spec.path that exists here, an undefined source is still not this repository', () => {
    const sel = discoverTargets(repo({ ...APPS, 'tenants/jeeong/sync.yaml': ks('tenant-jeeong', 'tenant-default', './apps/web') }), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name)).toEqual(['apps']);
    expect(external(sel.notices)).toHaveLength(1);
  });

  it("without a remote, a defined GitRepository of another repository with no spec.path is not this repository (the other source's path here shows which URL is)", () => {
    const crds = { 'infra/crds.yaml': `${source('cert-manager', 'https://github.com/cert-manager/cert-manager')}---\n${ks('cert-manager-crds', 'cert-manager')}` };
    const sel = discoverTargets(repo({ ...APPS, ...crds }));
    expect(sel.targets.map((t) => t.name)).toEqual(['apps']);
    expect(external(sel.notices)).toEqual(['Flux Kustomization cert-manager-crds: source GitRepository cert-manager (https://github.com/cert-manager/cert-manager) is not this repository; not analysed']);
  });

  it("deleting the tenant removes no target: head reads apps' no change", async () => {
    const r = await analyzeTargets(asList({ ...APPS, ...TENANT }), asList(APPS));
    expect(r.targets.map((t) => [t.name, t.lifecycle, t.report.counts.opened, t.report.counts.closed])).toEqual([['apps', undefined, 0, 0]]);
    expect(r.combined.removed).toEqual([]);
  });

  it("Flux's bootstrap source, undefined here, with a folder of this repository is this repository; with no spec.path it proves nothing", () => {
    const undefinedBootstrap = { ...APPS, 'clusters/prod/sync.yaml': ks('apps', 'flux-system', './apps') };
    expect(discoverTargets(repo(undefinedBootstrap)).targets.map((t) => t.name)).toEqual(['apps']);
    const noPath = { ...APPS, 'clusters/prod/sync.yaml': ks('apps', 'flux-system') };
    const sel = discoverTargets(repo(noPath), { repoUrls: [URL] });
    expect(sel.targets.some((t) => t.origin === 'flux')).toBe(false);
    expect(external(sel.notices)).toHaveLength(1);
  });
});
