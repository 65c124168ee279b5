/**
 * `npm run bench:abstract [-- --sizes 10000 --runs 3 --conformance ../shared/conformance]`: the whole
 * `analyzeDiff` (both sides, diff, why, rollback search, findings) on the generated repository with
 * abstract peers on (the default: regions of label space evaluated beside the workloads) and off
 * (`abstractPeers: false`); CPU ms, medians, their ratio (target ≤ 1.5), and the region counts. These
 * runs are warm: the files' parses and what is kept per parsed object (compiled policies, rows) serve every
 * run, which the run without regions reuses whole while the one with them computes its regions' part
 * again. So the whole cold diff is measured too, as `reachdiff diff --format json` runs it once the files
 * are read (`wholeCpuMsOff` / `wholeCpuMsOn`, `wholeRatio`: every cache cleared before each run, parsing
 * included, in this process after the runs above), and once per fresh process, as one `reachdiff diff`
 * does, code not yet compiled by the JIT included (`freshCpuMsOff` / `freshCpuMsOn`, `freshRatio`; each run
 * a child process `--one on|off`). Of those fresh runs also the wall time (`freshWallMs…`: the two cores
 * run the JIT's and the collector's helper threads beside the main one) and, on Linux, the main thread's
 * CPU (`freshMainCpuMs…`): what our code and the collector's pauses cost without the optimizing compiler's
 * background work, which a fresh process spends mostly on code that runs once. With the conformance data present, also the region count of every case
 * (one side: `buildRegions([cluster])`).
 */
import { clearRegionNames } from '../src/engine/region-names.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { analyzeDiff } from '../src/analysis/diff-report.js';
import { analyzeTargets } from '../src/targets/analyze-targets.js';
import { clearWarmState } from '../src/targets/warm-state.js';
import { buildRegions } from '../src/engine/index.js';
import { loadManifests } from '../src/manifests/load.js';
import { readManifestFolder } from '../src/manifests/read-folder.js';
import { generateRepo } from './generate.js';
import { RUNTIME_FLAGS, arg, cpu, mainThreadCpu, median, pairedRuns, writtenJson } from './measure.js';

const sizes = arg('sizes', '10000').split(',').map(Number);

/** One whole cold diff in a fresh process: CPU ms (all threads), wall ms, main thread's CPU ms where known. */
interface FreshRun {
  readonly cpu: number;
  readonly wall: number;
  readonly main?: number;
}

// A child process: one whole cold diff of the first size, a FreshRun as JSON on stdout.
if (process.argv.includes('--one')) {
  const repo = generateRepo({ workloads: sizes[0], seed: 42 });
  const [t, w, m] = [cpu(), performance.now(), mainThreadCpu()];
  writtenJson(await analyzeTargets(repo.base, repo.head, { abstractPeers: arg('one', 'on') !== 'off' }));
  const main = mainThreadCpu();
  const run: FreshRun = { cpu: Math.round(cpu() - t), wall: Math.round(performance.now() - w), ...(main !== undefined && m !== undefined ? { main: main - m } : {}) };
  process.stdout.write(`${JSON.stringify(run)}\n`);
  process.exit(0);
}

function fresh(size: number, on: boolean): FreshRun {
  const self = fileURLToPath(import.meta.url);
  return JSON.parse(execFileSync(process.execPath, [self, '--one', on ? 'on' : 'off', '--sizes', String(size), ...RUNTIME_FLAGS], { encoding: 'utf8' })) as FreshRun;
}
const runs = Number(arg('runs', '3'));
const conformance = arg('conformance', '../shared/conformance');

for (const size of sizes) {
  const repo = generateRepo({ workloads: size, seed: 42 });
  const run = (abstractPeers: boolean) => {
    // Region names are kept between analyses of a process (region-names.ts): every run is measured cold.
    clearRegionNames();
    const t = cpu();
    const report = analyzeDiff(repo.base, repo.head, { abstractPeers });
    return { ms: cpu() - t, report };
  };
  // Warm: the last report of each side is kept for the counts below.
  let last = { off: run(false), on: run(true) };
  const warm = await pairedRuns(
    runs,
    () => (last = { ...last, off: run(false) }).off.ms,
    () => (last = { ...last, on: run(true) }).on.ms,
  );
  // The whole cold diff, on and off, in this process with every cache cleared, then in fresh processes.
  const whole = async (abstractPeers: boolean) => {
    clearWarmState();
    const t = cpu();
    writtenJson(await analyzeTargets(repo.base, repo.head, { abstractPeers }));
    return cpu() - t;
  };
  const cold = await pairedRuns(runs, () => whole(false), () => whole(true));
  // Each fresh run gives three figures: the pairs are measured once and read three ways.
  const freshRuns: { off: FreshRun[]; on: FreshRun[] } = { off: [], on: [] };
  const take = (on: boolean, pick: (r: FreshRun) => number) => {
    const r = fresh(size, on);
    (on ? freshRuns.on : freshRuns.off).push(r);
    return pick(r);
  };
  const inFresh = await pairedRuns(runs, () => take(false, (r) => r.cpu), () => take(true, (r) => r.cpu));
  const freshBy = (pick: (r: FreshRun) => number | undefined) => {
    const off = freshRuns.off.map(pick);
    const on = freshRuns.on.map(pick);
    if (off.some((x) => x === undefined) || on.some((x) => x === undefined)) return undefined;
    return { off: median(off as number[]), on: median(on as number[]), ratio: Math.round(median((on as number[]).map((x, i) => x / (off as number[])[i])) * 100) / 100 };
  };
  const freshWall = freshBy((r) => r.wall);
  const freshMain = freshBy((r) => r.main);
  const abstractPairs = last.on.report.pairs.filter((p) => p.src.type === 'pods' || p.dst.type === 'pods');
  console.log(
    JSON.stringify({
      workloads: size,
      policies: loadManifests(repo.base).cluster.policies.length,
      diffCpuMsOff: warm.off,
      diffCpuMsOn: warm.on,
      ratio: warm.ratio,
      wholeCpuMsOff: cold.off,
      wholeCpuMsOn: cold.on,
      wholeRatio: cold.ratio,
      freshCpuMsOff: inFresh.off,
      freshCpuMsOn: inFresh.on,
      freshRatio: inFresh.ratio,
      freshWallMsOff: freshWall?.off,
      freshWallMsOn: freshWall?.on,
      freshWallRatio: freshWall?.ratio,
      ...(freshMain ? { freshMainCpuMsOff: freshMain.off, freshMainCpuMsOn: freshMain.on, freshMainRatio: freshMain.ratio } : {}),
      regions: last.on.report.abstractPeers?.regions ?? 0,
      incomplete: last.on.report.abstractPeers?.incomplete ?? false,
      changedPairs: { off: last.off.report.pairs.length, on: last.on.report.pairs.length, abstract: abstractPairs.length },
      runs,
    }),
  );
}

if (existsSync(conformance)) {
  for (const dataset of readdirSync(conformance).sort()) {
    const cases = join(conformance, dataset, 'cases');
    if (!existsSync(cases)) continue;
    const counts: { name: string; regions: number; incomplete: boolean }[] = [];
    for (const name of readdirSync(cases).sort()) {
      const folder = await readManifestFolder(join(cases, name));
      const regions = buildRegions([loadManifests(folder.files).cluster]);
      counts.push({ name, regions: regions.regions.length, incomplete: regions.incomplete });
    }
    const sorted = counts.map((c) => c.regions).sort((a, b) => a - b);
    const largest = [...counts].sort((a, b) => b.regions - a.regions)[0];
    console.log(
      JSON.stringify({
        conformance: dataset,
        cases: counts.length,
        regions: { min: sorted[0], median: median(sorted), max: sorted[sorted.length - 1], total: sorted.reduce((a, b) => a + b, 0) },
        largest: largest && { case: largest.name, regions: largest.regions },
        incomplete: counts.filter((c) => c.incomplete).map((c) => c.name),
      }),
    );
  }
}
