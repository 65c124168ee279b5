/**
 * `node build-bench/bench/profile-whole.js SIZE [--next] [--off]`: one cold whole diff of the generated repo of
 * SIZE workloads (what `npm run bench` times as cpuMs), for `node --cpu-prof`; `--next` then runs the
 * App's next push on the warm process (`--off`: abstract peers off) (`--next-prof FILE`: a CPU profile of that push alone). Prints CPU ms per phase to stderr.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { generateRepo } from './generate.js';
import { analyzeTargets } from '../src/targets/analyze-targets.js';
import { cpu, writtenJson } from './measure.js';

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 10000);
  const next = process.argv.includes('--next');
  const abstractPeers = !process.argv.includes('--off');
  const repo = generateRepo({ workloads: size, seed: 42 });
  const t0 = cpu();
  writtenJson(await analyzeTargets(repo.base, repo.head, { baseKey: 'base-tree', abstractPeers }));
  const t1 = cpu();
  process.stderr.write(`first: ${Math.round(t1 - t0)} ms CPU, rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  if (next) {
    const victim = repo.head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
    const head2 = repo.head.filter((_, i) => i !== victim);
    // `--next-prof FILE`: a CPU profile of the next push alone.
    const out = process.argv[process.argv.indexOf('--next-prof') + 1];
    const session = process.argv.includes('--next-prof') ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const t2 = cpu();
    writtenJson(await analyzeTargets(repo.base, head2, { baseKey: 'base-tree', abstractPeers }));
    process.stderr.write(`next: ${Math.round(cpu() - t2)} ms CPU\n`);
    if (session) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(String(e) + '\n');
  process.exitCode = 1;
});
