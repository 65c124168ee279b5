/**
 * One target resolution for every command: `explain`, `diff --explain` and `lint` read their sides as
 * `diff` does (configuration, --path, Argo CD / Flux / configured targets, renders) and evaluate each
 * cluster model on its own; `--target NAME` picks one (a cluster model or any target it merges).
 */
import type { ModelSides } from '../targets/analyze-targets.js';
import { clusterModelSides } from '../targets/analyze-targets.js';
import type { Config } from '../github/config.js';
import type { Notice } from '../targets/types.js';
import { checkConfiguredRoots } from './configured-roots.js';
import { UsageError } from './errors.js';
import { cliRenderers, renderTargets } from './render-commands.js';
import type { Side } from './sources.js';
import { readSide, sideSetup, sidesOptions } from './sources.js';
import { noticePlace } from '../report/notice-place.js';
import type { WiderRead } from './overlay-roots.js';
import { widerArgs, widerRead, widerReadNote } from './overlay-roots.js';

export interface ModelArgs {
  readonly repo: string;
  /** Revisions already resolved to commits (a range's sides: revision-range.ts), not resolved again. */
  readonly resolved?: ReadonlyMap<string, string>;
  readonly paths: readonly string[];
  /** `--config FILE`; absent: `.github/reachdiff.yml` of --repo when it exists. */
  readonly config?: string;
  /** `--namespace`: default namespace for targets that name none. */
  readonly namespace?: string;
  /** `--target NAME`: only this cluster model (or the one merging this target). */
  readonly target?: string;
  /** `--render 'CMD'`: the command's output, in the cluster model of the manifests beside it. */
  readonly render?: string;
  /** `--branch NAME`: the branch under review (Flux sources tracking another branch are not analysed); absent: the base revision's branch, if it is one. */
  readonly branch?: string;
}

export interface ReadModels {
  /** The sides as read (one for `explain` and `lint`, base then head for `diff --explain`). */
  readonly sides: readonly Side[];
  /** The cluster models asked for (all, or the one `--target` names). */
  readonly models: readonly ModelSides[];
  /** Every cluster model the sides hold, `--target` or not (explain says what an edit to a shared file does in each). */
  readonly allModels: readonly ModelSides[];
  /** Whether the sides hold more than one cluster model (outputs then name the one they speak of). */
  readonly several: boolean;
  /** The configuration read (`--config`, or that of --repo; the defaults when none). */
  readonly config: Config;
  /** Whether a path (from a side's root) is selected as a manifest (--path, else the configuration's globs). */
  readonly accept: (path: string) => boolean;
  /** Set when folders given were read from folders above them (their kustomizations name files there): those, and the paths narrowed to. */
  readonly widened?: WiderRead;
  /** Head's Helm charts nothing rendered (CHART_NOT_RENDERED notices, as diff's footnote); readNotes writes them for stderr. */
  readonly charts: readonly Notice[];
}

/** The read's `note:` lines for stderr: folders read from above them, then charts not rendered (as `diff` writes its footnotes). */
export function readNotes(read: Pick<ReadModels, 'charts' | 'widened'>): string {
  return widerReadNote(read.widened) + read.charts.map((n) => `note: ${n.message}${noticePlace(n)}\n`).join('');
}

/**
 * `specs`: one side (folder or revision), or base and head. Folders whose kustomizations name files above them
 * (an overlay's `../../base`) are read from the folders holding those files instead, narrowed to the folders given
 * (overlay-roots.ts; `widened` says so).
 */
export async function readModels(specs: readonly [string] | readonly [string, string], args: ModelArgs): Promise<ReadModels> {
  const wider = await widerRead(specs, args.paths);
  if (!wider) return readModelsOnce(specs, args);
  const folders = wider.folders as [string] | [string, string];
  const read = await readModelsOnce(folders, widerArgs(args, wider));
  return { ...read, widened: wider };
}

async function readModelsOnce(specs: readonly [string] | readonly [string, string], args: ModelArgs): Promise<ReadModels> {
  const setup = await sideSetup(args.repo, args.config, args.paths, specs, args.branch);
  const sides = await Promise.all(specs.map((s) => readSide(s, args.repo, setup.accept, args.resolved)));
  try {
    checkConfiguredRoots(setup, sides);
    const [base, head] = sides.length === 2 ? sides : [undefined, sides[0]];
    const found = await clusterModelSides(base?.files ?? [], head.files, {
      ...sidesOptions(setup.discover, { ...(base ? { base } : {}), head }),
      namespace: args.namespace,
      extraTargets: renderTargets(args.render),
      renderers: { ...(base ? { base: cliRenderers(base.root, 'base') } : {}), head: cliRenderers(head.root, 'head', base ? 2 : 1) },
    });
    return { sides, models: chooseModels(found.models, args.target), allModels: found.models, several: found.models.length > 1, config: setup.config, accept: setup.accept, charts: found.charts };
  } finally {
    await Promise.all(sides.map((s) => s.root.dispose()));
  }
}

/** The model `target` names (by its name or a member's), or all when none is named. */
export function chooseModels(models: readonly ModelSides[], target: string | undefined): readonly ModelSides[] {
  if (target === undefined) return models;
  const chosen = models.filter((m) => m.name === target || m.members.some((t) => t.name === target));
  if (chosen.length === 0) throw new UsageError(`--target ${target}: no such target (targets: ${models.flatMap((m) => [m.name, ...m.members.map((t) => t.name).filter((n) => n !== m.name)]).join(', ') || 'none'})`);
  return chosen.slice(0, 1);
}
