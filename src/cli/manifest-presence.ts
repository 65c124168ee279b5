/**
 * "No manifest file" (exit 2) for every command alike: no .yaml/.yml/.json file, only files without a
 * YAML document in them (empty, comments and `---` only), or only files none of whose documents is a
 * Kubernetes object (a Helm `values.yaml`, a tool's configuration). Such input has nothing to analyse,
 * and a listing, lint or diff of it would pass silently. `diff` asks it of both sides together: one side
 * without objects is the change that adds (or removes) every object.
 */
import { parseAllDocuments } from 'yaml';
import { plural } from '../util/plural.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { firstAndMore } from '../util/and-list.js';
import { textLines } from '../util/line-ends.js';
import { baseName } from '../util/repo-paths.js';

/** Lines that hold no YAML content: blank, a comment, or a document marker. */
const EMPTY_LINE = /^\s*(#.*)?$|^(---|\.\.\.)\s*(#.*)?$/;

/** Whether `text` holds no document (an empty manifest file). */
export function isEmptyManifest(text: string): boolean {
  return textLines(text).every((line) => EMPTY_LINE.test(line.replace(/^\uFEFF/, '')));
}

/**
 * Whether the file may give the analysis something: a kustomization or a `Chart.yaml` (rendered, not
 * read document by document), a file that does not parse (the loader reports it), or one with a document
 * that is a mapping with `kind` or `apiVersion` (a Kubernetes object, even an invalid one: the loader
 * says what is wrong with it). Empty files and YAML without such a document (values, settings) give nothing.
 */
export function mayHoldObject(file: { readonly path: string; readonly text: string }): boolean {
  if (isKustomizationPath(file.path) || baseName(file.path) === 'Chart.yaml') return true;
  if (isEmptyManifest(file.text)) return false;
  // Cheap test first: a Kubernetes object names its kind or apiVersion somewhere.
  if (!/kind|apiVersion/.test(file.text)) return false;
  // logLevel error: the library's own warnings (a mapping key that is a mapping, as an unquoted Go template
  // `{{ .ns }}` reads) would reach stderr as a raw Node warning. Whether the file holds an object is all asked
  // here; the loader and target discovery say what is wrong with such a document, with its file and line.
  const docs = parseAllDocuments(file.text, { logLevel: 'error' });
  if (!Array.isArray(docs)) return true;
  return docs.some((d) => {
    if (d.errors.length > 0) return true;
    let value: unknown;
    try {
      value = d.toJS();
    } catch {
      return true;
    }
    return typeof value === 'object' && value !== null && !Array.isArray(value) && ('kind' in value || 'apiVersion' in value);
  });
}

/** Whether none of `files` holds a Kubernetes object: no file at all, only empty ones, or only YAML that is no object. */
export function holdsNoManifest(files: readonly { readonly path: string; readonly text: string }[]): boolean {
  return !files.some(mayHoldObject);
}

/**
 * What is missing, for the message: `no .yaml, .yml or .json files`, `only empty manifest files`, or
 * that the files hold no Kubernetes object (naming up to three that hold YAML, e.g. a `values.yaml`).
 * `files`: files for which `holdsNoManifest` is true.
 */
export function noManifestReason(files: readonly { readonly path: string; readonly text: string }[]): string {
  if (files.length === 0) return 'no .yaml, .yml or .json files';
  const withYaml = files.filter((f) => !isEmptyManifest(f.text));
  if (withYaml.length === 0) return 'only empty manifest files (no YAML document in them)';
  const named = firstAndMore(withYaml.map((f) => f.path), 3);
  const empty = files.length - withYaml.length;
  return `no Kubernetes object (no document with kind or apiVersion in ${named}${empty > 0 ? `; ${plural(empty, 'empty file')}` : ''})`;
}

/** One side as the "no manifest" messages name it: as typed, what it holds, and whether it is a folder (absent `folder`: a git revision). */
export interface NamedSide {
  readonly spec: string;
  readonly files: readonly { readonly path: string; readonly text: string }[];
  readonly folder?: string;
}

/**
 * `--path` globs as the "no manifest" messages name them: ` matching GLOB, …` after what is missing, and
 * the root they are relative to (`(--path is relative to the folder read, k8s)`, or the repository's top
 * for a revision), so a glob written from the wrong root is seen as such (fresh-user trial P17: `lint
 * HEAD --path 'nomatch/**'` said only "no .yaml, .yml or .json files"). Empty without --path.
 */
export function pathsMatching(paths: readonly string[]): string {
  return paths.length ? ` matching ${paths.join(', ')}` : '';
}

/** `(--path is relative to …)` for `sides`; empty without --path. */
export function pathsRoot(paths: readonly string[], sides: readonly NamedSide[]): string {
  if (paths.length === 0) return '';
  const specs = [...new Set(sides.map((s) => s.spec))];
  const folders = sides.filter((s) => s.folder !== undefined);
  if (folders.length === 0) return " (--path is relative to the repository's top for a revision)";
  if (folders.length === sides.length) return ` (--path is relative to the ${specs.length === 1 ? 'folder' : 'folders'} read, ${specs.join(', ')})`;
  return " (--path is relative to the folder read, or to the repository's top for a revision)";
}

/** The message of `lint`, `explain` and `list` when their one side holds no Kubernetes object. */
export function noManifestInSide(side: NamedSide, paths: readonly string[]): string {
  return `${side.spec}: ${noManifestReason(side.files)} to read${pathsMatching(paths)}${pathsRoot(paths, [side])}`;
}

/**
 * The message of `diff` (and `diff --explain`) when neither side holds a Kubernetes object: each side
 * named with what it holds; a side named twice (`diff e1 e1`) once. `paths`: the --path globs.
 */
export function noManifestInSides(base: NamedSide, head: NamedSide, paths: readonly string[] = []): string {
  const b = noManifestReason(base.files);
  const h = noManifestReason(head.files);
  const matching = pathsMatching(paths);
  const root = pathsRoot(paths, [base, head]);
  if (base.spec === head.spec && b === h) return `${base.spec}: ${b} to read${matching}${root} (base and head are the same)`;
  return `nothing to compare: neither side holds a Kubernetes object (base ${base.spec}: ${b}${matching}; head ${head.spec}: ${h}${matching})${root}`;
}
