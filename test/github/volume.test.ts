/** Large reports through the real engine: more annotations than one request carries, and a comment over GitHub's limit. */
import { commit } from './support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from './support/fake-github.js';
import { allowEach, services, withoutDefaultDeny } from './support/generated-repo.js';
import { deliver, serverPerTest } from './support/harness.js';

const server = serverPerTest();

const run = (gh: FakeGitHub, blobQueries: number, patches: number, config?: string) =>
  gh.start().config(config).getPull().compare().trees().graphql(blobQueries).getPull().listComments().createComment().updateCheckRun(101, patches);

test('60 responsible lines: annotations go 50 while in progress, then 10 with the conclusion', async () => {
  const base = commit('svc-base', services(60));
  const head = commit('svc-allow', allowEach(60));
  const gh = run(new FakeGitHub(base, head), 2, 2);
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  const patches = gh.bodies('PATCH', '/check-runs/101');
  expect(patches.map((p) => [p.status, p.conclusion, p.output.annotations.length])).toEqual([
    [undefined, undefined, 50],
    ['completed', 'failure', 10],
  ]);
  const all = patches.flatMap((p) => p.output.annotations);
  expect(new Set(all.map((a: { path: string }) => a.path)).size).toBe(60);
  expect(all[0]).toEqual({
    path: 'policies/allow-service-with-a-rather-long-name-000.yaml',
    start_line: 11,
    end_line: 11,
    annotation_level: 'failure',
    title: 'Opens 1 path',
    message: 'opens big/client => big/service-with-a-rather-long-name-000: All Connections',
  });
  expect(patches[1].output.title).toBe('60 opened, 0 closed');
});

test('a report over the comment limit is cut with an explicit note; the check run holds more', async () => {
  const base = commit('svc40-base', services(40));
  const head = commit('svc40-open', withoutDefaultDeny(40));
  // Removing the default-deny leaves 40 workloads unprotected: findings this test about paths switches off.
  const gh = run(new FakeGitHub(base, head), 1, 1, 'findings:\n  disable: [UNPROTECTED_WORKLOAD]\n');
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  const [comment] = gh.bodies('POST', '/issues/7/comments');
  expect(comment.body.length).toBeLessThanOrEqual(60000 + '<!-- reachdiff:comment -->\n'.length);
  // 1681 between distinct peers, and each of the 41 workloads' traffic to itself.
  // 1,722 between workloads, 41 from pods of other namespaces (`entire-cluster`).
  expect(comment.body).toContain('### 🔓 reachdiff: 1763 paths opened.');
  expect(comment.body).toMatch(/> ⚠️ Truncated: \d+ paths are not shown to stay under the size limit\. See the \*\*reachdiff\*\* check run\./);
  const [completed] = gh.bodies('PATCH', '/check-runs/101');
  expect(completed.output.text.length).toBeLessThanOrEqual(65535);
  const rows = (md: string) => md.split('\n').filter((l) => l.startsWith('| `big/')).length;
  // Each text holds as many rows as its budget has room for, not the row step below (100 for both, where the
  // rows name workloads by their ids): the check run, with its larger budget and no links, more than the comment.
  expect(rows(completed.output.text)).toBeGreaterThan(rows(comment.body));
  expect(rows(completed.output.text)).toBeGreaterThan(100);
  // One row more would not fit: the text's room left (the App's check text budget is 65,000) is under a row's length.
  const longest = Math.max(...completed.output.text.split('\n').filter((l: string) => l.startsWith('| `big/')).map((l: string) => l.length + 1));
  expect(65000 - completed.output.text.length).toBeLessThan(longest + 10);
  expect(completed.output.annotations).toBeUndefined();
  // 1,763 paths through the real engine: 9 s alone, over jest's 30 s default under a loaded machine.
}, 120_000);
