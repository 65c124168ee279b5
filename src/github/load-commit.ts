/**
 * Base and head manifests with a bounded number of API calls, whatever the repository's size: one
 * recursive tree read per commit, then the distinct blobs of both (a blob SHA shared by base and head
 * is read once) in at most two GraphQL queries of `object(expression:)` aliases — or, when more are
 * needed, one tarball per commit; a third only for the patch files that transformer configurations outside
 * the globs name. Blobs GraphQL truncates (512 kB) are read again over REST.
 */
import type { GoFolderList } from '../targets/fixture-trees.js';
import { goFolderList, unitedGoFolders } from '../targets/fixture-trees.js';
import { isKustomizationPath } from '../kustomize/index.js';
import { kustomizeInputs } from '../kustomize/inputs.js';
import type { ManifestFile } from '../manifests/load.js';
import { isManifestPath, isReadPath } from '../manifests/load.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { LinkedPaths, unreadLinkMessage } from '../util/tree-links.js';
import { foldersAbove } from '../util/repo-paths.js';
import type { BlobCache } from './blob-cache.js';

/** What loading needs of a cache; a run pins what it reads so eviction cannot drop it mid-run. */
type BlobStore = Pick<BlobCache, 'get' | 'has' | 'set'>;
import type { Octokit } from './octokit.js';
import { readTarball } from './tarball.js';

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

interface TreeEntry {
  readonly path: string;
  readonly sha: string;
  readonly size: number;
}

interface Tree {
  readonly commit: string;
  /** The commit's root tree SHA (absent if GitHub did not say). */
  readonly sha?: string;
  /** The blobs to read first: those the globs match, and every kustomization file. */
  readonly entries: readonly TreeEntry[];
  /** Every blob, by path: where kustomizations' inputs (bases, patches, generator inputs) are looked up. */
  readonly all: ReadonlyMap<string, TreeEntry>;
  /** Symbolic links (mode 120000), by path: their blobs hold the targets (util/tree-links.ts). */
  readonly links: ReadonlyMap<string, TreeEntry>;
  readonly truncated: boolean;
}

export interface LoadedPair {
  /** Both empty when base and head have the same paths with the same blobs: nothing to analyse. */
  readonly base: ManifestFile[];
  readonly head: ManifestFile[];
  /** The base commit's root tree SHA: the same tree means the same base files (the analysis reuses its base side). */
  readonly baseTree?: string;
  /** Warnings about the sources themselves: a symbolic link out of the repository that a kustomization names a path through. */
  readonly diagnostics?: { readonly base: readonly Diagnostic[]; readonly head: readonly Diagnostic[] };
  /** Both trees' folders holding `.go` sources and `go.mod`, when any (target discovery leaves Go package trees out, fixture-trees.ts). */
  readonly goFolders?: GoFolderList;
  /**
   * Each commit's folders, each holding some file of its tree (manifest or not: a `.gitkeep`), from the tree read
   * (RepoFiles `isTreeFolder`); absent for a tree GitHub truncated (its archive holds manifest-like files only).
   */
  readonly treeFolders?: { readonly base?: ReadonlySet<string>; readonly head?: ReadonlySet<string> };
  /** `bytes`: content bytes downloaded for this pair (blob texts, tarballs); trees not counted. */
  readonly stats: { readonly files: number; readonly distinctBlobs: number; readonly fetched: number; readonly bytes: number; readonly via: string[] };
}

export const BLOBS_PER_QUERY = 100;
const MAX_GRAPHQL_QUERIES = 2;
const MAX_GRAPHQL_BYTES = 8 * 1024 * 1024;

export async function loadCommitPair(octokit: Octokit, repo: RepoRef, baseSha: string, headSha: string, match: (path: string) => boolean, shared: BlobCache): Promise<LoadedPair> {
  // Kustomization files are read wherever they are: an overlay the globs select may render from outside them.
  const wanted = (path: string) => match(path) || isKustomizationPath(path);
  const [base, head] = await Promise.all([readTree(octokit, repo, baseSha, wanted), readTree(octokit, repo, headSha, wanted)]);
  const cache = pinned(shared);
  const via: string[] = [];
  const files = base.entries.length + head.entries.length;
  if (!base.truncated && !head.truncated && sameEntries(base, head, match)) {
    return { base: [], head: [], stats: { files, distinctBlobs: 0, fetched: 0, bytes: 0, via } };
  }
  const byPath = new Map<string, Archive>();
  let bytes = 0;
  for (const tree of [head, base]) {
    if (tree.truncated || tooManyMissing(tree, cache)) {
      // Every manifest-like file (and every link): the kustomizations' inputs are then found in the archive without another call.
      const archive = await readArchive(octokit, repo, tree, isReadPath, cache);
      byPath.set(tree.commit, archive);
      bytes += archive.bytes;
      via.push(`tarball:${tree.commit.slice(0, 7)}`);
    }
  }
  // The first round also reads the links of trees whose kustomizations may name paths through them (their blobs are the targets).
  const linked = [base, head].filter((t) => !byPath.has(t.commit) && t.links.size > 0 && t.entries.some((e) => match(e.path) && isKustomizationPath(e.path)));
  const missing = [...distinctMissing([base, head].filter((t) => !byPath.has(t.commit)), cache), ...distinctLinks(linked, cache)];
  if (missing.length) via.push(`graphql:${missing.length}`);
  bytes += await readBlobs(octokit, repo, missing, cache);
  // Second round: the files the selected kustomizations render from (every kustomization file is read by now).
  // A third only when what the second read names more: the patch files of a transformer configuration
  // (`transformers:` entries are files whose own `path:` fields name patches), known once it is read.
  let inputs = new Map<string, RenderInputs>();
  let fetched = missing.length;
  for (const label of ['kustomize inputs', 'transformer inputs']) {
    inputs = new Map([base, head].map((t) => [t.commit, renderInputs(t, match, byPath.get(t.commit), cache)]));
    const extra = distinctMissing([base, head].map((t) => ({ ...t, entries: [...inputs.get(t.commit)!.needed].flatMap((p) => t.all.get(inputs.get(t.commit)!.view.real(p) ?? p) ?? []) })).filter((t) => !byPath.has(t.commit)), cache);
    if (extra.length === 0) break;
    via.push(`graphql:${extra.length} (${label})`);
    fetched += extra.length;
    bytes += await readBlobs(octokit, repo, extra, cache);
  }
  const filesOf = (tree: Tree) => toFiles(tree, byPath.get(tree.commit)?.texts, cache, match, inputs.get(tree.commit)!);
  const notices = (tree: Tree) => linkNotices(inputs.get(tree.commit)!.view, match);
  const distinctBlobs = new Set([...base.entries, ...head.entries].map((e) => e.sha)).size;
  const diagnostics = { base: notices(base), head: notices(head) };
  const goFolders = unitedGoFolders([goFolderList(base.all.keys()), goFolderList(head.all.keys())]);
  const folders = (t: Tree) => (t.truncated ? {} : { [t === base ? 'base' : 'head']: foldersAbove([...t.all.keys(), ...t.links.keys()]) });
  const treeFolders = { ...folders(base), ...folders(head) };
  return { base: filesOf(base), head: filesOf(head), baseTree: base.sha, ...(goFolders ? { goFolders } : {}), ...(Object.keys(treeFolders).length ? { treeFolders } : {}), ...(diagnostics.base.length || diagnostics.head.length ? { diagnostics } : {}), stats: { files, distinctBlobs, fetched, bytes, via } };
}

/** A commit's tarball: manifest-like files, and every symbolic link's target. */
interface Archive {
  readonly texts: Map<string, string>;
  readonly links: Map<string, string>;
  readonly bytes: number;
}

/** What the kustomizations inside the globs need: paths (some through links, util/tree-links.ts) and the tree seen through its links. */
interface RenderInputs {
  readonly needed: ReadonlySet<string>;
  readonly view: LinkedPaths;
}

/** The files the kustomizations inside the globs need, followed through every kustomization file already read (and the tree's links). */
function renderInputs(tree: Tree, match: (path: string) => boolean, archive: Archive | undefined, cache: BlobStore): RenderInputs {
  const paths = new Set(archive ? archive.texts.keys() : tree.all.keys());
  const view = new LinkedPaths(paths, archive ? archive.links : linkTargets(tree, cache));
  const roots = [...paths].filter((p) => match(p) && isKustomizationPath(p));
  if (roots.length === 0) return { needed: new Set(), view };
  const textOf = (p: string) => archive?.texts.get(p) ?? (tree.all.has(p) ? cache.get(tree.all.get(p)!.sha) : undefined);
  const text = (p: string) => {
    const real = view.real(p);
    return real === undefined ? undefined : textOf(real);
  };
  return { needed: kustomizeInputs(view, text, roots).needed, view };
}

/** The targets of a tree's links whose blobs were read. */
function linkTargets(tree: Tree, cache: BlobStore): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, e] of tree.links) {
    const target = cache.get(e.sha);
    if (target !== undefined) out.set(path, target);
  }
  return out;
}

/** Link blobs not cached yet, asked for by their SHA (the blob itself, never what it points at). */
function distinctLinks(trees: readonly Tree[], cache: BlobStore): { expression: string; sha: string }[] {
  const seen = new Set<string>();
  for (const tree of trees) for (const e of tree.links.values()) if (!cache.has(e.sha)) seen.add(e.sha);
  return [...seen].map((sha) => ({ sha, expression: sha }));
}

/** One warning per link out of the repository that a kustomization named a path through, or that the globs select. */
function linkNotices(view: LinkedPaths, match: (path: string) => boolean): Diagnostic[] {
  for (const link of view.links.keys()) if (match(link) && isManifestPath(link)) view.real(link);
  return [...view.outside].map(([link, target]) => ({ severity: 'warning', code: 'UNREADABLE_FILE', message: unreadLinkMessage(target), ref: { file: link, line: 1 } }));
}

async function readTree(octokit: Octokit, repo: RepoRef, sha: string, match: (path: string) => boolean): Promise<Tree> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: 'true' });
  const all = new Map<string, TreeEntry>();
  const links = new Map<string, TreeEntry>();
  for (const e of data.tree) {
    if (e.type !== 'blob' || e.path === undefined || e.sha === undefined) continue;
    // Mode 120000 is a symbolic link, whose blob is the link's target path, not a manifest.
    (e.mode === '120000' ? links : all).set(e.path, { path: e.path, sha: e.sha, size: e.size ?? 0 });
  }
  const entries = [...all.values()].filter((e) => match(e.path));
  return { commit: sha, sha: typeof data.sha === 'string' ? data.sha : undefined, entries, all, links, truncated: data.truncated };
}

function pinned(shared: BlobCache): BlobStore {
  const local = new Map<string, string>();
  return {
    has: (sha) => local.has(sha) || shared.has(sha),
    get: (sha) => local.get(sha) ?? shared.get(sha),
    set: (sha, text) => {
      local.set(sha, text);
      shared.set(sha, text);
    },
  };
}

/**
 * Whether the globs see the same files on both sides. When they select a kustomization, any manifest
 * file may be its input (a base or patch outside the globs), so all of them are compared, and the links.
 */
function sameEntries(a: Tree, b: Tree, match: (path: string) => boolean): boolean {
  const kustomized = [a, b].some((t) => t.entries.some((e) => match(e.path) && isKustomizationPath(e.path)));
  const scope = (t: Tree) => (kustomized ? [...t.all.values()].filter((e) => isReadPath(e.path)) : t.entries.filter((e) => match(e.path)));
  const same = (ea: readonly TreeEntry[], eb: readonly TreeEntry[]) => {
    if (ea.length !== eb.length) return false;
    const shas = new Map(ea.map((e) => [e.path, e.sha]));
    return eb.every((e) => shas.get(e.path) === e.sha);
  };
  // A kustomization may name paths through a link: a link retargeted is a change too.
  return same(scope(a), scope(b)) && (!kustomized || same([...a.links.values()], [...b.links.values()]));
}

/** Whether this commit alone needs more blobs than the GraphQL budget carries. */
function tooManyMissing(tree: Tree, cache: BlobStore): boolean {
  const missing = new Map<string, number>();
  for (const e of tree.entries) if (!cache.has(e.sha)) missing.set(e.sha, e.size);
  const bytes = [...missing.values()].reduce((s, n) => s + n, 0);
  return missing.size > BLOBS_PER_QUERY * MAX_GRAPHQL_QUERIES || bytes > MAX_GRAPHQL_BYTES;
}

function distinctMissing(trees: readonly Tree[], cache: BlobStore): { expression: string; sha: string }[] {
  const seen = new Map<string, string>();
  for (const tree of trees) {
    for (const e of tree.entries) if (!cache.has(e.sha) && !seen.has(e.sha)) seen.set(e.sha, `${tree.commit}:${e.path}`);
  }
  return [...seen].map(([sha, expression]) => ({ sha, expression }));
}

async function readArchive(octokit: Octokit, repo: RepoRef, tree: Tree, match: (path: string) => boolean, cache: BlobStore): Promise<Archive> {
  const { data } = await octokit.rest.repos.downloadTarballArchive({ ...repo, ref: tree.commit });
  const archive = new Uint8Array(data as ArrayBuffer);
  const links = new Map<string, string>();
  const texts = readTarball(archive, match, links);
  const shaOf = new Map(tree.entries.map((e) => [e.path, e.sha]));
  for (const [path, text] of texts) {
    const sha = shaOf.get(path);
    if (sha) cache.set(sha, text);
  }
  return { texts, links, bytes: archive.byteLength };
}

interface BlobNode {
  readonly text: string | null;
  readonly isTruncated: boolean;
  readonly isBinary: boolean | null;
}

/** Reads the blobs into the cache; returns the bytes of text received. */
async function readBlobs(octokit: Octokit, repo: RepoRef, wanted: readonly { expression: string; sha: string }[], cache: BlobStore): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < wanted.length; i += BLOBS_PER_QUERY) {
    const batch = wanted.slice(i, i + BLOBS_PER_QUERY);
    const vars = batch.map((_, j) => `$e${j}: String!`).join(', ');
    const fields = batch.map((_, j) => `b${j}: object(expression: $e${j}) { ... on Blob { text isTruncated isBinary } }`).join('\n    ');
    const query = `query($owner: String!, $name: String!, ${vars}) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
    const variables = Object.fromEntries(batch.map((b, j) => [`e${j}`, b.expression]));
    const data = await octokit.graphql<{ repository: Record<string, BlobNode | null> }>(query, { owner: repo.owner, name: repo.repo, ...variables });
    for (const [j, blob] of batch.entries()) {
      const node = data.repository[`b${j}`];
      if (node?.isBinary) continue;
      const text = node && node.text !== null && !node.isTruncated ? node.text : await readBlobRest(octokit, repo, blob.sha);
      bytes += Buffer.byteLength(text) + (node?.isTruncated && node.text ? Buffer.byteLength(node.text) : 0);
      cache.set(blob.sha, text);
    }
  }
  return bytes;
}

async function readBlobRest(octokit: Octokit, repo: RepoRef, sha: string): Promise<string> {
  const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
  return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
}

/**
 * The files to analyse: those the globs select and the kustomizations' inputs; an input named through an
 * in-repository link is its target's text under the path named (an alias, as a folder side reads it).
 */
function toFiles(tree: Tree, archive: Map<string, string> | undefined, cache: BlobStore, match: (path: string) => boolean, inputs: RenderInputs): ManifestFile[] {
  const keep = (path: string) => match(path) || inputs.needed.has(path);
  const textOf = (path: string) => archive?.get(path) ?? (tree.all.has(path) ? cache.get(tree.all.get(path)!.sha) : undefined);
  const files: ManifestFile[] = [];
  if (tree.truncated && archive) files.push(...[...archive].filter(([path]) => keep(path)).map(([path, text]) => ({ path, text })));
  else {
    for (const e of tree.all.values()) {
      if (!keep(e.path)) continue;
      const text = textOf(e.path);
      if (text !== undefined) files.push({ path: e.path, text });
    }
  }
  for (const path of inputs.needed) {
    const real = inputs.view.real(path);
    const text = real === undefined || real === path ? undefined : textOf(real);
    // Known by its own path too: a rollback patch edits it there (manifests/real-paths.ts).
    if (text !== undefined) files.push({ path, text, realPath: real });
  }
  return files;
}
