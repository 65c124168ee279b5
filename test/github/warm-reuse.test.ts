/** A warm worker's next push of a PR reuses the base side: the analysis is keyed by the base tree. */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { commit, EXAMPLES, readFolder } from './support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from './support/fake-github.js';
import { deliver, isolateNetwork, startServer, type Running } from './support/harness.js';

const base = commit('base', readFolder(`${EXAMPLES}base`));
const head = commit('head', readFolder(`${EXAMPLES}head`));

isolateNetwork();
let server: Running;
const keys: (string | undefined)[] = [];
beforeEach(async () => {
  keys.length = 0;
  server = await startServer({
    analyze: (b, h, options) => {
      keys.push(options.baseKey);
      return analyzeTargets(b, h, options);
    },
  });
});
afterEach(() => server.close());

test('opened then synchronize: both analyses name the same base tree, so the second reuses the base side', async () => {
  const first = new FakeGitHub(base, head).start().analyse().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: first.baseTip }, head));
  // The next push, on the same warm process (token and blobs cached): one file changed.
  const next = commit('next', new Map([...head.files].map(([p, t]) => [p, p === 'policies/data.yaml' ? t.replace('6380', '6379') : t])));
  const second = new FakeGitHub(base, next).findCheckRun().createCheckRun(102).config().getPull().compare().trees().graphql(1).getPull().listComments([{ id: 555, body: '<!-- reachdiff:comment -->\nold' }]).updateComment(555).updateCheckRun(102);
  await deliver(server.url, 'pull_request', pullRequestPayload('synchronize', { sha: second.baseTip }, next));
  expect(server.runs.map((r) => r.outcome)).toEqual(['completed', 'completed']);
  expect(keys).toEqual([`acme/gitops@${base.sha}`, `acme/gitops@${base.sha}`]);
  const [edited] = second.bodies('PATCH', '/issues/comments/555');
  expect(edited.body).toContain('reachdiff:');
});

test('synchronize that changes no manifest: the App\'s options are plain data, so the last whole report is taken', async () => {
  const { targetsReportsReused } = await import('../../src/targets/targets-report-reuse.js');
  const first = new FakeGitHub(base, head).start().analyse().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: first.baseTip }, head));
  const before = targetsReportsReused();
  // A push of docs only: the manifests the App loads are read again (new lists, equal content). At the root: a new
  // folder would change the tree's folders, which the analysis reads (a Flux path kept by a `.gitkeep`).
  const next = commit('docs', new Map([...head.files, ['NOTES.md', '# Notes\n']]));
  const second = new FakeGitHub(base, next).findCheckRun().createCheckRun(102).config().getPull().compare().trees().getPull().listComments([{ id: 555, body: '<!-- reachdiff:comment -->\nold' }]).updateComment(555).updateCheckRun(102);
  await deliver(server.url, 'pull_request', pullRequestPayload('synchronize', { sha: second.baseTip }, next));
  expect(server.runs.map((r) => r.outcome)).toEqual(['completed', 'completed']);
  expect(targetsReportsReused()).toBe(before + 1);
  const [edited] = second.bodies('PATCH', '/issues/comments/555');
  expect(edited.body).toContain('reachdiff:');
});
