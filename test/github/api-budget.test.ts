/**
 * The API calls one `pull_request` event costs do not grow with the repository: a repo of 10 manifest
 * files and one of 2,000 (the same PR change plus 1,983 ConfigMaps) stay within the same small budget.
 */
import { commit, EXAMPLES, filler, readFolder } from './support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from './support/fake-github.js';
import { deliver, serverPerTest } from './support/harness.js';

const TEN = ['namespaces.yaml', 'policies/data.yaml', 'policies/default-deny.yaml', 'policies/dns.yaml', 'policies/frontend.yaml', 'policies/shop.yaml', 'apps/shop/payments.yaml', 'apps/shop/cart.yaml', 'apps/data/redis.yaml', 'apps/monitoring/prometheus.yaml'];
const pick = (files: Map<string, string>, paths: string[]) => new Map(paths.map((p) => [p, files.get(p)!]));
const baseFiles = readFolder(`${EXAMPLES}base`);
const headFiles = readFolder(`${EXAMPLES}head`);

/** Installation token + check run ×2 + config ×2 (repo, then the owner's .github) + PR ×2 + compare + tree ×2 + blobs (1–2) + comments ×2 + completion. */
const BUDGET = 16;

const server = serverPerTest();

test('10 manifest files: one GraphQL query reads the 12 distinct blobs (shared ones once)', async () => {
  const base = commit('base10', pick(baseFiles, TEN));
  const head = commit('head10', pick(headFiles, TEN));
  const gh = new FakeGitHub(base, head).start().analyse('graphql').listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  expect(gh.graphqlBatches).toEqual([12]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', files: 20, fetchedBlobs: 12 });
  expect(server.runs[0].apiCalls).toBe(14);
  expect(server.runs[0].apiCalls).toBeLessThanOrEqual(BUDGET);
});

test('2,000 manifest files: one tarball for head, one GraphQL query for the 2 blobs only base has', async () => {
  const base = commit('base2000', new Map([...baseFiles, ...filler(1983)]));
  const head = commit('head2000', new Map([...headFiles, ...filler(1983)]));
  expect(head.files.size).toBe(2000);
  const gh = new FakeGitHub(base, head).start().analyse('tarball').listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  expect(gh.graphqlBatches).toEqual([2]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', files: 4000, fetchedBlobs: 2, conclusion: 'failure' });
  expect(server.runs[0].apiCalls).toBe(15);
  expect(server.runs[0].apiCalls).toBeLessThanOrEqual(BUDGET);
});

test('150 files, all new to the cache: two GraphQL queries of at most 100 blobs each', async () => {
  const base = commit('base150', new Map([...pick(baseFiles, TEN), ...filler(140)]));
  const head = commit('head150', new Map([...pick(headFiles, TEN), ...filler(140)]));
  const gh = new FakeGitHub(base, head).start().config().getPull().compare().trees().graphql(2).getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  expect(gh.graphqlBatches).toEqual([100, 52]);
  expect(server.runs[0].apiCalls).toBeLessThanOrEqual(BUDGET);
});

test('a blob GraphQL truncates (over 512 kB) is read again over REST, and the result is the same', async () => {
  const base = commit('base10', pick(baseFiles, TEN));
  const head = commit('head10', pick(headFiles, TEN));
  const shop = head.files.get('policies/shop.yaml')!;
  const gh = new FakeGitHub(base, head).start().config().getPull().compare().trees();
  gh.graphql(1, { [`${head.sha}:policies/shop.yaml`]: { text: shop.slice(0, 100), isTruncated: true, isBinary: false } });
  gh.restBlob(shop).getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
  // As in the 10-file run above (kube-dns is not among the ten files, so one concrete path opens, not two; the other two are abstract).
  expect(gh.bodies('PATCH', '/check-runs/101')[0].output.title).toBe('5 opened, 3 closed, 4 new findings');
});
