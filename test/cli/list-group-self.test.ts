/**
 * `list --group --self`: groups pair distinct peers (the contract's `groups`), so --self changes nothing
 * there; a note says so instead of leaving the flag silently without effect (new-user trial 34: the two
 * outputs of examples/head were identical, and `kube-dns → kube-dns, prometheus` read as a self pair).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
  expect(text).toContain('monitoring/prometheus[Deployment] => kube-system/kube-dns[Deployment] : All Connections\n');
  expect(text).toContain('kube-system/kube-dns[Deployment] => monitoring/prometheus[Deployment] : All Connections\n');
  // No row whose one source is among its destinations.
  const selfRows = text.split('\n').filter((row) => {
    const m = /^([^,]+) => (.*) : /.exec(row);
    return m !== null && m[2].split(', ').includes(m[1]);
  });
  expect(selfRows).toEqual([]);
  expect((await main(['list', HEAD, '--group', '--format', 'md'])).stdout).toContain('| monitoring/prometheus[Deployment] | kube-system/kube-dns[Deployment] | All Connections |');
  // Several sources and destinations that meet stay as they are (kube-dns → prometheus is a pair there too).
  expect(text).toContain('kube-system/kube-dns[Deployment], monitoring/prometheus[Deployment] => 0.0.0.0/0, ::/0 : All Connections\n');
  const json = JSON.parse((await main(['list', HEAD, '--group', '--format', 'json'])).stdout) as { groups: { src: { id: string }[]; dst: { id: string }[] }[] };
  expect(json.groups.some((g) => g.src.length === 1 && g.src[0].id === 'monitoring/prometheus[Deployment]' && g.dst.map((d) => d.id).includes('monitoring/prometheus[Deployment]'))).toBe(true);
});

it('a row whose sources and destinations share a peer says it holds no pair of that peer with itself (new-user trial 45, finding 10)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reachdiff-group-self-'));
  const deployment = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
  // Every pod reaches every pod: users and prometheus reach prometheus and frontend, each group pairing distinct peers.
  await writeFile(join(dir, 'apps.yaml'), [deployment('api', 'users'), deployment('monitoring', 'prometheus'), deployment('web', 'frontend')].join('---\n'));
  const text = (await main(['list', dir, '--group'])).stdout;
  const rows = text.split('\n').filter((row) => {
    const m = /^(.*) => (.*) : /.exec(row);
    return m !== null && m[1].split(', ').some((s) => m[2].split(', ').includes(s));
  });
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toMatch(/\((not \S+ to itself|no peer to itself)\)$/);
  const md = (await main(['list', dir, '--group', '--format', 'md'])).stdout;
  expect(md).toMatch(/to itself\) \|/);
});
