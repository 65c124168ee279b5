/**
 * `node build-bench/bench/profile-discovery.js SIZE [--prof FILE [--prof-side base|head]]`: target discovery of
 * both sides of the generated repo of SIZE workloads, as a cold `reachdiff diff` runs it (each side's texts read
 * apart, head's unchanged files made base's objects, each side indexed, both discovered together): CPU ms of
 * each side's index and of each call of one side's discovery, to stderr, as JSON to stdout. One cold
 * measurement per process (discovery is the first stage of a diff: its JIT is cold too). `--prof FILE`: a CPU
 * profile of the discovery of both sides; with `--prof-side`, of that side's first discovery alone.
 * `--warm-jit`: discover another generated repo's base three times first (what the discovery costs past
 * compiling its code: the text work a cold side does, and the passes over its files).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { generateRepo } from './generate.js';
import type { GeneratedFile } from './generate.js';
import { sharedFiles } from '../src/targets/shared-files.js';
import { keptDiscovery, keptSideIndex } from '../src/targets/side-reuse.js';
import { discoverSides, discoverTargets } from '../src/targets/discover.js';
import { arg, cpu } from './measure.js';

/** A side's files as a side read on its own holds them: every text its own string (a git blob read apart). */
const readApart = (files: readonly GeneratedFile[]): GeneratedFile[] => files.map((f) => ({ path: f.path, text: Buffer.from(f.text).toString() }));

/** The in-thread inspector answers synchronously: a profile can start and stop around one call. */
function profiler(out: string): { start: () => void; stop: () => void } {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  return {
    start: () => session.post('Profiler.start'),
    stop: () =>
      session.post('Profiler.stop', (err, result) => {
        if (err) throw err;
        writeFileSync(out, JSON.stringify(result.profile));
      }),
  };
}

function main(): void {
  const size = Number(process.argv[2] ?? 10000);
  const out = arg('prof', '');
  const profSide = arg('prof-side', '');
  const prof = out ? profiler(out) : undefined;
  if (process.argv.includes('--warm-jit')) {
    const other = keptSideIndex(readApart(generateRepo({ workloads: size, seed: 7 }).base));
    for (let i = 0; i < 3; i++) discoverTargets(other);
  }
  const repo = generateRepo({ workloads: size, seed: 42 });
  const baseFiles = readApart(repo.base);
  const givenHead = readApart(repo.head);
  const t0 = cpu();
  const headFiles = sharedFiles(baseFiles, givenHead);
  const t1 = cpu();
  const base = keptSideIndex(baseFiles);
  const t2 = cpu();
  const head = keptSideIndex(headFiles);
  const t3 = cpu();
  if (prof && !profSide) prof.start();
  // Each call of one side's discovery, in the order discoverSides makes them (head's first).
  const calls: string[] = [];
  const [headSel, baseSel] = discoverSides(head, base, {}, (side, options) => {
    const name = side === head ? 'head' : 'base';
    const profiled = prof !== undefined && profSide === name && !calls.some((c) => c.startsWith(name));
    if (profiled) prof.start();
    const t = cpu();
    const sel = keptDiscovery(side, options);
    calls.push(`${name} ${(cpu() - t).toFixed(1)}`);
    if (profiled) prof.stop();
    return sel;
  });
  const t4 = cpu();
  if (prof && !profSide) prof.stop();
  const figures = { shared: t1 - t0, baseIndex: t2 - t1, headIndex: t3 - t2, discovery: t4 - t3, calls, targets: [baseSel.targets.length, headSel.targets.length] };
  process.stderr.write(`shared ${figures.shared.toFixed(1)} ms, index base ${figures.baseIndex.toFixed(1)} head ${figures.headIndex.toFixed(1)}, discovery ${figures.discovery.toFixed(1)} ms CPU (${calls.join(', ')})\n`);
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main();
