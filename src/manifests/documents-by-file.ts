import type { ManifestDocument } from './load.js';

/** Documents grouped by their `file` (repository path), in input order within each file. */
export function documentsByFile(docs: readonly ManifestDocument[]): Map<string, ManifestDocument[]> {
  const out = new Map<string, ManifestDocument[]>();
  for (const d of docs) {
    const list = out.get(d.file);
    if (list) list.push(d);
    else out.set(d.file, [d]);
  }
  return out;
}
