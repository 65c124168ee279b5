/**
 * `node build-bench/bench/profile-whole.js SIZE [--next] [--off] [--pushes N]`: one cold whole diff of the
 * generated repo of SIZE workloads (what `npm run bench` times as cpuMs), for `node --cpu-prof`; `--next`
 * then runs the App's next push on the warm process (`--off`: abstract peers off) (`--next-prof FILE`: a CPU
 * profile of the last next push alone) (`--unchanged`: a next push that changes nothing the model reads, a
 * comment appended to a file the pull request already changed: what every push costs whatever it changes).
 * `--pushes N` (with `--next`): N more first/next pairs after that,
 * each from forgotten warm state on the warm JIT, as `npm run bench` measures them, and their medians; each
 * pair's line says how many of V8's full collections (mark-compacts) each push held and their pauses, since
 * a pair whose next push holds one reads high (docs/performance.md, session 53). Prints CPU ms per phase to
 * stderr.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
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
  const majors = majorCollections();
  for (let r = 0; r < pushes; r++) {
    clearWarmState();
    const t = cpu();
    const a = performance.now();
    writtenJson(await analyzeTargets(repo.base, repo.head, { baseKey: 'base-tree', abstractPeers }));
    firsts.push(cpu() - t);
    const b = performance.now();
    nexts.push(await nextPush(profiled && r === pushes - 1));
    const c = performance.now();
    const gcs = `full GCs: first ${await majors.within(a, b)}, next ${await majors.within(b, c)}`;
    process.stderr.write(`warm first ${Math.round(firsts[r])} next ${Math.round(nexts[r])} ms CPU = ${(nexts[r] / firsts[r]).toFixed(2)} (${gcs})\n`);
  }
  majors.stop();
  if (pushes > 0) {
    const ratios = firsts.map((f, i) => nexts[i] / f);
    process.stderr.write(`median warm first ${Math.round(median(firsts))} next ${Math.round(median(nexts))} ms CPU, next/first ${median(ratios).toFixed(2)}\n`);
  }
}

/**
 * V8's full collections (mark-compacts) as node's performance timeline reports them (`gc` entries of kind
 * major; their duration is the main thread's pause, wall time): `within(from, to)` counts those that began in
 * that interval of `performance.now()` and sums their pauses, once the entries queued so far are delivered.
 */
function majorCollections(): { within(from: number, to: number): Promise<string>; stop(): void } {
  const seen: { start: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    // A `gc` entry carries its kind in `detail` (node's PerformanceEntry type does not declare it).
    for (const e of list.getEntries()) if ((e as { readonly detail?: { readonly kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) seen.push({ start: e.startTime, ms: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async within(from, to) {
      await new Promise((resolve) => setImmediate(resolve));
      const held = seen.filter((g) => g.start >= from && g.start < to);
      return held.length === 0 ? '0' : `${held.length} (${Math.round(held.reduce((n, g) => n + g.ms, 0))} ms pause)`;
    },
    stop: () => observer.disconnect(),
  };
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
