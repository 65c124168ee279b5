/**
 * A Flux apply that fails after its first stage (targets/first-stage-built.ts) leaves the cluster with head's
 * Namespaces of that build, as head's build makes them, and base's state of its other objects. The build is read at
 * base, so it renders base's copies of those Namespaces too: the stream of head's copies (one synthetic file,
 * `FIRST_STAGE_NAMESPACES`, its lines pointing at the objects' own documents) replaces them in the merge. A held copy
 * and the stream's are one object applied by one controller, not two copies kubectl would apply in turn, so no
 * DUPLICATE_OBJECT is said of them. The stream holds every copy two Kustomizations apply (targets/first-stage-built.ts),
 * in path order: copies of it that differ are said at their own documents (last-copy.ts), the last kept.
 */
import type { ManifestDocument } from './load.js';

/** The stream's file name, as reports show it where one of its Namespaces has no source line of its own. */
export const FIRST_STAGE_NAMESPACES = "(Namespaces a failed Flux apply's first stage applied)";

/**
 * `documents` without every other copy of an object the first-stage stream holds (a document all of whose objects
 * it holds), the stream's documents last; `documents` itself (no copy) when no document is the stream's.
 */
export function withFirstStageCopies(documents: readonly ManifestDocument[]): readonly ManifestDocument[] {
  let keys: Set<string> | undefined;
  // Indexed, one comparison per document: every merge of every side asks.
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i];
    if (d.file === FIRST_STAGE_NAMESPACES) for (const k of d.objects) (keys ??= new Set()).add(k);
  }
  if (!keys) return documents;
  const held = keys;
  const stream = documents.filter((d) => d.file === FIRST_STAGE_NAMESPACES);
  const rest = documents.filter((d) => d.file !== FIRST_STAGE_NAMESPACES && !(d.objects.length > 0 && d.objects.every((k) => held.has(k))));
  return [...rest, ...stream];
}
