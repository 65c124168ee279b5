/**
 * The App's credentials checked before Probot starts (src/runtime/app-credentials.ts): Probot would take a
 * missing WEBHOOK_SECRET as its public default "development", and an APP_ID that is not a number or a key
 * that is not one as "nothing set" (its setup page, to register a new App), with a stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appCredentialProblems, serverStartProblems } from '../../src/runtime/app-credentials.js';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n';
const good = { APP_ID: '123456', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's3cret' };
const none = { exists: () => false, pemFiles: () => [] };

it('usable credentials: the PEM as written, on one line with \\n, base64-encoded, or a key file', () => {
  expect(appCredentialProblems(good, none)).toEqual([]);
  expect(appCredentialProblems({ ...good, PRIVATE_KEY: PEM.replace(/\n/g, '\\n') }, none)).toEqual([]);
  expect(appCredentialProblems({ ...good, PRIVATE_KEY: Buffer.from(PEM).toString('base64') }, none)).toEqual([]);
  expect(appCredentialProblems({ APP_ID: '7', PRIVATE_KEY_PATH: 'key.pem', WEBHOOK_SECRET: 'x' }, { ...none, exists: (p) => p === 'key.pem' })).toEqual([]);
});

it('each mistake is one sentence naming its variable', () => {
  expect(appCredentialProblems({ ...good, WEBHOOK_SECRET: '' }, none)).toEqual([expect.stringMatching(/^WEBHOOK_SECRET is not set: .*anyone could send the App events/)]);
  expect(appCredentialProblems({ ...good, APP_ID: 'abc' }, none)).toEqual([expect.stringMatching(/^APP_ID is "abc": the App's number/)]);
  expect(appCredentialProblems({ ...good, PRIVATE_KEY: 'nonsense' }, none)).toEqual([expect.stringMatching(/^PRIVATE_KEY is not a PEM private key/)]);
  expect(appCredentialProblems({ APP_ID: '7', PRIVATE_KEY_PATH: 'gone.pem', WEBHOOK_SECRET: 'x' }, none)).toEqual(['PRIVATE_KEY_PATH names no file: gone.pem']);
  expect(appCredentialProblems({}, none).map((p) => p.split(' ')[0])).toEqual(['APP_ID', 'neither', 'WEBHOOK_SECRET']);
});

describe('the Node server', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'reachdiff-creds-'));

  it('starts with nothing set (setup mode, to register the App), but not in production', () => {
    expect(serverStartProblems({}, folder())).toEqual([]);
    expect(serverStartProblems({ NODE_ENV: 'production' }, folder())[0]).toMatch(/^APP_ID is not set/);
  });

  it('reads .env over the environment, as Probot does: a secret missing from both is refused', () => {
    const dir = folder();
    writeFileSync(join(dir, '.env'), `APP_ID=42\nPRIVATE_KEY="${PEM.replace(/\n/g, '\\n')}"\n`);
    expect(serverStartProblems({}, dir)).toEqual([expect.stringMatching(/^WEBHOOK_SECRET is not set/)]);
    expect(serverStartProblems({ WEBHOOK_SECRET: 'x' }, dir)).toEqual([]);
    writeFileSync(join(dir, '.env'), 'APP_ID=abc\n');
    expect(serverStartProblems({ ...good }, dir)).toEqual([expect.stringMatching(/^APP_ID is "abc"/)]);
  });

  it('a PRIVATE_KEY_PATH is looked for in the folder the server starts in, and without one its only .pem file is the key', () => {
    const dir = folder();
    writeFileSync(join(dir, 'key.pem'), PEM);
    expect(serverStartProblems({ APP_ID: '1', PRIVATE_KEY_PATH: 'key.pem', WEBHOOK_SECRET: 'x' }, dir)).toEqual([]);
    expect(serverStartProblems({ APP_ID: '1', WEBHOOK_SECRET: 'x' }, dir)).toEqual([]);
    writeFileSync(join(dir, 'old.pem'), PEM);
    expect(serverStartProblems({ APP_ID: '1', WEBHOOK_SECRET: 'x' }, dir)).toEqual(['neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set, and the folder holds 2 .pem files (key.pem, old.pem): give the App\'s in PRIVATE_KEY_PATH']);
  });
});
