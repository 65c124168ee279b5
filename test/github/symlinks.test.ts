/**
 * Symbolic links in the App's GitHub tree (mode 120000 blobs holding the target): a kustomization that
 * names a path through an in-repository link renders, its target's blobs read by the same GraphQL (or
 * tarball) machinery as every other blob; a link out of the repository is a warning naming it; a link
 * cycle ends.
 */
import { ProbotOctokit } from 'probot';
import { loadCommitPair } from '../../src/github/load-commit.js';
import { BlobCache } from '../../src/github/blob-cache.js';
import { commit, filler } from './support/git-fixture.js';
import { FakeGitHub, OWNER, REPO, pullRequestPayload } from './support/fake-github.js';
import { deliver, serverPerTest } from './support/harness.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n';
const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: tools\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';
const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: tools\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

/** real/base (+ the policy on head); `other` renders it through the link `alias -> real`; `away` names a base through a link out of the repository. */
const files = (withPolicy: boolean) =>
  new Map([
    ['real/base/kustomization.yaml', `resources:\n- namespace.yaml\n- api.yaml\n${withPolicy ? '- deny-all.yaml\n' : ''}`],
    ['real/base/namespace.yaml', ns],
    ['real/base/api.yaml', api],
    ...(withPolicy ? [['real/base/deny-all.yaml', denyAll] as [string, string]] : []),
    ['other/kustomization.yaml', 'resources:\n- ../alias/base\nnamePrefix: x-\n'],
    ['away/kustomization.yaml', 'resources:\n- ../elsewhere/base\n- ../loop/up/away\n'],
  ]);
const links = new Map([
  ['alias', 'real'],
  ['elsewhere', '../../vendor'],
  ['loop/up', '..'],
]);

const server = serverPerTest();

test('a kustomization renders through an in-repository link of the GitHub tree', async () => {
  const base = commit('lbase', files(false), links);
  const head = commit('lhead', files(true), links);
  const gh = new FakeGitHub(base, head).start().config('manifests: ["other/**"]\n').getPull().compare().trees().graphql(2).getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  // First round: the kustomization files (4 distinct) and the 3 links' blobs; second: the base's files through the link (3 distinct).
  expect(gh.graphqlBatches).toEqual([7, 3]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed' });
  const comment = gh.bodies('POST', '/comments')[0].body as string;
  // Was: `other` could not render (alias/base is no folder of the tree), so nothing closed.
  expect(comment).toContain('tools/x-api');
  expect(comment).toContain('alias/base/deny-all.yaml');
});

describe('loading a commit pair with links', () => {
  const octokit = () => new ProbotOctokit({ auth: { token: 'ghs_test' }, retry: { enabled: false }, throttle: { enabled: false } });
  // Every manifest (README.md, which the fake tree also holds, is none).
  const all = (path: string) => path.endsWith('.yaml');

  it('reads link targets as aliases, names a link out of the repository, and ends a cycle (GraphQL)', async () => {
    const base = commit('gbase', files(false), links);
    const head = commit('ghead', files(true), links);
    const gh = new FakeGitHub(base, head).trees().graphql();
    const pair = await loadCommitPair(octokit(), { owner: OWNER, repo: REPO }, base.sha, head.sha, all, new BlobCache());
    expect(gh.api.pendingMocks()).toEqual([]);
    const paths = pair.head.map((f) => f.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['alias/base/kustomization.yaml', 'alias/base/api.yaml', 'alias/base/deny-all.yaml', 'real/base/api.yaml']));
    expect(pair.head.find((f) => f.path === 'alias/base/deny-all.yaml')?.text).toBe(denyAll);
    // Known by its own path too, for a rollback patch to edit it there (test/analysis/rollback-symlink.test.ts).
    expect(pair.head.find((f) => f.path === 'alias/base/deny-all.yaml')?.realPath).toBe('real/base/deny-all.yaml');
    // The cycle ends: `away` through `loop/up` once, never `loop/up/loop/up/…`; the link out of the repository is named.
    expect(paths.filter((p) => p.startsWith('loop/'))).toEqual(['loop/up/away/kustomization.yaml']);
    expect(pair.diagnostics?.head).toEqual([{ severity: 'warning', code: 'UNREADABLE_FILE', message: 'cannot read: a symbolic link to ../../vendor, which names no file of the repository', ref: { file: 'elsewhere', line: 1 } }]);
  });

  it('reads link targets from the tarball when it reads the archive', async () => {
    // More blobs than two GraphQL queries carry: head is read as an archive; base, whose other blobs are head's, over GraphQL.
    const base = commit('tbase', new Map([...files(false), ...filler(201)]), links);
    const head = commit('thead', new Map([...files(true), ...filler(201)]), links);
    const gh = new FakeGitHub(base, head).trees().tarball(head).graphql();
    const pair = await loadCommitPair(octokit(), { owner: OWNER, repo: REPO }, base.sha, head.sha, all, new BlobCache());
    expect(gh.api.pendingMocks()).toEqual([]);
    expect(pair.stats.via[0]).toBe(`tarball:${head.sha.slice(0, 7)}`);
    expect(pair.head.find((f) => f.path === 'alias/base/deny-all.yaml')?.text).toBe(denyAll);
    // Known by its own path too, for a rollback patch to edit it there (test/analysis/rollback-symlink.test.ts).
    expect(pair.head.find((f) => f.path === 'alias/base/deny-all.yaml')?.realPath).toBe('real/base/deny-all.yaml');
    expect(pair.base.map((f) => f.path)).toContain('alias/base/api.yaml');
  });
});
