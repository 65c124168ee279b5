/**
 * Which namespaces a side's documents hold objects in (namespace-renames.ts), kept per map of documents by key
 * (document-changes.ts `documentKeys`, made once per list of documents). A warm process keeps its base side
 * (base-side.ts), so the App's next push asks base's very map again: a namespace already answered for it is
 * not looked for through its ~10,000 objects of the 10k bench again. Held weakly: the answers live no longer
 * than the map.
 */
import type { ManifestDocument } from '../manifests/load.js';

type Documents = ReadonlyMap<string, ManifestDocument>;

const answers = new WeakMap<Documents, Map<string, boolean>>();

/**
 * `scan(docs, asked)` (the namespaces of `asked` that `docs` hold objects in), asking `scan` only about the
 * namespaces of `asked` not answered before for the same `docs`; `scan` must answer each namespace alone, as
 * it would among others.
 */
export function heldNamespacesOnce(docs: Documents, asked: ReadonlySet<string>, scan: (docs: Documents, asked: ReadonlySet<string>) => ReadonlySet<string>): Set<string> {
  let known = answers.get(docs);
  if (!known) answers.set(docs, (known = new Map()));
  const unknown = new Set([...asked].filter((n) => !known.has(n)));
  if (unknown.size > 0) {
    const held = scan(docs, unknown);
    for (const n of unknown) known.set(n, held.has(n));
  }
  return new Set([...asked].filter((n) => known.get(n) === true));
}
