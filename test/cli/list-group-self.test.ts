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

it('a row with one source leaves that source out of its destinations (distinct pairs only; new-user 39 #15); the JSON keeps the group', async () => {
  const text = (await main(['list', HEAD, '--group'])).stdout;
  expect(text).toContain('monitoring/prometheus[Deployment] → kube-system/kube-dns[Deployment]: All Connections\n');
  expect(text).toContain('kube-system/kube-dns[Deployment] → monitoring/prometheus[Deployment]: All Connections\n');
  // No row whose one source is among its destinations.
  const selfRows = text.split('\n').filter((row) => {
    const m = /^([^,]+) → (.*): /.exec(row);
    return m !== null && m[2].split(', ').includes(m[1]);
  });
  expect(selfRows).toEqual([]);
  expect((await main(['list', HEAD, '--group', '--format', 'md'])).stdout).toContain('| monitoring/prometheus[Deployment] | kube-system/kube-dns[Deployment] | All Connections |');
  // Several sources and destinations that meet stay as they are (kube-dns → prometheus is a pair there too).
  expect(text).toContain('kube-system/kube-dns[Deployment], monitoring/prometheus[Deployment] → 0.0.0.0/0, ::/0: All Connections\n');
  const json = JSON.parse((await main(['list', HEAD, '--group', '--format', 'json'])).stdout) as { groups: { src: { id: string }[]; dst: { id: string }[] }[] };
  expect(json.groups.some((g) => g.src.length === 1 && g.src[0].id === 'monitoring/prometheus[Deployment]' && g.dst.map((d) => d.id).includes('monitoring/prometheus[Deployment]'))).toBe(true);
});
