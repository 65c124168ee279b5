import { stat } from 'node:fs/promises';
import type { AddressSet, ListOptions as EngineListOptions } from '../engine/index.js';
import { computeConnectivity, computeExposure, listConnections } from '../engine/index.js';
import type { FindingsConfig } from '../findings/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../findings/index.js';
import { loadManifests } from '../manifests/load.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import { readManifestFolder } from '../manifests/read-folder.js';
import { exposureJson, exposureMarkdown, exposureText } from '../report/exposure-formats.js';
import { listJsonObject, listMarkdown, listText } from '../report/list-formats.js';
import { allDiagnostics } from '../report/warnings.js';
import { listGraph } from '../report/graph.js';
import { toDot, toMermaid } from '../report/graph-formats.js';
import { peerLabels } from '../report/peer-label.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { UsageError } from './errors.js';

export type Format = 'text' | 'json' | 'md' | 'mermaid' | 'dot';

export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ListOptions extends EngineListOptions {
  /** For `--format mermaid|dot`: above this many edges, fold per namespace pair. */
  readonly maxEdges?: number;
  /** Add what each workload is exposed to among pods the manifests do not hold (abstract peers). */
  readonly exposure?: boolean;
  /** `--pod-cidr`: the pod network, for `networks` peers of cluster-wide policies. */
  readonly podNetwork?: AddressSet;
}

export async function runList(folder: string, format: Format, options: ListOptions = {}, findingsConfig: FindingsConfig = DEFAULT_FINDINGS_CONFIG): Promise<Output> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${folder}: no such folder`);
  const read = await readManifestFolder(folder);
  if (read.files.length === 0) throw new UsageError(`${folder}: no .yaml, .yml or .json files to read`);
  const loaded = withPodNetwork(loadManifests(read.files), options.podNetwork);
  const connectivity = computeConnectivity(loaded.cluster);
  const rows = listConnections(connectivity, options);
  const diagnostics = allDiagnostics([...read.diagnostics, ...loaded.diagnostics], connectivity.diagnostics);
  // Findings go with the contract's JSON; the text and Markdown tables stay connections only (see `lint`).
  const findings = commitFindings({ conn: connectivity, diagnostics: loaded.diagnostics, config: findingsConfig });
  const exposure = options.exposure ? computeExposure(connectivity) : undefined;
  switch (format) {
    case 'json': {
      const out = { ...listJsonObject(rows, diagnostics, findings), ...(exposure ? exposureJson(exposure) : {}) };
      return { stdout: JSON.stringify(out, null, 2) + '\n', stderr: '', exitCode: 0 };
    }
    case 'md':
      return { stdout: listMarkdown(rows, diagnostics) + (exposure ? '\n' + exposureMarkdown(exposure) : ''), stderr: '', exitCode: 0 };
    case 'mermaid':
    case 'dot': {
      const graph = listGraph(rows, peerLabels(loaded.cluster.workloads), options.maxEdges);
      return { stdout: format === 'dot' ? toDot(graph) : toMermaid(graph), stderr: diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''), exitCode: 0 };
    }
    case 'text':
      return { stdout: listText(rows) + (exposure ? '\n' + exposureText(exposure) : ''), stderr: diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''), exitCode: 0 };
  }
}
