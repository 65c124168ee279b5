/**
 * One case of the bad-input property (bad-input.test.ts): a seed repository, its mutations (applied to
 * head, or to base in a quarter of the cases), the formats drawn, and the checks on every run's output.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Mutation } from './bad-input-mutations.js';
import { OPS, mutate, mutationArb } from './bad-input-mutations.js';
import type { Seed } from './bad-input-seeds.js';
import { MARKER_FILE, MARKER_PAIR, seeds } from './bad-input-seeds.js';

const SEEDS = seeds();
const DIFF_FORMATS = ['text', 'md', 'sarif', 'mermaid', 'dot'];
const LIST_FORMATS = ['json', 'text', 'md', 'mermaid', 'dot'];
const LINT_FORMATS = ['json', 'text', 'md', 'sarif'];

export interface Case {
  readonly seed: number;
  readonly mutateBase: boolean;
  readonly mutations: readonly Mutation[];
  readonly formats: readonly [number, number, number];
}

export const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.nat(SEEDS.length - 1),
  mutateBase: fc.nat(3).map((n) => n === 0),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
  formats: fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100)),
});

/** Kinds and files that decide targets, or policies that may select the marker's pods: a mutation there may change the marker legitimately. */
const DECIDING = /kind"?\s*:\s*"?(Kustomization|Application|ApplicationSet|GitRepository|OCIRepository|HelmRelease|AdminNetworkPolicy|BaselineAdminNetworkPolicy|ClusterNetworkPolicy|CiliumClusterwideNetworkPolicy)\b/;
const decides = (path: string, texts: readonly string[]): boolean => /(^|\/)(kustomization\.ya?ml|Kustomization)$|^\.github\//.test(path) || texts.some((t) => DECIDING.test(t));

interface Run {
  readonly argv: string[];
  readonly format: string;
  readonly marker: 'diff' | 'list' | 'lint' | undefined;
}

/** What is wrong with one run's output, or `undefined`. */
function problem(run: Run, out: { stdout: string; stderr: string; exitCode: number }, paths: readonly string[], markerDir: string, lines: ReadonlyMap<string, number>): string | undefined {
  const all = out.stdout + out.stderr;
  if (![0, 1, 2].includes(out.exitCode)) return `exit code ${out.exitCode}`;
  if (/internal error|^\s+at .*:\d+:\d+\)?$|\b(TypeError|RangeError|ReferenceError|SyntaxError: Unexpected)\b|Maximum call stack/m.test(all)) return 'a crash';
  if (out.exitCode === 2) {
    if (out.stderr.trim() === '') return 'exit 2 with nothing on stderr';
    if (!paths.some((p) => out.stderr.includes(p))) return 'exit 2 naming no file of the input';
    // What the input is to blame for is named at its line; a usage mistake (a picture of several targets) or an input without manifests has no line.
    if (!/\S\.(ya?ml|json):\d+/.test(out.stderr) && !/draws one target|no manifest file|empty manifest files?|no Kubernetes object/.test(out.stderr)) return 'exit 2 naming no file:line';
  }
  const bad = /\bundefined\b|\bNaN\b|\[object Object\]/.exec(out.stderr);
  if (bad) return `"${bad[0]}" on stderr`;
  for (const line of out.stderr.split('\n')) {
    if (/: (error|warning|notice): /.test(line) && !/^(base: |head: )?[^\s:][^:]*:\d+: (error|warning|notice): /.test(line)) return `a message without file:line: ${line}`;
  }
  if (run.format === 'json' && out.exitCode !== 2) {
    let json: unknown;
    try {
      json = JSON.parse(out.stdout);
    } catch {
      return 'JSON output that does not parse';
    }
    const located = located_(json, lines);
    if (located) return located;
    if (run.marker && !markerInJson(run.marker, json, markerDir)) return `the marker is not in ${run.marker}'s JSON`;
  } else if (run.format === 'text' && run.marker && out.exitCode !== 2) {
    const seen = run.marker === 'lint' ? out.stdout.includes(`${markerDir}/${MARKER_FILE}:`) : out.stdout.includes(MARKER_PAIR);
    if (!seen) return `the marker is not in ${run.marker}'s text`;
  }
  return undefined;
}

/**
 * Every `warnings` and `findings` entry of a JSON output has a file and a line ≥ 1 (within the file, for a
 * file of the input: `lines` counts each side's, the longer), and no undefined/NaN text.
 */
function located_(json: unknown, lines: ReadonlyMap<string, number>): string | undefined {
  let found: string | undefined;
  const visit = (v: unknown, key: string): void => {
    if (found || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if ((key === 'warnings' || key === 'findings') && new Set(v.map((x) => JSON.stringify(x))).size < v.length) found = `a ${key} entry twice: ${JSON.stringify(v.find((x, i) => v.findIndex((y) => JSON.stringify(y) === JSON.stringify(x)) !== i)).slice(0, 300)}`;
      for (const x of v) {
        if ((key === 'warnings' || key === 'findings') && x && typeof x === 'object') {
          const e = x as { file?: unknown; line?: unknown; message?: unknown };
          if (typeof e.file !== 'string' || e.file === '' || !Number.isInteger(e.line) || (e.line as number) < 1) found = `a ${key} entry without file:line: ${JSON.stringify(x).slice(0, 300)}`;
          else if ((e.line as number) > (lines.get(e.file) ?? Infinity)) found = `a ${key} entry past the end of its file (${lines.get(e.file)} lines): ${JSON.stringify(x).slice(0, 300)}`;
          else if (/\bundefined\b|\bNaN\b|\[object Object\]/.test(String(e.message))) found = `a ${key} message with undefined/NaN: ${String(e.message)}`;
        }
        visit(x, key);
      }
      return;
    }
    for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(json, '');
  return found;
}

function markerInJson(command: 'diff' | 'list' | 'lint', json: unknown, markerDir: string): boolean {
  let seen = false;
  const visit = (v: unknown): void => {
    if (seen || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(visit);
    const o = v as Record<string, unknown>;
    const id = (p: unknown): unknown => (p as { id?: unknown } | undefined)?.id;
    if (command === 'lint' && o.file === `${markerDir}/${MARKER_FILE}`) seen = true;
    if (command !== 'lint' && id(o.src) === 'zz-marker/m-client[Deployment]' && id(o.dst) === 'zz-marker/m-server[Deployment]') seen = command === 'list' ? Boolean(o.conn) : Boolean(o.opened);
    Object.values(o).forEach(visit);
  };
  visit(json);
  return seen;
}

function writeTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The runs of one case and, for a failure, what went wrong with which; `observe` sees every run's output (to survey what exit 2 says, say). */
export async function runCase(c: Case, observe?: (argv: readonly string[], out: { stdout: string; stderr: string; exitCode: number }) => void): Promise<string | undefined> {
  const seed: Seed = SEEDS[c.seed];
  const { files, touched } = mutate(seed.files, seed.mutable, seed.folders, c.mutations);
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-bad-input-'));
  try {
    const [base, head] = [join(root, 'base'), join(root, 'head')];
    writeTree(base, { ...(c.mutateBase ? files : seed.files), ...seed.marker.base });
    writeTree(head, { ...(c.mutateBase ? seed.files : files), ...seed.marker.head });
    const markerKept = !touched.some((p) => decides(p, [seed.files[p], files[p]]));
    const mutated = c.mutateBase ? base : head;
    const [df, lf, tf] = [DIFF_FORMATS[c.formats[0] % DIFF_FORMATS.length], LIST_FORMATS[c.formats[1] % LIST_FORMATS.length], LINT_FORMATS[c.formats[2] % LINT_FORMATS.length]];
    const onHead = markerKept && !c.mutateBase;
    const runs: Run[] = [
      { argv: ['diff', base, head, '--format', 'json'], format: 'json', marker: markerKept ? 'diff' : undefined },
      { argv: ['diff', base, head, '--format', df], format: df, marker: undefined },
      { argv: ['list', mutated, '--exposure', '--format', lf], format: lf, marker: onHead ? 'list' : undefined },
      { argv: ['lint', mutated, '--format', tf], format: tf, marker: onHead ? 'lint' : undefined },
    ];
    const paths = [...Object.keys(files), ...Object.keys(seed.marker.head), base, head];
    const lines = new Map<string, number>();
    for (const side of [files, seed.files, seed.marker.head]) for (const [path, text] of Object.entries(side)) lines.set(path, Math.max(lines.get(path) ?? 0, text.split('\n').length));
    for (const run of runs) {
      let out: { stdout: string; stderr: string; exitCode: number };
      try {
        out = await main(run.argv);
      } catch (e) {
        return `${run.argv[0]} ${run.format}: threw ${(e as Error).stack}`;
      }
      observe?.(run.argv, out);
      const p = problem(run, out, paths, seed.markerDir, lines);
      if (p) return `${seed.name}: ${run.argv[0]} --format ${run.format} (${touched.join(', ')} mutated${c.mutateBase ? ' in base' : ''}; ${c.mutations.map((m) => OPS[m.op % OPS.length]).join(', ')}): ${p}\nexit ${out.exitCode}\nstderr: ${out.stderr.slice(0, 1500)}\nstdout: ${out.stdout.slice(0, 600)}`;
    }
    return undefined;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}


export const seedCount = (): number => SEEDS.length;
