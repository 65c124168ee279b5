/**
 * Flux HelmReleases are not rendered: each is said once, at its line (src/targets/helm-releases.ts), so a
 * policy for the pods it installs is not read as a policy for pods nobody deploys without a word
 * (real-eval 10, D: flux2-kustomize-helm-example 8cee664, three new HelmReleases and no note).
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-targets-');


const release = `# the chart of a Helm repository
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 1h
  chart:
    spec:
      chart: podinfo
      sourceRef: {kind: HelmRepository, name: podinfo}
`;

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: podinfo, namespace: podinfo}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: podinfo}}
  policyTypes: [Ingress]
  ingress:
  - ports: [{port: 9898}]
`;

const flux = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  interval: 10m
  sourceRef: {kind: GitRepository, name: flux-system}
  path: ./apps
  prune: true
`;

type Json = { notices: { code: string; message: string; file?: string; line?: number }[] };

describe('Flux HelmReleases', () => {
  it('a HelmRelease a Flux Kustomization builds: one notice at its source line, in text and JSON', async () => {
    const side = (withPolicy: boolean) => ({
      'clusters/prod/apps.yaml': flux,
      'apps/kustomization.yaml': `resources:\n- ns.yaml\n- release.yaml\n${withPolicy ? '- np.yaml\n' : ''}`,
      'apps/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: podinfo}\n',
      'apps/release.yaml': release,
      ...(withPolicy ? { 'apps/np.yaml': policy } : {}),
    });
    const base = tree(side(false));
    const head = tree(side(true));
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    const notes = json.notices.filter((n) => n.code === 'HELM_RELEASE_NOT_RENDERED');
    expect(notes).toEqual([
      {
        code: 'HELM_RELEASE_NOT_RENDERED',
        message: 'Flux HelmRelease podinfo/podinfo (chart podinfo from HelmRepository podinfo) not rendered: the workloads it installs are in no analysis, and policies that select them are analysed as for pods the manifests do not hold',
        file: 'apps/release.yaml',
        line: 2,
      },
    ]);
    expect((await main(['diff', base, head])).stdout).toContain('note: Flux HelmRelease podinfo/podinfo (chart podinfo from HelmRepository podinfo) not rendered');
  });

  it('plain manifests: one notice per release; other objects of the group (a HelmRepository) none', async () => {
    const repoObject = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: {name: podinfo, namespace: podinfo}\nspec: {url: oci://example.invalid/charts}\n';
    const other = release.replace(/podinfo/g, 'redis').replace('# the chart of a Helm repository\n', '');
    const files = { 'release.yaml': `${release}---\n${other}`, 'repo.yaml': repoObject, 'np.yaml': policy };
    const json = JSON.parse((await main(['diff', tree(files), tree(files), '--format', 'json'])).stdout) as Json;
    expect(json.notices.filter((n) => n.code === 'HELM_RELEASE_NOT_RENDERED').map((n) => [n.message.split(' not rendered')[0], n.file, n.line])).toEqual([
      ['Flux HelmRelease podinfo/podinfo (chart podinfo from HelmRepository podinfo)', 'release.yaml', 2],
      ['Flux HelmRelease redis/redis (chart redis from HelmRepository redis)', 'release.yaml', 14],
    ]);
  });

  it('several releases: one note in text and Markdown naming a few, each in the JSON at its own line (a Flux repo of 61 listed 61 notes)', async () => {
    const names = ['atuin', 'bazarr', 'cilium', 'plex', 'sonarr'];
    const releases = names.map((n) => release.replace(/podinfo/g, n).replace('# the chart of a Helm repository\n', '')).join('---\n');
    const files = { 'release.yaml': releases, 'np.yaml': policy };
    const [base, head] = [tree(files), tree(files)];
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    expect(json.notices.filter((n) => n.code === 'HELM_RELEASE_NOT_RENDERED').map((n) => n.line)).toEqual([1, 13, 25, 37, 49]);
    const grouped = 'Flux HelmReleases not rendered (atuin/atuin, bazarr/bazarr, cilium/cilium and 2 more; the JSON lists each with its line): the workloads they install are in no analysis';
    const text = (await main(['diff', base, head])).stdout;
    expect(text).toContain(`note: 5 ${grouped}`);
    expect(text).toContain('(release.yaml:1)');
    expect(text).not.toContain('Flux HelmRelease sonarr');
    const md = (await main(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toContain(`- 5 ${grouped}`);
    expect(md).not.toContain('Flux HelmRelease sonarr');
  });

  it('a Kustomize patch of a release (values only, no chart) is no release: one notice, at the release it patches', async () => {
    const patch = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: podinfo, namespace: podinfo}\nspec:\n  values: {replicaCount: 2}\n';
    const files = {
      'clusters/prod/apps.yaml': flux,
      'apps/kustomization.yaml': 'resources:\n- release.yaml\npatches:\n- path: release.patch.yaml\n',
      'apps/release.yaml': release,
      'apps/release.patch.yaml': patch,
    };
    const json = JSON.parse((await main(['diff', tree(files), tree(files), '--format', 'json'])).stdout) as Json;
    expect(json.notices.filter((n) => n.code === 'HELM_RELEASE_NOT_RENDERED').map((n) => [n.file, n.line])).toEqual([['apps/release.yaml', 2]]);
  });

  it('two releases stay two notes', async () => {
    const releases = ['atuin', 'bazarr'].map((n) => release.replace(/podinfo/g, n)).join('---\n');
    const text = (await main(['diff', tree({ 'release.yaml': releases }), tree({ 'release.yaml': releases })])).stdout;
    expect(text).toContain('note: Flux HelmRelease atuin/atuin (chart atuin');
    expect(text).toContain('note: Flux HelmRelease bazarr/bazarr (chart bazarr');
  });
});
