/** Temporary folders and git repositories for CLI and patch tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export async function tempDir(prefix = 'reachdiff-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeFiles(root: string, files: { path: string; text: string }[]): Promise<void> {
  for (const f of files) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.text);
  }
}

/** Files to write: `{path, text}` entries (a `ManifestFile[]`) or a `path → text` map; paths are relative, folders are made as needed. */
export type FileList = readonly { path: string; text: string }[] | Readonly<Record<string, string>>;

const entries = (files: FileList) => (Array.isArray(files) ? (files as readonly { path: string; text: string }[]) : Object.entries(files).map(([path, text]) => ({ path, text })));

/** A new temporary folder holding `files`. */
export async function tempFolder(files: FileList, prefix = 'reachdiff-'): Promise<string> {
  const root = await tempDir(prefix);
  await writeFiles(root, [...entries(files)]);
  return root;
}

/** `tempFolder`, synchronously (for fixtures built inside synchronous helpers). */
export function tempFolderSync(files: FileList, prefix = 'reachdiff-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const f of entries(files)) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.text);
  }
  return root;
}

/** A new temporary folder holding `base/` and `head/`, each with its files (path → text): the two sides a `diff` test compares. */
export function sideTreesSync(files: { readonly base: Readonly<Record<string, string>>; readonly head: Readonly<Record<string, string>> }, prefix = 'reachdiff-sides-'): string {
  const prefixed = (side: 'base' | 'head') => Object.entries(files[side]).map(([path, text]) => ({ path: `${side}/${path}`, text }));
  return tempFolderSync([...prefixed('base'), ...prefixed('head')], prefix);
}

/** `files` after `patch`: written to a temporary folder, patched with `git apply --whitespace=error`, read back (sorted by path). */
export async function patchedFiles(files: FileList, patch: string): Promise<{ path: string; text: string }[]> {
  const dir = await tempFolder(files);
  gitApply(dir, patch);
  return readTree(dir);
}

export async function readTree(root: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push({ path: relative(root, full), text: await readFile(full, 'utf8') });
    }
  };
  await walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
}

/** Writes `files` into the repository `repo`, stages everything and commits it with `message`. */
export async function commitFiles(repo: string, files: { path: string; text: string }[], message: string): Promise<void> {
  await writeFiles(repo, files);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** Applies a patch with `git apply` inside `dir` (no repository needed). */
export function gitApply(dir: string, patch: string): void {
  execFileSync('git', ['apply', '--whitespace=error', '-'], { cwd: dir, input: patch });
}
