/**
 * `npm run bench:list`: `reachdiff list` on workloads no policy isolates (every ordered pair allowed),
 * the input that used to build every pair in memory. Each scenario runs in its own process, so its
 * peak RSS is its own: CPU time (user + system) and maxRSS are reported.
 *   refuse   count the pairs and stop (exit 2): N workloads, N×(N−1) pairs above --max-pairs
 *   group    --group: one compact row
 *   stream   the whole list written (to a sink) for a size just under the default limit
 *   namespace-refuse / namespace-stream   the same with --namespace ns0 (pairs with an end in ns0):
 *            counted and refused at 30,000 workloads, written at 3,000
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { computeConnectivity, countConnections, groupConnections, streamConnections } from '../src/engine/index.js';
import { loadManifests } from '../src/manifests/load.js';
import { listTextChunks } from '../src/report/list-formats.js';
import './measure.js'; // the entry points' runtime settings (bench/measure.ts)

const deployment = (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, namespace: ns${i % 100}}\nspec:\n  template:\n    metadata:\n      labels: {app: w${i}}\n`;

function scenario(name: string, workloads: number): { result: string } {
  const files = [{ path: 'all.yaml', text: Array.from({ length: workloads }, (_, i) => deployment(i)).join('---\n') }];
  const conn = computeConnectivity(loadManifests(files).cluster);
  const ns = { namespace: 'ns0' };
  switch (name) {
    case 'namespace-refuse':
      return { result: `${countConnections(conn, ns).toLocaleString('en-US')} pairs with an end in ns0 counted` };
    case 'namespace-stream': {
      let bytes = 0;
      for (const chunk of listTextChunks(streamConnections(conn, ns))) bytes += chunk.length;
      return { result: `${countConnections(conn, ns).toLocaleString('en-US')} rows with an end in ns0, ${Math.round(bytes / 2 ** 20)} MB of text` };
    }
    case 'refuse':
      return { result: `${countConnections(conn).toLocaleString('en-US')} pairs counted` };
    case 'group': {
      const n = groupConnections(conn).length;
      return { result: `${n} group${n === 1 ? '' : 's'}` };
    }
    default: {
      let bytes = 0;
      for (const chunk of listTextChunks(streamConnections(conn))) bytes += chunk.length;
      return { result: `${countConnections(conn).toLocaleString('en-US')} rows, ${Math.round(bytes / 2 ** 20)} MB of text` };
    }
  }
}

function child(name: string, workloads: number): void {
  const start = process.cpuUsage();
  const { result } = scenario(name, workloads);
  const cpu = process.cpuUsage(start);
  const out = { name, workloads, result, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  const [, , mode, name, size] = process.argv;
  if (mode === '--child') return child(name, Number(size));
  const self = fileURLToPath(import.meta.url);
  const rows = [
    ['refuse', 30000],
    ['group', 30000],
    ['stream', 1000],
    ['namespace-refuse', 30000],
    ['namespace-stream', 3000],
  ] as const;
  process.stdout.write('| scenario | workloads | result | CPU s | peak RSS MB |\n|---|--:|---|--:|--:|\n');
  for (const [name, n] of rows) {
    const run = spawnSync(process.execPath, [self, '--child', name, String(n)], { encoding: 'utf8', maxBuffer: 2 ** 20 });
    if (run.status !== 0) throw new Error(run.stderr);
    const r = JSON.parse(run.stdout) as { result: string; cpuSeconds: number; peakRssMb: number };
    process.stdout.write(`| ${name} | ${n.toLocaleString('en-US')} | ${r.result} | ${r.cpuSeconds.toFixed(2)} | ${r.peakRssMb} |\n`);
  }
}

main();
