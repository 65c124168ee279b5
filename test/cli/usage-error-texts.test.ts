/**
 * Usage errors say what is wrong: `--fail-on never,opened` (never beside values that fail) is refused,
 * in the configuration's `failOn` too, instead of being read as `opened`; a `--render` command that fails
 * without writing to stderr says so, instead of ending the message with an empty reason.
 */
import { join, relative } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { git, tempFolder } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n';

it('--fail-on never,opened is a usage error (exit 2)', async () => {
  const dir = await tempFolder({ 'ns.yaml': ns });
  const out = await main(['diff', dir, dir, '--fail-on', 'never,opened']);
  expect(out).toEqual({ stdout: '', stderr: expect.stringMatching(/^reachdiff: --fail-on never,opened: never \(fail on nothing\) cannot be combined with opened\n/), exitCode: 2 });
  expect((await main(['diff', dir, dir, '--fail-on', 'opened,never,closed'])).stderr).toContain('cannot be combined with opened, closed');
  expect((await main(['diff', dir, dir, '--fail-on', 'never'])).exitCode).toBe(0);
});

it('failOn: [never, opened] in the configuration is a configuration error', async () => {
  const dir = await tempFolder({ 'ns.yaml': ns });
  const config = join(await tempFolder({}), 'reachdiff.yml');
  await writeFile(config, 'failOn: [never, opened]\n');
  const out = await main(['diff', dir, dir, '--config', config]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain('failOn: never (fail on nothing) cannot be combined with opened');
});

it('a --render command that fails silently says there was no output on stderr', async () => {
  const dir = await tempFolder({ 'ns.yaml': ns });
  const out = await main(['list', dir, '--render', 'false']);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toMatch(/render command .* failed \(exit 1\): \(no output on stderr\)\n/);
  // One version read: the command by its flag and text, no side (was "render command for rendered (head)": new-user trial 50).
  expect(out.stderr).toContain('reachdiff: the --render command (false) failed (exit 1)');
  const two = await main(['diff', dir, dir, '--render', 'false']);
  expect(two.stderr).toMatch(/the --render command \(false\) on base failed \(exit 1\)/);
  const loud = await main(['list', dir, '--render', 'echo broken >&2; exit 3']);
  expect(loud.stderr).toMatch(/failed \(exit 3\): broken\n/);
});

it('a misspelt --fail-on or --fail-level value is named, with the nearest value (fresh-user trial P17)', async () => {
  const dir = await tempFolder({ 'ns.yaml': ns });
  const out = await main(['diff', dir, dir, '--fail-on', 'closed,open']);
  expect(out).toEqual({ stdout: '', stderr: 'reachdiff: --fail-on must be one or more (comma-separated) of opened, closed, any, never, errors, combined-labels (got "open") (did you mean opened?)\n', exitCode: 2 });
  const level = await main(['lint', dir, '--fail-level', 'warn']);
  expect(level).toEqual({ stdout: '', stderr: 'reachdiff: --fail-level must be one of error, warning, notice, never (got "warn") (did you mean warning?)\n', exitCode: 2 });
  expect((await main(['lint', dir, '--fail-level', 'eror'])).stderr).toBe('reachdiff: --fail-level must be one of error, warning, notice, never (got "eror") (did you mean error?)\n');
});

it('--repo naming no folder says so, not "not a git repository" (fresh-user trial P17)', async () => {
  const missing = join(await tempFolder({}), 'no-such-dir');
  const diff = await main(['diff', 'HEAD~1', 'HEAD', '--repo', missing]);
  expect(diff).toEqual({ stdout: '', stderr: `reachdiff: no folder HEAD~1, and it is not a git revision: --repo ${missing}: no such folder\n`, exitCode: 2 });
  const targets = await main(['targets', '--repo', missing]);
  expect(targets).toEqual({ stdout: '', stderr: `reachdiff: ${missing}: no such folder\n`, exitCode: 2 });
});

it('a revision read outside any git repository names the folder in full and says what to give instead (fresh-user trial 54)', async () => {
  const plain = await tempFolder({ 'ns.yaml': ns }); // under the system's temporary folder, in no repository
  const hint = 'is not in a git repository; give folders instead of revisions, or --repo DIR naming a folder of a git repository';
  expect(await main(['diff', 'main', 'feature', '--repo', plain])).toEqual({ stdout: '', stderr: `reachdiff: no folder main, and it is not a git revision: --repo ${plain} ${hint}\n`, exitCode: 2 });
  expect((await main(['list', 'HEAD', '--repo', plain])).stderr).toBe(`reachdiff: no file or folder HEAD, and it is not a git revision: --repo ${plain} ${hint}\n`);
  // A relative --repo is named as given and in full.
  const rel = relative(process.cwd(), plain);
  expect((await main(['lint', 'HEAD', '--repo', rel])).stderr).toBe(`reachdiff: no folder HEAD, and it is not a git revision: --repo ${rel} (${plain}) ${hint}\n`);
  // A file given as --repo is no folder.
  expect((await main(['diff', 'HEAD~1', 'HEAD', '--repo', join(plain, 'ns.yaml')])).stderr).toBe(`reachdiff: no folder HEAD~1, and it is not a git revision: --repo ${join(plain, 'ns.yaml')}: a file, not a folder\n`);
});

it('a repository without commits says so, not "did you mean HEAD?" of HEAD', async () => {
  const empty = await tempFolder({});
  git(empty, 'init', '-q');
  expect(await main(['list', 'HEAD', '--repo', empty])).toEqual({ stdout: '', stderr: `reachdiff: HEAD: no such file, folder or git revision in ${empty} (the repository has no commits yet)\n`, exitCode: 2 });
});
