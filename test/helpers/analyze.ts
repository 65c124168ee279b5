/** Test helpers: run the real loader and engine on a folder or on inline YAML. */
import { computeConnectivity, listConnections } from '../../src/engine/index.js';
import type { AddressSet, ConnectionRow, Connectivity } from '../../src/engine/index.js';
import { withPodNetwork } from '../../src/manifests/pod-network.js';
import type { LoadResult } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { listJson } from '../../src/report/list-formats.js';
import { allDiagnostics } from '../../src/report/warnings.js';

export interface Analysis {
  loaded: LoadResult;
  connectivity: Connectivity;
  rows: ConnectionRow[];
  json: ListJson;
}

export interface ListJson {
  schemaVersion: number;
  connections: { src: { id: string; type: string; ranges?: string[] }; dst: { id: string; type: string; ranges?: string[] }; conn: { all?: true; protocols?: Record<string, [number, number][]> } }[];
  warnings: { file: string; line: number; message: string; code: string; severity: string }[];
}

/** `podNetwork`: the configured pod network (`--pod-cidr`), when the test needs one. */
export function analyzeFiles(files: { path: string; text: string }[], podNetwork?: AddressSet): Analysis {
  const loaded = withPodNetwork(loadManifests(files), podNetwork);
  const connectivity = computeConnectivity(loaded.cluster);
  const rows = listConnections(connectivity);
  const json = JSON.parse(listJson(rows, allDiagnostics(loaded.diagnostics, connectivity.diagnostics))) as ListJson;
  return { loaded, connectivity, rows, json };
}

export function analyzeYaml(yaml: string, path = 'manifests.yaml'): Analysis {
  return analyzeFiles([{ path, text: yaml }]);
}

/** A NetworkPolicy `p` of namespace `default` that selects every pod and admits one ingress peer, written as YAML (indented for a `from` list item). */
export function ingressPeerPolicy(peer: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {}
  ingress:
    - from:
      - ${peer}
`;
}

export async function analyzeFolder(folder: string): Promise<Analysis> {
  const read = await readManifestFolder(folder);
  return analyzeFiles(read.files);
}

/** `src => dst : conns` lines of a list, for compact assertions. */
export function lines(a: Analysis): string[] {
  return a.json.connections.map((c) => `${c.src.id} => ${c.dst.id} : ${connText(c.conn)}`);
}

function connText(c: { all?: true; protocols?: Record<string, [number, number][]> }): string {
  if (c.all) return 'All Connections';
  return Object.keys(c.protocols ?? {})
    .sort()
    .map((p) => `${p} ${(c.protocols![p] ?? []).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`)
    .join(',');
}
