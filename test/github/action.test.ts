/**
 * The GitHub Action's entry, in a simulated Actions environment (an event payload file, `GITHUB_*` and
 * `INPUT_*` variables), GitHub answered by nock: the same comment and check run as the App.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import { runAction } from '../../src/github/action-run.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

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

async function actionsEnv(base: string, head: string, extra: Record<string, string> = {}, shas = { base: 'b'.repeat(40), head: 'h'.repeat(40) }) {
  const dir = await tempDir('reachdiff-action-');
  await mkdir(join(dir, 'workspace'));
  const event = { action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: shas.head }, base: { sha: shas.base, repo: { html_url: 'https://github.com/acme/gitops' } } }, repository: { html_url: 'https://github.com/acme/gitops' } };
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
  expect(by('comment').body).toMatch(/^<!-- reachdiff:comment -->\n### 🔓 reachdiff: staging: 4 paths opened; Application web-staging is synced by hand: this change deploys there when someone syncs it, not on merge \(see the notes\); 1 new finding; prod: no change\./);
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

test('fail-on takes a comma-separated list, as --fail-on and failOn do: opened,errors fails the check on opened paths', async () => {
  const sent: { method: string; body: any }[] = [];
  github(sent);
  // The demo's change opens paths; read as one unknown value "opened,errors" it used to fail on nothing (neutral).
  const { env } = await actionsEnv(join(EXAMPLES, 'base'), join(EXAMPLES, 'head'), { 'INPUT_FAIL-ON': 'opened, errors' });
  await runAction(env);
  expect(sent.find((s) => s.method === 'complete')!.body.conclusion).toBe('failure');
});

test('a config with _extends, which only the App follows, is said in the log (fresh-user trial 32)', async () => {
  const sent: { method: string; body: any }[] = [];
  github(sent);
  const config = join(process.cwd(), 'test', 'fixtures', 'config-extends', '.github', 'reachdiff.yml');
  const { env } = await actionsEnv(join(EXAMPLES, 'base'), join(EXAMPLES, 'head'), { INPUT_CONFIG: config });
  const result = await runAction(env);
  expect(result.log).toContain(`note: ${config} has _extends: .github, which only the GitHub App follows: here the file is read alone, without the settings of the file it names (copy them into it, or pass --config a file holding both)`);
  expect(sent.find((s) => s.method === 'complete')!.body.conclusion).toBe('failure');
});

test('a fail-on input that is not understood fails the check run, naming the value, before any analysis', async () => {
  const sent: { method: string; body: any }[] = [];
  nock(API)
    .post('/repos/acme/gitops/check-runs')
    .reply(201, { id: 31 })
    .patch('/repos/acme/gitops/check-runs/31')
    .reply(200, (_u, b) => (sent.push({ method: 'complete', body: b }), { id: 31 }));
  const { env, dir } = await actionsEnv(join(EXAMPLES, 'base'), join(EXAMPLES, 'head'), { 'INPUT_FAIL-ON': 'open' });
  const result = await runAction(env);
  expect(result.exitCode).toBe(1);
  expect(result.log.join('\n')).toContain('the fail-on input must be one or more (comma-separated) of opened, closed, any, never, errors, combined-labels (got "open")');
  expect(sent[0].body).toMatchObject({ status: 'completed', conclusion: 'failure' });
  expect(sent[0].body.output.summary).toContain('(got "open")');
  // The step summary and the outputs say it too: they were left empty (new-user trial 33).
  expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('reachdiff could not finish');
  expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('(got "open")');
  expect(await readFile(join(dir, 'output.txt'), 'utf8')).toBe('conclusion=failure\n');
});

test('a namespace input the API server would refuse fails the check run, naming it, before any analysis (new-user trial 35)', async () => {
  const sent: { body: any }[] = [];
  nock(API)
    .post('/repos/acme/gitops/check-runs')
    .reply(201, { id: 32 })
    .patch('/repos/acme/gitops/check-runs/32')
    .reply(200, (_u, b) => (sent.push({ body: b }), { id: 32 }));
  const { env } = await actionsEnv(join(EXAMPLES, 'base'), join(EXAMPLES, 'head'), { INPUT_NAMESPACE: 'Bad_NS' });
  const result = await runAction(env);
  expect(result.exitCode).toBe(1);
  expect(result.log.join('\n')).toContain('the namespace input: namespace "Bad_NS" must be a lowercase DNS-1123 label');
  expect(sent[0].body).toMatchObject({ status: 'completed', conclusion: 'failure' });
});

describe('without a base input: the merge base, as the App compares, not the base branch tip', () => {
  const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`;
  const policy = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
  const admitApi = (from: string) => policy('api', `  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [${from}], ports: [{port: 8080}]}]\n`);

  /** Merge base M; the PR's head H (off M) admits every namespace to api; main moved on to T, which drops db's deny. */
  async function history() {
    const repo = await tempDir('reachdiff-action-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    await writeFiles(repo, [
      { path: 'k8s/apps.yaml', text: ['web', 'api', 'db'].map(deployment).join('---\n') },
      { path: 'k8s/api.yaml', text: admitApi('{podSelector: {matchLabels: {app: web}}}') },
      { path: 'k8s/db-deny.yaml', text: policy('db-deny', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n') },
    ]);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'M');
    const m = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'checkout', '-qb', 'feature');
    await writeFiles(repo, [{ path: 'k8s/api.yaml', text: admitApi('{namespaceSelector: {}}') }]);
    git(repo, 'commit', '-qam', 'H');
    const h = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'checkout', '-q', 'main');
    await rm(join(repo, 'k8s/db-deny.yaml'));
    git(repo, 'commit', '-qam', 'T');
    const t = git(repo, 'rev-parse', 'HEAD').trim();
    return { repo, m, h, t };
  }

  const compare = (t: string, h: string) => nock(API).get(`/repos/acme/gitops/compare/${t}...${h}`).query({ per_page: '1' });

  it('asks the compare API for the merge base and reports only what the PR changes', async () => {
    const { repo, m, h, t } = await history();
    const sent: { method: string; body: any }[] = [];
    compare(t, h).reply(200, { status: 'diverged', ahead_by: 1, behind_by: 1, merge_base_commit: { sha: m }, files: [] });
    github(sent);
    const { dir, env } = await actionsEnv('', '', { INPUT_REPO: repo }, { base: t, head: h });
    const result = await runAction(env);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(`reachdiff: comparing against the merge base ${m} (the base branch is at ${t})`);
    // Against the tip, db's paths (opened on main after the branch point) would read as closed by this PR.
    expect(await readFile(join(dir, 'output.txt'), 'utf8')).toBe('opened=3\nclosed=0\nconclusion=failure\n');
    const comment = sent.find((s) => s.method === 'comment')!.body.body as string;
    // Base lines link to the merge base, the commit compared.
    expect(comment).toContain(`/blob/${m}/k8s/api.yaml#L`);
    expect(comment).not.toContain(`/blob/${t}/`);
  });

  it('the merge base from the checkout\'s history when the compare API does not answer', async () => {
    const { repo, m, h, t } = await history();
    const sent: { method: string; body: any }[] = [];
    compare(t, h).reply(404, { message: 'Not Found' });
    github(sent);
    const { dir, env } = await actionsEnv('', '', { INPUT_REPO: repo }, { base: t, head: h });
    const result = await runAction(env);
    expect(result.log.some((l) => l.includes('compare API did not answer') && l.includes(`git merge-base gives ${m}`))).toBe(true);
    expect(await readFile(join(dir, 'output.txt'), 'utf8')).toBe('opened=3\nclosed=0\nconclusion=failure\n');
  });

  it('a merge base the checkout lacks (a shallow clone) fails the check run saying fetch-depth: 0', async () => {
    const { repo, h, t } = await history();
    const sent: { method: string; body: any }[] = [];
    compare(t, h).reply(200, { merge_base_commit: { sha: 'e'.repeat(40) } });
    nock(API)
      .post('/repos/acme/gitops/check-runs')
      .reply(201, { id: 33 })
      .patch('/repos/acme/gitops/check-runs/33')
      .reply(200, (_u, b) => (sent.push({ method: 'close', body: b }), { id: 33 }));
    const { env } = await actionsEnv('', '', { INPUT_REPO: repo }, { base: t, head: h });
    expect((await runAction(env)).exitCode).toBe(1);
    expect(sent[0].body).toMatchObject({ conclusion: 'failure', output: { title: 'reachdiff could not finish' } });
    expect(sent[0].body.output.summary).toContain('fetch-depth: 0');
  });
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
