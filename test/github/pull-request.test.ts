/** End to end: signed `pull_request` deliveries to the real Probot over loopback HTTP; GitHub answered by nock from `examples/`; the real engine. */
import { commit, EXAMPLES, readFolder } from './support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from './support/fake-github.js';
import { expectGolden } from './support/golden.js';
import { deliver, isolateNetwork, startServer, type Running } from './support/harness.js';

const base = commit('base', readFolder(`${EXAMPLES}base`));
const head = commit('head', readFolder(`${EXAMPLES}head`));

isolateNetwork();
let server: Running;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const opened = (gh: FakeGitHub) => pullRequestPayload('opened', { sha: gh.baseTip }, head);

test('an opened PR gets an in-progress check at once, then one comment and a failing check with annotations', async () => {
  const gh = new FakeGitHub(base, head).start().analyse().listComments().createComment().updateCheckRun();
  const res = await deliver(server.url, 'pull_request', opened(gh));
  expect(res.status).toBe(200);
  const [created] = gh.bodies('POST', '/check-runs');
  expect(created).toMatchObject({ name: 'reachdiff', head_sha: head.sha, status: 'in_progress', external_id: 'pr:7' });
  const [comment] = gh.bodies('POST', '/issues/7/comments');
  expect(comment.body.startsWith('<!-- reachdiff:comment -->\n### 🔓 reachdiff: 2 paths opened, 1 path closed.')).toBe(true);
  expect(comment.body).toContain(`](https://github.com/acme/gitops/blob/${head.sha}/policies/shop.yaml#L100)`);
  expectGolden('opened-comment.md', comment.body);
  const [completed] = gh.bodies('PATCH', '/check-runs/101');
  expect(completed).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '2 opened, 1 closed' } });
  expect(completed.actions).toEqual([{ label: 'Suggest rollback', description: 'Review with one-click revert suggestions', identifier: 'suggest-rollback' }]);
  expectGolden('opened-check-run.json', { ...completed, completed_at: '<time>' });
  expect(server.runs).toEqual([expect.objectContaining({ outcome: 'completed', conclusion: 'failure', comment: 'created' })]);
});
