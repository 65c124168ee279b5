/**
 * A revision git does not know names the branches the repository has, the one meant first: `main` where
 * the branch is `master` (and the reverse), `origin/main` where the remote's is `origin/master`, `feature`
 * where only `origin/feature` exists; in every command that reads a revision (session 56, item 1).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { unknownRevisionHint } from '../../src/cli/revision-hint.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { commitFiles, git, tempDir } from '../helpers/git.js';

let repo: string;
let clone: string;
beforeAll(async () => {
  repo = await tempDir('reachdiff-unknown-rev-');
  git(repo, 'init', '-q', '-b', 'master');
  await commitFiles(repo, [{ path: 'k8s/web.yaml', text: appDeployment('web', 'shop') }], 'web');
  git(repo, 'branch', 'feature');
  clone = await tempDir('reachdiff-unknown-rev-clone-');
  git(clone, 'clone', '-q', repo, '.');
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(clone, { recursive: true, force: true });
});

const said = (repoDir: string, rev: string, hint: string, what = 'folder') => `reachdiff: ${rev}: no such ${what === 'folder' ? 'folder' : 'file, folder'} or git revision in ${repoDir}${hint}\n`;

it.each([
  ['diff', ['diff', 'main', 'HEAD']],
  ['diff (head)', ['diff', 'HEAD', 'main']],
  ['lint', ['lint', 'main']],
  ['targets', ['targets', 'main']],
  ['explain', ['explain', 'main', '--from', 'shop/web', '--to', 'shop/web']],
  ['diff --explain', ['diff', 'main', 'HEAD', '--explain', 'shop/web', 'shop/web']],
])('%s: main where the branch is master names master', async (_, args) => {
  const out = await main([...args, '--repo', repo]);
  expect(out).toEqual({ stdout: '', stderr: said(repo, 'main', '; this repository has branches master, feature (did you mean master?)'), exitCode: 2 });
});

it.each([
  ['main...HEAD', 'main', 'master...HEAD'],
  ['main..HEAD', 'main', 'master..HEAD'],
  ['main...', 'main', 'master...'],
  ['HEAD..main', 'main', 'HEAD..master'],
  ['main~1...HEAD', 'main~1', 'master~1...HEAD'],
])('diff %s: the suggestion is the range as typed, the side corrected', async (range, side, meant) => {
  const out = await main(['diff', range, '--repo', repo]);
  expect(out).toEqual({ stdout: '', stderr: said(repo, side, `; this repository has branches master, feature (did you mean ${meant}?)`), exitCode: 2 });
});

it('a typo in a range gets the range corrected too', async () => {
  expect((await main(['diff', 'mastr...HEAD', '--repo', repo])).stderr).toBe(said(repo, 'mastr', ' (did you mean master...HEAD?)'));
  expect((await main(['diff', 'HEAD..featur', '--repo', repo])).stderr).toBe(said(repo, 'featur', ' (did you mean HEAD..feature?)'));
});

it('a side of A..B that is a folder is still read as one (only revisions are checked for the hint)', async () => {
  const ranged = await main(['diff', 'examples/base..examples/head', '--format', 'json']);
  const apart = await main(['diff', 'examples/base', 'examples/head', '--format', 'json']);
  expect([ranged.exitCode, ranged.stderr]).toEqual([apart.exitCode, apart.stderr]);
  expect(ranged.stdout).toBe(apart.stdout);
});

it('list says so too (it also reads a file)', async () => {
  expect((await main(['list', 'main', '--repo', repo])).stderr).toBe(said(repo, 'main', '; this repository has branches master, feature (did you mean master?)', 'file'));
});

it('an ancestor of the other name keeps its suffix; a remote default under its other name; a remote-only branch', async () => {
  expect((await main(['diff', 'main~1', 'HEAD', '--repo', repo])).stderr).toContain('(did you mean master~1?)');
  expect((await main(['diff', 'origin/main', 'HEAD', '--repo', clone])).stderr).toBe(said(clone, 'origin/main', '; this repository has branches origin/master, master, origin/feature (did you mean origin/master?)'));
  expect((await main(['diff', 'feature', 'HEAD', '--repo', clone])).stderr).toBe(said(clone, 'feature', '; this repository has branches origin/feature, master (did you mean origin/feature?)'));
});

it('any other unknown name lists the branches, nearest first; a typo still gets its nearest name', async () => {
  expect((await main(['diff', 'featur', 'HEAD', '--repo', repo])).stderr).toBe(said(repo, 'featur', ' (did you mean feature?)'));
  expect((await main(['diff', 'release', 'HEAD', '--repo', repo])).stderr).toBe(said(repo, 'release', '; this repository has branches feature, master'));
});

describe('unknownRevisionHint', () => {
  const refs = { head: true, branches: ['main'], remoteBranches: [], tags: [] };
  it('master where the branch is main', () => {
    expect(unknownRevisionHint('master', refs)).toBe('; this repository has branch main (did you mean main?)');
  });
  it('many branches: four named, the rest counted', () => {
    const many = { ...refs, branches: ['a1', 'b22', 'c333', 'd4444', 'e55555', 'main'] };
    expect(unknownRevisionHint('trunk', many)).toBe('; this repository has branches main, a1, b22, c333 and 2 more (git branch -a lists them) (did you mean main?)');
  });
  it('five branches: all named, since "and 1 more" would hide the one it counts (namedCount)', () => {
    const five = { ...refs, branches: ['a1', 'b22', 'c333', 'd4444', 'main'] };
    expect(unknownRevisionHint('trunk', five)).toBe('; this repository has branches main, a1, b22, c333, d4444 (did you mean main?)');
  });
  it('a commit id the clone lacks says so instead of listing branches', () => {
    expect(unknownRevisionHint('0123abcd', refs)).toContain('no commit of this clone has that id');
  });
  it('two default-like branches: no guess, both listed first', () => {
    expect(unknownRevisionHint('trunk', { ...refs, branches: ['x', 'main', 'master'] })).toBe('; this repository has branches main, master, x');
  });
});
