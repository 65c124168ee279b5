/**
 * `reachdiff diff A...B` and `A..B`, read as git reads them (gitrevisions(7), "Specifying ranges", and
 * git-diff(1)): `A...B` is B against the merge base of A and B — what a pull request of B into A changes,
 * the comparison the App and the Action make — and `A..B` is A against B. A side left empty is HEAD
 * (`main...` is `main...HEAD`). Only a lone argument is read so, and only when no folder or file of that
 * name exists (`..` and `../x` are folders).
 */
import { stat } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { localMergeBase, resolveRevision } from './git-source.js';

/** A range given as one argument, as base and head revisions. */
export interface RevisionRange {
  readonly base: string;
  readonly head: string;
  /** Said on stderr: which merge base `A...B` compared (undefined for `A..B`). */
  readonly note?: string;
  /** The commit of each side resolved here (`base` and `head` as returned → full SHA), so that reading a side does not resolve it again; a side read as a folder is absent. */
  readonly resolved: ReadonlyMap<string, string>;
}

/**
 * The base and head of `arg` when it is a range of revisions in `repo`; undefined when it is no range (no
 * `..`, or a path that exists). Errors (UsageError): a side that is no revision (a name suggested for it is
 * given in the range's form: `main...HEAD` → `master...HEAD`), no merge base (unrelated histories, or a shallow
 * clone that lacks it).
 */
export async function revisionRange(arg: string, repo: string): Promise<RevisionRange | undefined> {
  const m = /^(.*?)(\.\.\.?)(.*)$/.exec(arg);
  if (!m || (m[1] === '' && m[3] === '') || m[1].endsWith('/') || m[3].startsWith('/') || m[1].endsWith('.') || m[3].startsWith('.')) return undefined;
  if (await stat(arg).catch(() => undefined)) return undefined;
  const a = m[1] || 'HEAD';
  const b = m[3] || 'HEAD';
  // Each side checked here, so that a name suggested for it comes in the range as typed (`master...HEAD`, not `master`);
  // a side of `A..B` that is a path is read as a folder later, as it always was.
  const check = async (rev: string, typed: (r: string) => string) => (m[2] === '..' && (await stat(rev).catch(() => undefined)) ? undefined : resolveRevision(repo, rev, 'folder', typed));
  const [shaA, shaB] = [await check(a, (r) => `${r}${m[2]}${m[3]}`), await check(b, (r) => `${m[1]}${m[2]}${r}`)];
  const resolved = (sides: readonly (readonly [string, string | undefined])[]) => new Map(sides.filter((s): s is [string, string] => s[1] !== undefined));
  if (shaA === undefined || shaB === undefined || m[2] === '..') return { base: a, head: b, resolved: resolved([[a, shaA], [b, shaB]]) };
  const base = await localMergeBase(repo, shaA, shaB);
  if (!base) throw new UsageError(`${arg}: ${a} and ${b} have no merge base in ${repo} (unrelated histories, or a shallow clone: fetch more history, e.g. git fetch --deepen 100 or --unshallow)`);
  return { base, head: b, note: `reachdiff: ${arg}: comparing ${b} with the merge base of ${a} and ${b}, ${base.slice(0, 12)}\n`, resolved: resolved([[base, base], [b, shaB]]) };
}
