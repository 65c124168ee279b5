/**
 * API calls and bytes per pull_request event for repos of 10, 1,000 and 10,000 manifest files: the calls
 * stay flat; a cold process reads each commit's manifests once (a tarball when there are many), and a
 * warm one (the next push to the PR) fetches only the blobs that changed. The table is printed for the
 * README's performance section.
 */
import { commit, EXAMPLES, filler, readFolder } from './support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from './support/fake-github.js';
import { deliver, serverPerTest } from './support/harness.js';

const BUDGET = 16;
const TEN = ['namespaces.yaml', 'policies/data.yaml', 'policies/default-deny.yaml', 'policies/dns.yaml', 'policies/frontend.yaml', 'policies/shop.yaml', 'apps/shop/payments.yaml', 'apps/shop/cart.yaml', 'apps/data/redis.yaml', 'apps/monitoring/prometheus.yaml'];
const baseFiles = readFolder(`${EXAMPLES}base`);
const headFiles = readFolder(`${EXAMPLES}head`);
const rows: string[] = [];

const server = serverPerTest();

/**
 * Until `n` runs finished: the webhook middleware answers 202 ("still processing") after a few seconds
 * while the run goes on, which a 10,000-file analysis under load can exceed.
 */
async function finished(n: number): Promise<void> {
  while (server.runs.length < n) await new Promise((resolve) => setTimeout(resolve, 50));
}
afterAll(() => {
  console.log(['| manifest files | event | API calls | blobs fetched | bytes fetched |', '|--:|---|--:|--:|--:|', ...rows].join('\n'));
});

test.each([10, 1000, 10000])('%d manifest files: flat calls cold and warm; warm bytes only for the changed file', async (n) => {
  const extra = Math.max(0, n - headFiles.size);
  const pick = (files: Map<string, string>) => (n < headFiles.size ? new Map(TEN.map((p) => [p, files.get(p)!])) : new Map([...files, ...filler(extra)]));
  const base = commit(`base${n}`, pick(baseFiles));
  const head = commit(`head${n}`, pick(headFiles));
  const big = head.files.size > 200;
  const cold = new FakeGitHub(base, head).start().analyse(big ? 'tarball' : 'graphql').listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: cold.baseTip }, head));
  await finished(1);
  const first = server.runs[0];
  expect(first).toMatchObject({ outcome: 'completed' });
  expect(first.apiCalls).toBeLessThanOrEqual(BUDGET);
  rows.push(`| ${head.files.size} | opened (cold cache) | ${first.apiCalls} | ${first.fetchedBlobs} | ${first.fetchedBytes} |`);

  // The next push changes one file; the same process has every other blob already.
  const changedPath = 'policies/data.yaml';
  const next = commit(`next${n}`, new Map([...head.files].map(([p, t]) => [p, p === changedPath ? t.replace('6380', '6379') : t])));
  const warm = new FakeGitHub(base, next).findCheckRun().createCheckRun(102).config().getPull().compare().trees().graphql(1).getPull().listComments([{ id: 555, body: '<!-- reachdiff:comment -->\nold' }]).updateComment(555).updateCheckRun(102);
  await deliver(server.url, 'pull_request', pullRequestPayload('synchronize', { sha: warm.baseTip }, next));
  await finished(2);
  const second = server.runs[1];
  expect(second).toMatchObject({ outcome: 'completed', fetchedBlobs: 1 });
  expect(second.apiCalls).toBeLessThanOrEqual(BUDGET);
  expect(second.fetchedBytes).toBe(Buffer.byteLength(next.files.get(changedPath)!));
  rows.push(`| ${head.files.size} | synchronize (warm) | ${second.apiCalls} | ${second.fetchedBlobs} | ${second.fetchedBytes} |`);
  // 10,000 files are analysed twice: well within jest's 30 s on a quiet machine, not always under load.
}, 300_000);
