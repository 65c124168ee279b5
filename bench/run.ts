/**
 * `npm run bench [-- --sizes 1000,10000] [--json] [--runs N] [--seed S]`
 *
 * For each size, in a fresh child process (so peak memory is that size's own): generate a base and a
 * head repo, then time the YAML parse (`loadManifests` of both), the engine (`computeConnectivity` of
 * both + `diffConnectivity`) and, when the analysis layer provides it, `analyzeDiff` (explain + rollback).
 * Times are the median of `--runs` repetitions (default 3); the first, cold run is reported too.
 * `analyzeDiff` runs once, after them, from a cold parse cache.
 * `--json` prints only a JSON array, one object per size.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { computeConnectivity } from '../src/engine/index.js';
import { diffConnectivity } from '../src/engine/diff.js';
import { explainClosed, explainOpened } from '../src/engine/explain.js';
import { loadManifests } from '../src/manifests/load.js';
import { clearParseCache } from '../src/manifests/yaml-documents.js';
import { generateRepo } from './generate.js';

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
  /** `analyzeDiff(baseFiles, headFiles)` when src/analysis/diff-report.ts provides it: parse + engine + why + rollback search. */
  analysisMs: number | null;
  coldParseMs: number;
  coldEngineMs: number;
  /** Peak RSS (maxRSS) up to the end of parse + engine + why, before analyzeDiff runs. */
  peakRssMb: number;
  /** Peak RSS after analyzeDiff too (its rollback search rebuilds head connectivity per evaluation). */
  analysisPeakRssMb: number | null;
  openedPaths: number;
  closedPaths: number;
  changedPairs: number;
  /** Pod-class pairs materialised outside the all-allowed block, base + head. */
  materialisedPairs: number;
  diagnostics: number;
  runs: number;
}

interface Args {
  sizes: number[];
  json: boolean;
  runs: number;
  seed: number;
  child?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sizes: DEFAULT_SIZES, json: false, runs: 3, seed: 42 };
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
    else throw new Error(`unknown argument ${a}`);
  }
  for (const n of [...args.sizes, args.runs, args.seed]) if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${n}`);
  return args;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

type AnalyzeDiff = (base: { path: string; text: string }[], head: { path: string; text: string }[]) => {
  counts?: { opened: number; closed: number };
};

async function loadAnalyzeDiff(): Promise<AnalyzeDiff | null> {
  // Not a static import: the analysis layer is being written alongside; the bench works with or without it.
  const path = '../src/analysis/diff-report.js';
  try {
    const mod = (await import(path)) as { analyzeDiff?: unknown };
    return typeof mod.analyzeDiff === 'function' ? (mod.analyzeDiff as AnalyzeDiff) : null;
  } catch {
    return null;
  }
}

async function measure(size: number, runs: number, seed: number): Promise<BenchResult> {
  const repo = generateRepo({ workloads: size, seed });
  const analyzeDiff = await loadAnalyzeDiff();
  const parse: number[] = [];
  const conn: number[] = [];
  const diffT: number[] = [];
  const why: number[] = [];
  const analysis: number[] = [];
  let enginePeak = 0;
  let result: Omit<BenchResult, 'parseMs' | 'engineMs' | 'connectivityMs' | 'diffMs' | 'whyMs' | 'analysisMs' | 'coldParseMs' | 'coldEngineMs' | 'peakRssMb' | 'analysisPeakRssMb' | 'runs'> | undefined;
  for (let r = 0; r < Math.max(1, runs); r++) {
    // Cold parse: the loader keeps parsed files by content (head then reuses base's unchanged files).
    clearParseCache();
    const t0 = performance.now();
    const base = loadManifests(repo.base);
    const head = loadManifests(repo.head);
    const t1 = performance.now();
    const cb = computeConnectivity(base.cluster);
    const ch = computeConnectivity(head.cluster);
    const t2 = performance.now();
    const d = diffConnectivity(cb, ch);
    const t3 = performance.now();
    for (const p of d.pairs) {
      explainOpened(cb, ch, p);
      explainClosed(cb, ch, p);
    }
    const t4 = performance.now();
    parse.push(t1 - t0);
    conn.push(t2 - t1);
    diffT.push(t3 - t2);
    why.push(t4 - t3);
    enginePeak = Math.max(enginePeak, process.resourceUsage().maxRSS);
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
      materialisedPairs: cb.pairs.size + ch.pairs.size,
      diagnostics: base.diagnostics.filter((x) => x.severity === 'error').length + head.diagnostics.filter((x) => x.severity === 'error').length,
    };
  }
  // analyzeDiff once, after the engine runs, so the engine's peak memory is measured without it.
  if (analyzeDiff) {
    clearParseCache();
    const t5 = performance.now();
    analyzeDiff(repo.base, repo.head);
    analysis.push(performance.now() - t5);
  }
  const engine = conn.map((c, i) => c + diffT[i]);
  return {
    ...result!,
    parseMs: Math.round(median(parse)),
    engineMs: Math.round(median(engine)),
    connectivityMs: Math.round(median(conn)),
    diffMs: Math.round(median(diffT)),
    whyMs: Math.round(median(why)),
    analysisMs: analysis.length > 0 ? Math.round(median(analysis)) : null,
    coldParseMs: Math.round(parse[0]),
    coldEngineMs: Math.round(engine[0]),
    peakRssMb: Math.round(enginePeak / 1024),
    analysisPeakRssMb: analysis.length > 0 ? Math.round(process.resourceUsage().maxRSS / 1024) : null,
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
    ['analyzeDiff ms', (r) => (r.analysisMs === null ? 'n/a' : String(r.analysisMs))],
    ['cold engine ms', (r) => String(r.coldEngineMs)],
    ['peak RSS MB', (r) => String(r.peakRssMb)],
    ['+analyzeDiff RSS MB', (r) => (r.analysisPeakRssMb === null ? 'n/a' : String(r.analysisPeakRssMb))],
    ['opened', (r) => String(r.openedPaths)],
    ['closed', (r) => String(r.closedPaths)],
    ['class pairs', (r) => String(r.materialisedPairs)],
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
  const self = fileURLToPath(import.meta.url);
  const results: BenchResult[] = [];
  for (const size of args.sizes) {
    const out = execFileSync(process.execPath, [...process.execArgv, self, '--child', String(size), '--runs', String(args.runs), '--seed', String(args.seed)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as BenchResult;
    results.push(r);
    if (!args.json) process.stderr.write(`  ${size}: parse ${r.parseMs} ms, engine ${r.engineMs} ms\n`);
  }
  if (args.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  process.stdout.write(`reachdiff bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, seed ${args.seed}, median of ${args.runs} run(s)\n\n`);
  process.stdout.write(table(results) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
