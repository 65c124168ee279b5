import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AddressSet, Cluster, Exposure, ListOptions as EngineListOptions, Workload } from '../engine/index.js';
import { computeConnectivity, computeExposure, countConnections, exposureInNamespace, groupConnections, streamConnections } from '../engine/index.js';
import type { FindingsConfig } from '../findings/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../findings/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { isManifestPath, loadManifests } from '../manifests/load.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import { exposureIsEmpty, exposureJson, exposureMarkdown, exposureNothingMarkdown, exposureNothingText, exposureText } from '../report/exposure-formats.js';
import { groupsJsonChunks, groupsMarkdown, groupsText, listJsonChunks, listMarkdownChunks, listTextChunks } from '../report/list-formats.js';
import { allDiagnostics } from '../report/warnings.js';
import { listGraph } from '../report/graph.js';
import { toDot, toMermaid } from '../report/graph-formats.js';
import { peerLabels, peerText } from '../report/peer-label.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { namespaceNameError } from '../manifests/api-syntax.js';
import { UsageError } from './errors.js';
import { holdsNoManifest, isEmptyManifest, mayHoldObject, noManifestInSide } from './manifest-presence.js';
import { readUserFile } from './user-files.js';
import { readModels } from './target-models.js';
import { defaultNamespaceNotice, placesInDefault } from '../targets/default-namespace.js';

export type Format = 'text' | 'json' | 'md' | 'mermaid' | 'dot';

export interface Output {
  stdout: string;
  /** More of stdout, produced as it is written (large outputs are never held whole); after `stdout`. */
  chunks?: Iterable<string>;
  stderr: string;
  exitCode: number;
}

/** Above this many rows `list` stops (exit 2) unless --max-pairs says otherwise. */
export const DEFAULT_MAX_PAIRS = 1_000_000;

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
  /** `--config FILE`; absent: `.github/reachdiff.yml` of the folder when it exists. */
  readonly config?: string;
  /** `--path` globs narrowing the manifest files of a folder. */
  readonly paths?: readonly string[];
  /** `--external-names`: names for external CIDRs in text and Markdown. */
  readonly externalNames?: Readonly<Record<string, string>>;
  /** `--render 'CMD'`: the command's output (run in the folder), listed with the manifests beside it. */
  readonly render?: string;
  /** Leave large outputs in `chunks`, written as produced (the binary); otherwise they are collected into `stdout`. */
  readonly stream?: boolean;
}

export async function runList(target: string, format: Format, options: ListOptions = {}, findingsConfig: FindingsConfig = DEFAULT_FINDINGS_CONFIG): Promise<Output> {
  const out = await listOutput(target, format, options, findingsConfig);
  if (options.stream || !out.chunks) return out;
  return { stdout: out.stdout + [...out.chunks].join(''), stderr: out.stderr, exitCode: out.exitCode };
}

async function listOutput(target: string, format: Format, options: ListOptions, findingsConfig: FindingsConfig): Promise<Output> {
  const { namespace } = options;
  const invalid = namespace === undefined ? undefined : namespaceNameError(namespace);
  if (invalid) throw new UsageError(`--namespace: ${invalid}`);
  const read = await readListTarget(target, options);
  // As `kubectl apply -n NS`: objects that name no namespace land in NS.
  const files = namespace === undefined || !read.single ? read.files : read.files.map((f) => ({ ...f, defaultNamespace: namespace }));
  const loaded = withPodNetwork(loadManifests(files), options.podNetwork);
  const connectivity = computeConnectivity(loaded.cluster);
  const diagnostics = allDiagnostics([...read.diagnostics, ...loaded.diagnostics], connectivity.diagnostics);
  const errors = diagnostics.some((d) => d.severity === 'error');
  // Nothing read but errors (a kustomization whose build fails, every document rejected): the input cannot be analysed.
  if (errors && isEmptyCluster(loaded.cluster)) {
    return { stdout: '', stderr: diagnostics.map((d) => formatDiagnostic(d) + '\n').join('') + `reachdiff: ${target}: nothing to list: no workload or policy could be read (errors above)\n`, exitCode: 2 };
  }
  // Findings go with the contract's JSON; the text and Markdown tables stay connections only (see `lint`).
  const findings = commitFindings({ conn: connectivity, diagnostics: loaded.diagnostics, config: findingsConfig, unmodelled: loaded.unmodelled, hostNetwork: loaded.hostNetwork });
  const exposed = options.exposure ? computeExposure(connectivity) : undefined;
  const exposure = exposed && namespace !== undefined ? exposureInNamespace(exposed, namespace) : exposed;
  // As `diff` says it among its notes: once, after the manifests were loaded (the loader counted their namespace-less objects).
  const defaulted = placesInDefault(read.defaulted.files) ? `note: ${defaultNamespaceNotice([read.defaulted.where]).message}\n` : '';
  const stderr = (format === 'json' || format === 'md' ? '' : diagnostics.map((d) => formatDiagnostic(d) + '\n').join('')) + defaulted + emptyNamespaceNote(loaded.cluster.workloads, namespace) + noWorkloadsNote(loaded.cluster, errors);
  const extraJson = { ...(namespace === undefined ? {} : { namespace }), ...(exposure ? exposureJson(exposure) : {}) };
  const label = peerText(options.externalNames);
  const tail = exposure && format !== 'json' ? '\n' + exposureTail(exposure, format === 'md', loaded.cluster.workloads, namespace) : '';
  if (options.group && (format === 'text' || format === 'json' || format === 'md')) {
    const groups = groupConnections(connectivity, options);
    const body = format === 'json' ? [...groupsJsonChunks(groups, diagnostics, findings, extraJson)].join('') : format === 'md' ? groupsMarkdown(groups, diagnostics, label) : groupsText(groups, label);
    return { stdout: body + tail, stderr, exitCode: 0 };
  }
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const count = countConnections(connectivity, options);
  if (count > maxPairs) {
    const n = (x: number) => x.toLocaleString('en-US');
    const scope = namespace === undefined ? '' : ` with an end in namespace ${namespace}`;
    const narrow = namespace === undefined ? ', --namespace NS (only pairs with an end in that namespace)' : ', another --namespace';
    throw new UsageError(`${target}: list would print ${n(count)} pairs${scope}, more than --max-pairs ${n(maxPairs)}. Narrow it with --path GLOB (some of the manifests)${narrow}, or print compact groups with --group (sources that reach the same destinations the same way, in one row), or raise --max-pairs.`);
  }
  // Rows are generated one source at a time, as the output is written.
  const rows = () => streamConnections(connectivity, options);
  switch (format) {
    case 'json':
      return { stdout: '', chunks: listJsonChunks(rows(), diagnostics, findings, extraJson), stderr, exitCode: 0 };
    case 'md':
      return { stdout: '', chunks: concat(listMarkdownChunks(rows(), diagnostics, label), tail), stderr, exitCode: 0 };
    case 'mermaid':
    case 'dot': {
      const graph = listGraph([...rows()], peerLabels(loaded.cluster.workloads, options.externalNames), options.maxEdges);
      return { stdout: format === 'dot' ? toDot(graph) : toMermaid(graph), stderr, exitCode: 0 };
    }
    case 'text':
      return { stdout: '', chunks: concat(listTextChunks(rows(), label), tail), stderr, exitCode: 0 };
  }
}

/**
 * A single manifest file, or a folder read as `diff` reads a side: its targets (configuration, Argo CD,
 * Flux, kustomizations) found, and the one cluster model they form listed (`--target NAME` picks one of several).
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
    return { files: [file], diagnostics: [], single: true, defaulted: { where: file.path, files: options.namespace === undefined ? [file] : [] } };
  }
  if (!info?.isDirectory()) throw new UsageError(`${target}: no such file or folder`);
  const read = await readModels([target], { repo: target, paths, config: options.config, namespace: options.namespace, target: options.target, render: options.render });
  const files = read.sides[0].files;
  if (holdsNoManifest(files) && options.render === undefined) throw new UsageError(noManifestInSide({ spec: target, files, folder: target }, paths));
  if (read.models.length > 1) throw new UsageError(`${target}: ${read.models.length} targets, each its own cluster (${read.models.map((m) => m.name).join(', ')}): list one with --target NAME`);
  const model = read.models[0];
  return { files: model?.head ?? [], diagnostics: read.sides[0].diagnostics, defaulted: { where: model?.name ?? target, files: model?.headDefaulted ?? [] } };
}

/** What `list` reads: the files of its one cluster model (or single file), the read's diagnostics, and what nothing places in a namespace. */
interface ListRead {
  readonly files: readonly ManifestFile[];
  readonly diagnostics: Diagnostic[];
  /** A single manifest file (`--namespace` then places its namespace-less objects, as `kubectl apply -n`). */
  readonly single?: boolean;
  /** Files whose namespace-less objects land in `default` (the cluster model's name, or the file's). */
  readonly defaulted: { readonly where: string; readonly files: readonly ManifestFile[] };
}

/** Like kubectl's "No resources found in NS namespace.": a narrowed listing that is empty says why. */
function emptyNamespaceNote(workloads: readonly Workload[], namespace: string | undefined): string {
  if (namespace === undefined || workloads.some((w) => w.namespace === namespace)) return '';
  const names = [...new Set(workloads.map((w) => w.namespace))].sort();
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} …` : names.join(', ');
  return `reachdiff: no workload in namespace ${namespace}${names.length ? ` (workloads are in ${shown})` : ''}\n`;
}

/** No workload nor policy of any kind. */
function isEmptyCluster(cluster: Cluster): boolean {
  return cluster.workloads.length === 0 && cluster.policies.length === 0 && (cluster.clusterPolicies ?? []).length === 0;
}

/**
 * A listing of a repository without workloads (policies only, the apps deployed from elsewhere) is
 * empty by nature: say so, with what the manifests do hold and, when they hold policies and were read
 * without errors, where such a repository is judged (diff's abstract peers).
 */
function noWorkloadsNote(cluster: Cluster, errors: boolean): string {
  if (cluster.workloads.length > 0) return '';
  const counts = [
    [cluster.policies.length, 'NetworkPolicy', 'NetworkPolicies'],
    [(cluster.clusterPolicies ?? []).length, 'cluster-wide policy', 'cluster-wide policies'],
  ] as const;
  const held = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const none = 'reachdiff: no workloads (Deployment, StatefulSet, Pod …) in the manifests';
  if (held.length === 0) return `${none} nor policies: nothing to list\n`;
  const advice = errors ? '' : '; for what the policies allow pods the manifests do not hold, use `reachdiff diff` (its abstract peers) between two versions';
  return `${none}, only ${held.join(' and ')}: list pairs workloads${advice}\n`;
}

/** The exposure after the listing; when it has no row, one line saying so and why. */
function exposureTail(exposure: Exposure, md: boolean, workloads: readonly Workload[], namespace: string | undefined): string {
  if (!exposureIsEmpty(exposure)) return md ? exposureMarkdown(exposure) : exposureText(exposure);
  const why =
    workloads.length === 0
      ? 'the manifests hold no workload; exposure is per workload'
      : namespace !== undefined && !workloads.some((w) => w.namespace === namespace)
        ? `no workload in namespace ${namespace}`
        : 'no workload is exposed to pods the manifests do not hold, and policies protect every workload';
  return md ? exposureNothingMarkdown(why) : exposureNothingText(why);
}

function* concat(chunks: Iterable<string>, tail: string): Generator<string> {
  yield* chunks;
  if (tail) yield tail;
}
