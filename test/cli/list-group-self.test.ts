/**
 * `list --group --self`: groups pair distinct peers (the contract's `groups`), so --self changes nothing
 * there; a note says so instead of leaving the flag silently without effect (new-user trial 34: the two
 * outputs of examples/head were identical, and `kube-dns → kube-dns, prometheus` read as a self pair).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const HEAD = join(process.cwd(), 'examples', 'head');

it('notes that --self has no effect with --group', async () => {
  const both = await main(['list', HEAD, '--group', '--self']);
  expect(both.stderr).toContain('note: --self has no effect with --group: groups pair distinct peers');
  expect(both.stdout).toBe((await main(['list', HEAD, '--group'])).stdout);
  expect((await main(['list', HEAD, '--group'])).stderr).not.toContain('--self');
  expect((await main(['list', HEAD, '--self'])).stderr).not.toContain('--self');
});
