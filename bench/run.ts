/**
 * `npm run bench [-- --sizes 1000,10000] [--json] [--runs N] [--seed S] [--v8-defaults]`
 *
 * For each size, in a fresh child process (so peak memory is that size's own): generate a base and a
 * head repo, then time the YAML parse (`loadManifests` of both), the engine (`computeConnectivity` of
 * both + `diffConnectivity`), the findings of both sides and their diff, and, when the analysis layer provides it, `analyzeDiff` (explain + rollback).
 * Times are the median of `--runs` repetitions (default 3, 1 from 50,000 workloads); the first, cold run
 * is reported too.
 *
 * The whole `diff` (`analyzeTargets` + the JSON output, what `reachdiff diff --format json` runs once
 * the files are read, from cold caches) is measured in CPU time (user +
 * system, all threads) against a floor: js-yaml's plain `loadAll` of every file of both sides in the
 * same process. Each run measures both, back to back, alternating which goes first, and `ratio` is the
 * median of the runs' ratios (paired runs: the machine's load moves both alike). The same runs time the
 * whole diff with abstract peers off too (`coreCpuMs`, `coreRatio`): the diff of the manifests' own
 * workloads, whose factor over the floor the scale target names, while abstract peers carry their own
 * factor (bench/abstract.ts). CPU time, not wall, because the machine is shared. Then the App's `synchronize`: a first push analysed cold (`baseKey` set,
 * as the App does), and a second push of the same PR (one more policy file deleted) on the warm process.
 * Peak memory is given twice: `analysisPeakRssMb`, the maxRSS of the size's process after its three whole
 * diffs (and the parse floors between them: what a warm process that runs one analysis after another
 * reaches), and `oneDiffPeakRssMb`, the maxRSS of another fresh process that generates the repo and runs
 * one whole diff, as one `reachdiff diff` process does (it holds the files it read the way this one holds
 * the generated texts).
 * `--json` prints only a JSON array, one object per size.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { clearWarmState } from '../src/targets/warm-state.js';
import { analyzeTargets } from '../src/targets/analyze-targets.js';
import { computeConnectivity } from '../src/engine/index.js';
import { diffConnectivity } from '../src/engine/diff.js';
import { explainClosed, explainOpened } from '../src/engine/explain.js';
import { loadManifests } from '../src/manifests/load.js';
import type { OpenedPath } from '../src/findings/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings, diffFindings } from '../src/findings/index.js';
import type { GeneratedFile } from './generate.js';
import { generateRepo } from './generate.js';
import { RUNTIME_FLAGS, cpu as cpuNow, median, writtenJson } from './measure.js';

export const DEFAULT_SIZES = [100, 500, 1000, 2000, 5000, 10000];

export interface BenchResult {
  workloads: number;
  policies: number;
  namespaces: number;
  classes: number;
  files: number;
  documents: number;
  megabytes: number;
  /** `loadManifests` of base + head from a cold parse cache (median of runs); head reuses base's unchanged files. */
  parseMs: number;
  /** `computeConnectivity` of base + head, then `diffConnectivity` (median of runs). */
  engineMs: number;
  connectivityMs: number;
  diffMs: number;
  /** `explainOpened` + `explainClosed` over every changed pair (the "why"). */
  whyMs: number;
  /** Findings of base and head (`commitFindings`, default configuration) and their diff (median of runs). */
  findingsMs: number;
  /** Head findings, and those new in the diff. */
  findings: number;
  newFindings: number;
  /** Wall time of the whole diff: `analyzeTargets(baseFiles, headFiles)` + `targetsJson`, cold caches (median of runs). */
  analysisMs: number;
  /** CPU time (user + system) of the same whole diff (median of runs). */
  cpuMs: number;
  /** CPU time of js-yaml's `loadAll` over every file of base and head, in the same process (median of runs). */
  parseFloorMs: number;
  /** Median over paired runs of cpuMs / parseFloorMs. */
  ratio: number;
  /**
   * CPU time of the same whole diff with abstract peers off (`abstractPeers: false`: only the manifests'
   * workloads are peers; findings, tiers and rendering on), in the same paired runs (median), and its ratio
   * to the parse floor: issue 16's "whole diff" before the features that carry their own factor.
   */
  coreCpuMs: number;
  coreRatio: number;
  /** CPU time of the App's first push of a PR (cold process) and of its next push (warm, same merge base). */
  firstPushCpuMs: number;
  synchronizeCpuMs: number;
  /** synchronizeCpuMs / firstPushCpuMs (median of paired runs). */
  synchronizeRatio: number;
  coldParseMs: number;
  coldEngineMs: number;
  /** Peak RSS (maxRSS) of the whole measurement: generated files, whole diffs, synchronize, then the parts. */
  peakRssMb: number;
  /** Peak RSS up to the end of the whole-diff runs (the generated repo in memory included). */
  analysisPeakRssMb: number;
  /** Peak RSS of a fresh process that generates the repo and runs one whole diff (what one CLI `diff` holds). */
  oneDiffPeakRssMb: number;
  openedPaths: number;
  closedPaths: number;
  changedPairs: number;
  /** Peer entries held by the distinct rows of base + head (engine/pair-table.ts): what the engine stores instead of pairs. */
  storedPairs: number;
  diagnostics: number;
  runs: number;
}

interface Args {
  sizes: number[];
  json: boolean;
  runs: number;
  seed: number;
  child?: number;
  oneDiff?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sizes: DEFAULT_SIZES, json: false, runs: 0, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a.startsWith('--sizes')) args.sizes = value().split(',').map((s) => Number(s.trim().replace(/k$/i, '000')));
    else if (a.startsWith('--runs')) args.runs = Number(value());
    else if (a.startsWith('--seed')) args.seed = Number(value());
    else if (a.startsWith('--child')) args.child = Number(value());
    else if (a.startsWith('--one-diff')) args.oneDiff = Number(value());
    else if (a === '--v8-defaults') continue; // read by measure.ts, passed on as RUNTIME_FLAGS
    else throw new Error(`unknown argument ${a}`);
  }
  for (const n of [...args.sizes, args.runs, args.seed]) if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${n}`);
  return args;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** CPU ms of `f` (user + system of every thread of the process, so garbage collection is counted). */
function cpuOf(f: () => void): number {
  const t = cpuNow();
  f();
  return cpuNow() - t;
}

async function cpuOfAsync(f: () => Promise<unknown>): Promise<number> {
  const t = cpuNow();
  await f();
  return cpuNow() - t;
}

/** The floor: what merely parsing both sides costs, with js-yaml's defaults and nothing else. */
function parseFloor(files: readonly GeneratedFile[]): void {
  for (const f of files) yaml.loadAll(f.text);
}

/** What `reachdiff diff --format json` runs once the files are read: targets, analysis, the JSON in chunks (its length in characters). */
async function wholeDiff(base: readonly GeneratedFile[], head: readonly GeneratedFile[], baseKey?: string, abstractPeers = true): Promise<number> {
  return writtenJson(await analyzeTargets(base, head, { baseKey, abstractPeers }));
}

function clearCaches(): void {
  clearWarmState();
}

/** The PR's next push: one more per-app policy file deleted. */
function nextPush(head: readonly GeneratedFile[]): GeneratedFile[] {
  const victim = head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
  return head.filter((_, i) => i !== victim);
}

/** Whole diff vs parse floor, in paired runs; then the App's first push vs its synchronize. */
async function measureWhole(base: readonly GeneratedFile[], head: readonly GeneratedFile[], runs: number) {
  const both = [...base, ...head];
  const cpu: number[] = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  const core: number[] = [];
  const coreRatios: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < runs; r++) {
    let c = 0;
    let o = 0;
    let f = 0;
    const whole = async () => {
      clearCaches();
      const t = performance.now();
      c = await cpuOfAsync(() => wholeDiff(base, head));
      wall.push(performance.now() - t);
    };
    const off = async () => {
      clearCaches();
      o = await cpuOfAsync(() => wholeDiff(base, head, undefined, false));
    };
    // Alternate the order, so that neither warms the JIT or the heap for the others alike in every run.
    if (r % 2 === 0) {
      f = cpuOf(() => parseFloor(both));
      await whole();
      await off();
    } else {
      await off();
      await whole();
      f = cpuOf(() => parseFloor(both));
    }
    cpu.push(c);
    floor.push(f);
    ratios.push(c / f);
    core.push(o);
    coreRatios.push(o / f);
  }
  const peak = process.resourceUsage().maxRSS;
  const next = nextPush(head);
  const first: number[] = [];
  const sync: number[] = [];
  const syncRatios: number[] = [];
  for (let r = 0; r < runs; r++) {
    clearCaches();
    const a = await cpuOfAsync(() => wholeDiff(base, head, 'base-tree'));
    const b = await cpuOfAsync(() => wholeDiff(base, next, 'base-tree'));
    first.push(a);
    sync.push(b);
    syncRatios.push(b / a);
  }
  clearCaches();
  return {
    analysisMs: Math.round(median(wall)),
    cpuMs: Math.round(median(cpu)),
    parseFloorMs: Math.round(median(floor)),
    ratio: Math.round(median(ratios) * 100) / 100,
    coreCpuMs: Math.round(median(core)),
    coreRatio: Math.round(median(coreRatios) * 100) / 100,
    firstPushCpuMs: Math.round(median(first)),
    synchronizeCpuMs: Math.round(median(sync)),
    synchronizeRatio: Math.round(median(syncRatios) * 100) / 100,
    analysisPeakRssMb: Math.round(peak / 1024),
  };
}

/** One whole diff in this fresh process: its peak RSS in MB (the generated repo included). */
async function oneDiffPeak(size: number, seed: number): Promise<number> {
  const repo = generateRepo({ workloads: size, seed });
  await wholeDiff(repo.base, repo.head);
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function measure(size: number, runs: number, seed: number): Promise<Omit<BenchResult, 'oneDiffPeakRssMb'>> {
  const repo = generateRepo({ workloads: size, seed });
  // The whole diff first, so its peak memory is not the parts' below.
  const whole = await measureWhole(repo.base, repo.head, Math.max(1, runs));
  const parse: number[] = [];
  const conn: number[] = [];
  const diffT: number[] = [];
  const why: number[] = [];
  const findingsT: number[] = [];
  let result: Omit<BenchResult, keyof Awaited<ReturnType<typeof measureWhole>> | 'parseMs' | 'engineMs' | 'connectivityMs' | 'diffMs' | 'whyMs' | 'findingsMs' | 'coldParseMs' | 'coldEngineMs' | 'peakRssMb' | 'runs' | 'oneDiffPeakRssMb'> | undefined;
  for (let r = 0; r < Math.max(1, runs); r++) {
    // Cold parse: the loader keeps files read by content (head then reuses base's unchanged files).
    clearCaches();
    const t0 = performance.now();
    const base = loadManifests(repo.base);
    const head = loadManifests(repo.head);
    const t1 = performance.now();
    const cb = computeConnectivity(base.cluster);
    const ch = computeConnectivity(head.cluster);
    const t2 = performance.now();
    const d = diffConnectivity(cb, ch);
    const t3 = performance.now();
    const opened: OpenedPath[] = [];
    for (const p of d.pairs) {
      const whyOpened = explainOpened(cb, ch, p);
      explainClosed(cb, ch, p);
      if (p.opened) opened.push({ pair: p, why: whyOpened });
    }
    const t4 = performance.now();
    const baseFindings = commitFindings({ conn: cb, diagnostics: base.diagnostics, config: DEFAULT_FINDINGS_CONFIG });
    const headFindings = commitFindings({ conn: ch, diagnostics: head.diagnostics, config: DEFAULT_FINDINGS_CONFIG });
    const found = diffFindings(baseFindings, headFindings, opened, DEFAULT_FINDINGS_CONFIG);
    findingsT.push(performance.now() - t4);
    parse.push(t1 - t0);
    conn.push(t2 - t1);
    diffT.push(t3 - t2);
    why.push(t4 - t3);
    result ??= {
      workloads: base.cluster.workloads.length,
      policies: base.cluster.policies.length,
      namespaces: base.cluster.namespaces.length,
      classes: cb.index.classes.length,
      files: repo.base.length,
      documents: base.documents.length,
      megabytes: round(repo.base.reduce((n, f) => n + Buffer.byteLength(f.text), 0) / 2 ** 20),
      openedPaths: d.pairs.filter((p) => p.opened !== null).length,
      closedPaths: d.pairs.filter((p) => p.closed !== null).length,
      changedPairs: d.pairs.length,
      storedPairs: cb.pairs.storedEntries() + ch.pairs.storedEntries(),
      findings: found.length,
      newFindings: found.filter((f) => f.new).length,
      diagnostics: base.diagnostics.filter((x) => x.severity === 'error').length + head.diagnostics.filter((x) => x.severity === 'error').length,
    };
  }
  const engine = conn.map((c, i) => c + diffT[i]);
  return {
    ...result!,
    ...whole,
    parseMs: Math.round(median(parse)),
    engineMs: Math.round(median(engine)),
    connectivityMs: Math.round(median(conn)),
    diffMs: Math.round(median(diffT)),
    whyMs: Math.round(median(why)),
    findingsMs: Math.round(median(findingsT)),
    coldParseMs: Math.round(parse[0]),
    coldEngineMs: Math.round(engine[0]),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    runs: Math.max(1, runs),
  };
}

function table(results: readonly BenchResult[]): string {
  const cols: [string, (r: BenchResult) => string][] = [
    ['workloads', (r) => String(r.workloads)],
    ['policies', (r) => String(r.policies)],
    ['classes', (r) => String(r.classes)],
    ['MB (base)', (r) => r.megabytes.toFixed(1)],
    ['parse ms', (r) => String(r.parseMs)],
    ['engine ms', (r) => String(r.engineMs)],
    ['conn ms', (r) => String(r.connectivityMs)],
    ['diff ms', (r) => String(r.diffMs)],
    ['why ms', (r) => String(r.whyMs)],
    ['findings ms', (r) => String(r.findingsMs)],
    ['diff wall ms', (r) => String(r.analysisMs)],
    ['diff CPU ms', (r) => String(r.cpuMs)],
    ['parse floor CPU ms', (r) => String(r.parseFloorMs)],
    ['ratio', (r) => r.ratio.toFixed(2)],
    ['core CPU ms', (r) => String(r.coreCpuMs)],
    ['core ratio', (r) => r.coreRatio.toFixed(2)],
    ['sync/first push', (r) => r.synchronizeRatio.toFixed(2)],
    ['diff peak RSS MB', (r) => String(r.analysisPeakRssMb)],
    ['one diff peak RSS MB', (r) => String(r.oneDiffPeakRssMb)],
    ['peak RSS MB', (r) => String(r.peakRssMb)],
    ['opened', (r) => String(r.openedPaths)],
    ['closed', (r) => String(r.closedPaths)],
    ['stored row entries', (r) => String(r.storedPairs)],
  ];
  const rows = [cols.map(([h]) => h), ...results.map((r) => cols.map(([, f]) => f(r)))];
  const widths = cols.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child !== undefined) {
    process.stdout.write(JSON.stringify(await measure(args.child, args.runs, args.seed)) + '\n');
    return;
  }
  if (args.oneDiff !== undefined) {
    process.stdout.write(JSON.stringify(await oneDiffPeak(args.oneDiff, args.seed)) + '\n');
    return;
  }
  const self = fileURLToPath(import.meta.url);
  // The last line a child prints: its JSON answer.
  const child = (flags: string[]): unknown => {
    const out = execFileSync(process.execPath, [...process.execArgv, self, ...flags, '--seed', String(args.seed), ...RUNTIME_FLAGS], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop()!);
  };
  const results: BenchResult[] = [];
  for (const size of args.sizes) {
    const runs = args.runs > 0 ? args.runs : size >= 50_000 ? 1 : 3;
    const measured = child(['--child', String(size), '--runs', String(runs)]) as Omit<BenchResult, 'oneDiffPeakRssMb'>;
    const r: BenchResult = { ...measured, oneDiffPeakRssMb: child(['--one-diff', String(size)]) as number };
    results.push(r);
    if (!args.json) process.stderr.write(`  ${size}: diff ${r.cpuMs} ms CPU = ${r.ratio} × parse floor (abstract peers off: ${r.coreCpuMs} ms = ${r.coreRatio} ×), peak ${r.analysisPeakRssMb} MB (three diffs in one process), ${r.oneDiffPeakRssMb} MB (one diff)\n`);
  }
  if (args.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  process.stdout.write(`reachdiff bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, seed ${args.seed}, median of ${args.runs > 0 ? args.runs : "3 (1 from 50k)"} run(s), CPU times under shared load\n\n`);
  process.stdout.write(table(results) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
