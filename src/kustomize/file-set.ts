/**
 * The files a render may read: repository-relative paths with `/` separators. Folders exist when a
 * file lies below them. Paths are resolved as Kustomize does: relative to the kustomization's folder,
 * `..` allowed, never above the repository root.
 */
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import { textLines } from '../util/line-ends.js';
import { dirOf } from '../util/repo-paths.js';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function isKustomizationPath(path: string): boolean {
  // Asked of every path of a repository, several times: compare the ends, without slicing out the file name.
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if (path.endsWith(name) && (path.length === name.length || path.charCodeAt(path.length - name.length - 1) === 47 /* / */)) return true;
  }
  return false;
}

/**
 * The key of a kustomization file's document (analysis/document-changes.ts): its kind and file, as
 * `Kustomization overlays/prod/kustomization.yaml` or, for a Kustomize component (`kind: Component`,
 * `kustomize.config.k8s.io/v1alpha1`), `Component components/lockdown/kustomization.yaml`. Kustomize
 * reads a file with no `kind` as a Kustomization (kustomization.ts); any other kind fails the build there.
 */
export function kustomizationKey(path: string, kind: unknown): string {
  return `${kind === 'Component' ? 'Component' : 'Kustomization'} ${path}`;
}

/** Whether a document key (or one object of it) names a kustomization file: `kustomizationKey`'s form. */
export function isKustomizationKey(key: string): boolean {
  return key.startsWith('Kustomization ') || key.startsWith('Component ');
}

/** A folder as people write it: the root is `.`. */
export function showDir(dir: string): string {
  return dir === '' ? '.' : dir;
}

/** The file set of a map of files, built once per map (the top-level search and the renders share it). */
export function fileSetOf(files: ReadonlyMap<string, string>): FileSet {
  let fs = sets.get(files);
  if (!fs) sets.set(files, (fs = new FileSet(files)));
  return fs;
}

const sets = new WeakMap<ReadonlyMap<string, string>, FileSet>();

/** What a build asks of its files (a `FileSet`, or a view recording the questions: `recordedFiles`). */
export interface Files {
  isFile(path: string): boolean;
  isDir(path: string): boolean;
  text(path: string): string | undefined;
  kustomizationFiles(dir: string): string[];
  lines(path: string): readonly string[];
  documents(path: string): readonly ParsedDocument[];
}

/**
 * The questions a build asked of its files and their answers, by question (`t`ext of a path, whether it
 * `f`ile or `d`irectory, the `k`ustomization files of a folder). A build is a function of these answers:
 * another file set that answers each the same builds alike (the render cache reuses a failed build so).
 */
export type FileReads = Map<string, string | boolean | undefined>;

/** `files`, each question asked of it recorded in `reads` (the lines and documents of a path are its text's). */
export function recordedFiles(files: Files, reads: FileReads): Files {
  const text = (path: string) => {
    const t = files.text(path);
    reads.set(`t\0${path}`, t);
    return t;
  };
  return {
    isFile: (path) => record(reads, `f\0${path}`, files.isFile(path)),
    isDir: (path) => record(reads, `d\0${path}`, files.isDir(path)),
    text,
    kustomizationFiles: (dir) => {
      const out = files.kustomizationFiles(dir);
      reads.set(`k\0${dir}`, out.join('\0'));
      return out;
    },
    lines: (path) => {
      text(path);
      return files.lines(path);
    },
    documents: (path) => {
      text(path);
      return files.documents(path);
    },
  };
}

function record(reads: FileReads, question: string, answer: boolean): boolean {
  reads.set(question, answer);
  return answer;
}

/** Whether `files` answers every question of `reads` as recorded. */
export function answersAlike(files: Files, reads: FileReads): boolean {
  for (const [question, answer] of reads) {
    const path = question.slice(2);
    const now = question[0] === 't' ? files.text(path) : question[0] === 'f' ? files.isFile(path) : question[0] === 'd' ? files.isDir(path) : files.kustomizationFiles(path).join('\0');
    if (now !== answer) return false;
  }
  return true;
}

export class FileSet implements Files {
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
