/**
 * AWS Lambda entry points, thin over the same app as the Node server (issue 4):
 * - `webhook` (function URL or HTTP API, payload 2.0): verifies the signature, marks the check run in
 *   progress, puts the job on SQS and answers — well inside GitHub's 10 s.
 * - `worker` (SQS): runs the analysis and reports; a failed message is retried, then dead-lettered.
 * Our own handler on `probot.webhooks.verifyAndReceive`: the published adapter pins Probot 13 / CommonJS.
 */
import { existsSync } from 'node:fs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Probot } from 'probot';
import { Context, createProbot } from 'probot';
import type { AppOptions } from './github/app.js';
import { apiCallsSoFar, jobRunner, reachdiffApp } from './github/app.js';
import type { Job } from './github/job.js';
import { ReachdiffOctokit } from './github/octokit.js';
import { enqueue, parseQueued } from './github/queue.js';
import { tuneTierUp } from './runtime/tier-up.js';
import { receiveCount } from './github/attempts.js';
import { loadSecrets, ssmGetParameters } from './runtime/lambda-secrets.js';
import { appCredentialProblems } from './runtime/app-credentials.js';

export interface LambdaDeps {
  readonly probot: Probot;
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  readonly app?: AppOptions;
}

type HttpEvent = Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'> & { requestContext?: { http?: { method?: string } }; httpMethod?: string };
type HttpResult = APIGatewayProxyStructuredResultV2;
type WebhookName = Parameters<Probot['webhooks']['verifyAndReceive']>[0]['name'];
type QueuedWebhook = ConstructorParameters<typeof Context>[0];

const json = (statusCode: number, body: object): HttpResult => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export function createWebhookHandler(deps: LambdaDeps): (event: HttpEvent) => Promise<HttpResult> {
  const dispatch = async (job: Job, context: Context) => {
    await enqueue(deps.sqs, deps.queueUrl, { job, event: { id: context.id, name: context.name, payload: context.payload } });
    context.log.info({ delivery: job.deliveryId, pull: job.pullNumber, head: job.headSha, apiCalls: apiCallsSoFar(context) }, `reachdiff queued: ${apiCallsSoFar(context)} API calls`);
  };
  const loaded = deps.probot.load(reachdiffApp({ ...deps.app, dispatch }));
  return async (event) => {
    await loaded;
    const method = event.requestContext?.http?.method ?? event.httpMethod ?? 'POST';
    if (method === 'GET') return json(200, { app: 'reachdiff', ok: true });
    if (method !== 'POST') return json(405, { error: `${method} not allowed` });
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const id = headers['x-github-delivery'];
    const name = headers['x-github-event'];
    const signature = headers['x-hub-signature-256'];
    if (!id || !name || !signature) return json(400, { error: 'missing X-GitHub-Delivery, X-GitHub-Event or X-Hub-Signature-256' });
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    try {
      // Any X-GitHub-Event header is accepted: a name without a handler is verified and then ignored.
      await deps.probot.webhooks.verifyAndReceive({ id, name: name as WebhookName, signature, payload: body });
      return json(200, { ok: true });
    } catch (error) {
      const first = (error as AggregateError).errors?.[0] ?? error;
      if (/signature does not match/i.test(String((first as Error).message))) return json(401, { error: 'signature does not match' });
      deps.probot.log.error({ err: error, delivery: id }, 'reachdiff webhook failed');
      return json(500, { error: 'handler failed' });
    }
  };
}

export function createWorkerHandler(deps: Pick<LambdaDeps, 'probot' | 'app'>): (event: SQSEvent, context?: Pick<LambdaContext, 'getRemainingTimeInMillis'>) => Promise<SQSBatchResponse> {
  const run = jobRunner(deps.app);
  return async (event, lambdaContext) => {
    await deps.probot.ready();
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const { job, event: webhook } = parseQueued(record.body);
        const octokit = await deps.probot.auth(job.installationId);
        // The queued payload is slimmed to what the worker reads (repository, installation), so it is not a full webhook event.
        const context = new Context(webhook as QueuedWebhook, octokit, deps.probot.log.child({ name: 'reachdiff' }));
        // Leave 15 s to complete the check run before Lambda stops us.
        const deadline = lambdaContext ? Date.now() + lambdaContext.getRemainingTimeInMillis() - 15_000 : undefined;
        // A receive past the first: a worker stopped before finishing this job (memory, timeout); it does less (attempts.ts).
        const attempt = receiveCount(record);
        if (attempt > 1) context.log.warn({ delivery: job.deliveryId, attempt }, `reachdiff job received ${attempt} times: a worker stopped before finishing it; analysing less`);
        await run(job, context, deadline, attempt);
      } catch (error) {
        deps.probot.log.error({ err: error, message: record.messageId }, 'reachdiff job failed; SQS will retry it');
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

let probot: Probot | undefined;
const sharedProbot = () => (probot ??= createProbot({ defaults: { Octokit: ReachdiffOctokit } }));
let webhookHandler: ReturnType<typeof createWebhookHandler> | undefined;
let workerHandler: ReturnType<typeof createWorkerHandler> | undefined;

/**
 * The App's credentials, read once per warm function before Probot is made (runtime/lambda-secrets.ts)
 * and checked (runtime/app-credentials.ts); a failed read is tried again at the next invocation rather
 * than kept.
 */
let secrets: Promise<void> | undefined;
const secretsLoaded = (): Promise<void> =>
  (secrets ??= loadSecrets(process.env, ssmGetParameters(new SSMClient({})))
    .then(() => {
      // Set directly (no SECRETS_PARAMETER_PATH) they are not checked otherwise: Probot would take a missing secret as its public default.
      const problems = appCredentialProblems(process.env, { exists: existsSync, pemFiles: () => [] });
      if (problems.length > 0) throw new Error(problems.join('; '));
    })
    .catch((error: unknown) => {
      secrets = undefined;
      throw error;
    }));

/** Lambda handler `dist/lambda.webhook`. */
export const webhook = async (event: HttpEvent): Promise<HttpResult> => {
  await secretsLoaded();
  webhookHandler ??= createWebhookHandler({ probot: sharedProbot(), sqs: new SQSClient({}), queueUrl: requiredEnv('QUEUE_URL') });
  return webhookHandler(event);
};

/** Lambda handler `dist/lambda.worker`. */
export const worker = async (event: SQSEvent, context: LambdaContext): Promise<SQSBatchResponse> => {
  await secretsLoaded();
  if (!workerHandler) {
    tuneTierUp();
    workerHandler = createWorkerHandler({ probot: sharedProbot() });
  }
  return workerHandler(event, context);
};

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
