/**
 * The App's `.github/reachdiff.yml` as Probot's `context.config` reads it, and what that hides: a file an
 * `_extends` names that cannot be read fails the check (it read as absent: the organisation's settings were
 * silently left out), and a YAML syntax error names its line and column. Signed deliveries to the real
 * Probot over loopback, GitHub answered by nock (as pull-request.test.ts).
 */
import deepmerge from 'deepmerge';
import { mergeConfig } from '../../src/github/config-files.js';
import { commit, EXAMPLES, readFolder } from './support/git-fixture.js';
import { FakeGitHub, OWNER, pullRequestPayload } from './support/fake-github.js';
import { deliver, serverPerTest } from './support/harness.js';

const base = commit('base', readFolder(`${EXAMPLES}base`));
const head = commit('head', readFolder(`${EXAMPLES}head`));
const ORG_FILE = `/repos/${OWNER}/.github/contents/.github%2Freachdiff.yml`;

const server = serverPerTest();

const opened = (gh: FakeGitHub) => pullRequestPayload('opened', { sha: gh.baseTip }, head);

test('a YAML syntax error names the file, line and column', async () => {
  const gh = new FakeGitHub(base, head).start().config('failOn: opened\nrollback: [auto\ncomment:\n  enabled: true\n').updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  const [failed] = gh.bodies('PATCH', '/check-runs/101');
  expect(failed).toMatchObject({ conclusion: 'failure', output: { title: expect.stringMatching(/^Invalid configuration: \.github\/reachdiff\.yml:\d+:\d+$/) } });
  expect(failed.output.summary).toMatch(/- `\.github\/reachdiff\.yml:\d+:\d+`: cannot parse: \S/);
  expect(failed.output.summary).not.toContain('api.github.com');
  expect(server.runs[0]).toMatchObject({ outcome: 'invalid-config' });
});

test('an _extends naming a file that cannot be read fails the check instead of reading as absent', async () => {
  const gh = new FakeGitHub(base, head).start().config('_extends: .github\nrollback: off\n').updateCheckRun();
  gh.api.get(ORG_FILE).reply(404, { message: 'Not Found' });
  await deliver(server.url, 'pull_request', opened(gh));
  const [failed] = gh.bodies('PATCH', '/check-runs/101');
  expect(failed).toMatchObject({ conclusion: 'failure', output: { title: 'Invalid configuration: _extends' } });
  expect(failed.output.summary).toContain('.github/reachdiff.yml extends acme/.github:.github/reachdiff.yml, which cannot be read (it does not exist, or the App is not installed on acme/.github)');
  expect(server.runs[0]).toMatchObject({ outcome: 'invalid-config' });
});

test('the organisation file an _extends names is merged in: its comment.enabled applies', async () => {
  const gh = new FakeGitHub(base, head).start().config('_extends: .github\nrollback: off\n');
  gh.api.get(ORG_FILE).reply(200, 'failOn: [opened, closed]\ncomment:\n  enabled: false\n', { 'content-type': 'text/plain; charset=utf-8' });
  gh.getPull().compare().trees().graphql().getPull().updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  const [completed] = gh.bodies('PATCH', '/check-runs/101');
  expect(completed).toMatchObject({ conclusion: 'failure', actions: [] });
  expect(gh.bodies('POST', '/issues/7/comments')).toEqual([]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed' });
});

test('no file in the repository nor in the owner\'s .github repository means the defaults', async () => {
  const gh = new FakeGitHub(base, head).start().analyse().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', opened(gh));
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
});

test('each problem of a file that is not valid names the file and line writing its key, in the repository or the file it extends', async () => {
  const own = '_extends: .github\nrolback: auto\ncomment:\n  enabled: yes\n';
  const gh = new FakeGitHub(base, head).start().config(own).config(own).updateCheckRun();
  const org = 'findings:\n  severity:\n    PERMISSIVE_RULE: fatal\n';
  gh.api.get(ORG_FILE).times(2).reply(200, org, { 'content-type': 'text/plain; charset=utf-8' });
  await deliver(server.url, 'pull_request', opened(gh));
  const [failed] = gh.bodies('PATCH', '/check-runs/101');
  expect(failed.output.title).toBe('Invalid configuration: findings.severity.PERMISSIVE_RULE, rolback, comment.enabled');
  expect(failed.output.summary).toContain('- `rolback` (.github/reachdiff.yml:2): unknown key, did you mean rollback?');
  expect(failed.output.summary).toContain('- `comment.enabled` (.github/reachdiff.yml:4): must be true or false (got "yes")');
  expect(failed.output.summary).toContain('- `findings.severity.PERMISSIVE_RULE` (acme/.github:.github/reachdiff.yml:3): must be one of');
});

test('files merge as Probot merges them (deepmerge): lists concatenated, mappings key by key, later values win', () => {
  const org = { failOn: ['opened'], manifests: ['k8s/**'], comment: { enabled: false }, findings: { severity: { PERMISSIVE_RULE: 'error' }, disable: ['DNS_TCP_MISSING'] }, rollback: 'auto' };
  const repo = { failOn: ['closed'], comment: { postWhenUnchanged: true }, findings: { disable: ['UNPROTECTED_WORKLOAD'], dns: { ports: [53] } }, rollback: 'off', externalNames: { '10.0.0.0/8': 'corp' } };
  expect(mergeConfig(mergeConfig({}, org), repo)).toEqual(deepmerge.all([{}, org, repo]));
  expect(mergeConfig({ failOn: 'never' }, { failOn: ['opened'] })).toEqual(deepmerge({ failOn: 'never' }, { failOn: ['opened'] }));
  expect(mergeConfig({ comment: { enabled: true } }, { comment: null })).toEqual(deepmerge({ comment: { enabled: true } }, { comment: null }));
});
