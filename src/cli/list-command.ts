/**
 * `reachdiff list <folder|file>`: every allowed connection of the manifests, streamed as it is written;
 * a folder with several targets is listed target by target (list-targets.ts), `--target NAME` picks one.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AddressSet, ListOptions as EngineListOptions } from '../engine/index.js';
import { countConnections } from '../engine/index.js';
import type { FindingsConfig } from '../findings/index.js';
import { DEFAULT_FINDINGS_CONFIG } from '../findings/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { isManifestPath } from '../manifests/load.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { exposureJson } from '../report/exposure-formats.js';
import { groupsJsonChunks, groupsMarkdown, groupsText, listJsonChunks, listMarkdownChunks, listTextChunks } from '../report/list-formats.js';
import { listGraph } from '../report/graph.js';
import { toDot, toMermaid } from '../report/graph-formats.js';
import { peerLabels, peerText } from '../report/peer-label.js';
import { diagnosticLines } from '../report/copy-warnings.js';
import { namespaceNameError } from '../manifests/api-syntax.js';
import { UsageError } from './errors.js';
import { holdsNoManifest, isEmptyManifest, mayHoldObject, noManifestInSide } from './manifest-presence.js';
import { readUserFile } from './user-files.js';
import { readNotes, readModels } from './target-models.js';
import { resolveRevision } from './git-source.js';
import { defaultNamespaceNotice, placesInDefault } from '../targets/default-namespace.js';
import { checkMaxPairs, concat, emptyNamespaceNote, exposureTail, listModel, noWorkloadsNote, nothingRead, releaseNotes, unrenderedReleases } from './list-model.js';
import { listTargets } from './list-targets.js';
import { listGroups, listRows } from './list-rows.js';
import type { Config } from '../github/config.js';

export type Format = 'text' | 'json' | 'md' | 'mermaid' | 'dot';

export interface Output {
  stdout: string;
  /** More of stdout, produced as it is written (large outputs are never held whole); after `stdout`. */
  chunks?: Iterable<string>;
  stderr: string;
  /** Said on stderr before stdout is written (a flag the command ignores: read before a long report, not after it). */
  stderrFirst?: string;
  exitCode: number;
}

export interface ListOptions extends EngineListOptions {
  /** For `--format mermaid|dot`: above this many edges, fold per namespace pair. */
  readonly maxEdges?: number;
  /** Add what each workload is exposed to among pods the manifests do not hold (abstract peers). */
  readonly exposure?: boolean;
  /** `--pod-cidr`: the pod network, for `networks` peers of cluster-wide policies. */
  readonly podNetwork?: AddressSet;
  /** Print groups (sources × destinations with one connection set) instead of pairs. */
  readonly group?: boolean;
  /** Stop (exit 2) when the list would have more rows than this. */
  readonly maxPairs?: number;
  /** `--target NAME`: the cluster model to list when the folder holds several. */
  readonly target?: string;
  /** `--config FILE`; absent: `.github/reachdiff.yml` of the folder (or of the revision's top) when it exists. */
  readonly config?: string;
  /** `--path` globs narrowing the manifest files of a folder. */
  readonly paths?: readonly string[];
  /** `--external-names`: names for external CIDRs in text, Markdown and pictures; absent: the configuration's `externalNames`. */
  readonly externalNames?: Readonly<Record<string, string>>;
  /** The configuration's `ignoreNamespaces`: rows, exposure and findings with an end there are left out (list-rows.ts). */
  readonly ignoreNamespaces?: readonly string[];
  /** `--render 'CMD'`: the command's output (run in the folder), listed with the manifests beside it. */
  readonly render?: string;
  /** `--repo DIR`: the git repository a revision argument is read from (default `.`); a folder or file argument ignores it. */
  readonly repo?: string;
  /** `--branch NAME`: the branch the revision stands for, as lint and diff read it (Flux sources tracking another branch). */
  readonly branch?: string;
  /** Leave large outputs in `chunks`, written as produced (the binary); otherwise they are collected into `stdout`. */
  readonly stream?: boolean;
}

export async function runList(target: string, format: Format, options: ListOptions = {}, findingsConfig: FindingsConfig = DEFAULT_FINDINGS_CONFIG): Promise<Output> {
  const found = await listOutput(target, format, options, findingsConfig);
  // Groups pair distinct peers (the contract's groups): a workload's traffic to itself is in none, so --self changes nothing there.
  const out = options.group && options.self && (format === 'text' || format === 'json' || format === 'md') ? { ...found, stderr: 'note: --self has no effect with --group: groups pair distinct peers (list without --group shows self pairs)\n' + found.stderr } : found;
  if (options.stream || !out.chunks) return out;
  return { stdout: out.stdout + [...out.chunks].join(''), stderr: out.stderr, exitCode: out.exitCode };
}

async function listOutput(target: string, format: Format, given: ListOptions, findingsConfig: FindingsConfig): Promise<Output> {
  const { namespace } = given;
  const invalid = namespace === undefined ? undefined : namespaceNameError(namespace);
  if (invalid) throw new UsageError(`--namespace: ${invalid}`);
  const read = await readListTarget(target, given);
  // What the configuration read says applies here as in diff: its external names (unless --external-names) and ignored namespaces.
  const options: ListOptions = read.config ? { ...given, externalNames: given.externalNames ?? read.config.externalNames, ignoreNamespaces: read.config.ignoreNamespaces } : given;
  // Several targets (no --target): each is listed in turn (list-targets.ts).
  // Charts and Flux HelmReleases nothing rendered: their workloads and policies are in no row (new-user trial 36).
  const releases = unrenderedReleases(read.models.flatMap((m) => m.files));
  const notes = (read.notes ?? '') + releaseNotes(releases);
  if (read.models.length > 1) {
    const out = listTargets(target, format, read.models, read.diagnostics, options, findingsConfig, releases);
    return { ...out, stderr: out.stderr + notes };
  }
  const model = read.models[0] ?? { name: target, files: [], defaulted: [] };
  // As `kubectl apply -n NS`: objects that name no namespace land in NS.
  const files = namespace === undefined || !read.single ? model.files : model.files.map((f) => ({ ...f, defaultNamespace: namespace }));
  const listed = listModel(files, read.diagnostics, options, findingsConfig);
  const { cluster, connectivity, diagnostics, findings, exposure } = listed;
  // Nothing read but errors (a kustomization whose build fails, every document rejected): the input cannot be analysed.
  if (nothingRead(listed)) {
    return { stdout: '', stderr: diagnosticLines(diagnostics) + notes + `reachdiff: ${target}: nothing to list: no workload or policy could be read (errors above)\n`, exitCode: 2 };
  }
  // As `diff` says it among its notes: once, after the manifests were loaded (the loader counted their namespace-less objects).
  const defaulted = placesInDefault(model.defaulted) ? `note: ${defaultNamespaceNotice([model.name]).message}\n` : '';
  const stderr = (format === 'json' || format === 'md' ? '' : diagnosticLines(diagnostics)) + defaulted + emptyNamespaceNote(cluster.workloads, namespace) + noWorkloadsNote([cluster], listed.errorsMayHideWorkloads, releases) + notes;
  const extraJson = { ...(namespace === undefined ? {} : { namespace }), ...(exposure ? exposureJson(exposure) : {}) };
  const label = peerText(options.externalNames);
  const tail = exposure && format !== 'json' ? '\n' + exposureTail(exposure, format === 'md', cluster.workloads, namespace, options.ignoreNamespaces, cluster.policies) : '';
  if (options.group && (format === 'text' || format === 'json' || format === 'md')) {
    const groups = listGroups(connectivity, options);
    const body = format === 'json' ? [...groupsJsonChunks(groups, diagnostics, findings, extraJson)].join('') : format === 'md' ? groupsMarkdown(groups, diagnostics, label) : groupsText(groups, label);
    return { stdout: body + tail, stderr, exitCode: 0 };
  }
  checkMaxPairs(target, countConnections(connectivity, options), options);
  // Rows are generated one source at a time, as the output is written.
  const rows = () => listRows(connectivity, options);
  switch (format) {
    case 'json':
      return { stdout: '', chunks: listJsonChunks(rows(), diagnostics, findings, extraJson), stderr, exitCode: 0 };
    case 'md':
      return { stdout: '', chunks: concat(listMarkdownChunks(rows(), diagnostics, label), tail), stderr, exitCode: 0 };
    case 'mermaid':
    case 'dot': {
      const graph = listGraph([...rows()], peerLabels(cluster.workloads, options.externalNames), options.maxEdges);
      return { stdout: format === 'dot' ? toDot(graph) : toMermaid(graph), stderr, exitCode: 0 };
    }
    case 'text':
      return { stdout: '', chunks: concat(listTextChunks(rows(), label), tail), stderr, exitCode: 0 };
  }
}

/**
 * A single manifest file, or a folder or git revision read as `diff` reads a side: its targets (configuration,
 * Argo CD, Flux, kustomizations) found, each cluster model they form (`--target NAME` picks one of several).
 * Errors: a UsageError when `target` is no file, folder or revision of `options.repo`.
 */
async function readListTarget(target: string, options: ListOptions): Promise<ListRead> {
  const paths = options.paths ?? [];
  const info = await stat(target).catch(() => undefined);
  if (info?.isFile()) {
    if (options.render !== undefined) throw new UsageError(`${target}: --render runs in a folder and lists its output with the folder's manifests: give a folder, not a file`);
    if (!isManifestPath(target)) throw new UsageError(`${target}: not a manifest file (.yaml, .yml or .json)`);
    const text = await readUserFile(target, 'manifest file');
    if (isEmptyManifest(text)) throw new UsageError(`${target}: an empty manifest file (no YAML document in it)`);
    const file = { path: basename(target), text };
    if (!mayHoldObject(file)) throw new UsageError(`${target}: no Kubernetes object in it (no document with kind or apiVersion)`);
    return { models: [{ name: file.path, files: [file], defaulted: options.namespace === undefined ? [file] : [] }], diagnostics: [], single: true };
  }
  // Neither a file nor a folder: a git revision of --repo, read as lint and diff read one (sources.ts).
  const folder = info?.isDirectory() ? target : undefined;
  const repo = folder ?? options.repo ?? '.';
  // Resolved here first so that a name that is none of the three is said in list's words.
  if (folder === undefined) await resolveRevision(repo, target, 'file or folder');
  const read = await readModels([target], { repo, branch: options.branch, paths, config: options.config, namespace: options.namespace, target: options.target, render: options.render });
  const files = read.sides[0].files;
  if (holdsNoManifest(files) && options.render === undefined) throw new UsageError(noManifestInSide({ spec: target, files, folder }, paths));
  return { models: read.models.map((m) => ({ name: m.name, files: m.head, defaulted: m.headDefaulted })), diagnostics: read.sides[0].diagnostics, config: read.config, notes: readNotes(read) };
}

/** A cluster model to list (or the single file): its name, files, and those whose namespace-less objects land in `default`. */
export interface ListTarget {
  readonly name: string;
  readonly files: readonly ManifestFile[];
  readonly defaulted: readonly ManifestFile[];
}

/** What `list` reads: its cluster models (or single file), and the read's diagnostics. */
interface ListRead {
  readonly models: readonly ListTarget[];
  readonly diagnostics: Diagnostic[];
  /** A single manifest file (`--namespace` then places its namespace-less objects, as `kubectl apply -n`). */
  readonly single?: boolean;
  /** The configuration read for a folder (`--config`, else its `.github/reachdiff.yml`, else the defaults); a single file has none. */
  readonly config?: Config;
  /** `note:` lines for stderr: charts nothing rendered (their workloads and policies are not listed). */
  readonly notes?: string;
}
