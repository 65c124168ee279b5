/**
 * `node build-bench/bench/profile-whole.js SIZE [--next] [--off] [--pushes N]`: one cold whole diff of the
 * generated repo of SIZE workloads (what `npm run bench` times as cpuMs), for `node --cpu-prof`; `--next`
 * then runs the App's next push on the warm process (`--off`: abstract peers off) (`--next-prof FILE`: a CPU
 * profile of the last next push alone) (`--unchanged`: a next push that changes nothing the model reads, a
 * comment appended to a file the pull request already changed: what every push costs whatever it changes).
 * `--pushes N` (with `--next`): N more first/next pairs after that,
 * each from forgotten warm state on the warm JIT, as `npm run bench` measures them, and their medians. Prints
 * CPU ms per phase to stderr.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { GeneratedFile } from './generate.js';
import { generateRepo } from './generate.js';
import { analyzeTargets } from '../src/targets/analyze-targets.js';
import { clearWarmState } from '../src/targets/warm-state.js';
import { arg, cpu, median, writtenJson } from './measure.js';

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 10000);
  const next = process.argv.includes('--next');
  const abstractPeers = !process.argv.includes('--off');
  const pushes = Number(arg('pushes', '0'));
  const repo = generateRepo({ workloads: size, seed: 42 });
  const t0 = cpu();
  writtenJson(await analyzeTargets(repo.base, repo.head, { baseKey: 'base-tree', abstractPeers }));
  const t1 = cpu();
  process.stderr.write(`first: ${Math.round(t1 - t0)} ms CPU, rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  if (!next) return;
  const head2 = process.argv.includes('--unchanged') ? commented(repo.base, repo.head) : withoutOnePolicy(repo.head);
  // `--next-prof FILE`: a CPU profile of the (last) next push alone.
  const out = process.argv[process.argv.indexOf('--next-prof') + 1];
  const nextPush = async (profile: boolean): Promise<number> => {
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const t2 = cpu();
    writtenJson(await analyzeTargets(repo.base, head2, { baseKey: 'base-tree', abstractPeers }));
    const ms = cpu() - t2;
    if (session) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
    return ms;
  };
  const profiled = process.argv.includes('--next-prof');
  process.stderr.write(`next: ${Math.round(await nextPush(profiled && pushes === 0))} ms CPU\n`);
  const firsts: number[] = [];
  const nexts: number[] = [];
  for (let r = 0; r < pushes; r++) {
    clearWarmState();
    const t = cpu();
    writtenJson(await analyzeTargets(repo.base, repo.head, { baseKey: 'base-tree', abstractPeers }));
    firsts.push(cpu() - t);
    nexts.push(await nextPush(profiled && r === pushes - 1));
    process.stderr.write(`warm first ${Math.round(firsts[r])} next ${Math.round(nexts[r])} ms CPU = ${(nexts[r] / firsts[r]).toFixed(2)}\n`);
  }
  if (pushes > 0) {
    const ratios = firsts.map((f, i) => nexts[i] / f);
    process.stderr.write(`median warm first ${Math.round(median(firsts))} next ${Math.round(median(nexts))} ms CPU, next/first ${median(ratios).toFixed(2)}\n`);
  }
}

/** The bench's next push (bench/run.ts): one more per-app policy file deleted. */
function withoutOnePolicy(head: readonly GeneratedFile[]): GeneratedFile[] {
  const victim = head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
  return head.filter((_, i) => i !== victim);
}

/** Head with a comment line appended to the first file it changed from base: the same objects at the same lines. */
function commented(base: readonly GeneratedFile[], head: readonly GeneratedFile[]): GeneratedFile[] {
  const baseText = new Map(base.map((f) => [f.path, f.text]));
  const edited = head.findIndex((f) => baseText.has(f.path) && baseText.get(f.path) !== f.text);
  if (edited < 0) throw new Error('head changes no file of base');
  return head.map((f, i) => (i === edited ? { ...f, text: `${f.text}# reviewed\n` } : f));
}

main().catch((e: unknown) => {
  process.stderr.write(String(e) + '\n');
  process.exitCode = 1;
});
