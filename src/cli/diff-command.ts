import { relative, resolve } from 'node:path';
import type { AddressSet } from '../engine/index.js';
import type { FailLevel, FindingsConfig } from '../findings/index.js';
import { failingFindings } from '../findings/index.js';
import { sarifText } from '../report/sarif.js';
import { commentMarkdown } from '../report/pr-report.js';
import { targetsJsonChunks } from '../report/targets-json.js';
import { targetsText } from '../report/targets-text.js';
import type { FailOn } from '../report/verdict.js';
import { fails } from '../report/verdict.js';
import type { TargetsReport } from '../targets/analyze-targets.js';
import { analyzeTargets, mapReports } from '../targets/analyze-targets.js';
import { VERSION } from '../version.js';
import { UsageError } from './errors.js';
import { checkConfiguredRoots } from './configured-roots.js';
import { holdsNoManifest, noManifestInSides } from './manifest-presence.js';
import type { CliFormat } from './formats.js';
import type { Output } from './list-command.js';
import { repositoryPaths } from './lint-command.js';
import { folderInRepository } from './repository-folder.js';
import { warningLines } from '../report/warning-lines.js';
import { targetsDiffGraph } from '../report/graph.js';
import { toDot, toMermaid } from '../report/graph-formats.js';
import { peerLabels, peerText } from '../report/peer-label.js';
import { cliRenderers, renderTargets } from './render-commands.js';
import type { Side } from './sources.js';
import { readSide, sideReads, sideSetup, sidesOptions } from './sources.js';
import { uncommittedHeadNote } from './working-tree-note.js';
import { subfolderSideNote } from './subfolder-side-note.js';
import { aboveRootNote } from './above-root-note.js';
import { widerArgs, widerRead, widerReadNote } from './overlay-roots.js';
import type { Config } from '../github/config.js';


export interface DiffArgs {
  base: string;
  head: string;
  repo: string;
  /** Revisions already resolved to commits (a range's sides: revision-range.ts), not resolved again. */
  resolved?: ReadonlyMap<string, string>;
  paths: readonly string[];
  format: CliFormat;
  /** Absent: the configuration's `failOn` (default `opened,errors`). */
  failOn?: FailOn;
  /** New findings at or above this severity fail the run. */
  failLevel: FailLevel;
  /** Show head's old findings too (they never count for the exit code). */
  allFindings: boolean;
  findings: FindingsConfig;
  docsUrl?: string;
  /** `--pod-cidr`: the pod network, for `networks` peers of cluster-wide policies. */
  podNetwork?: AddressSet;
  /** `--config FILE`; absent: `.github/reachdiff.yml` at head's root (the head folder, or the head revision's own file) when it exists. */
  config?: string;
  /** `--branch NAME`: the branch under review (Flux sources tracking another branch are not analysed); absent: the base revision's branch, if it is one. */
  branch?: string;
  /** `--namespace`: default namespace for targets that name none. */
  namespace?: string;
  /** `--render 'CMD'`: the command's output (run in each side's root), joining the cluster model of the manifests beside it. */
  render?: string;
  /** `--external-names FILE` (CIDR → name); absent: the configuration's `externalNames`. */
  externalNames?: Readonly<Record<string, string>>;
}

/** What `diff` and the GitHub Action share: both sides read, rendered and analysed per target. */
export interface SidesAnalysis {
  readonly report: TargetsReport;
  readonly config: Config;
  readonly base: Side;
  readonly head: Side;
  /** Whether a path (from the side's root) is selected as a manifest (--path, else the configuration's globs). */
  readonly accept: (path: string) => boolean;
}

/** Reads and analyses both sides; the caller must `dispose()` the sides' roots (temporary exports for render commands). */
export async function analyzeSides(args: Omit<DiffArgs, 'format' | 'failLevel' | 'allFindings' | 'docsUrl'>): Promise<SidesAnalysis> {
  const setup = await sideSetup(args.repo, args.config, args.paths, [args.base, args.head], args.branch);
  // Both sides are read at once; when one fails, the error told is base's first (not whichever lost the race), and the other side's root is released.
  const sides = await Promise.allSettled([readSide(args.base, args.repo, setup.accept, args.resolved), readSide(args.head, args.repo, setup.accept, args.resolved)]);
  const failed = sides.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(sides.map((s) => (s.status === 'fulfilled' ? s.value.root.dispose() : undefined)));
    throw failed.reason;
  }
  const [base, head] = sides.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof readSide>>>).value);
  try {
    checkConfiguredRoots(setup, [base, head]);
    if (holdsNoManifest([...base.files, ...head.files]) && !args.render) throw new UsageError(noManifestInSides({ spec: args.base, files: base.files, folder: base.folder }, { spec: args.head, files: head.files, folder: head.folder }, args.paths));
    const extraTargets = renderTargets(args.render);
    const report = await analyzeTargets(base.files, head.files, {
      ...sidesOptions(setup.discover, { base, head }),
      ignoreNamespaces: setup.config.ignoreNamespaces,
      findings: args.findings,
      podNetwork: args.podNetwork,
      namespace: args.namespace,
      extraTargets,
      renderers: { base: cliRenderers(base.root, 'base'), head: cliRenderers(head.root, 'head') },
    });
    // Files that could not be read are warnings of their own side.
    const read = mapReports(report, (r, first) => (first ? { ...r, warnings: { base: [...base.diagnostics, ...r.warnings.base], head: [...head.diagnostics, ...r.warnings.head] } } : r));
    return { report: read, config: setup.config, base, head, accept: setup.accept };
  } finally {
    await Promise.all([base.root.dispose(), head.root.dispose()]);
  }
}

export async function runDiff(args: DiffArgs): Promise<Output> {
  // Two overlay folders whose bases lie above them: read from the folders holding the bases (overlay-roots.ts).
  const wider = await widerRead([args.base, args.head], args.paths);
  const used: DiffArgs = wider ? { ...widerArgs(args, wider), base: wider.folders[0], head: wider.folders[1] } : args;
  const { report, config, base, head, accept } = await analyzeSides(used);
  // `diff main HEAD` with uncommitted edits: say they are not read (working-tree-note.ts).
  const uncommitted = await uncommittedHeadNote({ base: args.base, head: args.head, repo: args.repo, reads: sideReads(head, accept) });
  // `diff main .` in a subfolder: a revision's root is the top, the folder's is itself (subfolder-side-note.ts).
  const subfolder = await subfolderSideNote(args);
  // Else, for two folders whose builds still name files above them: say those builds are analysed on neither side (above-root-note.ts).
  const above = wider ? widerReadNote(wider) : aboveRootNote(report, { spec: args.base, side: base }, { spec: args.head, side: head });
  const note = uncommitted + subfolder + above;
  const output = await diffOutput(used, report, config, head);
  return note === '' ? output : { ...output, stderr: note + output.stderr };
}

/** The report in the format asked for, and the exit code. */
async function diffOutput(args: DiffArgs, report: TargetsReport, config: Config, head: Side): Promise<Output> {
  const exitCode = fails(report.counts, args.failOn ?? config.failOn) || failingFindings(report.combined.findings, args.failLevel).length > 0 ? 1 : 0;
  // Old findings only on request.
  const shown = mapReports(report, (r) => ({ ...r, findings: args.allFindings ? r.findings : r.findings.filter((f) => f.new) }));
  if (args.format === 'mermaid' || args.format === 'dot') {
    const full = shown.combined;
    // Several targets that changed: each in boxes of its own (graph.ts).
    const graph = targetsDiffGraph(shown.targets, peerLabels(full.workloads ?? [], args.externalNames ?? config.externalNames));
    return { stdout: args.format === 'dot' ? toDot(graph) : toMermaid(graph), stderr: warningsOnStderr(shown), exitCode };
  }
  const headFolder = args.format === 'sarif' && head.folder !== undefined ? await folderInRepository(head.folder) : head.folder;
  // JSON in chunks: a large diff's is longer than one string may be (report/json-chunks.ts).
  if (args.format === 'json') return { stdout: '', chunks: targetsJsonChunks(shown), stderr: '', exitCode };
  const stdout = render(shown, { ...args, format: args.format, externalNames: args.externalNames ?? config.externalNames }, headFolder, head.folder);
  // SARIF holds findings only: the loader's warnings (a misspelt kind, a policy kind not modelled) go to stderr, as for the pictures.
  return { stdout, stderr: args.format === 'sarif' ? warningsOnStderr(shown) : '', exitCode };
}

/** For formats that cannot hold them (pictures, SARIF): every warning once, a warning on both sides once (warning-lines.ts), head's new ones first. */
function warningsOnStderr(report: TargetsReport): string {
  const listed = warningLines(report.combined.warnings);
  return [...listed.fresh, ...listed.listed].map((w) => w + '\n').join('');
}

/** `headFolder`: SARIF's base for paths; `folder`: the head side's folder as given, where a folder side's patch applies (its paths are the folder's). */
function render(report: TargetsReport, args: DiffArgs & { format: Exclude<CliFormat, 'mermaid' | 'dot' | 'json'> }, headFolder: string | undefined, folder: string | undefined): string {
  // Said relative to where the command runs (the folder as a shell there names it).
  const options = { changedFiles: report.changedFiles, ...(folder !== undefined ? { patchApplies: `in ${relative(process.cwd(), resolve(folder)) || '.'}` } : {}) };
  const names = args.externalNames ?? {};
  switch (args.format) {
    case 'md':
      // The comment's body, under GitHub's limit like the App's; every path stays in text and JSON.
      return commentMarkdown(report, { ...options, peerLabel: peerLabels(report.combined.workloads ?? [], names) }, 'the same command with `--format text` (every path) or `--format json`');
    case 'sarif':
      return sarifText(repositoryPaths(report.combined.findings, headFolder), { toolVersion: VERSION, docsUrl: args.docsUrl });
    case 'text':
      return targetsText(report, { ...options, label: peerText(names), externalNames: names });
  }
}
