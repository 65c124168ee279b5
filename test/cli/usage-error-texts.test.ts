/**
 * Usage errors say what is wrong: `--fail-on never,opened` (never beside values that fail) is refused,
 * in the configuration's `failOn` too, instead of being read as `opened`; a `--render` command that fails
 * without writing to stderr says so, instead of ending the message with an empty reason.
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

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
  const loud = await main(['list', dir, '--render', 'echo broken >&2; exit 3']);
  expect(loud.stderr).toMatch(/failed \(exit 3\): broken\n/);
});
