/**
 * `list` never runs out of memory: rows are counted before they exist, above --max-pairs (default
 * 1,000,000) it stops with exit 2 saying how many there would be and how to narrow; below, rows are
 * generated one source at a time. --group prints compact groups (the contract's `groups`).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { computeConnectivity, listConnections, peerId } from '../../src/engine/index.js';
import { countConnections, groupConnections, streamConnections } from '../../src/engine/list-stream.js';
import { loadManifests } from '../../src/manifests/load.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { tempFolder } from '../helpers/git.js';

const deployment = (name: string, ns: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata:\n      labels: ${labels}\n`;

async function clusterOf(folder: string) {
  const read = await readManifestFolder(folder);
  return computeConnectivity(loadManifests(read.files).cluster);
}

const rowKey = (r: { src: Parameters<typeof peerId>[0]; dst: Parameters<typeof peerId>[0]; conn: { key: string } }) => `${peerId(r.src)} => ${peerId(r.dst)} : ${r.conn.key}`;

describe('counting, streaming and grouping agree with the list', () => {
  it.each(['examples/base', 'examples/head'])('%s', async (folder) => {
    const conn = await clusterOf(join(process.cwd(), folder));
    for (const self of [false, true]) {
      const rows = listConnections(conn, { self });
      expect(countConnections(conn, { self })).toBe(rows.length);
      expect([...streamConnections(conn, { self })].map(rowKey)).toEqual(rows.map(rowKey));
    }
    const rows = new Set(listConnections(conn).map(rowKey));
    const expanded: string[] = [];
    for (const g of groupConnections(conn)) for (const s of g.src) for (const d of g.dst) if (peerId(s) !== peerId(d)) expanded.push(rowKey({ src: s, dst: d, conn: g.conn }));
    expect(expanded.length).toBe(rows.size);
    expect(new Set(expanded)).toEqual(rows);
  });
});

describe('reachdiff list at scale', () => {
  let folder: string;
  beforeAll(async () => {
    // 1,500 workloads that no policy isolates: 1,500 × 1,499 pairs between them, and each to and from every address: 2,251,500.
    folder = await tempFolder({ 'all.yaml': Array.from({ length: 1500 }, (_, i) => deployment(`w${i}`, `ns${i % 10}`, `{app: w${i}}`)).join('---\n') });
  });

  it('above --max-pairs: exit 2, how many pairs there would be and how to narrow, no output', async () => {
    const out = await main(['list', folder]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('2,251,500 pairs');
    expect(out.stderr).toMatch(/--max-pairs 1,000,000/);
    expect(out.stderr).toMatch(/--path/);
    expect(out.stderr).toMatch(/--group/);
  });

  it('--max-pairs sets the limit; at or below it the rows are all there', async () => {
    // 300 workloads: 300 × 299 pairs, and 2 × 300 with the outside: 90,300.
    const small = await tempFolder({ 'all.yaml': Array.from({ length: 300 }, (_, i) => deployment(`w${i}`, 'ns', `{app: w${i}}`)).join('---\n') });
    expect((await main(['list', small, '--max-pairs', '90299'])).exitCode).toBe(2);
    const out = await main(['list', small, '--max-pairs', '90,300']);
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n').filter(Boolean)).toHaveLength(90300);
  });

  it('--group prints one compact row, and the contract\'s `groups` in JSON', async () => {
    const text = await main(['list', folder, '--group']);
    expect([text.exitCode, text.stdout.split('\n').filter(Boolean).sort()]).toEqual([
      0,
      ['0.0.0.0/0, ::/0 => 1,500 workloads : All Connections', '1,500 workloads => 0.0.0.0/0, ::/0 : All Connections', '1,500 workloads => 1,500 workloads : All Connections (no peer to itself)'],
    ]);
    const json = JSON.parse((await main(['list', folder, '--group', '--format', 'json'])).stdout) as { groups: { src: unknown[]; dst: unknown[]; conn: unknown }[]; connections?: unknown };
    expect(json.connections).toBeUndefined();
    expect(json.groups.map((g) => [g.src.length, g.dst.length, g.conn])).toEqual([
      [1500, 1500, { all: true }],
      [1500, 1, { all: true }],
      [1, 1500, { all: true }],
    ]);
  });

  it('above --max-pairs the exit-2 message offers --namespace; with it the count is the narrowed one', async () => {
    expect((await main(['list', folder])).stderr).toMatch(/--namespace NS/);
    // 150 workloads per namespace: ns3's 150 sources reach 1,499 workloads and 2 address ranges; the other 1,350 reach ns3's 150.
    const count = 150 * 1499 + 150 * 2 + 1350 * 150;
    const over = await main(['list', folder, '--namespace', 'ns3', '--max-pairs', String(count - 1)]);
    expect([over.exitCode, over.stdout]).toEqual([2, '']);
    expect(over.stderr).toContain(`${count.toLocaleString('en-US')} pairs with an end in namespace ns3`);
    const json = JSON.parse((await main(['list', folder, '--namespace', 'ns3', '--group', '--format', 'json'])).stdout) as { groups: { src: unknown[]; dst: unknown[] }[] };
    expect(json.groups.map((g) => [g.src.length, g.dst.length]).sort()).toEqual([[1, 150], [150, 1], [150, 1500], [1350, 150]].sort());
  });

  it('a bad --max-pairs is a usage error', async () => {
    const out = await main(['list', folder, '--max-pairs', 'lots']);
    expect([out.exitCode, out.stderr]).toEqual([2, expect.stringContaining('--max-pairs')]);
  });
});

describe('list of a single file, and --path', () => {
  it('reads one manifest file, or only the files --path matches', async () => {
    const root = await tempFolder([
      { path: 'a/web.yaml', text: deployment('web', 'shop', '{app: web}') },
      { path: 'b/api.yaml', text: deployment('api', 'shop', '{app: api}') },
    ]);
    const ids = (stdout: string) => stdout.split('\n').filter(Boolean);
    const pairs = (stdout: string) => ids(stdout).filter((l) => !l.includes('0.0.0.0/0'));
    expect(pairs((await main(['list', join(root, 'a/web.yaml'), '--self'])).stdout)).toEqual(['shop/web[Deployment] => shop/web[Deployment] : All Connections']);
    expect(pairs((await main(['list', root, '--path', 'b/**', '--self'])).stdout)).toEqual(['shop/api[Deployment] => shop/api[Deployment] : All Connections']);
    expect(pairs((await main(['list', root])).stdout)).toHaveLength(2);
    const none = await main(['list', root, '--path', 'c/**']);
    expect([none.exitCode, none.stderr]).toEqual([2, expect.stringContaining('matching c/**')]);
  });
});
