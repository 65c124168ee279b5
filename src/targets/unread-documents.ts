/**
 * Changed documents the loader drops with an error are in no verdict: a policy without `metadata.name`
 * (`MISSING_FIELD … ignored`), one the API server would reject (`… it is not applied`), a kind served in
 * no other version (`UNSUPPORTED_API_VERSION … ignored`), a document YAML cannot parse. When the pull request
 * brings the error, the verdict says it first ("errors Kubernetes will reject", ❌). When the error was there
 * before and the pull request edits the document anyway, nothing told the reader: what the edit allows or
 * denies is in no analysis, yet the verdict read "No change" and the check `success` (real-eval 12,
 * problem 1: an operator asset without a name, edited together with a real close). Each such document is an
 * `OUTSIDE_TARGETS` notice ("Not analysed: …"), which makes the verdict ⚠️ and the check `neutral`
 * (targets-markdown.ts, targets-check-run.ts), never ✅.
 */
import type { DiffReport } from '../analysis/types.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { Notice } from './types.js';
import { namedItems } from '../util/and-list.js';

/** Documents named in the notice; the rest are counted. */
const NAMED = 5;

/** Whether error `d` drops the object (or document) it is about, rather than one field of it (`port ignored`). */
export function dropsObject(d: Diagnostic): boolean {
  if (d.severity !== 'error') return false;
  if (d.code === 'YAML_SYNTAX') return true;
  // A line that an object is not applied (Diagnostic `unapplied`; in a diff kept at base's version, which is analysed).
  return /(?:^|[;:,] )ignored$/.test(d.message) && !/ (?:port|backend) ignored$/.test(d.message) ? true : d.unapplied !== undefined && d.unapplied.keptBase !== true;
}

/** Head errors of `report` that drop a document the pull request changes, which the pull request did not bring. */
export function unreadChangedDocuments(report: Pick<DiffReport, 'warnings' | 'changes' | 'errors'>): Diagnostic[] {
  const introduced = new Set(report.errors.introduced);
  const changed = (d: Diagnostic) => report.changes.some((c) => c.head !== undefined && c.head.file === d.ref.file && c.head.startLine <= d.ref.line && d.ref.line <= c.head.endLine);
  return report.warnings.head.filter((d) => dropsObject(d) && !introduced.has(d) && changed(d));
}

/** The notice over `errors` (several targets' errors, each document once), undefined when none. */
export function unreadDocumentsNotice(errors: readonly Diagnostic[]): Notice | undefined {
  const byPlace = new Map<string, Diagnostic>();
  for (const d of errors) if (!byPlace.has(`${d.ref.file}:${d.ref.line}`)) byPlace.set(`${d.ref.file}:${d.ref.line}`, d);
  const list = [...byPlace.values()].sort((a, b) => (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.line - b.ref.line));
  if (list.length === 0) return undefined;
  const one = list.length === 1;
  const cut = namedItems(list, NAMED);
  const named = cut.named.map((d) => `${d.ref.file}:${d.ref.line} (${d.message.replace(/; ignored$/, '')})`);
  const more = cut.more > 0 ? ` and ${cut.more} more` : '';
  return {
    code: 'OUTSIDE_TARGETS',
    message: `Not analysed: ${one ? 'a changed document' : `${list.length} changed documents`} that reachdiff cannot read and ignores: ${named.join(', ')}${more}. What ${one ? 'its change allows or denies is' : 'their changes allow or deny is'} in no analysis; fix the error to have ${one ? 'it' : 'them'} analysed`,
    ref: list[0].ref,
  };
}
