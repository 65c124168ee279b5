/**
 * A note on stderr when `diff`'s head is the commit checked out (`diff main HEAD` before pushing) and
 * the working tree differs from it in files the analysis reads: a revision is read from git objects, so
 * uncommitted edits are not part of it, and "no change" would hide them. The note names how many files
 * and the first few, and how to diff the working tree instead (the checkout's folder as head). Nothing
 * else changes: the verdict and exit code are the commit's.
 */
import { topFolderArgument } from './top-folder-argument.js';
import { CONFIG_PATH } from './config-root.js';
import { isFolder } from './is-folder.js';
import { checkedOutCommit, resolveRevision, workTreeChanges, workTreeTop } from './git-source.js';
import { namedItems } from '../util/and-list.js';

/** Files named in the note; the others are counted. */
const NAMED = 3;

export interface HeadRead {
  /** The base and head as given (`main`, `HEAD`). */
  readonly base: string;
  readonly head: string;
  /** `--repo`: where revisions are read. */
  readonly repo: string;
  /** Whether the analysis reads (or, once committed, would select) a path from the repository's top. */
  readonly reads: (path: string) => boolean;
}

/**
 * `note: …` (ending in a newline) when `head` is a revision that resolves to the commit checked out in
 * the working tree of `repo` and that working tree has uncommitted changes to files `reads` accepts;
 * otherwise ''. The configuration file is left out: config-notes.ts says when the checkout's differs.
 */
export async function uncommittedHeadNote(read: HeadRead): Promise<string> {
  if (await isFolder(read.head)) return '';
  const top = await workTreeTop(read.repo);
  if (!top) return '';
  const [checkedOut, head] = await Promise.all([checkedOutCommit(read.repo), resolveRevision(read.repo, read.head).catch(() => undefined)]);
  if (!checkedOut || checkedOut !== head) return '';
  const changed = ((await workTreeChanges(read.repo)) ?? []).filter((p) => p !== CONFIG_PATH && read.reads(p)).sort();
  if (changed.length === 0) return '';
  const cut = namedItems(changed, NAMED);
  const shown = cut.named.join(', ') + (cut.more > 0 ? `, and ${cut.more} more` : '');
  const files = changed.length === 1 ? '1 file' : `${changed.length} files`;
  const which = read.head === 'HEAD' ? 'HEAD' : `${read.head} (the commit checked out)`;
  const folder = topFolderArgument(top);
  const repo = read.repo === '.' || (await isFolder(read.base)) ? '' : ` --repo ${read.repo}`;
  return `note: ${which} is read as committed; ${files} the analysis reads ${changed.length === 1 ? 'has' : 'have'} uncommitted changes, which are not read (${shown}): to diff the working tree, run reachdiff diff ${read.base} ${folder}${repo}\n`;
}
