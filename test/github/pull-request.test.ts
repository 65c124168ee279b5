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
  expect(comment.body.startsWith('<!-- reachdiff:comment -->\n### 🔓 reachdiff: 7 paths opened, 3 paths closed; 4 new findings.')).toBe(true);
  expect(comment.body).toContain(`](https://github.com/acme/gitops/blob/${head.sha}/policies/shop.yaml#L105)`);
  expectGolden('opened-comment.md', comment.body);
  const [completed] = gh.bodies('PATCH', '/check-runs/101');
  expect(completed).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '7 opened, 3 closed, 4 new findings' } });
  // The whole report fits, so the check run shows the same Markdown, less the picture (it lives in the comment).
  expect(comment.body).toContain('```mermaid\nflowchart LR\n');
  expect(completed.output.text).not.toContain('```mermaid');
  expect(completed.output.text).toBe(comment.body.slice('<!-- reachdiff:comment -->\n'.length).replace(/```mermaid\n[\s\S]*?```\n\n_Bold red[^\n]*\n\n/, ''));
  expect(completed.actions).toEqual([{ label: 'Suggest rollback', description: 'Review with one-click revert suggestions', identifier: 'suggest-rollback' }]);
  expectGolden('opened-check-run.json', { ...completed, completed_at: '<time>' });
  expect(server.runs).toEqual([expect.objectContaining({ outcome: 'completed', conclusion: 'failure', comment: 'created' })]);
});

describe('deliveries that must not reach GitHub', () => {
  const calls: string[] = [];
  const onNoMatch = (req: { url?: string; href?: string }) => calls.push(String(req.href ?? req.url));
  beforeEach(async () => {
    calls.length = 0;
    const nock = (await import('nock')).default;
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(async () => {
    const nock = (await import('nock')).default;
    nock.emitter.removeListener('no match', onNoMatch);
  });

  test('an unsigned delivery is rejected and makes no GitHub call', async () => {
    const res = await deliver(server.url, 'pull_request', pullRequestPayload('opened', base, head), { secret: null });
    expect(res.status).toBe(400);
    expect(calls.filter((c) => !c.includes('127.0.0.1'))).toEqual([]);
    expect(server.runs).toEqual([]);
  });

  test('a delivery signed with another secret is rejected and makes no GitHub call', async () => {
    const res = await deliver(server.url, 'pull_request', pullRequestPayload('opened', base, head), { secret: 'not-the-secret' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/signature does not match/);
    expect(calls.filter((c) => !c.includes('127.0.0.1'))).toEqual([]);
    expect(server.runs).toEqual([]);
  });

  test('an edit that does not change the base branch is ignored', async () => {
    const res = await deliver(server.url, 'pull_request', pullRequestPayload('edited', base, head, { changes: { title: { from: 'old' } } }));
    expect(res.status).toBe(200);
    expect(server.runs).toEqual([]);
  });
});

test('retargeting the base branch (edited with changes.base) runs the analysis again', async () => {
  const gh = new FakeGitHub(base, head).start().analyse().listComments().createComment().updateCheckRun();
  const res = await deliver(server.url, 'pull_request', pullRequestPayload('edited', { sha: gh.baseTip }, head, { changes: { base: { ref: { from: 'release' }, sha: { from: 'c'.repeat(40) } } } }));
  expect(res.status).toBe(200);
  expect(server.runs.map((r) => r.outcome)).toEqual(['completed']);
});

test('a redelivered webhook leaves an identical comment alone and replaces the completed check run', async () => {
  const first = new FakeGitHub(base, head).start().analyse().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', opened(first), { id: 'delivery-1' });
  const [posted] = first.bodies('POST', '/issues/7/comments');

  // Same Probot process: the installation token and the blobs are cached, so neither is fetched again.
  // GitHub never reopens a completed run, so the redelivery starts a new run of the same name.
  const again = new FakeGitHub(base, head)
    .findCheckRun({ id: 101, external_id: 'pr:7', status: 'completed' })
    .createCheckRun(102)
    .analyse('cached')
    .listComments([{ id: 555, body: posted.body }])
    .updateCheckRun(102);
  const res = await deliver(server.url, 'pull_request', opened(again), { id: 'delivery-1' });
  expect(res.status).toBe(200);
  expect(again.bodies('POST', '/issues')).toEqual([]);
  expect(again.bodies('POST', '/check-runs')).toEqual([expect.objectContaining({ name: 'reachdiff', status: 'in_progress', external_id: 'pr:7' })]);
  expect(again.bodies('PATCH', '/check-runs/102').map((b) => b.status)).toEqual(['completed']);
  expect(server.runs.map((r) => r.comment)).toEqual(['created', 'unchanged']);
});

test('a redelivery while the run is still in progress reuses that run', async () => {
  const gh = new FakeGitHub(base, head)
    .token()
    .findCheckRun({ id: 101, external_id: 'pr:7', status: 'in_progress' })
    .updateCheckRun(101)
    .analyse()
    .listComments()
    .createComment()
    .updateCheckRun(101);
  await deliver(server.url, 'pull_request', opened(gh), { id: 'delivery-2' });
  expect(gh.bodies('POST', '/check-runs')).toEqual([]);
  expect(gh.bodies('PATCH', '/check-runs/101').map((b) => b.status)).toEqual(['in_progress', 'completed']);
});

test('a new push updates the existing comment in place', async () => {
  const gh = new FakeGitHub(base, head).start().analyse().listComments([{ id: 555, body: '<!-- reachdiff:comment -->\nold report' }]).updateComment(555).updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('synchronize', { sha: gh.baseTip }, head));
  const [edited] = gh.bodies('PATCH', '/issues/comments/555');
  expect(edited.body).toContain('7 paths opened, 3 paths closed; 4 new findings.');
  expect(server.runs[0]).toMatchObject({ comment: 'updated' });
});

test('a comment by someone else quoting the marker is not taken for ours', async () => {
  const gh = new FakeGitHub(base, head)
    .start()
    .analyse()
    .listComments([{ id: 9, body: '<!-- reachdiff:comment -->\nquoted', user: { type: 'User' } }])
    .createComment()
    .updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  expect(gh.bodies('POST', '/issues/7/comments')).toHaveLength(1);
});

describe('a PR touching no manifests', () => {
  const readmeOnly = commit('docs', new Map([...base.files]));

  test('gets a success check, no comment, and no blob reads', async () => {
    const gh = new FakeGitHub(base, readmeOnly).start().config().getPull().compare().trees().getPull().listComments().updateCheckRun();
    await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, readmeOnly));
    const [completed] = gh.bodies('PATCH', '/check-runs/101');
    expect(completed).toMatchObject({ conclusion: 'success', output: { title: 'No change in allowed connectivity' } });
    expect(completed.output.annotations).toBeUndefined();
    expect(server.runs[0]).toMatchObject({ outcome: 'completed', comment: 'none', fetchedBlobs: 0 });
  });

  test('updates an earlier comment to say nothing changes any more', async () => {
    const gh = new FakeGitHub(base, readmeOnly).start().config().getPull().compare().trees().getPull().listComments([{ id: 555, body: '<!-- reachdiff:comment -->\nold' }]).updateComment(555).updateCheckRun();
    await deliver(server.url, 'pull_request', pullRequestPayload('synchronize', { sha: gh.baseTip }, readmeOnly));
    const [edited] = gh.bodies('PATCH', '/issues/comments/555');
    expect(edited.body).toBe('<!-- reachdiff:comment -->\n### ✅ reachdiff: No change in allowed connectivity.\n');
  });

  test('posts a "no change" comment when comment.postWhenUnchanged is set', async () => {
    const gh = new FakeGitHub(base, readmeOnly).start().config('comment:\n  postWhenUnchanged: true\n').getPull().compare().trees().getPull().listComments().createComment().updateCheckRun();
    await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, readmeOnly));
    expect(gh.bodies('POST', '/issues/7/comments')).toHaveLength(1);
  });
});

test('when the head moves during the run, the result is dropped and the old run is cancelled', async () => {
  const gh = new FakeGitHub(base, head).start().config().getPull().compare().trees().graphql().getPull('f'.repeat(40)).updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  const [closed] = gh.bodies('PATCH', '/check-runs/101');
  expect(closed).toMatchObject({ status: 'completed', conclusion: 'cancelled', output: { title: 'Superseded by a newer commit' } });
  expect(gh.bodies('POST', '/comments')).toEqual([]);
  expect(server.runs[0]).toMatchObject({ outcome: 'stale' });
});

test('a 500 from GitHub is retried and the run succeeds', async () => {
  const gh = new FakeGitHub(base, head).start().config().getPull();
  gh.api.get(`/repos/acme/gitops/compare/${gh.baseTip}...${head.sha}`).query({ per_page: '1' }).reply(500, { message: 'Server Error' });
  gh.compare().trees().graphql().getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
});

test('a persistent 403 rate limit completes the check run with the error', async () => {
  const gh = new FakeGitHub(base, head).start().config().getPull();
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  gh.api
    .get(`/repos/acme/gitops/compare/${gh.baseTip}...${head.sha}`)
    .query({ per_page: '1' })
    .reply(403, { message: 'API rate limit exceeded for installation ID 42.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
  gh.updateCheckRun();
  const res = await deliver(server.url, 'pull_request', opened(gh));
  expect(res.status).toBe(200);
  const [failed] = gh.bodies('PATCH', '/check-runs/101');
  expect(failed).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'reachdiff could not finish' } });
  expect(failed.output.summary).toContain('GitHub answered 403 (GET https://api.github.com/repos/acme/gitops/compare/');
  expect(failed.output.summary).toContain('API rate limit exceeded');
  expect(server.runs[0]).toMatchObject({ outcome: 'failed' });
});

test('an invalid configuration fails the check naming the key, and nothing is analysed', async () => {
  const gh = new FakeGitHub(base, head).start().config('failOn: sometimes\nrollback: auto\ncomment:\n  enable: true\n').updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  const [failed] = gh.bodies('PATCH', '/check-runs/101');
  expect(failed).toMatchObject({ conclusion: 'failure', output: { title: 'Invalid configuration: failOn, comment.enable' } });
  expect(failed.output.summary).toContain('- `failOn`: must be one of opened, closed, any, never, errors, combined-labels, or a list of them (got "sometimes")');
  expect(server.runs[0]).toMatchObject({ outcome: 'invalid-config' });
});

test('failOn: closed with rollback: auto posts the rollback review and fails on the closed path', async () => {
  const gh = new FakeGitHub(base, head).start().config('failOn: closed\nrollback: auto\n').getPull().compare().trees().graphql().getPull();
  gh.listComments().createComment().listReviews().listFiles().createReview().updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  const [review] = gh.bodies('POST', '/pulls/7/reviews');
  expect(review).toMatchObject({ commit_id: head.sha, event: 'COMMENT' });
  expectGolden('auto-rollback-review.json', review);
  const [completed] = gh.bodies('PATCH', '/check-runs/101');
  expect(completed.conclusion).toBe('failure');
  expect(completed.actions).toEqual([]);
});

test('a rollback review GitHub refuses (422) leaves the finished analysis on the check run', async () => {
  const gh = new FakeGitHub(base, head).start().config('failOn: closed\nrollback: auto\n').getPull().compare().trees().graphql().getPull();
  gh.listComments().createComment().updateCheckRun().listReviews().listFiles().createReview(422, { message: 'Validation Failed', errors: ['line must be part of the diff'] });
  const res = await deliver(server.url, 'pull_request', opened(gh));
  expect(res.status).toBe(200);
  expect(gh.bodies('POST', '/pulls/7/reviews')).toHaveLength(1);
  const patches = gh.bodies('PATCH', '/check-runs/101');
  expect(patches).toHaveLength(1);
  expect(patches[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '7 opened, 3 closed, 4 new findings' } });
  expect(JSON.stringify(patches[0])).not.toMatch(/could not|rollback review|Validation Failed/i);
  // The check run is completed before the review is attempted.
  const order = gh.sent.map((s) => `${s.method} ${s.path.replace(/^\/repos\/acme\/gitops/, '')}`);
  expect(order.indexOf('PATCH /check-runs/101')).toBeLessThan(order.indexOf('POST /pulls/7/reviews'));
  expect(server.runs).toEqual([expect.objectContaining({ outcome: 'completed', conclusion: 'failure', comment: 'created' })]);
});

test('when handing the job on fails, the check run is completed with the reason, never left in progress', async () => {
  await server.close();
  server = await startServer({ dispatch: () => Promise.reject(new Error('queue unavailable')) });
  const gh = new FakeGitHub(base, head).start().updateCheckRun();
  const res = await deliver(server.url, 'pull_request', opened(gh));
  expect(res.status).toBe(500);
  const [closed] = gh.bodies('PATCH', '/check-runs/101');
  expect(closed).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'reachdiff could not start' } });
  expect(closed.output.summary).toContain('queue unavailable');
});
