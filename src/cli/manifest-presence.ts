/**
 * "No manifest file" (exit 2) for every command alike: no .yaml/.yml/.json file, only files without a
 * YAML document in them (empty, comments and `---` only), or only files none of whose documents is a
 * Kubernetes object (a Helm `values.yaml`, a tool's configuration). Such input has nothing to analyse,
 * and a listing, lint or diff of it would pass silently. `diff` asks it of both sides together: one side
 * without objects is the change that adds (or removes) every object.
 */
import { parseAllDocuments } from 'yaml';
import { baseName } from '../targets/repo-files.js';
import { isKustomizationFile } from '../targets/non-manifest.js';

/** Lines that hold no YAML content: blank, a comment, or a document marker. */
const EMPTY_LINE = /^\s*(#.*)?$|^(---|\.\.\.)\s*(#.*)?$/;

/** Whether `text` holds no document (an empty manifest file). */
export function isEmptyManifest(text: string): boolean {
  return text.split('\n').every((line) => EMPTY_LINE.test(line.replace(/\r$/, '').replace(/^\uFEFF/, '')));
}

/**
 * Whether the file may give the analysis something: a kustomization or a `Chart.yaml` (rendered, not
 * read document by document), a file that does not parse (the loader reports it), or one with a document
 * that is a mapping with `kind` or `apiVersion` (a Kubernetes object, even an invalid one: the loader
 * says what is wrong with it). Empty files and YAML without such a document (values, settings) give nothing.
 */
export function mayHoldObject(file: { readonly path: string; readonly text: string }): boolean {
  if (isKustomizationFile(file.path) || baseName(file.path) === 'Chart.yaml') return true;
  if (isEmptyManifest(file.text)) return false;
  // Cheap test first: a Kubernetes object names its kind or apiVersion somewhere.
  if (!/kind|apiVersion/.test(file.text)) return false;
  const docs = parseAllDocuments(file.text);
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
  const named = withYaml.slice(0, 3).map((f) => f.path).join(', ') + (withYaml.length > 3 ? ` and ${withYaml.length - 3} more` : '');
  const empty = files.length - withYaml.length;
  return `no Kubernetes object (no document with kind or apiVersion in ${named}${empty > 0 ? `; ${empty} empty file${empty === 1 ? '' : 's'}` : ''})`;
}

/**
 * The message of `diff` (and `diff --explain`) when neither side holds a Kubernetes object: each side
 * named with what it holds; a side named twice (`diff e1 e1`) once.
 */
export function noManifestInSides(base: { readonly spec: string; readonly files: readonly { readonly path: string; readonly text: string }[] }, head: typeof base): string {
  const b = noManifestReason(base.files);
  const h = noManifestReason(head.files);
  if (base.spec === head.spec && b === h) return `${base.spec}: ${b} to read (base and head are the same)`;
  return `nothing to compare: neither side holds a Kubernetes object (base ${base.spec}: ${b}; head ${head.spec}: ${h})`;
}
