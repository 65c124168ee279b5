/**
 * The App knows the folders of each commit's tree (the recursive tree it reads): a Flux Kustomization whose
 * `spec.path` is a folder kept by a `.gitkeep` alone, built from its `spec.components`, deploys this repository's
 * files, as from the CLI's git revisions (test/targets/flux-gitkeep-path.test.ts; real repositories 41, tholinka
 * 10335e3a). Before, the App knew folders by manifests only, and the change read as another repository's files.
 */
import { ProbotOctokit } from 'probot';
import { loadCommitPair } from '../../src/github/load-commit.js';
import { BlobCache } from '../../src/github/blob-cache.js';
import { commit } from './support/git-fixture.js';
import { FakeGitHub, OWNER, REPO, pullRequestPayload } from './support/fake-github.js';
import { deliver, serverPerTest } from './support/harness.js';

const ks = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  targetNamespace: db\n  sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}\n${extra}`;
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const POLICY = (from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg}\nspec:\n  podSelector: {matchLabels: {app: pg}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: ${from}}]}]\n`;
const TREE = (from: string) =>
  new Map([
    ['apps/kustomization.yaml', 'resources: [./web/ks.yaml, ./pg/ks.yaml]\n'],
    ['apps/web/ks.yaml', ks('web', './apps/web/app')],
    ['apps/web/app/deploy.yaml', DEPLOY('web')],
    ['apps/pg/ks.yaml', ks('pg', './apps/pg/db', '  components: [../../../components/pg]\n')],
    ['apps/pg/db/.gitkeep', ''],
    ['components/pg/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deploy.yaml, policy.yaml]\n'],
    ['components/pg/deploy.yaml', DEPLOY('pg')],
    ['components/pg/policy.yaml', POLICY(from)],
    ['clusters/home/apps.yaml', ks('cluster-apps', './apps').replace('  targetNamespace: db\n', '')],
  ]);

const server = serverPerTest();

test("each commit's folders come with the pair, the .gitkeep-kept folder among them", async () => {
  const base = commit('gkbase', TREE('{matchLabels: {app: web}}'));
  const head = commit('gkhead', TREE('{}'));
  new FakeGitHub(base, head).trees().graphql();
  const octokit = new ProbotOctokit({ auth: { token: 'ghs_test' }, retry: { enabled: false }, throttle: { enabled: false } });
  const pair = await loadCommitPair(octokit, { owner: OWNER, repo: REPO }, base.sha, head.sha, (p) => p.endsWith('.yaml'), new BlobCache());
  expect(pair.treeFolders?.head?.has('apps/pg/db')).toBe(true);
  expect(pair.treeFolders?.base?.has('apps/pg/db')).toBe(true);
});

test("a change to the component of a Kustomization whose path holds only a .gitkeep is analysed, not said to be another repository's", async () => {
  const base = commit('gkbase2', TREE('{matchLabels: {app: web}}'));
  const head = commit('gkhead2', TREE('{}'));
  const gh = new FakeGitHub(base, head).start().config().getPull().compare().trees().graphql().getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
  const comment = gh.bodies('POST', '/comments')[0].body as string;
  expect(comment).not.toMatch(/another repository|not known to be this repository/);
  expect(comment).toContain('components/pg/policy.yaml');
});
