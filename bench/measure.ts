/** Small helpers the one-purpose bench scripts share: command-line values, CPU time and medians. */
import { readFileSync } from 'node:fs';
import type { TargetsReport } from '../src/targets/analyze-targets.js';
import { targetsJsonChunks } from '../src/report/targets-json.js';
import { tuneTierUp } from '../src/runtime/tier-up.js';

// Every bench process runs with the runtime settings of the entry points it stands for (cli.ts, lambda.ts:
// src/runtime/tier-up.ts), set here because every bench script that measures imports this module.
// `--v8-defaults` measures with V8's own settings instead, to compare.
const v8Defaults = process.argv.includes('--v8-defaults');
if (!v8Defaults) tuneTierUp();

/** The flag a bench child process needs to run with the same runtime settings as this one (`[]` or `['--v8-defaults']`). */
export const RUNTIME_FLAGS: readonly string[] = v8Defaults ? ['--v8-defaults'] : [];

/** The value after `--NAME` on the command line, else `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** CPU time of this process so far (user + system, all threads), in ms. */
export function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU time of this process's main thread so far (user + system), in ms, where the system says it
 * (Linux: /proc/self/task/PID/stat, clock ticks of 10 ms); undefined elsewhere. The difference from
 * `cpu()` is the other threads' work: V8's optimizing compiler and its garbage collector's helpers.
 */
export function mainThreadCpu(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The median of a non-empty list (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/**
 * `runs` paired measurements of an alternative without (`off`) and with (`on`) something, in ms: off first
 * on even runs, on first on odd ones, so that warm-up and garbage collection fall on both alike. Medians of
 * each (rounded) and of the runs' ratios on / off (two decimals).
 */
export async function pairedRuns(runs: number, off: () => number | Promise<number>, on: () => number | Promise<number>): Promise<{ off: number; on: number; ratio: number }> {
  const offs: number[] = [];
  const ons: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    const a = r % 2 === 0 ? await off() : undefined;
    const b = await on();
    const c = a ?? (await off());
    offs.push(c);
    ons.push(b);
    ratios.push(b / c);
  }
  return { off: Math.round(median(offs)), on: Math.round(median(ons)), ratio: Math.round(median(ratios) * 100) / 100 };
}

/**
 * What `reachdiff diff --format json` does with a report: produce the JSON's chunks, as the binary writes
 * them (report/json-chunks.ts); returns the length in characters.
 */
export function writtenJson(report: TargetsReport): number {
  let length = 0;
  for (const chunk of targetsJsonChunks(report)) length += chunk.length;
  return length;
}
