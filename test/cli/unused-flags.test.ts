/** A flag given to a command that does not read it is a warning on stderr, not silently nothing. */
import { rm } from 'node:fs/promises';
import { COMMAND_FLAGS, unusedFlagWarnings } from '../../src/cli/command-flags.js';
import { main } from '../../src/cli/main.js';
import { USAGE } from '../../src/cli/usage.js';
import { tempFolder } from '../helpers/git.js';

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n';

describe('unused flags', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempFolder({ 'np.yaml': POLICY }, 'reachdiff-flags-');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lint --group warns once and still runs', async () => {
    const out = await main(['lint', dir, '--group', '--group']);
    expect(out.stderr.split('\n').filter((l) => l.includes('--group'))).toEqual(['reachdiff: warning: --group has no effect on lint (ignored)']);
    expect(out.exitCode).not.toBe(2);
  });

  it('diff --target and diff --self are named; flags a command reads are not', async () => {
    const out = await main(['diff', dir, dir, '--target', 'prod', '--self', '--format', 'json']);
    // What to use instead (new-user 39 #15).
    expect(out.stderr).toContain("--target has no effect on diff (ignored): diff reports every target the change affects, each under its own heading, and its verdict and exit code are for all of them; for one target's paths use `reachdiff diff --explain --target NAME --from … --to …`, or `reachdiff list --target NAME` on one side\n");
    expect(out.stderr).toContain('--self has no effect on diff');
    expect(out.stderr).not.toContain('--format');
    expect(JSON.parse(out.stdout)).toHaveProperty('summary');
  });

  it('diff --explain reads --target, and list reads --self', async () => {
    expect(unusedFlagWarnings('diff --explain', ['explain', 'target', 'port'])).toEqual([]);
    expect(unusedFlagWarnings('list', ['self', 'group', 'exposure'])).toEqual([]);
    expect(unusedFlagWarnings('explain', ['self'])).toEqual(['reachdiff: warning: --self has no effect on explain (ignored)']);
  });

  it('every flag the usage text shows for a command is one it reads', () => {
    const shown: Record<string, string> = {};
    for (const block of USAGE.split(/\n(?=  reachdiff )/).filter((b) => b.startsWith('  reachdiff ') && !b.startsWith('  reachdiff help'))) {
      const head = block.split('\n\n')[0];
      const name = / --explain /.test(head.split('\n')[0]) ? 'diff --explain' : head.trim().split(/\s+/)[1];
      shown[name] = (shown[name] ?? '') + head;
    }
    expect(Object.keys(shown).sort()).toEqual(Object.keys(COMMAND_FLAGS).sort());
    for (const [command, text] of Object.entries(shown)) {
      for (const m of text.matchAll(/--([a-z-]+)/g)) {
        if (m[1] === 'explain' && command !== 'diff --explain') continue;
        expect([command, (COMMAND_FLAGS[command] as readonly string[]).includes(m[1])]).toEqual([command, true]);
      }
    }
  });
});
