/**
 * A repository whose Argo CD Applications name its own Git server while the clone under review is the GitHub
 * copy (mirror-urls.ts; real-eval 17, ArthurVardevanyan/HomeLab): the Applications are this repository's, so the
 * apps of one cluster form one model, and a label change in one app that another app's policy selects is seen.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'p-argocd-mirror');

interface Json {
  summary: { opened: number; closed: number };
  pairs: { src: { id: string }; dst: { id: string }; target: string }[];
  targetSelection: { origin: string };
  targets: { name: string; members: { name: string }[] }[];
  notices: { code: string; message: string }[];
}

/** The fixture's base and head as two commits of a repository whose only remote is `remote`, diffed as the CLI does. */
async function diffWithRemote(remote: string): Promise<{ exitCode: number; json: Json }> {
  const repo = await tempDir('reachdiff-mirror-');
  git(repo, 'init', '-q');
  for (const side of ['base', 'head']) {
    rmSync(join(repo, 'apps'), { recursive: true, force: true });
    cpSync(join(FIX, side), repo, { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', side);
  }
  git(repo, 'remote', 'add', 'origin', remote);
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
  expect(out.stderr).toBe('');
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
}

test('Applications naming this repository on its own Git server are this repository: one cluster model, the opened path seen', async () => {
  const { exitCode, json } = await diffWithRemote('https://github.com/acme/gitops.git');
  expect(json.targetSelection.origin).toBe('argocd');
  expect(json.targets.map((t) => [t.name, t.members.map((m) => m.name)])).toEqual([['in-cluster', ['web', 'db']]]);
  // web's pods now carry the label db's policy admits (read apart, each app its own cluster: "no change").
  expect(json.pairs.map((p) => [p.src.id, p.dst.id])).toEqual([['web/web[Deployment]', 'db/db[Deployment]']]);
  expect(exitCode).toBe(1);
  expect(json.notices.filter((n) => n.code === 'EXTERNAL_SOURCE')).toEqual([]);
  // One notice per mirrored repository (db's scp-like URL is the same one), naming the object and the folder that show it.
  expect(json.notices.filter((n) => n.code === 'MIRROR_SOURCE').map((n) => n.message)).toEqual([
    'https://git.acme.example/acme/gitops.git is taken as this repository (https://github.com/acme/gitops.git) on another host: the same owner and name, and Application web uses it with path apps/web, which exists here (a mirror; if it is another repository, configure targets:)',
  ]);
});

test('another owner or name on the other host stays another repository', async () => {
  const { json } = await diffWithRemote('https://github.com/acme/platform.git');
  expect(json.targetSelection.origin).not.toBe('argocd');
  expect(json.notices.map((n) => n.code)).toContain('EXTERNAL_SOURCE');
  expect(json.notices.map((n) => n.code)).not.toContain('MIRROR_SOURCE');
});

test('a Flux source naming this repository on its own Git server: a change to it is a change of this repository\'s revision', async () => {
  const source = (ref: string) =>
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: gitops, namespace: flux-system}\nspec:\n  interval: 1m\n  url: ssh://git@gitea.acme.example/acme/gitops.git\n  ref: {${ref}}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: gitops}\n`;
  const repo = await tempDir('reachdiff-mirror-flux-');
  git(repo, 'init', '-q', '-b', 'main');
  const app = { 'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: web\nresources: [deployment.yaml]\n', 'apps/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n' };
  for (const ref of ['branch: main', 'tag: v2.0.0']) {
    await writeFiles(repo, Object.entries({ ...app, 'clusters/main/sources.yaml': source(ref) }).map(([path, text]) => ({ path, text })));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', ref);
  }
  git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/gitops.git');
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--branch', 'main', '--format', 'json']);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.targetSelection.origin).toBe('flux');
  expect(json.notices.filter((n) => n.code === 'MIRROR_SOURCE').map((n) => n.message)).toEqual([expect.stringMatching(/^ssh:\/\/git@gitea\.acme\.example\/acme\/gitops\.git is taken as this repository \(git@github\.com:acme\/gitops\.git\) on another host: .*Flux Kustomization apps uses it with path apps,/)]);
  // Said as this repository's revision, not as another repository's files (source-changes.ts).
  expect(json.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message)).toEqual([expect.stringMatching(/^Not analysed: Flux GitRepository flux-system\/gitops, this repository, changed in clusters\/main\/sources\.yaml .*now deploys that revision of this repository/)]);
});

describe('a Flux source that syncs its own definition is this repository under the URL it was set up with (a renamed repository)', () => {
  const kustomization = (name: string, path: string, source: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: ${source}}\n`;
  // `selfSync`: a flux-system Kustomization syncs ./clusters/main, the folder holding these definitions, from the source.
  const sync = (url: string, selfSync: boolean) =>
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: home, namespace: flux-system}\nspec:\n  interval: 1m\n  url: ${url}\n  ref: {branch: main}\n---\n${selfSync ? `${kustomization('flux-system', './clusters/main', 'home')}---\n` : ''}${kustomization('apps', './apps', 'home')}`;
  const APP = {
    'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: web\nresources: [deployment.yaml, deny.yaml]\n',
    'apps/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n',
    'apps/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
  };
  /** The app's default-deny dropped from its kustomization, under a Flux sync from `url`; origin acme-labs/gitops. */
  async function renamed(url: string, selfSync: boolean): Promise<Json> {
    const repo = await tempDir('reachdiff-renamed-');
    git(repo, 'init', '-q', '-b', 'main');
    for (const resources of ['deployment.yaml, deny.yaml', 'deployment.yaml']) {
      const files = { ...APP, 'apps/kustomization.yaml': APP['apps/kustomization.yaml'].replace('deployment.yaml, deny.yaml', resources), 'clusters/main/flux-system/gotk-sync.yaml': sync(url, selfSync) };
      await writeFiles(repo, Object.entries(files).map(([path, text]) => ({ path, text })));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', resources);
    }
    git(repo, 'remote', 'add', 'origin', 'https://github.com/acme-labs/gitops.git');
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--branch', 'main', '--format', 'json']);
    return JSON.parse(out.stdout) as Json;
  }

  it('a source naming the old owner that syncs the folder defining it deploys this repository', async () => {
    const json = await renamed('ssh://git@github.com/acme/gitops', true);
    expect(json.targetSelection.origin).toBe('flux');
    expect(json.notices.map((n) => n.code)).not.toContain('EXTERNAL_SOURCE');
    expect(json.notices.filter((n) => n.code === 'MIRROR_SOURCE').map((n) => n.message)).toEqual([
      'ssh://git@github.com/acme/gitops is taken as this repository (https://github.com/acme-labs/gitops.git): Flux Kustomization flux-system syncs path clusters/main from it, the folder that holds clusters/main/flux-system/gotk-sync.yaml, where that Kustomization and its source are defined (a repository renamed or moved since; if it is another repository, configure targets:)',
    ]);
    expect(json.summary.opened).toBeGreaterThan(0);
  });

  it('a source of another owner that syncs only other folders stays another repository', async () => {
    const json = await renamed('ssh://git@github.com/acme/gitops', false);
    expect(json.targetSelection.origin).not.toBe('flux');
    expect(json.notices.map((n) => n.code)).not.toContain('MIRROR_SOURCE');
  });
});

describe("a source's path that holds its definition only by a shared folder name is no self-sync", () => {
  // An app's ks.yaml, deployed by cluster-apps from this repository, fetches an upstream project's
  // `./kubernetes` folder; this repository happens to keep everything under `kubernetes/` too.
  const sync = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster-apps, namespace: flux-system}\nspec:\n  path: ./kubernetes/apps\n  sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}\n';
  const upstream =
    'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: operator-upstream}\nspec:\n  url: https://github.com/vendor/operator-manifests\n  ref: {tag: v1.2.3}\n---\n' +
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: operator}\nspec:\n  path: ./kubernetes\n  sourceRef: {kind: GitRepository, name: operator-upstream}\n';
  const files = (withParent: boolean) =>
    new RepoFiles(
      Object.entries({
        ...(withParent ? { 'kubernetes/flux/cluster/ks.yaml': sync } : {}),
        'kubernetes/apps/operator/ks.yaml': upstream,
        'kubernetes/apps/web/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\n',
      }).map(([path, text]) => ({ path, text })),
    );

  it('deployed by a Kustomization of another source: the upstream stays another repository, its Kustomization no target', () => {
    const sel = discoverTargets(files(true), { repoUrls: ['https://github.com/acme/home-ops'] });
    expect(sel.notices.map((n) => n.code)).not.toContain('MIRROR_SOURCE');
    expect(sel.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message)).toEqual([expect.stringContaining('Flux Kustomization operator: source GitRepository operator-upstream (https://github.com/vendor/operator-manifests) is not this repository')]);
    expect(sel.targets.map((t) => t.name)).toEqual(['cluster-apps']);
  });

  it('without known URLs, that path is no evidence of this repository either', () => {
    const sel = discoverTargets(files(true), {});
    expect(sel.targets.map((t) => t.name)).toEqual(['cluster-apps']);
  });

  it('a root that syncs the folder defining it is still this repository (renamed)', () => {
    const sel = discoverTargets(files(false), { repoUrls: ['https://github.com/acme/home-ops'] });
    expect(sel.notices.map((n) => n.code)).toContain('MIRROR_SOURCE');
  });
});

describe('mirror evidence', () => {
  const app = (url: string, path: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n  source: {repoURL: '${url}', path: '${path}'}\n  destination: {server: 'https://kubernetes.default.svc', namespace: web}\n`;
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
  const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

  it('a path that names the root proves nothing: every repository has one', () => {
    const sel = discoverTargets(repo({ 'argo.yaml': app('https://gitea.local/acme/gitops', '.'), 'd.yaml': DEPLOY }), { repoUrls: ['git@github.com:acme/gitops.git'] });
    expect(sel.notices.map((n) => n.code)).toEqual(['EXTERNAL_SOURCE']);
  });

  it('an ApplicationSet git generator over folders here shows it too', () => {
    const set = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata: {name: apps}',
      'spec:',
      '  generators:',
      '    - git: {repoURL: "ssh://git@gitea.local:2222/Acme/GitOps.git", revision: HEAD, directories: [{path: "apps/*"}]}',
      '  template:',
      '    metadata: {name: "{{path.basename}}"}',
      '    spec:',
      '      source: {repoURL: "ssh://git@gitea.local:2222/Acme/GitOps.git", path: "{{path}}"}',
      '      destination: {server: "https://kubernetes.default.svc", namespace: "{{path.basename}}"}',
    ].join('\n');
    const sel = discoverTargets(repo({ 'set.yaml': set, 'apps/a/d.yaml': DEPLOY }), { repoUrls: ['https://github.com/acme/gitops'] });
    expect(sel.origin).toBe('argocd');
    expect(sel.targets.map((t) => t.roots)).toEqual([['apps/a']]);
    expect(sel.notices.map((n) => n.code)).toEqual(['MIRROR_SOURCE']);
  });
});
