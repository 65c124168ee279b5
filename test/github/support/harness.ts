/** A real Probot, its Node middleware on loopback, and signed webhook deliveries over HTTP. */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@octokit/webhooks-methods';
import nock from 'nock';
import { Probot, createNodeMiddleware } from 'probot';
import type { ApplicationFunction } from 'probot';
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

/**
 * The App's handlers still running, per server URL. The webhook middleware answers 202 "still processing"
 * once a delivery has taken 9 s (its timeout) and goes on handling it, so on a loaded machine `deliver`
 * would return before the App has written anything; it waits for these instead.
 */
const inFlight = new Map<string, Set<Promise<unknown>>>();

/** `appFn` with every handler it registers through `app.on` tracked in `pending` until it settles. */
function trackingHandlers(appFn: ApplicationFunction, pending: Set<Promise<unknown>>): ApplicationFunction {
  return (app, appOptions) =>
    appFn(
      new Proxy(app, {
        get(target, key) {
          if (key === 'on') {
            // Probot's `on` is generic over every event name; the wrapper only passes the context through.
            const on = (event: unknown, handler: (context: unknown) => Promise<unknown>) =>
              (target.on as (e: unknown, h: (c: unknown) => Promise<unknown>) => void)(event, (context) => {
                const running = handler(context);
                pending.add(running);
                void running.then(
                  () => pending.delete(running),
                  () => pending.delete(running),
                );
                return running;
              });
            return on;
          }
          const value: unknown = Reflect.get(target, key, target);
          // Probot keeps its state in private fields: its methods must run on the real instance.
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
      appOptions,
    );
}

export async function startServer(options: AppOptions = {}): Promise<Running> {
  const probot = testProbot();
  const runs: RunStats[] = [];
  const pending = new Set<Promise<unknown>>();
  const app = reachdiffApp({ ...options, onRun: (s, j) => (runs.push(s), options.onRun?.(s, j)) });
  const middleware = await createNodeMiddleware(trackingHandlers(app, pending), { probot });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  // Idle keep-alive sockets stay open until close(): a server closing one (5 s by default) as the next
  // delivery reuses it resets that request (seen under load, ECONNRESET).
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  inFlight.set(url, pending);
  return { url, runs, probot, close: () => new Promise((resolve) => server.close(() => (inFlight.delete(url), resolve()))) };
}

/**
 * A signed delivery over HTTP; resolves once the App's handlers for it have settled (see inFlight). Its
 * status is the handlers' outcome also when the middleware answered 202 before they finished.
 */
export async function deliver(url: string, name: string, payload: object, options: { secret?: string | null; id?: string } = {}): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': name, 'x-github-delivery': options.id ?? randomUUID() };
  if (options.secret !== null) headers['x-hub-signature-256'] = await sign(options.secret ?? SECRET, body);
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const pending = inFlight.get(url);
  let failed = false;
  while (pending && pending.size > 0) failed = (await Promise.allSettled([...pending])).some((r) => r.status === 'rejected') || failed;
  // 202 is the middleware's "still processing" on a loaded machine: the delivery's outcome is its handlers',
  // as 200 (or 500) would have said had they finished within the middleware's timeout.
  return { status: res.status === 202 ? (failed ? 500 : 200) : res.status, text };
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
