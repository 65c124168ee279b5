/**
 * `reachdiff diff` of two sides written from file maps (path → text; a path may hold folders), run through the
 * CLI's `main` as a user would: the one way tests build a base and a head folder and read the report.
 *
 * - `diffSides(files)`: both sides under one new temporary folder (`base/`, `head/`, see `sideTreesSync`), with
 *   `run(...args)` for the CLI's whole output (stdout, stderr, exit code) of `reachdiff diff BASE HEAD ...args`
 *   and `report(format)` for the report alone.
 * - `diffReport(base, head, format)`: one report of two sides, `--fail-on never`; fails the test on stderr.
 * - `diffFolders(base, head)`: the JSON report parsed, the text report and the head folder (for the rollback's patch).
 *
 * Tests whose sides share a file (all.yaml) use `sideFolders` (side-folders.ts), built on `diffSides`.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from './git.js';

/** A side's files: path (relative, `/`-separated) → text. */
export type SideFiles = Readonly<Record<string, string>>;

/** What `main` returns: the CLI's collected stdout, its stderr and its exit code. */
export type CliOutput = Awaited<ReturnType<typeof main>>;

/** Two sides written to disk, and `reachdiff diff` between them. */
export interface DiffSides {
  /** The temporary folder holding `base/` and `head/`. */
  readonly root: string;
  /** Absolute paths of the two side folders. */
  readonly base: string;
  readonly head: string;
  /** `reachdiff diff BASE HEAD ...args`: the CLI's whole output, whatever its exit code. */
  run(...args: string[]): Promise<CliOutput>;
  /** The report in `format` (`text`, `json`, `md`, …) with `--fail-on never`; fails the test on anything on stderr. */
  report(format?: string): Promise<string>;
}

/** Writes `files.base` and `files.head` under a new temporary folder named `prefix…` (see `DiffSides`). */
export function diffSides(files: { readonly base: SideFiles; readonly head: SideFiles }, prefix = 'reachdiff-sides-'): DiffSides {
  const root = sideTreesSync(files, prefix);
  const [base, head] = [join(root, 'base'), join(root, 'head')];
  const run = (...args: string[]) => main(['diff', base, head, ...args]);
  const report = async (format = 'text') => {
    const out = await run('--fail-on', 'never', '--format', format);
    expect(out.stderr).toBe('');
    return out.stdout;
  };
  return { root, base, head, run, report };
}

/** The report in `format` of `reachdiff diff` from `base` to `head` (`--fail-on never`); fails the test on anything on stderr. */
export function diffReport(base: SideFiles, head: SideFiles, format = 'text'): Promise<string> {
  return diffSides({ base, head }).report(format);
}

/** The JSON report parsed as `T`, the text report, and the head folder (for applying the rollback's patch). Fails the test on anything on stderr of the JSON run. */
export async function diffFolders<T>(base: SideFiles, head: SideFiles): Promise<{ json: T; text: string; headDir: string }> {
  const sides = diffSides({ base, head });
  const out = await sides.run('--format', 'json', '--fail-on', 'never');
  expect(out.stderr).toBe('');
  const text = await sides.run('--fail-on', 'never');
  return { json: JSON.parse(out.stdout) as T, text: text.stdout, headDir: sides.head };
}
