/**
 * The GitHub Action's entry, in a simulated Actions environment (an event payload file, `GITHUB_*` and
 * `INPUT_*` variables), GitHub answered by nock: the same comment and check run as the App.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import { runAction } from '../../src/github/action-run.js';
import { tempDir } from '../helpers/git.js';

const API = 'https://api.github.com';
const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'a-argocd');
const EXAMPLES = join(process.cwd(), 'examples');

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

async function actionsEnv(base: string, head: string, extra: Record<string, string> = {}) {
  const dir = await tempDir('reachdiff-action-');
  await mkdir(join(dir, 'workspace'));
  const event = { action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: 'h'.repeat(40) }, base: { sha: 'b'.repeat(40), repo: { html_url: 'https://github.com/acme/gitops' } } }, repository: { html_url: 'https://github.com/acme/gitops' } };
  await writeFile(join(dir, 'event.json'), JSON.stringify(event));
  for (const f of ['summary.md', 'output.txt']) await writeFile(join(dir, f), '');
  return {
    dir,
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_REPOSITORY: 'acme/gitops',
      GITHUB_API_URL: API,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: join(dir, 'workspace'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_OUTPUT: join(dir, 'output.txt'),
      GITHUB_TOKEN: 'ghs_workflow',
      INPUT_BASE: base,
      INPUT_HEAD: head,
      'INPUT_FAIL-STEP': 'false',
      ...extra,
    },
  };
}

function github(sent: { method: string; body: any }[]) {
  const rec = (method: string) => (_uri: string, body: unknown) => sent.push({ method, body });
  return nock(API, { reqheaders: { authorization: 'token ghs_workflow' } })
    .post('/repos/acme/gitops/check-runs')
    .reply(201, (u, b) => (rec('create')(u, b), { id: 31 }))
    .get('/repos/acme/gitops/issues/7/comments')
    .query({ per_page: '100' })
    .reply(200, [])
    .post('/repos/acme/gitops/issues/7/comments')
    .reply(201, (u, b) => (rec('comment')(u, b), { id: 9, html_url: 'https://github.com/acme/gitops/pull/7#issuecomment-9' }))
    .patch('/repos/acme/gitops/check-runs/31')
    .reply(200, (u, b) => (rec('complete')(u, b), { id: 31 }));
}

test('diffs two rendered checkouts and posts the comment and the check run, as the App does', async () => {
  const sent: { method: string; body: any }[] = [];
  github(sent);
  const { dir, env } = await actionsEnv(join(FIX, 'base'), join(FIX, 'head'));
  const result = await runAction(env);
  expect(result.exitCode).toBe(0);
  const by = (m: string) => sent.find((s) => s.method === m)!.body;
  expect(by('create')).toMatchObject({ name: 'reachdiff', head_sha: 'h'.repeat(40), status: 'in_progress', external_id: 'pr:7' });
  expect(by('comment').body).toMatch(/^<!-- reachdiff:comment -->\n### 🔓 reachdiff: staging: 4 paths opened; 1 new finding; prod: no change\./);
  expect(by('comment').body).toContain(`](https://github.com/acme/gitops/blob/${'h'.repeat(40)}/apps/web/overlays/staging/debug-access.yaml#L`);
  expect(by('complete')).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '4 opened, 0 closed, 1 new finding (staging)' }, actions: [] });
  expect(await readFile(join(dir, 'output.txt'), 'utf8')).toBe('opened=4\nclosed=0\nconclusion=failure\n');
  expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('staging: 4 paths opened');
});

test('fail-step fails the step when the check fails; fail-on never keeps the check from failing', async () => {
  const sent: { method: string; body: any }[] = [];
  github(sent);
  const { env } = await actionsEnv(join(EXAMPLES, 'base'), join(EXAMPLES, 'head'), { 'INPUT_FAIL-STEP': 'true' });
  expect((await runAction(env)).exitCode).toBe(1);
  const sent2: typeof sent = [];
  github(sent2);
  const never = await actionsEnv(join(EXAMPLES, 'base'), join(EXAMPLES, 'head'), { 'INPUT_FAIL-STEP': 'true', 'INPUT_FAIL-ON': 'never' });
  expect((await runAction(never.env)).exitCode).toBe(0);
  expect(sent2.find((s) => s.method === 'complete')!.body.conclusion).not.toBe('failure');
});

test('a side that cannot be read completes the check run as a failure with the reason', async () => {
  const sent: { method: string; body: any }[] = [];
  nock(API)
    .post('/repos/acme/gitops/check-runs')
    .reply(201, { id: 32 })
    .patch('/repos/acme/gitops/check-runs/32')
    .reply(200, (_u, b) => (sent.push({ method: 'close', body: b }), { id: 32 }));
  const { env } = await actionsEnv('no-such-revision', join(EXAMPLES, 'head'));
  const result = await runAction(env);
  expect(result.exitCode).toBe(1);
  expect(sent[0].body).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'reachdiff could not finish' } });
});

test('another event is not analysed', async () => {
  const { dir, env } = await actionsEnv('a', 'b');
  await writeFile(join(dir, 'event.json'), JSON.stringify({ ref: 'refs/heads/main' }));
  expect(await runAction(env)).toEqual({ exitCode: 0, log: ['reachdiff: not a pull_request event; nothing to analyse.'] });
});

test('action.yml is a composite action that builds reachdiff and runs dist/action.js with every input', async () => {
  const yaml = (await import('js-yaml')).default;
  const action = yaml.load(await readFile(join(process.cwd(), 'action.yml'), 'utf8')) as { runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] }; inputs: Record<string, unknown> };
  expect(action.runs.using).toBe('composite');
  const steps = action.runs.steps;
  expect(steps.some((s) => s.run?.includes('npm ci') && s.run.includes('npm run build'))).toBe(true);
  const run = steps.find((s) => s.run?.includes('dist/action.js'))!;
  const passed = Object.keys(run.env ?? {}).map((k) => k.replace(/^INPUT_/, '').toLowerCase());
  expect(passed.sort()).toEqual(Object.keys(action.inputs).filter((k) => k !== 'node-version').sort());
});
