/** Fixture file sets for renderer tests: the folders under test/kustomize/fixtures, or literal maps. */
import { join } from 'node:path';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import type { ManifestFile } from '../../src/manifests/load.js';

export const FIXTURES = join(process.cwd(), 'test', 'kustomize', 'fixtures');

export async function fixtureFiles(): Promise<Map<string, string>> {
  const { files } = await readManifestFolder(FIXTURES);
  return new Map(files.map((f) => [f.path, f.text]));
}

/** A file set from `path: text` pairs; texts are dedented so tests can indent them. */
export function fileSet(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files).map(([path, text]) => [path, dedent(text)]));
}

export function asManifestFiles(files: ReadonlyMap<string, string>): ManifestFile[] {
  return [...files].map(([path, text]) => ({ path, text }));
}

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}
