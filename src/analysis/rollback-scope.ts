/**
 * What a rollback may revert: only what the pull request did. Each cluster model (a target) is diffed on
 * its own files, so a document can be "added" to a model that the repository already had (a new overlay
 * of bases other targets build, manifests moved into a new kustomization): reverting it would delete a
 * file the change never touched, or a workload base already deployed. A rollback step is allowed when
 * - it edits or deletes a repository file the change added, removed or edited, or a rendered stream
 *   (command output, substituted text: its sources are named by the report instead of patched);
 * - a deletion (an added document) does not delete a document base already had, as written, anywhere
 *   in the repository (moved unchanged, or written the same in a file the change added). Not the same
 *   object under another text: a Kustomize patch names the object it patches, and is new all the same;
 *   nor a kustomization by its text (a new overlay often reads as another one does);
 * - a synthetic source, such as the Namespaces other targets declare (targets/shared-namespaces.ts), is
 *   no file at all: its document is reverted only where its lines come from a file the change touched (the
 *   report then names that file; it is never patched), never where the model merely gained or lost it.
 */
import type { ManifestFile } from '../manifests/load.js';
import { isKustomizationPath } from '../kustomize/index.js';
import { splitDocuments } from '../manifests/yaml-documents.js';
import { readAsJson, scanJsonStream } from '../manifests/json-syntax.js';
import type { DocumentChange } from './types.js';

export interface RevertScope {
  /** Whether the rollback may revert this changed document of a model. */
  revertable(change: DocumentChange): boolean;
  /**
   * The scope as plain data (the changed paths and streams; base's documents are named by the base key):
   * a warm process's report reuse keys options by their JSON (analysis/report-reuse.ts).
   */
  toJSON(): string;
}

/**
 * The texts of base's documents across the whole repository: read once, when a deletion is first judged,
 * and kept by their length (leading and trailing blank space aside), not in a set of texts: a 10,000-workload
 * repository's ~20k documents were each hashed whole to answer the few added documents a change has.
 */
export class BaseDocuments {
  private byLength?: Map<number, string[] | Set<string>>;

  constructor(private readonly files: readonly ManifestFile[]) {}

  /** Whether base held a document with this text (leading and trailing blank space aside). */
  had(text: string): boolean {
    if (!this.byLength) {
      const byLength = new Map<number, string[]>();
      this.byLength = byLength;
      for (const f of this.files) {
        for (const chunk of documentTexts(f.text)) {
          const t = chunk.text.trim();
          const list = byLength.get(t.length);
          if (list) list.push(t);
          else byLength.set(t.length, [t]);
        }
      }
    }
    const wanted = text.trim();
    const same = this.byLength.get(wanted.length);
    if (same === undefined) return false;
    if (same instanceof Set) return same.has(wanted);
    // A long list of one length is hashed once, when first asked (a change that adds many documents asks often).
    if (same.length <= 8) return same.includes(wanted);
    const set = new Set(same);
    this.byLength.set(wanted.length, set);
    return set.has(wanted);
  }
}

/** A model's files on each side (for the sources of a synthetic stream's lines). */
export interface ModelFiles {
  readonly base: readonly ManifestFile[];
  readonly head: readonly ManifestFile[];
}

/**
 * `changed`: repository paths whose text differs between base and head (added, removed or edited);
 * `streams`: paths of the model's rendered streams (not repository files as written); `synthetic`:
 * paths that are no file; `files`: the model's files; `base`: base's repository documents.
 */
export function revertScope(changed: ReadonlySet<string>, streams: ReadonlySet<string>, synthetic: ReadonlySet<string>, files: ModelFiles, base: BaseDocuments): RevertScope {
  const fromChange = (side: 'base' | 'head', span: NonNullable<DocumentChange['head']>) => {
    const lines = files[side].find((f) => f.path === span.file)?.sourceLines?.slice(span.startLine - 1, span.endLine) ?? [];
    return lines.some((r) => changed.has(r.file));
  };
  const inScope = (side: 'base' | 'head', span: NonNullable<DocumentChange['head']>) =>
    synthetic.has(span.file) ? fromChange(side, span) : changed.has(span.file) || streams.has(span.file);
  let key: string | undefined;
  return {
    toJSON: () => (key ??= JSON.stringify([[...changed].sort(), [...streams].sort(), [...synthetic].sort()])),
    revertable(c) {
      if (c.head && !inScope('head', c.head)) return false;
      // A restored or reverted document goes back into its base file: that file must be one the change touched too.
      if (c.base && !inScope('base', c.base)) return false;
      // Deleting what base already had (moved, or built by another target) reverts nothing the change did.
      // A kustomization is not judged by its text: a new overlay's often reads as another's (`resources: [../base]`).
      if (c.change === 'added' && c.head && changed.has(c.head.file) && !streams.has(c.head.file) && !isKustomizationPath(c.head.file)) return !base.had(c.head.text);
      return true;
    },
  };
}

/** The documents' texts of a file, as kubectl splits it (yaml-documents.ts): JSON values, or YAML documents. */
function documentTexts(text: string): { text: string }[] {
  return readAsJson(text) ? scanJsonStream(text).values.map((v) => ({ text: text.slice(v.start, v.end) })) : splitDocuments(text);
}
