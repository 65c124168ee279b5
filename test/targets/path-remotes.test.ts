/**
 * A clone whose remote is a folder path or a `file://` URL (a clone of a local mirror, a CI cache) names no hosted
 * repository (targets/hosted-url.ts): its ApplicationSet's git generator, which names the hosted repository, is
 * read as this repository's, exactly as in a clone without remotes. Before, the path was taken as this
 * repository's only URL, so the generator's https URL was "another repository; not analysed" and each app folder
 * became a cluster of its own (new-user trial 44, F4). Hand-written fixture.
 */
import { main } from '../../src/cli/main.js';
import { namesHostedRepository } from '../../src/targets/hosted-url.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const HOSTED = 'https://git.example.invalid/acme/gitops.git';

const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: apps, namespace: argocd}
spec:
  generators:
    - git:
        repoURL: ${HOSTED}
        revision: HEAD
        directories: [{path: apps/*}]
  template:
    metadata: {name: '{{path.basename}}'}
    spec:
      project: default
      source: {repoURL: ${HOSTED}, targetRevision: HEAD, path: '{{path}}'}
      destination: {server: https://kubernetes.default.svc, namespace: '{{path.basename}}'}
`;

const deployment = (name: string, labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
`;

/** db admits pods labelled `tier: front` from namespace web; head gives web's pods that label. */
const dbPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}, podSelector: {matchLabels: {tier: front}}}]
      ports: [{port: 5432}]
`;

interface Json {
  targetSelection: { origin: string };
  targets: { name: string }[];
  pairs: { src: { id: string }; dst: { id: string } }[];
  notices: { code: string; message: string }[];
}

/** Two commits (web gains the label db admits), `remote` (if any) as origin, diffed by the CLI. */
async function diffWith(remote: ((repo: string) => Promise<string>) | undefined): Promise<Json> {
  const repo = await tempDir('reachdiff-path-remote-');
  git(repo, 'init', '-q');
  const files = (webLabels: string) => ({ 'argocd/appset.yaml': appSet, 'apps/web/web.yaml': deployment('web', webLabels), 'apps/db/db.yaml': deployment('db', '{app: db}'), 'apps/db/policy.yaml': dbPolicy });
  for (const labels of ['{app: web}', '{app: web, tier: front}']) {
    await writeFiles(repo, Object.entries(files(labels)).map(([path, text]) => ({ path, text })));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', labels);
  }
  if (remote) git(repo, 'remote', 'add', 'origin', await remote(repo));
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as Json;
}

/** A bare copy of the repository in another folder, as a local mirror is. */
async function mirrorOf(repo: string): Promise<string> {
  const mirror = `${await tempDir('reachdiff-mirror-copy-')}/gitops.git`;
  git(repo, 'clone', '-q', '--bare', repo, mirror);
  return mirror;
}

/** Read as this repository's ApplicationSet: one cluster, web → db opened. */
function expectThisRepository(json: Json): void {
  expect(json.targetSelection.origin).toBe('argocd');
  expect(json.targets.map((t) => t.name)).toEqual(['in-cluster']);
  expect(json.pairs.map((p) => [p.src.id, p.dst.id])).toEqual([['web/web[Deployment]', 'db/db[Deployment]']]);
  expect(json.notices.map((n) => n.code)).not.toContain('EXTERNAL_SOURCE');
}

describe('a remote that is a folder path or file:// URL is read as no remote', () => {
  it('no remote: the generator is this repository', async () => {
    expectThisRepository(await diffWith(undefined));
  });

  it('origin a folder path (a clone of a local mirror): the same', async () => {
    expectThisRepository(await diffWith(mirrorOf));
  });

  it('origin a file:// URL: the same', async () => {
    expectThisRepository(await diffWith(async (repo) => `file://${await mirrorOf(repo)}`));
  });

  it('origin the hosted URL the generator names: the same', async () => {
    expectThisRepository(await diffWith(async () => HOSTED));
  });

  it('origin another hosted repository: the generator is another repository, not analysed', async () => {
    const json = await diffWith(async () => 'https://git.example.invalid/acme/platform.git');
    expect(json.targetSelection.origin).not.toBe('argocd');
    expect(json.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message)).toEqual([expect.stringContaining(`${HOSTED}, another repository`)]);
  });
});

describe('namesHostedRepository: git-clone(1) URL forms', () => {
  it.each([
    ['https://github.com/acme/gitops.git', true],
    ['ssh://git@host.example:2222/acme/gitops', true],
    ['git://host.example/acme/gitops', true],
    ['git@github.com:acme/gitops.git', true],
    ['host.example:acme/gitops', true],
    ['/srv/mirror/acme/gitops', false],
    ['../gitops', false],
    ['gitops', false],
    ['file:///srv/mirror/acme/gitops', false],
    ['FILE:///srv/mirror', false],
    ['C:\\mirror\\gitops', false],
    ['C:/mirror/gitops', false],
    ['./a:b', false],
  ])('%s → %s', (url, hosted) => {
    expect(namesHostedRepository(url)).toBe(hosted);
  });
});
