/**
 * What to say after "`rev`: no such folder or git revision": the name meant, and the branches the
 * repository has. A typo gets its nearest name (`mian` → main); a default branch's other usual name
 * (`main` where the branch is `master`, `origin/master` where it is `origin/main`) and a branch that
 * only a remote has (`feature` in a clone that holds `origin/feature`) get the name git knows, which
 * Levenshtein's distance alone does not find; any other name gets the branches the repository has, the
 * nearest first, so that the user picks the right one without running `git branch -a`.
 */
import { distance } from 'fastest-levenshtein';
import { nearestName } from '../util/near-names.js';
import { namedItems } from '../util/and-list.js';

/** The names a repository's revisions are known by (`git for-each-ref`, short names). */
export interface RefNames {
  /** Whether HEAD names a commit. */
  readonly head: boolean;
  /** Local branches: `main`, `release/1.2`. */
  readonly branches: readonly string[];
  /** Remote-tracking branches, `origin/main` (not `origin/HEAD`). */
  readonly remoteBranches: readonly string[];
  readonly tags: readonly string[];
}

/**
 * The names a repository's default branch is usually given; one typed where the repository uses
 * another (GitHub's default moved from `master` to `main` in 2020: clones of either kind are common).
 */
const DEFAULT_BRANCH_NAMES: ReadonlySet<string> = new Set(['main', 'master', 'trunk', 'mainline', 'develop', 'development', 'default']);

/** How many branches the hint names at most; the rest are counted. */
const SHOWN = 4;

/**
 * The hint for `rev`, which git does not resolve, beginning with a space or `;` ('' when the repository
 * has no branches). `rev` may carry a suffix git reads after the name (`main~1`, `main^2`, `main@{1}`):
 * the suggestion carries it too (`master~1`). `typed`: the argument as the user wrote it around `rev`, given
 * the revision suggested (a range's side: `master` → `master...HEAD`), so that the suggestion can be typed as it is.
 */
export function unknownRevisionHint(rev: string, refs: RefNames, typed: (revision: string) => string = (r) => r): string {
  const cut = rev.search(/[~^@]/);
  const [name, suffix] = cut > 0 ? [rev.slice(0, cut), rev.slice(cut)] : [rev, ''];
  const known = [...(refs.head ? ['HEAD'] : []), ...refs.branches, ...refs.tags, ...refs.remoteBranches];
  // The name exists: what follows it is wrong (an ancestor beyond the history is the caller's hint).
  if (known.includes(name)) return '';
  // A commit id (7 to 40 hexadecimal digits) no branch name is near: the clone lacks that commit.
  if (/^[0-9a-f]{7,40}$/i.test(name)) return ' (no commit of this clone has that id: a shallow clone, or one not fetched since, lacks it; git fetch brings it)';
  const typo = nearestName(name, known);
  if (typo !== undefined) return ` (did you mean ${typed(typo + suffix)}?)`;
  const meant = otherName(name, refs);
  const branches = nearestFirst(name, meant, refs);
  if (branches.length === 0) return '';
  const { named, more } = namedItems(branches, SHOWN);
  const rest = more > 0 ? ` and ${more} more (git branch -a lists them)` : '';
  const listed = `; this repository has ${branches.length === 1 ? 'branch' : 'branches'} ${named.join(', ')}${rest}`;
  return meant === undefined ? listed : `${listed} (did you mean ${typed(meant + suffix)}?)`;
}

/**
 * The branch `name` stands for when it is spelt as the repository does not: the same remote's (or the
 * local) default branch under its other usual name, or the one remote-tracking branch of that name.
 */
function otherName(name: string, refs: RefNames): string | undefined {
  const slash = name.indexOf('/');
  const remote = slash > 0 && refs.remoteBranches.some((b) => b.startsWith(name.slice(0, slash + 1))) ? name.slice(0, slash + 1) : '';
  const short = name.slice(remote.length);
  if (DEFAULT_BRANCH_NAMES.has(short)) {
    const pool = remote === '' ? refs.branches : refs.remoteBranches.filter((b) => b.startsWith(remote));
    const defaults = pool.filter((b) => DEFAULT_BRANCH_NAMES.has(b.slice(remote.length)));
    if (defaults.length === 1) return defaults[0];
  }
  if (remote !== '') return undefined;
  const tracked = refs.remoteBranches.filter((b) => b.slice(b.indexOf('/') + 1) === name);
  return tracked.length === 1 ? tracked[0] : undefined;
}

/**
 * The branches to name: the local ones (the remote-tracking ones too when `name` names a remote, or
 * there are no local ones), `meant` first, then (for a default branch's name) the default-like ones, then
 * by edit distance to `name`, ties in git's order.
 */
function nearestFirst(name: string, meant: string | undefined, refs: RefNames): string[] {
  const remote = refs.remoteBranches.some((b) => name.startsWith(b.slice(0, b.indexOf('/') + 1)));
  const pool = remote || refs.branches.length === 0 ? [...refs.branches, ...refs.remoteBranches] : [...refs.branches];
  if (meant !== undefined && !pool.includes(meant)) pool.unshift(meant);
  // A default branch's name typed: the default-like branches next (`trunk` → main before x).
  const defaultLike = (n: string) => DEFAULT_BRANCH_NAMES.has(n.slice(n.indexOf('/') + 1));
  const rank = (b: string) => (b === meant ? -2 : defaultLike(name) && defaultLike(b) ? -1 : distance(name, b));
  return pool.map((b, i) => ({ b, i, r: rank(b) })).sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.b);
}
