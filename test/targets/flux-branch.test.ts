/**
 * A Flux source that tracks another branch of this repository deploys that branch, not the change under
 * review (GitRepository `spec.ref.branch`, source.toolkit.fluxcd.io/v1): with the branch under review
 * known (the App: the pull request's base branch; the CLI: --branch, or the base revision's branch) it is
 * not analysed and a notice says why; unknown, every source is analysed from this tree and, when they
 * track several branches, one notice says so.
 */
import { main } from '../../src/cli/main.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { commitFiles, git, tempDir } from '../helpers/git.js';

const URL = 'https://github.com/acme/fleet';
const source = (name: string, ref: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {${ref}}\n`;
const kustomization = (name: string, path: string, src = name) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  sourceRef: {kind: GitRepository, name: ${src}}\n`;
const DEPLOY = (ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
const ALLOW_ALL = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: ${ns}}\nspec:\n  podSelector: {}\n  ingress: [{}]\n`;

/** The fleet: `clusters/prod` synced from main, the tenant `team` from its own branch `team`. */
const FLEET: Record<string, string> = {
  'clusters/prod/sync.yaml': `${source('fleet', 'branch: main')}---\n${kustomization('fleet', './clusters/prod')}`,
  'clusters/prod/apps/web.yaml': DEPLOY('prod'),
  'tenants/team/sync.yaml': `${source('team', 'branch: team')}---\n${kustomization('team', './tenants/team/apps')}`,
  'tenants/team/apps/web.yaml': DEPLOY('team'),
};
const files = (map: Record<string, string>) => new RepoFiles(Object.entries(map).map(([path, text]) => ({ path, text })));

describe('Flux sources on other branches', () => {
  it('with the branch under review known, a source tracking another branch is not a target, and a notice says so', () => {
    const sel = discoverTargets(files(FLEET), { repoUrls: [URL], branch: 'main' });
    expect(sel.targets.map((t) => [t.name, t.branch])).toEqual([['fleet', 'main']]);
    expect(sel.notices).toEqual([
      {
        code: 'OTHER_BRANCH',
        message: 'Flux Kustomization team: source GitRepository team tracks branch team of this repository, not main (the branch under review); not analysed',
        ref: { file: 'tenants/team/sync.yaml', line: 8 },
      },
    ]);
  });

  it("reviewing the tenant's branch keeps the tenant's target and drops the other", () => {
    const sel = discoverTargets(files(FLEET), { repoUrls: [URL], branch: 'team' });
    expect(sel.targets.map((t) => t.name)).toEqual(['team']);
    expect(sel.notices.map((n) => n.code)).toEqual(['OTHER_BRANCH']);
  });

  it('with the branch unknown, every source is analysed from this tree and one notice names the branches', () => {
    const sel = discoverTargets(files(FLEET), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name)).toEqual(['fleet', 'team']);
    expect(sel.targets.map((t) => t.why)).toEqual([expect.stringMatching(/, branch main$/), expect.stringMatching(/, branch team$/)]);
    expect(sel.notices).toEqual([{ code: 'BRANCH_UNKNOWN', message: expect.stringMatching(/track several branches of this repository: main \(fleet\), team \(team\); .*--branch NAME/) }]);
  });

  it('a pinned source (tag, semver range, commit, a tag reference; each takes precedence over `branch`) follows no branch: analysed whatever the branch under review', () => {
    const pinned = ['tag: v1.2.0', 'semver: ">=1.0.0"', 'commit: 0123456789abcdef0123456789abcdef01234567', 'name: refs/tags/v1', 'branch: team, tag: v1.2.0', 'branch: team, commit: 0123456789abcdef0123456789abcdef01234567'];
    for (const ref of pinned) {
      const map = { 'sync.yaml': `${source('s', ref)}---\n${kustomization('s', './apps')}`, 'apps/web.yaml': DEPLOY('prod') };
      const sel = discoverTargets(files(map), { repoUrls: [URL], branch: 'main' });
      expect([ref, sel.targets.map((t) => t.name), sel.notices]).toEqual([ref, ['s'], []]);
    }
  });

  it('`ref.name` with a branch reference is that branch', () => {
    const map = { 'sync.yaml': `${source('s', 'name: refs/heads/team')}---\n${kustomization('s', './apps')}`, 'apps/web.yaml': DEPLOY('prod') };
    expect(discoverTargets(files(map), { repoUrls: [URL], branch: 'main' }).notices.map((n) => n.code)).toEqual(['OTHER_BRANCH']);
    expect(discoverTargets(files(map), { repoUrls: [URL], branch: 'team' }).targets.map((t) => t.branch)).toEqual(['team']);
  });

  it('the CLI takes the branch from the base revision, or from --branch', async () => {
    const repo = await tempDir('reachdiff-flux-branch-');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'remote', 'add', 'origin', `${URL}.git`);
    await commitFiles(repo, Object.entries(FLEET).map(([path, text]) => ({ path, text })), 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    // The change opens the tenant's namespace only: it deploys from branch `team`, not from `main`.
    await commitFiles(repo, [{ path: 'tenants/team/apps/open.yaml', text: ALLOW_ALL('team') }], 'head');
    const diff = async (...extra: string[]) => JSON.parse((await main(['diff', ...extra, '--repo', repo, '--format', 'json', '--fail-on', 'never'])).stdout) as { targets: { name: string }[]; notices: { code: string }[] };
    const fromMain = await diff('main', 'feature');
    expect(fromMain.targets.map((t) => t.name)).toEqual(['fleet']);
    expect(fromMain.notices.map((n) => n.code)).toContain('OTHER_BRANCH');
    // A commit says no branch: both are analysed, with the notice that the branch is unknown.
    const sha = git(repo, 'rev-parse', 'main').trim();
    const fromSha = await diff(sha, 'feature');
    expect(fromSha.targets.map((t) => t.name)).toEqual(['fleet', 'team']);
    expect(fromSha.notices.map((n) => n.code)).toContain('BRANCH_UNKNOWN');
    const named = await diff(sha, 'feature', '--branch', 'team');
    expect(named.targets.map((t) => t.name)).toEqual(['team']);
    const targets = await main(['targets', 'main', '--repo', repo]);
    expect(targets.stdout).toMatch(/tracks branch team of this repository, not main/);
  });

  it("a base revision's branch no source tracks (a stacked feature branch) is no branch under review: the default branch's sources are read, else every source", () => {
    const MAIN_ONLY = { 'clusters/prod/sync.yaml': FLEET['clusters/prod/sync.yaml'], 'clusters/prod/apps/web.yaml': DEPLOY('prod') };
    // Stated (--branch, a pull request's base branch): it stands, and the source tracking main is not analysed.
    expect(discoverTargets(files(MAIN_ONLY), { repoUrls: [URL], branch: 'feature-1' }).targets.map((t) => t.origin)).toEqual(['plain']);
    // Only the revision's name, no default branch known: unknown, every source analysed; a notice says why.
    const unknown = discoverTargets(files(FLEET), { repoUrls: [URL], branch: 'feature-1', branchFromRevision: {} });
    expect(unknown.targets.map((t) => t.name)).toEqual(['fleet', 'team']);
    expect(unknown.notices).toEqual([
      { code: 'OTHER_BRANCH', message: "the base revision's branch feature-1 is tracked by no Flux source of this repository (they track main, team): the branch under review is taken as unknown and every source is analysed from this tree (CLI: --branch NAME to choose)" },
      expect.objectContaining({ code: 'BRANCH_UNKNOWN' }),
    ]);
    // With the default branch known and tracked: its sources only.
    const byDefault = discoverTargets(files(FLEET), { repoUrls: [URL], branch: 'feature-1', branchFromRevision: { defaultBranch: 'main' } });
    expect(byDefault.targets.map((t) => t.name)).toEqual(['fleet']);
    expect(byDefault.notices.map((n) => n.message)).toEqual([expect.stringContaining('the sources tracking main (the repository\'s default branch) are read as the branch under review'), expect.stringContaining('tracks branch team of this repository, not main')]);
    // A revision's branch a source tracks is the branch under review, as before.
    expect(discoverTargets(files(FLEET), { repoUrls: [URL], branch: 'team', branchFromRevision: { defaultBranch: 'main' } }).targets.map((t) => t.name)).toEqual(['team']);
  });

  it('the CLI diff of two feature-branch revisions reads the same targets as the same commits named without branches', async () => {
    const repo = await tempDir('reachdiff-flux-stacked-');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'remote', 'add', 'origin', `${URL}.git`);
    await commitFiles(repo, [{ path: 'clusters/prod/sync.yaml', text: FLEET['clusters/prod/sync.yaml'] }, { path: 'clusters/prod/apps/web.yaml', text: DEPLOY('prod') }], 'base');
    git(repo, 'checkout', '-q', '-b', 'feature-1');
    await commitFiles(repo, [{ path: 'clusters/prod/apps/deny.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: prod}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n' }], 'deny');
    git(repo, 'checkout', '-q', '-b', 'feature-2');
    await commitFiles(repo, [{ path: 'clusters/prod/apps/open.yaml', text: ALLOW_ALL('prod') }], 'open');
    const diff = async (...revs: string[]) => JSON.parse((await main(['diff', ...revs, '--repo', repo, '--format', 'json', '--fail-on', 'never'])).stdout) as { targets: { name: string; counts: unknown }[]; notices: { code: string; message: string }[] };
    const stacked = await diff('feature-1', 'feature-2');
    const commits = await diff('HEAD~1', 'HEAD');
    expect(stacked.targets.map((t) => [t.name, t.counts])).toEqual(commits.targets.map((t) => [t.name, t.counts]));
    expect(stacked.targets.map((t) => t.name)).toEqual(['fleet']);
    expect(stacked.notices.map((n) => n.message)).toContainEqual(expect.stringMatching(/^the base revision's branch feature-1 is tracked by no Flux source/));
    // A clone that records its default branch (origin/HEAD) reads that branch's sources.
    git(repo, 'update-ref', 'refs/remotes/origin/main', 'main');
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    expect((await diff('feature-1', 'feature-2')).notices.map((n) => n.message)).toContainEqual(expect.stringContaining('the sources tracking main (the repository\'s default branch)'));
  });
});
