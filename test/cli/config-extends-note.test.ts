/**
 * `_extends` in `.github/reachdiff.yml` is followed by the App alone; the CLI and the Action read the file by
 * itself, and left the settings of the file it names out without a word (fresh-user trial 32). A note says
 * so. Fixture: test/fixtures/config-extends (a workload, and a configuration extending `.github`).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { extendsNote } from '../../src/cli/extends-note.js';

const FIXTURE = 'test/fixtures/config-extends';
const NOTE = `note: ${join(FIXTURE, '.github/reachdiff.yml')} has _extends: .github, which only the GitHub App follows: here the file is read alone, without the settings of the file it names (copy them into it, or pass --config a file holding both)\n`;

describe('_extends in the configuration the CLI reads', () => {
  it('is said on stderr for the root\'s own file and for --config', async () => {
    const own = await main(['lint', FIXTURE]);
    expect(own.stderr).toContain(NOTE);
    expect(own.exitCode).toBe(0);
    const named = await main(['lint', FIXTURE, '--config', join(FIXTURE, '.github/reachdiff.yml')]);
    expect(named.stderr).toContain(NOTE);
  });

  it('says nothing for a file without _extends, no file, or a file that does not parse', () => {
    expect(extendsNote({ name: 'a.yml', text: 'rollback: off\n' })).toBe('');
    expect(extendsNote({ name: 'a.yml' })).toBe('');
    expect(extendsNote({ name: 'a.yml', text: '_extends: [\n' })).toBe('');
    expect(extendsNote({ name: 'a.yml', text: '- _extends\n' })).toBe('');
  });
});
