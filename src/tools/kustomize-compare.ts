/**
 * `npm run kustomize:compare -- DIR`: renders every top-level kustomization under DIR with our renderer
 * and with `kubectl kustomize`, and compares the objects (the fields listed in
 * src/kustomize/compare-objects.ts). One line per kustomization — `AGREE path`, `DIFFER path: what`,
 * `SKIP path: why` (remote resources, Helm charts, plugins) — then `agree: A of N, skipped S`, where N
 * counts every kustomization listed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { compareRenders } from '../kustomize/compare-objects.js';
import { renderWithin, topLevelKustomizations } from '../kustomize/index.js';
import type { Json, RenderResult } from '../kustomize/index.js';
import { readSide } from '../cli/sources.js';
import { namedItems } from '../util/and-list.js';
import { runProcess } from '../util/run-process.js';

/** Features whose objects come from outside the file set: such a kustomization is skipped, not judged. */
const SKIPPED = /remote (resource|component)|helmCharts|helmGlobals|helmChartInflationGenerator|generators is not|transformers is not|validators is not/;

export interface CompareLine {
  readonly verdict: 'AGREE' | 'DIFFER' | 'SKIP';
  readonly path: string;
  readonly detail?: string;
}

/** Every top-level kustomization under `root` (or the folders given), compared; two kubectl runs at a time. */
export async function compareTree(root: string, dirs?: readonly string[], kubectl = 'kubectl'): Promise<CompareLine[]> {
  // Read as the CLI reads a folder: manifests, and the generator inputs kustomizations name.
  const { files } = await readSide(root, root, () => true);
  const map = new Map(files.map((f) => [f.path, f.text]));
  const renderer = renderWithin(map);
  const todo = dirs ?? topLevelKustomizations(map);
  const out: CompareLine[] = new Array<CompareLine>(todo.length);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = next++;
      out[i] = await compareOne(root, todo[i], renderer.render(todo[i]), kubectl);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

export async function compareOne(root: string, dir: string, ours: RenderResult, kubectl: string): Promise<CompareLine> {
  const path = dir === '' ? '.' : dir;
  const skip = ours.diagnostics.find((d) => d.code === 'KUSTOMIZE_NOT_RENDERED' && SKIPPED.test(d.message));
  if (skip) return { verdict: 'SKIP', path, detail: skip.message.replace(/^[^:]*: /, '') };
  const run = await runProcess(kubectl, ['kustomize', join(root, dir)]);
  const failure = ours.diagnostics.find((d) => d.code === 'KUSTOMIZE_BUILD_FAILED');
  if (run.status !== 0) {
    if (failure) return { verdict: 'AGREE', path, detail: 'both refuse to build' };
    return { verdict: 'DIFFER', path, detail: `kubectl fails (${firstLine(run.stderr.toString('utf8') || String(run.error))}), ours builds` };
  }
  if (failure) return { verdict: 'DIFFER', path, detail: `ours fails (${failure.ref.file}:${failure.ref.line}: ${failure.message}), kubectl builds` };
  const theirs = yaml.loadAll(run.stdout.toString('utf8')).filter((d): d is Json => d !== null && typeof d === 'object');
  const diffs = compareRenders(ours.objects, theirs);
  return diffs.length === 0 ? { verdict: 'AGREE', path } : { verdict: 'DIFFER', path, detail: detailOf(diffs) };
}

/** Whether `kubectl kustomize` can run here. */
export function hasKubectl(kubectl = 'kubectl'): boolean {
  return spawnSync(kubectl, ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

/** kubectl's first line that is not one of its `# Warning:` notes. */
function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'))?.trim() ?? '';
}

export function formatLines(lines: readonly CompareLine[]): string {
  const out = lines.map((l) => (l.verdict === 'AGREE' ? `AGREE ${l.path}` : `${l.verdict} ${l.path}: ${l.detail ?? ''}`));
  const agree = lines.filter((l) => l.verdict === 'AGREE').length;
  const skipped = lines.filter((l) => l.verdict === 'SKIP').length;
  out.push(`agree: ${agree} of ${lines.length}, skipped ${skipped}`);
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root) {
    process.stderr.write('usage: npm run kustomize:compare -- DIR\n');
    process.exitCode = 2;
    return;
  }
  if (!hasKubectl()) {
    process.stderr.write('kubectl is not on the PATH: nothing to compare against\n');
    process.exitCode = 2;
    return;
  }
  const lines = await compareTree(root);
  process.stdout.write(formatLines(lines));
  process.exitCode = lines.some((l) => l.verdict === 'DIFFER') ? 1 : 0;
}

if (process.argv[1]?.endsWith('kustomize-compare.js')) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}

/** The first differences and a count of the rest (never "and 1 more": see util/and-list.ts). */
function detailOf(diffs: readonly string[]): string {
  const { named, more } = namedItems(diffs, 3);
  return named.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
