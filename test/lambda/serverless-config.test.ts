/**
 * serverless.yml against the build: every handler it names exists in what `tsc` emits (built here into a
 * scratch folder the same way `npm run build` builds dist/), and every variable the code requires is declared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, 'node_modules/.cache/reachdiff-lambda-build');
const sls = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));

type Fn = { handler: string; environment?: Record<string, unknown>; timeout?: number; events?: { sqs?: { functionResponseType?: string } }[]; url?: boolean };
const functions = sls.functions as Record<string, Fn>;

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', OUT, '--sourceMap', 'false'], { stdio: 'pipe' });
  } catch (error) {
    // Type errors elsewhere in the tree still emit JavaScript; what matters here is what was emitted.
    if (!existsSync(join(OUT, 'lambda.js'))) throw error;
  }
}, 120_000);

test('runs on nodejs22.x, with a webhook function answering inside GitHub\'s 10 s', () => {
  expect(sls.provider.runtime).toBe('nodejs22.x');
  expect(functions.webhook.url).toBe(true);
  expect(functions.webhook.timeout).toBeLessThan(10);
});

test.each(Object.entries(functions))('function %s: its handler is exported by the build', async (_name, fn) => {
  const m = /^(.+)\.([A-Za-z_$][\w$]*)$/.exec(fn.handler)!;
  const [, file, exported] = m;
  expect(file.startsWith(`${tsconfig.compilerOptions.outDir}/`)).toBe(true);
  const built = join(OUT, `${file.slice(tsconfig.compilerOptions.outDir.length + 1)}.js`);
  expect(existsSync(built)).toBe(true);
  const mod = await import(pathToFileURL(built).href);
  expect(typeof mod[exported]).toBe('function');
});

test('every environment variable the code requires is declared for the function that needs it', () => {
  const lambdaSource = readFileSync(join(ROOT, 'src/lambda.ts'), 'utf8');
  const required = [...lambdaSource.matchAll(/requiredEnv\('([A-Z_]+)'\)/g)].map((m) => m[1]);
  expect(required).toEqual(['QUEUE_URL']);
  const declared = (fn: Fn) => new Set([...Object.keys(sls.provider.environment ?? {}), ...Object.keys(fn.environment ?? {})]);
  // Probot's credentials are read from Parameter Store at start (runtime/lambda-secrets.ts), never put in the environment in clear.
  for (const fn of Object.values(functions)) {
    expect(declared(fn)).toContain('SECRETS_PARAMETER_PATH');
    for (const name of ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET']) expect(declared(fn)).not.toContain(name);
  }
  expect(declared(functions.webhook)).toContain('QUEUE_URL');
});

test('the functions may read the parameters under SECRETS_PARAMETER_PATH, and only those', () => {
  const path = String(sls.provider.environment.SECRETS_PARAMETER_PATH);
  const statements = sls.provider.iam.role.statements as { Effect: string; Action: string[]; Resource: unknown }[];
  const reads = statements.filter((s) => s.Effect === 'Allow' && s.Action.includes('ssm:GetParameters'));
  expect(reads).toHaveLength(1);
  expect(reads[0].Resource).toBe(`arn:aws:ssm:\${aws:region}:\${aws:accountId}:parameter${path}/*`);
});

test('the worker is fed by the queue, reports partial batch failures, and the queue has a dead-letter queue', () => {
  const queue = sls.resources.Resources.JobsQueue.Properties;
  expect(functions.worker.events?.[0]?.sqs?.functionResponseType).toBe('ReportBatchItemFailures');
  expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['JobsDeadLetterQueue', 'Arn'] });
  expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(functions.worker.timeout!);
  // A job a stopped worker left is received again, each time doing less (github/attempts.ts): the third receive,
  // the manifests' own workloads only, must come before the dead-letter queue.
  expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(3);
});

test('a job in the dead-letter queue raises an alarm, sent to an SNS topic only when one is given', () => {
  const resources = sls.resources.Resources;
  const alarm = Object.values(resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).find((r) => r.Type === 'AWS::CloudWatch::Alarm');
  expect(alarm?.Properties).toMatchObject({
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['JobsDeadLetterQueue', 'QueueName'] } }],
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
  });
  const [condition, whenGiven, otherwise] = (alarm?.Properties.AlarmActions as { 'Fn::If': unknown[] })['Fn::If'];
  expect(sls.resources.Conditions[condition as string]).toBeDefined();
  expect(whenGiven).toEqual([expect.stringContaining('${param:alarmTopicArn')]);
  expect(otherwise).toEqual({ Ref: 'AWS::NoValue' });
});
