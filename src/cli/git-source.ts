/**
 * Manifests of a git revision, read from git objects (ls-tree + one cat-file --batch), without a
 * checkout: works on any commit pair and in bare clones.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { ManifestFile } from '../manifests/load.js';
import type { TreeLinks } from '../util/tree-links.js';
import { UsageError } from './errors.js';
import type { RefNames } from './revision-hint.js';
import { unknownRevisionHint } from './revision-hint.js';
import { plural } from '../util/plural.js';
import { runProcess } from '../util/run-process.js';

/** The git reads of the run under way (`gitReadsOnce`): each answer, by repository and arguments. */
const runReads = new AsyncLocalStorage<Map<string, Promise<Buffer>>>();

/**
 * Runs `f` as one run of reachdiff (a CLI command, an Action step): within it, a git read asked again with the same
 * repository and arguments gets the first answer (or failure) instead of running git again. One CLI `diff` read
 * `.github/reachdiff.yml` from HEAD 4 times and resolved HEAD 3 times, for its configuration, its notes and its
 * sides (new-user trial 58). A run only reads the repository, so an answer holds for all of it; outside a run every
 * read asks git, as a program that changes the repository between reads needs.
 */
export function gitReadsOnce<T>(f: () => Promise<T>): Promise<T> {
  return runReads.run(new Map(), f);
}

/**
 * Git's standard output; a failure is a UsageError with the first line of its standard error. Asked once per
 * run (`gitReadsOnce`), but for a read given standard input (`cat-file --batch` of a list of blobs).
 */
function git(repo: string, args: string[], input?: Buffer): Promise<Buffer> {
  const reads = input === undefined ? runReads.getStore() : undefined;
  if (!reads) return gitRun(repo, args, input);
  const key = [repo, ...args].join('\0');
  let read = reads.get(key);
  if (!read) reads.set(key, (read = gitRun(repo, args)));
  return read;
}

async function gitRun(repo: string, args: string[], input?: Buffer): Promise<Buffer> {
  // `process.env` as it is now, as the render commands pass theirs (a test's PATH reaches git too).
  const run = await runProcess('git', ['-C', repo, ...args], { stdin: input ?? 'closed', env: process.env });
  if (run.error) throw new UsageError(`cannot run git: ${run.error.message}`);
  if (run.status === 0) return run.stdout;
  throw new UsageError(run.stderr.toString('utf8').trim().split('\n')[0] || `git ${args[0]} failed`);
}

/**
 * The commit `rev` names in `repo` (a branch, tag, SHA or `HEAD~1`), as a full SHA. `paths`: what else the
 * argument could have been, for the message when it is neither (`list` also reads a file). `typed`: the
 * argument `rev` is part of, given another revision (a range's side, revision-range.ts): what a suggestion says.
 * Errors: a UsageError naming `rev` (no such revision, with a near name, the branches there are
 * (revision-hint.ts) or an ancestry hint; `repo` no
 * repository; a file given where a folder or revision belongs).
 */
export async function resolveRevision(repo: string, rev: string, paths: 'folder' | 'file or folder' = 'folder', typed?: (revision: string) => string): Promise<string> {
  const noSuch = paths === 'folder' ? 'no such folder or git revision' : 'no such file, folder or git revision';
  const notRevision = async (): Promise<UsageError | undefined> => ((await stat(rev).catch(() => undefined))?.isFile() ? new UsageError(fileArgumentMessage(rev)) : undefined);
  await git(repo, ['rev-parse', '--git-dir']).catch(async (e: unknown) => {
    const file = await notRevision();
    if (file) throw file;
    // `--repo` that does not exist is said so, not "not a git repository" (`targets --repo DIR` reads DIR itself).
    const found = await stat(repo).catch(() => undefined);
    if (!found?.isDirectory() && rev === repo) throw new UsageError(`${repo}: no such folder`);
    // The argument was meant as a folder as often as a revision: say both.
    const why = found?.isDirectory() ? noRepository(repo, e) : `--repo ${repo}: ${found ? 'a file, not a folder' : 'no such folder'}`;
    throw new UsageError(`no ${paths} ${rev}, and it is not a git revision: ${why}`);
  });
  const out = await git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(async () => {
    const refs = await refNames(repo);
    // A repository without commits (`git init`, nothing committed) has no revision to suggest, HEAD included.
    const none = !refs.head && refs.branches.length + refs.remoteBranches.length + refs.tags.length === 0;
    const hint = none ? ' (the repository has no commits yet)' : ((await ancestryHint(repo, rev)) ?? unknownRevisionHint(rev, refs, typed));
    throw (await notRevision()) ?? new UsageError(`${rev}: ${noSuch} in ${repo}${hint}`);
  });
  return out.toString('utf8').trim();
}

/**
 * Why no revision can be read in `repo`, an existing folder git refuses: the folder by its full path (`.` is
 * the current folder, which a user running `diff main feature` may not think of as an argument), and what
 * to give instead. `e`: git's refusal; a reason other than "not a git repository" (git's
 * safe.directory check) is told in git's words, as the folder is then in a repository.
 */
function noRepository(repo: string, e: unknown): string {
  const where = repo === '.' ? `the current folder, ${resolve(repo)},` : `--repo ${repo}${isAbsolute(repo) ? '' : ` (${resolve(repo)})`}`;
  const gitSaid = e instanceof Error ? e.message : '';
  if (gitSaid !== '' && !/not a git repository/i.test(gitSaid)) return `git cannot read ${where.replace(/,$/, '')}: ${gitSaid}`;
  return `${where} is not in a git repository; give folders instead of revisions, or --repo DIR naming a folder of a git repository`;
}

/**
 * A file given where a folder or a revision belongs (`lint k8s/policy.yaml`): its folder, and the `--path`
 * that reads only it (`list` is the command that reads one file as it is).
 */
function fileArgumentMessage(file: string): string {
  return `${file} is a file, not a folder or a git revision: give its folder and --path to read only it (${dirname(file)} --path '${basename(file)}'); reachdiff list also reads one file`;
}

/**
 * For `HEAD~5` (or `main^2`) whose start exists but whose history is too short: how far back it goes,
 * ` (HEAD exists; its first-parent history has 2 commits, back to HEAD~1)`, instead of a "did you mean
 * HEAD?" that names what was typed. Undefined when `rev` is no ancestry expression or its start does
 * not resolve either (then the nearest name is the better hint).
 */
async function ancestryHint(repo: string, rev: string): Promise<string | undefined> {
  const at = rev.search(/[~^]/);
  if (at <= 0) return undefined;
  const start = rev.slice(0, at);
  const commits = await git(repo, ['rev-list', '--count', '--first-parent', `${start}^{commit}`, '--']).catch(() => undefined);
  if (!commits) return undefined;
  const n = Number(commits.toString('utf8').trim());
  const oldest = n > 1 ? `, back to ${start}~${n - 1}` : '';
  return ` (${start} exists; its first-parent history has ${plural(n, 'commit')}${oldest})`;
}

/**
 * The names a revision is usually typed as, for the hint: whether `HEAD` names a commit, the branches,
 * the remote-tracking branches (`origin/main`; not `origin/HEAD`) and tags, as `git for-each-ref`
 * abbreviates them. None when git cannot list them, or the repository has no commits.
 */
async function refNames(repo: string): Promise<RefNames> {
  const out = await git(repo, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags', 'refs/remotes']).catch(() => undefined);
  const refs = (out?.toString('utf8') ?? '').split('\n');
  const under = (prefix: string) => refs.filter((r) => r.startsWith(prefix) && !r.endsWith('/HEAD')).map((r) => r.slice(prefix.length));
  const head = await git(repo, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).then(() => true, () => false);
  return { head, branches: under('refs/heads/'), remoteBranches: under('refs/remotes/'), tags: under('refs/tags/') };
}

/** `git merge-base A B`: the best common ancestor of two commits, or undefined when git finds none (unrelated or missing history). */
export async function localMergeBase(repo: string, a: string, b: string): Promise<string | undefined> {
  const out = await git(repo, ['merge-base', a, b]).catch(() => undefined);
  return out?.toString('utf8').trim() || undefined;
}

/**
 * The branch a revision names (`main`, `origin/main` → `main`), or undefined for anything else (a commit,
 * a tag, `HEAD~1`, no repository): `git rev-parse --symbolic-full-name`, whose answer is `refs/heads/B`
 * or `refs/remotes/R/B` for a branch.
 */
export async function revisionBranch(repo: string, rev: string): Promise<string | undefined> {
  const ref = (await git(repo, ['rev-parse', '--symbolic-full-name', rev]).catch(() => undefined))?.toString('utf8').trim() ?? '';
  return /^refs\/heads\/(.+)$/.exec(ref)?.[1] ?? /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref)?.[1];
}

/**
 * The repository's default branch as its clone knows it (`origin/HEAD` → `main`: `git symbolic-ref`), or
 * undefined (no remote `origin`, or none recorded, as in a repository made with `git init`).
 */
export async function defaultBranch(repo: string): Promise<string | undefined> {
  const ref = (await git(repo, ['symbolic-ref', '-q', 'refs/remotes/origin/HEAD']).catch(() => undefined))?.toString('utf8').trim() ?? '';
  return /^refs\/remotes\/origin\/(.+)$/.exec(ref)?.[1];
}

/** A revision's tree: its blobs by path, and its symbolic links with their targets (util/tree-links.ts). */
export interface RevisionTree {
  readonly blobs: ReadonlyMap<string, string>;
  readonly links: TreeLinks;
  /** Links whose blob the repository lacks (their target is unknown, so they are not followed). */
  readonly missing: readonly GitBlob[];
}

/** A blob of a tree, under the path it was listed at. */
export interface GitBlob {
  readonly path: string;
  readonly sha: string;
  /** The blob's own path, when `path` names it through a symbolic link (ManifestFile.realPath). */
  readonly realPath?: string;
}

/**
 * Blobs read: their texts, and those the repository does not hold (`cat-file` answers `<sha> missing`:
 * a partial clone, or a mirror made without large blobs). A missing blob is the caller's to report, per
 * file; the other files are read all the same.
 */
export interface BlobRead {
  readonly files: ManifestFile[];
  readonly missing: GitBlob[];
}

/**
 * One `ls-tree` of the revision, and one `cat-file --batch` for its links' targets (when it has links).
 * `sha`: the commit `rev` was already resolved to (a range's side, revision-range.ts); absent: resolved here.
 */
export async function revisionTree(repo: string, rev: string, sha?: string): Promise<RevisionTree> {
  sha ??= await resolveRevision(repo, rev);
  const tree = (await git(repo, ['ls-tree', '-r', '-z', '--full-tree', sha])).toString('utf8');
  const blobs = new Map<string, string>();
  const linkBlobs: { path: string; sha: string }[] = [];
  for (const entry of tree.split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    // Mode 120000 is a symbolic link: its blob is the link's target path, not a manifest.
    if (m && m[1] === '120000') linkBlobs.push({ sha: m[2], path: m[3] });
    else if (m) blobs.set(m[3], m[2]);
  }
  const read = await readBlobs(repo, linkBlobs);
  return { blobs, links: new Map(read.files.map((f) => [f.path, f.text])), missing: read.missing };
}

/** The notice for a file whose blob the repository lacks: which object, and that the file is not read. */
export function missingBlobMessage(sha: string): string {
  return `git object ${sha} is missing from the repository (a partial clone, or a mirror without large blobs?): the file is not read`;
}

/** The texts of blobs, each under the path given, and the blobs the repository lacks (one `cat-file --batch`). */
export async function readBlobs(repo: string, blobs: readonly GitBlob[]): Promise<BlobRead> {
  if (blobs.length === 0) return { files: [], missing: [] };
  const out = await git(repo, ['cat-file', '--batch'], Buffer.from(blobs.map((b) => b.sha).join('\n') + '\n'));
  return parseBatch(out, blobs);
}

/** `cat-file --batch` output: `<sha> <type> <size>\n<content>\n` per object, in request order; `<sha> missing\n` for an object the repository lacks. */
function parseBatch(out: Buffer, blobs: readonly GitBlob[]): BlobRead {
  const files: ManifestFile[] = [];
  const missing: GitBlob[] = [];
  let pos = 0;
  for (const b of blobs) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString('utf8');
    if (header.endsWith(' missing')) {
      missing.push(b);
      pos = nl + 1;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new UsageError(`cannot read git object ${b.sha} (${b.path}): ${header}`);
    const text = out.subarray(nl + 1, nl + 1 + size).toString('utf8');
    files.push(b.realPath === undefined ? { path: b.path, text } : { path: b.path, text, realPath: b.realPath });
    pos = nl + 1 + size + 1;
  }
  return { files, missing };
}

/**
 * The text of `path` in revision `rev` (`git cat-file blob REV:PATH`), read from git objects (a bare
 * clone too); undefined when the revision does not resolve or holds no such file (the caller reads the
 * revision again and says what is wrong with it).
 */
export async function revisionFileText(repo: string, rev: string, path: string): Promise<string | undefined> {
  const out = await git(repo, ['cat-file', 'blob', `${rev}:${path}`]).catch(() => undefined);
  return out?.toString('utf8');
}

/** The path of `dir` from the top of its working tree (`git rev-parse --show-prefix`: '' at the top, `a/b/` below it), or undefined outside one. */
export async function workTreePrefix(dir: string): Promise<string | undefined> {
  const out = await git(dir, ['rev-parse', '--show-prefix']).catch(() => undefined);
  return out?.toString('utf8').trim();
}

/** The URLs `git remote -v` lists for the repository holding `dir` (fetch and push alike, as listed), or undefined when git cannot list them. */
export async function remoteListing(dir: string): Promise<string[] | undefined> {
  const out = await git(dir, ['remote', '-v']).catch(() => undefined);
  return out?.toString('utf8').split('\n').map((l) => l.split(/\s+/)[1]).filter((u): u is string => !!u);
}

/** The top level of the working tree holding `dir`, or undefined (no repository, a bare one, or inside `.git`). */
export async function workTreeTop(dir: string): Promise<string | undefined> {
  const out = await git(dir, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  return out?.toString('utf8').trim() || undefined;
}

/** The commit checked out in the working tree holding `dir` (`git rev-parse HEAD`), or undefined (no repository, no commit yet). */
export async function checkedOutCommit(dir: string): Promise<string | undefined> {
  const out = await git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => undefined);
  return out?.toString('utf8').trim() || undefined;
}

/**
 * The paths (from the repository's top) where the working tree holding `dir` differs from its checked-out
 * commit: modified, staged, deleted, added or untracked files, not ignored ones (`git status --porcelain
 * -z --no-renames --untracked-files=all`: a rename is its old path deleted and its new one added).
 * Undefined without a working tree (a bare clone, no repository).
 */
export async function workTreeChanges(dir: string): Promise<string[] | undefined> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all']).catch(() => undefined);
  if (out === undefined) return undefined;
  // Each entry is `XY PATH`; porcelain paths are relative to the top whatever folder git runs in.
  return out.toString('utf8').split('\0').filter((e) => e.length > 3).map((e) => e.slice(3));
}
