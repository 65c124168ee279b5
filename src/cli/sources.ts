/**
 * A `diff` side is a folder if one exists at that path, otherwise a git revision of --repo. The
 * `--path` globs select what is analysed; files that selected kustomizations render from (bases,
 * patches, components outside the globs) are read too. Of a git revision nothing else is read (a file
 * `exclude:` names is never read), and a file whose blob the repository lacks is a warning naming it.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Config } from '../github/config.js';
import { DEFAULT_CONFIG } from '../github/config.js';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomize/file-set.js';
import { withKustomizeInputs } from '../kustomize/inputs.js';
import type { ManifestFile } from '../manifests/load.js';
import { isManifestPath, isReadPath } from '../manifests/load.js';
import { manifestMatcher } from '../manifests/path-matcher.js';
import { readManifestFolder } from '../manifests/read-folder.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { DiscoverOptions } from '../targets/discover.js';
import type { TargetsOptions } from '../targets/analyze-targets.js';
import type { GoFolderList } from '../targets/fixture-trees.js';
import { goFolderList, unitedGoFolders } from '../targets/fixture-trees.js';
import { readCliConfig } from './cli-config.js';
import { isFolder } from './is-folder.js';
import type { GitBlob, RevisionTree } from './git-source.js';
import { defaultBranch, missingBlobMessage, readBlobs, remoteListing, revisionBranch, revisionTree, workTreePrefix } from './git-source.js';
import { LINK_LOOP_MESSAGE, LinkedPaths, resolveLinks, unreadLinkMessage } from '../util/tree-links.js';
import type { LinkResolution } from '../util/tree-links.js';
import type { SideRoot } from './render-commands.js';
import { folderRoot, revisionRoot } from './render-commands.js';
import { namesHostedRepository } from '../targets/hosted-url.js';
import { foldersAbove } from '../util/repo-paths.js';

export interface Side {
  readonly files: ManifestFile[];
  readonly diagnostics: Diagnostic[];
  /** The folder the paths are relative to, when the side is a folder (absent for a git revision). */
  readonly folder?: string;
  /** Where commands that render this side run. */
  readonly root: SideRoot;
  /** Every manifest path of the side, before `--path` or `manifests:` narrow it (configured roots are checked against these). */
  readonly paths: readonly string[];
  /** The side's folders holding `.go` sources and `go.mod` (fixture-trees.ts), undefined when it has no Go code. */
  readonly goFolders?: GoFolderList;
  /** The side's folders: a git revision's, each holding some file of its tree (manifest or not: a `.gitkeep`); a folder side's, every folder on disk below it. */
  readonly treeFolders?: ReadonlySet<string>;
}

/** What target discovery learns of the sides read beyond their files (`sidesOptions`), in analyze-targets.ts's shapes. */
export interface SidesOptions {
  /** The command's discovery options, told the sides' Go folders (fixture-trees.ts: YAML inside a Go package tree is no deployment). */
  readonly discover: DiscoverOptions;
  /** Each side's folder set (Side `treeFolders`): a Flux path kept by a `.gitkeep` exists (repo-files.ts `isTreeFolder`). */
  readonly treeFolders: NonNullable<TargetsOptions['treeFolders']>;
}

/**
 * The one way every command hands its sides to target discovery (diff, list, lint, explain, diff --explain,
 * targets), so one repository reads alike in each: `discover` with the sides' Go folders, and each side's
 * folder set. `base` is absent for a one-side command.
 */
export function sidesOptions(discover: DiscoverOptions, sides: { readonly base?: Side; readonly head: Side }): SidesOptions {
  const read = [...(sides.base ? [sides.base] : []), sides.head];
  const goFolders = unitedGoFolders(read.map((s) => s.goFolders));
  const folders = (which: 'base' | 'head') => {
    const set = sides[which]?.treeFolders;
    return set ? { [which]: set } : {};
  };
  return { discover: goFolders ? { ...discover, goFolders } : discover, treeFolders: { ...folders('base'), ...folders('head') } };
}

export async function readSide(spec: string, repo: string, accept: (path: string) => boolean, resolved?: ReadonlyMap<string, string>): Promise<Side> {
  const info = await stat(spec).catch(() => undefined);
  if (info?.isDirectory()) {
    const read = await readManifestFolder(spec, isReadPath);
    const files = await withInputs(read.files, accept, (paths) => readFolderFiles(spec, paths));
    const kept = new Set(files.map((f) => f.path));
    return { files, diagnostics: read.diagnostics.filter((d) => accept(d.ref.file) || kept.has(d.ref.file)), folder: spec, root: folderRoot(spec), paths: read.files.map((f) => f.path).filter(isManifestPath), goFolders: goFolderList(read.goPaths), treeFolders: new Set(['', ...read.folders]) };
  }
  const tree = await revisionTree(repo, spec, resolved?.get(spec));
  const notices = new UnreadableNotices();
  // A link whose blob is missing is not followed; one a selected manifest path or a folder could be is said.
  for (const b of tree.missing) if (!isManifestPath(b.path) || accept(b.path)) notices.add(b.path, missingBlobMessage(b.sha));
  // A selected manifest that is a link out of the repository (a checkout would read it), to nothing, or round a loop: say it is not read.
  for (const [link, target] of tree.links) {
    if (!isManifestPath(link) || !accept(link)) continue;
    const message = linkNotRead(resolveLinks(link, tree.links), target, tree);
    if (message) notices.add(link, message);
  }
  const selected = [...tree.blobs].filter(([p]) => isReadPath(p) && accept(p)).map(([path, sha]) => ({ path, sha }));
  const listed = await readGitBlobs(repo, selected, notices);
  const files = await withInputs(listed, accept, (paths) => readRevisionFiles(repo, tree, paths, notices));
  // A link may stand for a folder: every link counts.
  const paths = [...[...tree.blobs.keys()].filter(isManifestPath), ...tree.links.keys()];
  return { files: inTreeOrder(files, tree), diagnostics: notices.diagnostics, root: revisionRoot(repo, spec), paths, goFolders: goFolderList(tree.blobs.keys()), treeFolders: foldersAbove(tree.blobs.keys()) };
}

/**
 * The warning for a manifest path that is a link the revision cannot read, worded as a folder side words it
 * (manifests/read-folder.ts): out of the repository or to no file or folder of it (`unreadLinkMessage`), or a loop.
 */
function linkNotRead(r: LinkResolution, target: string, tree: RevisionTree): string | undefined {
  if ('outside' in r) return unreadLinkMessage(target);
  if ('cycle' in r) return LINK_LOOP_MESSAGE;
  const folder = `${r.path}/`;
  return tree.blobs.has(r.path) || [...tree.blobs.keys()].some((p) => p.startsWith(folder)) ? undefined : unreadLinkMessage(target);
}

/** Whether the analysis of `side` reads a path (a file it read), or would select it as a manifest once there (`accept`). */
export function sideReads(side: Side, accept: (path: string) => boolean): (path: string) => boolean {
  const read = new Set(side.files.map((f) => f.path));
  return (path) => read.has(path) || (isManifestPath(path) && accept(path));
}

/** One `UNREADABLE_FILE` warning per file not read (a link out of the repository, a missing blob), naming the file. */
class UnreadableNotices {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(file: string, message: string): void {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    this.diagnostics.push({ severity: 'warning', code: 'UNREADABLE_FILE', message, ref: { file, line: 1 } });
  }
}

/** `readBlobs`, each blob the repository lacks a notice. */
async function readGitBlobs(repo: string, blobs: readonly GitBlob[], notices: UnreadableNotices): Promise<ManifestFile[]> {
  const read = await readBlobs(repo, blobs);
  for (const b of read.missing) notices.add(b.path, missingBlobMessage(b.sha));
  return read.files;
}

/**
 * Manifests in the order the tree lists them, as when every manifest was read at once (the order counts:
 * a later copy of an object wins, manifests/last-copy.ts); other files (generator inputs, paths read
 * through a link) after them, in the order read.
 */
function inTreeOrder(files: readonly ManifestFile[], tree: RevisionTree): ManifestFile[] {
  const rank = new Map([...tree.blobs.keys()].filter(isManifestPath).map((p, i) => [p, i]));
  const at = (f: ManifestFile) => rank.get(f.path) ?? Number.MAX_SAFE_INTEGER;
  return [...files].sort((a, b) => at(a) - at(b));
}

/**
 * `readFolderFiles` for a git revision: files by path, followed through the revision's symbolic links
 * (an in-repository link is an alias, read under the path asked for, its own path as `realPath`), a path that is a folder standing
 * for its kustomization file. A path through a link out of the repository is a warning naming the link.
 */
async function readRevisionFiles(repo: string, tree: RevisionTree, paths: ReadonlySet<string>, notices: UnreadableNotices): Promise<ManifestFile[]> {
  const view = new LinkedPaths(tree.blobs, tree.links);
  const wanted: GitBlob[] = [];
  for (const path of paths) {
    const candidates = [path, ...KUSTOMIZATION_FILE_NAMES.map((name) => (path === '' ? name : `${path}/${name}`))];
    for (const p of candidates) {
      const real = view.real(p);
      if (real === undefined) continue;
      // Read under the path named, and known by its own (a patch edits it there: manifests/real-paths.ts).
      wanted.push(real === p ? { path: p, sha: tree.blobs.get(real)! } : { path: p, sha: tree.blobs.get(real)!, realPath: real });
      break;
    }
  }
  for (const [link, target] of view.outside) notices.add(link, unreadLinkMessage(target));
  return readGitBlobs(repo, wanted, notices);
}

/**
 * The selected files, the files their kustomizations render from, and those inputs no manifest listing
 * holds (generator inputs; in a folder, files reached through a symbolic link the listing skipped).
 * Asked again while reading them turns up more: a kustomization read this way names inputs of its own.
 */
async function withInputs(all: ManifestFile[], accept: (path: string) => boolean, readMore: (paths: ReadonlySet<string>) => Promise<ManifestFile[]>): Promise<ManifestFile[]> {
  const tried = new Set<string>();
  let known = all;
  for (;;) {
    const { files, outside } = withKustomizeInputs(known, accept);
    const fresh = new Set([...outside].filter((p) => !tried.has(p)));
    if (fresh.size === 0) return files;
    for (const p of fresh) tried.add(p);
    const more = await readMore(fresh);
    if (more.length === 0) return files;
    known = [...known, ...more];
  }
}

/**
 * Files of a folder by relative path; a path that is a folder stands for its kustomization file (a
 * kustomization named through a symbolic link; such a file carries its own path as `realPath`). One that does not exist or cannot be read is left out
 * (the render says what is missing).
 */
async function readFolderFiles(root: string, paths: ReadonlySet<string>): Promise<ManifestFile[]> {
  const out: ManifestFile[] = [];
  const realRoot = await realpath(root);
  const read = (path: string) => readFile(join(root, path), 'utf8').catch(() => undefined);
  const file = async (path: string, text: string): Promise<ManifestFile> => {
    const realPath = await realPathIn(realRoot, join(root, path));
    return realPath === undefined || realPath === path ? { path, text } : { path, text, realPath };
  };
  for (const path of paths) {
    const text = await read(path);
    if (text !== undefined) {
      out.push(await file(path, text));
      continue;
    }
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const p = path === '' ? name : `${path}/${name}`;
      const k = await read(p);
      if (k !== undefined) {
        out.push(await file(p, k));
        break;
      }
    }
  }
  return out;
}

/** A file's path relative to the folder once every symbolic link is resolved; undefined when it lies outside (a link out of the folder is followed, as read-folder.ts does). */
async function realPathIn(realRoot: string, full: string): Promise<string | undefined> {
  const real = await realpath(full).catch(() => undefined);
  if (real === undefined) return undefined;
  const r = relative(realRoot, real);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? undefined : r.split(sep).join('/');
}

export interface SideSetup {
  readonly config: Config;
  /** The configuration file read (absent: none, the defaults) and the lines of its targets' roots. */
  readonly configFile?: string;
  readonly targetLines?: readonly (number | undefined)[];
  readonly accept: (path: string) => boolean;
  readonly discover: DiscoverOptions;
}

/** `{ [key]: value }`, or nothing when `value` is undefined (exactOptionalPropertyTypes). */
const withDefined = <K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [k in K]?: V }));

/**
 * The configuration (`--config`, else the one at head's root: config-root.ts), which files are read
 * (--path, else the configured globs), and how targets are found.
 * `sides`: the base/head (or single) side specs. Argo CD and Flux sources are told apart from other
 * repositories by the remotes of the repository the sides come from: `repo`'s when a side is a revision;
 * when every side is a folder, only a folder that is itself a repository's top level has remotes (a
 * folder inside some other checkout, e.g. a fixture, is judged by inference from its own objects).
 */
export async function sideSetup(repo: string, configFile: string | undefined, paths: readonly string[], sides: readonly string[] = [], branch?: string): Promise<SideSetup> {
  // Read at head's root (the one side, or the last): config-root.ts.
  const { config, file, targetLines } = await readCliConfig(configFile, { spec: sides.at(-1) ?? repo, repo });
  const accept = paths.length ? manifestMatcher(paths) : manifestMatcher(config.manifests, config.exclude);
  const narrowed = paths.length > 0 || config.manifests.join('\n') !== DEFAULT_CONFIG.manifests.join('\n');
  const folders = await Promise.all(sides.map(isFolder));
  const allFolders = sides.length > 0 && folders.every(Boolean);
  const repoUrls = allFolders ? [...new Set((await Promise.all(sides.map((s) => remoteUrls(s, true)))).flat())] : await remoteUrls(repo, false);
  // The branch under review: --branch, else the first side's when it is a revision naming a branch; that one only
  // where a Flux source tracks it, else the default branch's sources or none (discover.ts `branchFromRevision`).
  const named = branch === undefined && sides.length > 0 && !folders[0] ? await revisionBranch(repo, sides[0]) : undefined;
  const reviewed = branch ?? named;
  const fromRevision = named !== undefined ? { branchFromRevision: { ...withDefined('defaultBranch', await defaultBranch(repo)) } } : {};
  return { config, configFile: file, targetLines, accept, discover: { configTargets: config.targets, namespaceFromPath: config.namespaceFromPath ?? undefined, repoUrls, selectGlobs: paths.length ? paths : config.manifests, ...(narrowed ? { narrowed } : {}), ...(reviewed ? { branch: reviewed } : {}), ...fromRevision } };
}

/**
 * The fetch URLs of the remotes of the repository holding `dir` (empty outside a git repository, and
 * with `topLevelOnly` when `dir` is not that repository's top level): how sources in this repository are
 * told from others. A remote that is a path or a `file://` URL (a clone of a local mirror or a CI cache)
 * names no hosted repository and is left out (hosted-url.ts): with only such remotes, the repository is
 * read as one without remotes.
 */
async function remoteUrls(dir: string, topLevelOnly: boolean): Promise<string[]> {
  const prefix = await workTreePrefix(dir);
  if (prefix === undefined || (topLevelOnly && prefix !== '')) return [];
  return [...new Set((await remoteListing(dir))?.filter(namesHostedRepository) ?? [])];
}
