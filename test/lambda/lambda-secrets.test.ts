/**
 * The App's credentials read from SSM Parameter Store when a Lambda function starts
 * (src/runtime/lambda-secrets.ts): the real SSM client against a stubbed endpoint over nock, no network.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import nock from 'nock';
import { loadSecrets, ssmGetParameters } from '../../src/runtime/lambda-secrets.js';
import { isolateNetwork, privateKey } from '../github/support/harness.js';

const ENDPOINT = 'https://ssm.eu-west-1.amazonaws.com';
const client = () => new SSMClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }, maxAttempts: 1 });

isolateNetwork();

test('reads the three parameters under SECRETS_PARAMETER_PATH in one decrypting call and sets what Probot reads', async () => {
  let asked: unknown;
  nock(ENDPOINT)
    .post('/', (body) => ((asked = body), true))
    .matchHeader('x-amz-target', 'AmazonSSM.GetParameters')
    .reply(200, {
      Parameters: [
        { Name: '/reachdiff/prod/app-id', Type: 'String', Value: '123456' },
        { Name: '/reachdiff/prod/private-key', Type: 'SecureString', Value: 'LS0tLS1CRUdJTg==' },
        { Name: '/reachdiff/prod/webhook-secret', Type: 'SecureString', Value: 's3cret' },
      ],
      InvalidParameters: [],
    });
  const env: NodeJS.ProcessEnv = { SECRETS_PARAMETER_PATH: '/reachdiff/prod/' };
  await loadSecrets(env, ssmGetParameters(client()));
  expect(asked).toEqual({ Names: ['/reachdiff/prod/app-id', '/reachdiff/prod/private-key', '/reachdiff/prod/webhook-secret'], WithDecryption: true });
  expect(env).toMatchObject({ APP_ID: '123456', PRIVATE_KEY: 'LS0tLS1CRUdJTg==', WEBHOOK_SECRET: 's3cret' });
});

test('a parameter Parameter Store does not hold fails with its full name, and sets nothing', async () => {
  nock(ENDPOINT)
    .post('/')
    .reply(200, { Parameters: [{ Name: '/reachdiff/dev/app-id', Type: 'String', Value: '7' }], InvalidParameters: ['/reachdiff/dev/private-key', '/reachdiff/dev/webhook-secret'] });
  const env: NodeJS.ProcessEnv = { SECRETS_PARAMETER_PATH: '/reachdiff/dev' };
  await expect(loadSecrets(env, ssmGetParameters(client()))).rejects.toThrow('no value for /reachdiff/dev/private-key, /reachdiff/dev/webhook-secret (SECRETS_PARAMETER_PATH=/reachdiff/dev)');
  expect(env.APP_ID).toBeUndefined();
});

test('a refused call fails with the service error (no permission), not with missing values', async () => {
  nock(ENDPOINT)
    .post('/')
    .reply(400, { __type: 'AccessDeniedException', message: 'not authorized to perform: ssm:GetParameters' }, { 'x-amzn-errortype': 'AccessDeniedException' });
  await expect(loadSecrets({ SECRETS_PARAMETER_PATH: '/reachdiff/prod' }, ssmGetParameters(client()))).rejects.toThrow('ssm:GetParameters');
});

test('without SECRETS_PARAMETER_PATH the environment is used as it is and nothing is asked', async () => {
  const env: NodeJS.ProcessEnv = { APP_ID: '1', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 'w' };
  let asked = 0;
  await loadSecrets(env, async () => (asked++, new Map<string, string>()));
  expect(asked).toBe(0);
  expect(env).toEqual({ APP_ID: '1', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 'w' });
});

test('the deployed webhook handler reads the credentials before Probot is made, and answers with them', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { SECRETS_PARAMETER_PATH: '/reachdiff/test', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/jobs' });
  for (const name of ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET']) delete process.env[name];
  try {
    nock(ENDPOINT)
      .post('/')
      .reply(200, {
        Parameters: [
          { Name: '/reachdiff/test/app-id', Value: '42' },
          { Name: '/reachdiff/test/private-key', Value: privateKey() },
          { Name: '/reachdiff/test/webhook-secret', Value: 'from-ssm' },
        ],
      });
    const { webhook } = await import('../../src/lambda.js');
    const answer = await webhook({ headers: {}, body: '', isBase64Encoded: false, requestContext: { http: { method: 'GET' } } });
    expect(answer.statusCode).toBe(200);
    expect(process.env.APP_ID).toBe('42');
    expect(process.env.WEBHOOK_SECRET).toBe('from-ssm');
  } finally {
    process.env = saved;
  }
});
