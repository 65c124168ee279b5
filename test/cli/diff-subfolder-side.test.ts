/**
 * `diff main .` run in a subfolder of the checkout (fresh-user trial 31): the revision is read from the
 * repository's top, the folder as its own root, so everything outside the folder reads as removed by the
 * change. A note on stderr says so and names the command that diffs the working tree; the report and exit
 * code are unchanged. Fixture: test/fixtures/subfolder-side (a namespace and workload beside a policy folder).
 */
import { cp, realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempDir } from '../helpers/git.js';

const FIXTURE = 'test/fixtures/subfolder-side';
const NOTE = /^note: .*is read from the repository's top.*$/m;

/** The fixture committed once, on branch trunk, with a clean working tree. */
async function repository(): Promise<string> {
  const repo = await tempDir('reachdiff-subfolder-');
  await cp(FIXTURE, repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'trunk');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
  return repo;
}

describe('diff REV FOLDER with FOLDER below the top of its work tree', () => {
  it('names the folder, the top and the command that diffs the working tree, for head or base as the folder, and diff --explain', async () => {
    const repo = await repository();
    const sub = relative(process.cwd(), join(repo, 'policies'));
    // The top lies outside the current folder: named by its absolute path, never as `../..`.
    const top = await realpath(repo);
    const out = await main(['diff', 'trunk', sub, '--repo', repo]);
    // What the note is about: the namespace's workload, outside the folder, reads as removed.
    expect(out.stdout).toContain('Workloads removed: team-a/api[Deployment]');
    expect(out.stderr.match(NOTE)?.[0]).toBe(
      `note: ${sub} is the folder policies of a git work tree, read as its own root, while trunk is read from the repository's top: files outside policies count as removed by the change. ` +
        `To diff the working tree, run reachdiff diff trunk ${top} --repo ${repo} (add --path 'policies/**' to narrow)`,
    );
    expect((await main(['diff', sub, 'trunk', '--repo', repo])).stderr).toMatch(/count as added by the change\. To diff the working tree, run reachdiff diff \S+ trunk/);
    expect((await main(['diff', 'trunk', sub, '--repo', repo, '--explain', 'team-a/api', 'team-a/api'])).stderr).toMatch(NOTE);
    // The hint works: the top as head reads the working tree, no change, no note.
    const hinted = await main(['diff', 'trunk', top, '--repo', repo]);
    expect(hinted.stdout).toContain('No change in allowed connectivity.');
    expect(hinted.stderr).not.toMatch(NOTE);
  });

  it('run in the subfolder (`diff trunk .`): the top is named by its path, never `..` (which read as a revision range)', async () => {
    const repo = await realpath(await repository());
    const here = process.cwd();
    process.chdir(join(repo, 'policies'));
    try {
      const out = await main(['diff', 'trunk', '.']);
      expect(out.stderr.match(NOTE)?.[0]).toContain(`To diff the working tree, run reachdiff diff trunk ${repo} (add --path 'policies/**' to narrow)`);
      expect(out.stderr).not.toMatch(/reachdiff diff trunk \.\./);
      const hinted = await main(['diff', 'trunk', repo]);
      expect(hinted.stdout).toContain('No change in allowed connectivity.');
      expect(hinted.stderr).not.toMatch(NOTE);
    } finally {
      process.chdir(here);
    }
  });

  it('says nothing for two revisions, two folders, or a folder outside any work tree', async () => {
    const repo = await repository();
    const sub = join(repo, 'policies');
    expect((await main(['diff', 'trunk', 'trunk', '--repo', repo])).stderr).not.toMatch(NOTE);
    expect((await main(['diff', sub, sub, '--repo', repo])).stderr).not.toMatch(NOTE);
    const outside = await tempDir('reachdiff-subfolder-out-');
    await cp(join(FIXTURE, 'policies'), outside, { recursive: true });
    expect((await main(['diff', 'trunk', outside, '--repo', repo])).stderr).not.toMatch(NOTE);
  });
});
