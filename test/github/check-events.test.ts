/** End to end: the check run's own events — "Re-run", "Re-run all" and the "Suggest rollback" button (also from a fork). */
import { commit, EXAMPLES, readFolder } from './support/git-fixture.js';
import { FakeGitHub, checkRunPayload } from './support/fake-github.js';
import { expectGolden } from './support/golden.js';
import { deliver, serverPerTest } from './support/harness.js';

const base = commit('base', readFolder(`${EXAMPLES}base`));
const head = commit('head', readFolder(`${EXAMPLES}head`));

const server = serverPerTest();

test('"Suggest rollback" on a fork PR (no pull_requests in the payload) finds the PR in external_id and posts the review', async () => {
  const gh = new FakeGitHub(base, head).token().createCheckRun(102).analyse().listComments().createComment().listFiles().createReview().updateCheckRun(102);
  const payload = checkRunPayload('requested_action', { id: 101, head_sha: head.sha, external_id: 'pr:7', pull_requests: [] }, { requested_action: { identifier: 'suggest-rollback' } });
  const res = await deliver(server.url, 'check_run', payload);
  expect(res.status).toBe(200);
  const [review] = gh.bodies('POST', '/pulls/7/reviews');
  expectGolden('button-rollback-review.json', review);
  // Two suggestions: the broadened selector, and the redis typo (it opens TCP 6380 to pods the manifests do not hold).
  expect(review.comments).toHaveLength(2);
  // The clicked run is completed and GitHub never reopens one: a new run carries the PR number on.
  expect(gh.bodies('POST', '/check-runs')).toEqual([expect.objectContaining({ status: 'in_progress', external_id: 'pr:7' })]);
  expect(gh.bodies('PATCH', '/check-runs/102').map((b) => b.status)).toEqual(['completed']);
});

test('another button identifier is ignored', async () => {
  const payload = checkRunPayload('requested_action', { id: 101, head_sha: head.sha, external_id: 'pr:7', pull_requests: [] }, { requested_action: { identifier: 'something-else' } });
  expect((await deliver(server.url, 'check_run', payload)).status).toBe(200);
  expect(server.runs).toEqual([]);
});

test('"Re-run" on the check run analyses again into a new run (a completed run cannot be reopened)', async () => {
  const gh = new FakeGitHub(base, head).token().createCheckRun(102).analyse().listComments().createComment().updateCheckRun(102);
  await deliver(server.url, 'check_run', checkRunPayload('rerequested', { id: 101, head_sha: head.sha, external_id: 'pr:7', pull_requests: [{ number: 7 }] }));
  expect(gh.bodies('POST', '/check-runs')).toEqual([expect.objectContaining({ status: 'in_progress', external_id: 'pr:7' })]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
});

test('"Re-run all" (check_suite rerequested) from a fork finds the PR through the existing run', async () => {
  const gh = new FakeGitHub(base, head).token().findCheckRun({ id: 101, external_id: 'pr:7', status: 'completed' }).createCheckRun(102).analyse().listComments().createComment().updateCheckRun(102);
  const { check_run: _run, ...rest } = checkRunPayload('rerequested', { id: 0, head_sha: head.sha, external_id: '', pull_requests: [] });
  await deliver(server.url, 'check_suite', { ...rest, check_suite: { id: 5, head_sha: head.sha, pull_requests: [] } });
  expect(gh.bodies('POST', '/check-runs')[0]).toMatchObject({ status: 'in_progress', external_id: 'pr:7' });
  expect(server.runs[0]).toMatchObject({ outcome: 'completed' });
});

test('"Re-run all" on a commit with no PR and no earlier run completes a neutral check', async () => {
  const gh = new FakeGitHub(base, head).token().findCheckRun().createCheckRun(102).updateCheckRun(102);
  const { check_run: _run, ...rest } = checkRunPayload('rerequested', { id: 0, head_sha: head.sha, external_id: '', pull_requests: [] });
  await deliver(server.url, 'check_suite', { ...rest, check_suite: { id: 5, head_sha: head.sha, pull_requests: [] } });
  expect(gh.bodies('PATCH', '/check-runs/102')[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No pull request' } });
});
