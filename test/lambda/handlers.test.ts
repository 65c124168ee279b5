/**
 * The Lambda handlers: the webhook function with function-URL events (plain and base64 bodies, bad
 * signatures) enqueuing through an injected SQS client, and the worker with an SQS event making the
 * same GitHub calls, and posting the same comment, as the Node server path.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import nock from 'nock';
import { createWebhookHandler, createWorkerHandler } from '../../src/lambda.js';
import { attemptPlan, receiveCount } from '../../src/github/attempts.js';
import type { Analyze } from '../../src/github/run-job.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { commit, EXAMPLES, readFolder } from '../github/support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from '../github/support/fake-github.js';
import { SECRET, isolateNetwork, testProbot } from '../github/support/harness.js';

const base = commit('base', readFolder(`${EXAMPLES}base`));
const head = commit('head', readFolder(`${EXAMPLES}head`));
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/reachdiff-jobs';

isolateNetwork();

function fakeSqs() {
  const sent: SendMessageCommand[] = [];
  // SQSClient['send'] is overloaded and generic; a stand-in that records the commands cannot satisfy it without a cast.
  return { sent, client: { send: async (command: SendMessageCommand) => (sent.push(command), {}) } as never };
}

async function functionUrlEvent(payload: object, options: { base64?: boolean; secret?: string; method?: string } = {}) {
  const body = JSON.stringify(payload);
  return {
    version: '2.0',
    rawPath: '/',
    headers: {
      'content-type': 'application/json',
      'X-GitHub-Event': 'pull_request',
      'X-GitHub-Delivery': randomUUID(),
      'X-Hub-Signature-256': await sign(options.secret ?? SECRET, body),
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { http: { method: options.method ?? 'POST' } },
  };
}

const noMatch: string[] = [];
const onNoMatch = (req: { href?: string }) => noMatch.push(String(req.href));
beforeEach(() => {
  noMatch.length = 0;
  nock.emitter.on('no match', onNoMatch);
});
afterEach(() => void nock.emitter.removeListener('no match', onNoMatch));

describe('webhook function', () => {
  test.each([false, true])('a signed delivery (base64: %s) starts the check run, enqueues exactly one job and answers 200', async (base64) => {
    const gh = new FakeGitHub(base, head).start();
    const sqs = fakeSqs();
    const handler = createWebhookHandler({ probot: testProbot(), sqs: sqs.client, queueUrl: QUEUE });
    const started = Date.now();
    const res = await handler(await functionUrlEvent(pullRequestPayload('opened', { sha: gh.baseTip }, head), { base64 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
    expect(gh.bodies('POST', '/check-runs')).toEqual([expect.objectContaining({ status: 'in_progress', head_sha: head.sha, external_id: 'pr:7' })]);
    expect(sqs.sent).toHaveLength(1);
    expect(sqs.sent[0].input.QueueUrl).toBe(QUEUE);
    const message = JSON.parse(sqs.sent[0].input.MessageBody!);
    expect(message.job).toMatchObject({ owner: 'acme', repo: 'gitops', installationId: 42, pullNumber: 7, headSha: head.sha, checkRunId: 101, rollbackRequested: false });
    expect(message.event).toMatchObject({ name: 'pull_request', payload: { action: 'opened' } });
  });

  test('a wrongly signed delivery gets 401, enqueues nothing and makes no GitHub call', async () => {
    const sqs = fakeSqs();
    const handler = createWebhookHandler({ probot: testProbot(), sqs: sqs.client, queueUrl: QUEUE });
    const res = await handler(await functionUrlEvent(pullRequestPayload('opened', base, head), { secret: 'wrong' }));
    expect(res.statusCode).toBe(401);
    expect(sqs.sent).toEqual([]);
    expect(noMatch).toEqual([]);
  });

  test('a delivery without signature gets 400', async () => {
    const sqs = fakeSqs();
    const handler = createWebhookHandler({ probot: testProbot(), sqs: sqs.client, queueUrl: QUEUE });
    const event = await functionUrlEvent(pullRequestPayload('opened', base, head));
    delete (event.headers as Record<string, string>)['X-Hub-Signature-256'];
    expect((await handler(event)).statusCode).toBe(400);
    expect(sqs.sent).toEqual([]);
  });

  test('when SQS refuses the job, the check run is completed with the reason and the delivery answers 500', async () => {
    const gh = new FakeGitHub(base, head).start().updateCheckRun();
    const failing = { send: () => Promise.reject(new Error('AccessDenied: not authorized to perform sqs:SendMessage')) } as never;
    const res = await createWebhookHandler({ probot: testProbot(), sqs: failing, queueUrl: QUEUE })(await functionUrlEvent(pullRequestPayload('opened', { sha: gh.baseTip }, head)));
    expect(res.statusCode).toBe(500);
    const [closed] = gh.bodies('PATCH', '/check-runs/101');
    expect(closed).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'reachdiff could not start' } });
    expect(closed.output.summary).toContain('not authorized to perform sqs:SendMessage');
  });

  test('when completing the run fails too, the delivery still answers 500 with the original error logged', async () => {
    const gh = new FakeGitHub(base, head).start().updateCheckRun(101, 1, 422, { message: 'Validation Failed' });
    const failing = { send: () => Promise.reject(new Error('queue gone')) } as never;
    const res = await createWebhookHandler({ probot: testProbot(), sqs: failing, queueUrl: QUEUE })(await functionUrlEvent(pullRequestPayload('opened', { sha: gh.baseTip }, head)));
    expect(res.statusCode).toBe(500);
    expect(gh.bodies('PATCH', '/check-runs/101')).toHaveLength(1);
  });

  test('GET answers 200 (health check) without touching GitHub', async () => {
    const handler = createWebhookHandler({ probot: testProbot(), sqs: fakeSqs().client, queueUrl: QUEUE });
    expect((await handler(await functionUrlEvent({}, { method: 'GET' }))).statusCode).toBe(200);
  });
});

describe('worker function', () => {
  async function queuedMessage(): Promise<string> {
    const gh = new FakeGitHub(base, head).start();
    const sqs = fakeSqs();
    await createWebhookHandler({ probot: testProbot(), sqs: sqs.client, queueUrl: QUEUE })(await functionUrlEvent(pullRequestPayload('opened', { sha: gh.baseTip }, head)));
    return sqs.sent[0].input.MessageBody!;
  }
  const sqsEvent = (bodies: string[]): SQSEvent => ({ Records: bodies.map((body, i) => ({ messageId: `m-${i}`, body }) as never) });

  test('runs the job: the same calls and the same comment as the Node server', async () => {
    const body = await queuedMessage();
    const gh = new FakeGitHub(base, head).token().analyse().listComments().createComment().updateCheckRun();
    const res = await createWorkerHandler({ probot: testProbot() })(sqsEvent([body]), { getRemainingTimeInMillis: () => 300_000 });
    expect(res).toEqual({ batchItemFailures: [] });
    const [comment] = gh.bodies('POST', '/issues/7/comments');
    expect(comment.body).toBe(readFileSync(new URL('../github/golden/opened-comment.md', import.meta.url), 'utf8'));
    expect(gh.bodies('PATCH', '/check-runs/101')[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  test('out of time budget: the check run is completed with the reason, never left in progress', async () => {
    const body = await queuedMessage();
    const gh = new FakeGitHub(base, head).token().config().getPull().compare().updateCheckRun();
    const res = await createWorkerHandler({ probot: testProbot() })(sqsEvent([body]), { getRemainingTimeInMillis: () => 10_000 });
    expect(res).toEqual({ batchItemFailures: [] });
    expect(gh.bodies('PATCH', '/check-runs/101')[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gh.bodies('PATCH', '/check-runs/101')[0].output.summary).toContain('time budget exceeded');
  });

  // A worker killed for memory or at its timeout never completes the check run; SQS delivers the job again,
  // counting receives: the next attempts do less and say so, so the check run always completes.
  test.each([
    ['2', { maxRegionPairs: 10_000 }, /^- A first attempt at this analysis stopped before it finished \(the worker ran out of memory or time: .*\), so this one compares at most 10,000 pairs of pods the manifests do not hold/m],
    ['3', { abstractPeers: false }, /^> ⚠️ Not analysed: pods the manifests do not hold\. 2 attempts at this analysis stopped before they finished .*, so this one compares the manifests' own workloads only/m],
  ])('received %s times: the analysis is reduced and the comment says so', async (count, options, said) => {
    const body = await queuedMessage();
    const gh = new FakeGitHub(base, head).token().analyse().listComments().createComment().updateCheckRun();
    const seen: object[] = [];
    const analyze: Analyze = (b, h, o) => (seen.push(o), analyzeTargets(b, h, o));
    const record = { messageId: 'm-0', body, attributes: { ApproximateReceiveCount: count } } as never;
    const res = await createWorkerHandler({ probot: testProbot(), app: { analyze } })({ Records: [record] }, { getRemainingTimeInMillis: () => 300_000 });
    expect(res).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([expect.objectContaining(options)]);
    const [comment] = gh.bodies('POST', '/issues/7/comments');
    expect(comment.body).toMatch(said);
    // The example opens paths among its workloads: failure, whatever was left out; the check says what was.
    const check = gh.bodies('PATCH', '/check-runs/101')[0];
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check.output.summary).toContain(count === '2' ? 'A first attempt' : 'Not analysed: pods the manifests do not hold');
  });

  test('a receive count that is missing or unreadable is the first receive', () => {
    expect([undefined, {}, { ApproximateReceiveCount: '1' }, { ApproximateReceiveCount: 'x' }, { ApproximateReceiveCount: '4' }].map((attributes) => receiveCount({ attributes }))).toEqual([1, 1, 1, 1, 4]);
    expect(attemptPlan(1)).toEqual({ options: {}, notices: [] });
  });

  test('a message that is not a job is reported as a batch item failure (SQS retries, then the DLQ)', async () => {
    const res = await createWorkerHandler({ probot: testProbot() })(sqsEvent(['{"hello":1}']));
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
  });
});

test('a queued message carries only the repository and installation of the payload', async () => {
  const gh = new FakeGitHub(base, head).start();
  const sqs = fakeSqs();
  const payload = pullRequestPayload('opened', { sha: gh.baseTip }, head, { pull_request: { ...pullRequestPayload('opened', base, head).pull_request, body: 'x'.repeat(300_000) } });
  await createWebhookHandler({ probot: testProbot(), sqs: sqs.client, queueUrl: QUEUE })(await functionUrlEvent(payload));
  const body = sqs.sent[0].input.MessageBody!;
  expect(Buffer.byteLength(body)).toBeLessThan(4096);
  expect(Object.keys(JSON.parse(body).event.payload).sort()).toEqual(['action', 'installation', 'repository']);
});
