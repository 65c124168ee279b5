import { stat } from 'node:fs/promises';
import type { ListOptions } from '../engine/index.js';
import { computeConnectivity, listConnections } from '../engine/index.js';
import { loadManifests } from '../manifests/load.js';
import { readManifestFolder } from '../manifests/read-folder.js';
import { listJson, listMarkdown, listText } from '../report/list-formats.js';
import { allDiagnostics } from '../report/warnings.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { UsageError } from './errors.js';

export type Format = 'text' | 'json' | 'md';

export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runList(folder: string, format: Format, options: ListOptions = {}): Promise<Output> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${folder}: no such folder`);
  const read = await readManifestFolder(folder);
  if (read.files.length === 0) throw new UsageError(`${folder}: no .yaml, .yml or .json files to read`);
  const loaded = loadManifests(read.files);
  const connectivity = computeConnectivity(loaded.cluster);
  const rows = listConnections(connectivity, options);
  const diagnostics = allDiagnostics([...read.diagnostics, ...loaded.diagnostics], connectivity.diagnostics);
  switch (format) {
    case 'json':
      return { stdout: listJson(rows, diagnostics), stderr: '', exitCode: 0 };
    case 'md':
      return { stdout: listMarkdown(rows, diagnostics), stderr: '', exitCode: 0 };
    case 'text':
      return { stdout: listText(rows), stderr: diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''), exitCode: 0 };
  }
}
