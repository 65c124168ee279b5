/**
 * "No manifest file" (exit 2) for every command alike: no .yaml/.yml/.json file, or only files without a
 * YAML document in them (empty, comments and `---` only). Such input has nothing to analyse, and a
 * listing, lint or diff of it would pass silently.
 */

/** Lines that hold no YAML content: blank, a comment, or a document marker. */
const EMPTY_LINE = /^\s*(#.*)?$|^(---|\.\.\.)\s*(#.*)?$/;

/** Whether `text` holds no document (an empty manifest file). */
export function isEmptyManifest(text: string): boolean {
  return text.split('\n').every((line) => EMPTY_LINE.test(line.replace(/\r$/, '').replace(/^\uFEFF/, '')));
}

/** Whether none of `files` holds a document: none at all, or only empty ones. */
export function holdsNoManifest(files: readonly { readonly text: string }[]): boolean {
  return files.every((f) => isEmptyManifest(f.text));
}

/** What is missing, for the message: `no .yaml, .yml or .json files` or `only empty manifest files`. */
export function noManifestReason(files: readonly unknown[]): string {
  return files.length === 0 ? 'no .yaml, .yml or .json files' : 'only empty manifest files (no YAML document in them)';
}
