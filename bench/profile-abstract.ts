/**
 * `node build-bench/bench/profile-abstract.js SIZE on|off [--prof FILE] [--heap FILE]`: warm `analyzeDiff` of the
 * generated repo (two runs to warm, then one measured), for `bench:abstract`'s warm reading; `--prof` writes a CPU
 * profile of the measured run, `--heap` a sampling heap profile of everything it allocated (collected objects
 * included: where the collector's work comes from). Prints its CPU ms to stderr.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { clearRegionNames } from '../src/engine/region-names.js';
import { analyzeDiff } from '../src/analysis/diff-report.js';
import { generateRepo } from './generate.js';
import { cpu } from './measure.js';

const size = Number(process.argv[2] ?? 10000);
const abstractPeers = process.argv[3] !== 'off';
const repo = generateRepo({ workloads: size, seed: 42 });
const run = () => {
  clearRegionNames();
  analyzeDiff(repo.base, repo.head, { abstractPeers });
};
run();
run();
const out = process.argv.includes('--prof') ? process.argv[process.argv.indexOf('--prof') + 1] : undefined;
const heap = process.argv.includes('--heap') ? process.argv[process.argv.indexOf('--heap') + 1] : undefined;
const session = out || heap ? new Session() : undefined;
if (session) session.connect();
if (session && out) {
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
if (session && heap) {
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}
const t = cpu();
run();
process.stderr.write(`warm ${abstractPeers ? 'on' : 'off'}: ${Math.round(cpu() - t)} ms CPU\n`);
if (session && out) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
if (session && heap) writeFileSync(heap, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
