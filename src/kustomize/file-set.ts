/**
 * The files a render may read: repository-relative paths with `/` separators. Folders exist when a
 * file lies below them. Paths are resolved as Kustomize does: relative to the kustomization's folder,
 * `..` allowed, never above the repository root.
 */
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import { textLines } from '../util/line-ends.js';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function isKustomizationPath(path: string): boolean {
  // Asked of every path of a repository, several times: compare the ends, without slicing out the file name.
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if (path.endsWith(name) && (path.length === name.length || path.charCodeAt(path.length - name.length - 1) === 47 /* / */)) return true;
  }
  return false;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** A folder as people write it: the root is `.`. */
export function showDir(dir: string): string {
  return dir === '' ? '.' : dir;
}

/** `rel` resolved against `dir`; undefined when it climbs above the root. */
export function joinPath(dir: string, rel: string): string | undefined {
  const out: string[] = dir === '' ? [] : dir.split('/');
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Whether `path` is `dir` or below it. */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(dir + '/');
}

/** The file set of a map of files, built once per map (the top-level search and the renders share it). */
export function fileSetOf(files: ReadonlyMap<string, string>): FileSet {
  let fs = sets.get(files);
  if (!fs) sets.set(files, (fs = new FileSet(files)));
  return fs;
}

const sets = new WeakMap<ReadonlyMap<string, string>, FileSet>();

export class FileSet {
  private readonly dirs = new Set<string>(['']);

  constructor(readonly files: ReadonlyMap<string, string>) {
    for (const path of files.keys()) {
      for (let d = dirOf(path); d !== '' && !this.dirs.has(d); d = dirOf(d)) this.dirs.add(d);
    }
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  text(path: string): string | undefined {
    return this.files.get(path);
  }

  /** The kustomization files in `dir` (Kustomize refuses a folder with more than one). */
  kustomizationFiles(dir: string): string[] {
    const out: string[] = [];
    for (const n of KUSTOMIZATION_FILE_NAMES) {
      const p = dir === '' ? n : `${dir}/${n}`;
      if (this.files.has(p)) out.push(p);
    }
    return out;
  }

  /** A file's lines (for the lines of scalars, which the parser does not record), split once. */
  lines(path: string): readonly string[] {
    let lines = this.split.get(path);
    if (!lines) this.split.set(path, (lines = textLines(this.files.get(path) ?? '')));
    return lines;
  }

  private readonly split = new Map<string, string[]>();

  /** The YAML documents of a file (JSON files are YAML too), parsed once per text. */
  documents(path: string): readonly ParsedDocument[] {
    return parseDocuments(this.files.get(path) ?? '', 'yaml');
  }
}
