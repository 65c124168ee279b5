/**
 * Retired configuration kept in an `archive/`-named folder is no deployment unless a deployed Flux build
 * reads it (retired-folders.ts): onedr0p/home-ops 1c24dfb5d0 told 79 "path does not exist" notes for its
 * `.archive/` Kustomizations, xunholy/k8s-gitops 101ca8542 made 54 `.archive/` folders layout targets, and
 * bjw-s/home-ops d5e8e7396 failed (exit 1) on a build of an archived folder it had edited.
 */
import { main } from '../../src/cli/main.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const GIT = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, path: string, source = 'kind: GitRepository, name: flux-system') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  prune: true\n  sourceRef: {${source}}\n`;
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
/** The cluster's entry point builds `apps/`, whose generated kustomization reads each app's ks.yaml. */
const LIVE: Files = {
  'clusters/prod/sync.yaml': `${GIT}---\n${ks('apps', './apps')}`,
  'apps/web/ks.yaml': ks('web', './apps/web/app'),
  'apps/web/app/kustomization.yaml': K('deploy.yaml'),
  'apps/web/app/deploy.yaml': deploy('web'),
};
/** An app moved to `.archive/`: its Kustomization still names its old path, and its folder is a kustomization. */
const ARCHIVED: Files = {
  '.archive/old/ks.yaml': `${ks('old', './apps/old/app')}---\n${ks('old-extras', './.archive/old/app')}`,
  '.archive/old/app/kustomization.yaml': K('deploy.yaml'),
  '.archive/old/app/deploy.yaml': deploy('old'),
};
const repo = (map: Files) => new RepoFiles(Object.entries(map).map(([path, text]) => ({ path, text })));
const codes = (notices: readonly { code: string }[]) => notices.map((n) => n.code);

describe('archived Flux objects that no deployed build reads', () => {
  it('are no targets and make no "path does not exist" notes; one note says what was left out', () => {
    const sel = discoverTargets(repo({ ...LIVE, ...ARCHIVED }), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name)).toEqual(['apps', 'web']);
    expect(codes(sel.notices)).toEqual(['RETIRED_FOLDERS']);
    expect(sel.notices[0]).toMatchObject({
      message: "Left out as retired: 2 Flux Kustomizations (old, old-extras) and the 3 files under .archive/, which no deployed Flux Kustomization's build reads; they are no deployments, not targets (a build that reads a retired file keeps it deployed)",
      ref: { file: '.archive/old/ks.yaml', line: 1 },
    });
  });

  it('the layout (the sources are not this repository): archived kustomization folders are no top-level targets', () => {
    const oci = (files: Files) => Object.fromEntries(Object.entries(files).map(([p, t]) => [p, t.replace(/kind: GitRepository, name: flux-system/g, 'kind: OCIRepository, name: cluster')]));
    const sel = discoverTargets(repo(oci({ ...LIVE, ...ARCHIVED })), { repoUrls: [URL] });
    expect(sel.origin).toBe('kustomization');
    expect(sel.targets.map((t) => t.name)).toEqual(['apps/web/app', 'plain manifests']);
    expect(codes(sel.notices)).toContain('RETIRED_FOLDERS');
  });

  it('reachability, not the name, decides: an archived folder a deployed build reads stays deployed, and so does a Kustomization it holds', () => {
    const kept = { ...LIVE, 'apps/kustomization.yaml': K('web/ks.yaml, ../.archive/old/ks.yaml'), ...ARCHIVED };
    const sel = discoverTargets(repo(kept), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name)).toEqual(['apps', 'web', 'old-extras']);
    expect(codes(sel.notices)).toEqual(['MISSING_ROOT']);
  });

  it('a repository without Flux Kustomizations keeps its layout: an archive folder is still a target there', () => {
    const sel = discoverTargets(repo({ 'apps/web/kustomization.yaml': K('deploy.yaml'), 'apps/web/deploy.yaml': deploy('web'), 'archive/old/kustomization.yaml': K('deploy.yaml'), 'archive/old/deploy.yaml': deploy('old') }));
    expect(sel.targets.map((t) => t.name)).toEqual(['apps/web', 'archive/old']);
    // Every Flux Kustomization retired: no entry point is known, and nothing is left out.
    const all = discoverTargets(repo({ 'archive/clusters/prod/sync.yaml': LIVE['clusters/prod/sync.yaml'], 'apps/web/app/kustomization.yaml': K('deploy.yaml'), 'apps/web/app/deploy.yaml': deploy('web') }), { repoUrls: [URL] });
    expect(all.targets.map((t) => t.name)).toEqual(['apps']);
    expect(codes(all.notices)).toEqual([]);
  });

  it('a pull request editing only archived files: no change, nothing "not analysed", exit 0', async () => {
    const edited = { ...ARCHIVED, '.archive/old/app/deploy.yaml': deploy('old').replace('image: old', 'image: old:2'), '.archive/old/app/kustomization.yaml': K('deploy.yaml, ../../../missing') };
    const [b, h] = await Promise.all([tempFolder({ ...LIVE, ...ARCHIVED }), tempFolder({ ...LIVE, ...edited })]);
    const out = await main(['diff', b, h]);
    expect(out.exitCode).toBe(0);
    // apps deploys web: one Flux tree, one cluster model (flux-clusters.ts).
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(out.stdout).not.toContain('Not analysed');
    expect(out.stdout).toContain('note: Left out as retired: 2 Flux Kustomizations (old, old-extras)');
  });
});
