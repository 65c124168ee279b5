/**
 * Exit code 2 in every help text names what the README's exit-code table names (fresh-user trial 31): a
 * configuration file that is not YAML or not valid exits 2 with FILE:LINE, and the help did not say so.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const COMMANDS = ['list', 'lint', 'diff', 'targets', 'explain'];

describe('help: exit code 2', () => {
  it('names a bad configuration file in the global help and in each command\'s', async () => {
    for (const args of [['--help'], ...COMMANDS.map((c) => [c, '--help'])]) {
      const out = await main(args);
      expect(out.stdout).toMatch(/ 2  cannot run: [^]*a configuration file that is\s+not YAML or not valid \(FILE:LINE names it\)/);
    }
  });

  it('is what a bad configuration file gives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reachdiff-help-exit-'));
    await writeFile(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    await writeFile(join(dir, 'bad.yml'), 'failOn: [opened\n');
    const out = await main(['lint', dir, '--config', join(dir, 'bad.yml')]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/bad\.yml:2:1: cannot parse/);
  });
});
