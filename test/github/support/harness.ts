/** A real Probot, its Node middleware on loopback, and signed webhook deliveries over HTTP. */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@octokit/webhooks-methods';
import nock from 'nock';
import { Probot, createNodeMiddleware } from 'probot';
import type { AppOptions } from '../../../src/github/app.js';
import { reachdiffApp } from '../../../src/github/app.js';
import { octokitWith } from '../../../src/github/octokit.js';
import type { RunStats } from '../../../src/github/run-job.js';

export const SECRET = 'test-webhook-secret';

let key: string | undefined;
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return key;
}

/** Production Octokit settings, with retries 1 ms apart and no write throttling (which spaces writes 1–3 s). */
export const TestOctokit = octokitWith({ retry: { retryAfterBaseValue: 1 }, throttle: { enabled: false } });

export function testProbot(): Probot {
  return new Probot({ appId: 1, privateKey: privateKey(), secret: SECRET, Octokit: TestOctokit, logLevel: 'fatal' });
}

export interface Running {
  readonly url: string;
  readonly runs: RunStats[];
  readonly probot: Probot;
  close(): Promise<void>;
}

export async function startServer(options: AppOptions = {}): Promise<Running> {
  const probot = testProbot();
  const runs: RunStats[] = [];
  const middleware = await createNodeMiddleware(reachdiffApp({ ...options, onRun: (s, j) => (runs.push(s), options.onRun?.(s, j)) }), { probot });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/github/webhooks`, runs, probot, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function deliver(url: string, name: string, payload: object, options: { secret?: string | null; id?: string } = {}): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': name, 'x-github-delivery': options.id ?? randomUUID() };
  if (options.secret !== null) headers['x-hub-signature-256'] = await sign(options.secret ?? SECRET, body);
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

export function isolateNetwork(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });
}

/**
 * The set-up of the end-to-end files: network isolated (`isolateNetwork`), and a fresh App server for
 * each test, closed after it. The returned object reads the current test's server.
 */
export function serverPerTest(options: AppOptions = {}): Running {
  isolateNetwork();
  let current: Running | undefined;
  beforeEach(async () => {
    current = await startServer(options);
  });
  afterEach(() => current?.close());
  const now = (): Running => {
    if (!current) throw new Error('the server runs inside a test only');
    return current;
  };
  return {
    get url() {
      return now().url;
    },
    get runs() {
      return now().runs;
    },
    get probot() {
      return now().probot;
    },
    close: () => now().close(),
  };
}
