/**
 * What the CLI can run to render a side: `--render 'CMD'` and `targets[].render` (any command whose
 * standard output is a manifest stream), and `helm template` for `targets[].helm` when `helm` is on
 * the PATH. Commands run in the side's root folder: the folder itself, or for a git revision a
 * temporary export of it (`git archive`), made once and only when a command needs it.
 */
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { RepoFiles } from '../targets/repo-files.js';
import { renderedStream } from '../targets/rendered-stream.js';
import type { Renderers } from '../targets/target-files.js';
import type { HelmSpec, TargetSpec } from '../targets/types.js';
import { helmTemplateArgs } from '../targets/helm-template-args.js';
import { UsageError } from './errors.js';
import { dirOf } from '../util/repo-paths.js';
import { runProcess } from '../util/run-process.js';

export interface SideRoot {
  /** The folder commands run in. */
  folder(): Promise<string>;
  /** Removes a temporary export, if one was made. */
  dispose(): Promise<void>;
}

export function folderRoot(folder: string): SideRoot {
  return { folder: async () => folder, dispose: async () => undefined };
}

/** A revision exported on first use into a temporary folder. */
export function revisionRoot(repo: string, rev: string): SideRoot {
  let made: Promise<string> | undefined;
  return {
    folder: () =>
      (made ??= (async () => {
        const dir = await mkdtemp(join(tmpdir(), 'reachdiff-render-'));
        await run('sh', ['-c', 'git -C "$0" archive --format=tar "$1" | tar -x -C "$2"', repo, rev, dir], process.cwd(), {});
        return dir;
      })()),
    dispose: async () => {
      if (made) await rm(await made, { recursive: true, force: true });
    },
  };
}

/** The name of `--render`'s target. */
const RENDER_TARGET = 'rendered';

/** Characters of a render command a failure quotes at most. */
const COMMAND_SHOWN = 60;

/**
 * `--render 'CMD'` as a target: the command's output, named `rendered` (its stream is `render:rendered`,
 * `REACHDIFF_TARGET=rendered`); it joins the cluster model of the manifests beside it (targets/rendered-join.ts).
 */
export function renderTargets(command: string | undefined): TargetSpec[] {
  return command === undefined ? [] : [{ name: RENDER_TARGET, origin: 'config', roots: [], helm: [], render: command, why: 'the output of --render' }];
}

/**
 * `sides`: how many versions the command reads (`list`, `lint`, `explain` and `targets` one, `diff` two): a failure
 * names the side only when there are two (`list --render false` said "render command for rendered (head)",
 * naming the internal target and a side the user never gave: new-user trial 50).
 */
export function cliRenderers(root: SideRoot, side: 'base' | 'head', sides: 1 | 2 = 2): Renderers {
  return {
    command: async (command: string, target: string, files: RepoFiles) => {
      const shown = command.length > COMMAND_SHOWN ? `${command.slice(0, COMMAND_SHOWN - 1)}…` : command;
      const what = `${target === RENDER_TARGET ? 'the --render command' : `the render command of target ${target}`} (${shown})${sides === 2 ? ` on ${side}` : ''}`;
      const out = await run('sh', ['-c', command], await root.folder(), { REACHDIFF_SIDE: side, REACHDIFF_TARGET: target }, what);
      return renderedStream(out, `render:${target}`, files);
    },
    helm: async (spec, files: RepoFiles) => {
      if (!(await onPath('helm'))) return undefined;
      // Inline values go to a file of their own, outside the side's folder (which may be the user's checkout).
      const valuesDir = spec.values === undefined ? undefined : await mkdtemp(join(tmpdir(), 'reachdiff-values-'));
      try {
        const valuesFile = valuesDir === undefined ? undefined : join(valuesDir, 'values.yaml');
        if (valuesFile !== undefined) await writeFile(valuesFile, spec.values ?? '');
        const args = helmTemplateArgs(spec, valuesFile, (p) => files.byPath.has(p));
        // A failing render is the chart's, not the run's: said as not analysed on this side (target-files.ts HelmFailed).
        const out = await run('helm', args, await root.folder(), {}, `helm template ${spec.chart}`).catch((e: unknown) => (e instanceof UsageError ? { failed: e.message } : Promise.reject(e)));
        return typeof out === 'string' ? helmStream(out, spec, files) : out;
      } finally {
        if (valuesDir !== undefined) await rm(valuesDir, { recursive: true, force: true });
      }
    },
  };
}

/** A `helm template` stream: objects point at their templates; namespace-less ones go to the release namespace. */
function helmStream(out: string, spec: HelmSpec, files: RepoFiles) {
  // Helm installs namespace-less objects into the release namespace.
  const stream = renderedStream(out, `helm:${spec.chart}`, files, dirOf(spec.chart));
  return spec.namespace ? { ...stream, defaultNamespace: spec.namespace } : stream;
}

/** Whether `command` is an executable file in a folder of the PATH. */
export async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await access(join(dir, command), constants.X_OK).then(() => true, () => false))) return true;
  }
  return false;
}

/**
 * Standard output of a command; a failure is a UsageError with the gist of its standard error: its first line
 * starting `Error:` (Helm prints warnings before its error), else its first line (`(no output on stderr)` when it wrote none).
 */
async function run(command: string, args: string[], cwd: string, env: Record<string, string>, what = command): Promise<string> {
  const out = await runProcess(command, args, { cwd, env: { ...process.env, ...env } });
  if (out.error) throw new UsageError(`${what}: ${out.error.message}`);
  if (out.status === 0) return out.stdout.toString('utf8');
  throw new UsageError(`${what} failed (exit ${out.status}): ${stderrGist(out.stderr.toString('utf8'))}`);
}

/** The line of a failed command's standard error that says why: the first `Error: …` line, else the first non-empty one. */
export function stderrGist(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^error\b/i.test(l)) ?? lines[0] ?? '(no output on stderr)';
}
