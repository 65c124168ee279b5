/**
 * Top-level kustomizations that another kustomization names only in a comment: scaffolds ship optional
 * parts switched off (`#- ../network-policy` in kubebuilder's `config/default`), so the folder is a target
 * of its own (no kustomization includes it) although no build of the repository may deploy it. Its paths
 * are still right for that folder built alone; the reader is told so (`COMMENTED_OUT_INCLUDE`, at the
 * comment) and the target's `why` says it.
 */
import type { SourceRef } from '../engine/model.js';
import type { Kustomization } from './kustomizations.js';
import type { RepoFiles } from './repo-files.js';
import type { Notice } from './types.js';
import { firstAndMore } from '../util/and-list.js';
import { textLines } from '../util/line-ends.js';
import { joinPath } from '../util/repo-paths.js';

/** A commented-out YAML list entry holding a relative path: `#- ../network-policy`, `# - "../prometheus"`. */
export const COMMENTED_ENTRY = /^\s*#+\s*-\s+["']?([^\s"'#]+)["']?\s*$/;

export interface CommentedInclude {
  /** The top-level kustomization's folder. */
  readonly folder: string;
  /** Where it is named in a comment: the first such line, by file path then line. */
  readonly ref: SourceRef;
  /** The comment's text, trimmed. */
  readonly line: string;
}

/**
 * Per top-level kustomization folder among `tops` that a commented-out list entry of another kustomization
 * file resolves to (relative to that file's folder, as Kustomize resolves `resources`): the first such
 * comment. Kustomizations that really include a folder never reach here (it would not be top-level).
 */
export function commentedIncludes(tops: readonly Kustomization[], all: ReadonlyMap<string, Kustomization>, files: RepoFiles): Map<string, CommentedInclude> {
  const wanted = new Set(tops.map((k) => k.folder));
  const out = new Map<string, CommentedInclude>();
  if (wanted.size === 0) return out;
  const kustomizations = [...all.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const k of kustomizations) {
    const text = files.text(k.file);
    if (text === undefined || !text.includes('#')) continue;
    const lines = textLines(text);
    for (let i = 0; i < lines.length; i++) {
      const m = COMMENTED_ENTRY.exec(lines[i]);
      if (!m) continue;
      const folder = joinPath(k.folder, m[1].replace(/\/+$/, ''));
      if (folder === undefined || folder === k.folder || !wanted.has(folder) || out.has(folder)) continue;
      out.set(folder, { folder, ref: { file: k.file, line: i + 1 }, line: lines[i].trim() });
    }
  }
  return out;
}

/** Commented includes named one notice each up to this many; more are one notice naming this many and a count. */
const NAMED = 3;

/**
 * The notices of the commented includes (in folder order): one each, or past NAMED one for all (a
 * repository of scaffolded projects has a few per project), naming NAMED of them and counting the rest.
 */
export function commentedIncludeNotices(found: ReadonlyMap<string, CommentedInclude>): Notice[] {
  const list = [...found.values()].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const at = (c: CommentedInclude) => `${c.ref.file}:${c.ref.line}`;
  if (list.length <= NAMED) {
    return list.map((c) => ({
      code: 'COMMENTED_OUT_INCLUDE',
      message: `${c.folder || '.'} is analysed as a target of its own, built alone: no kustomization includes it, and ${at(c)} names it only in a comment (\`${c.line}\`), so no build of this repository may deploy it`,
      ref: c.ref,
    }));
  }
  const named = firstAndMore(list.map((c) => `${c.folder || '.'} (${at(c)})`), NAMED);
  return [
    {
      code: 'COMMENTED_OUT_INCLUDE',
      message: `${list.length} top-level kustomizations are analysed as targets of their own, built alone, although another kustomization names them only in a comment (so no build of this repository may deploy them): ${named} (each target's \`why\` in \`reachdiff targets\` says so)`,
      ref: list[0].ref,
    },
  ];
}
