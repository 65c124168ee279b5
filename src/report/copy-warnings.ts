/**
 * One warning per file:line for the copies of one object: a document read several times (a Kustomize
 * Component's OCIRepository that every app's namespace includes, a file several targets or clusters read)
 * gets the same warning once per copy, differing only in the copy's namespace and in parenthesized details
 * (tholinka/home-ops 6f6950b8: 12 lines for `kubernetes/components/repos/app-template/ocirepository.yaml:13`).
 * The reader needs it once, with how many copies and where. Warnings at one line that say different
 * things (two fields of a flow mapping) stay apart. The loader's errors too, wherever they are told: the errors
 * section, SARIF's MANIFEST_REJECTED results and the check run's annotations. Pure; the JSON output keeps every copy.
 */
import { groupBy } from '../engine/group-by.js';
import { firstAndMore } from '../util/and-list.js';
import { formatDiagnostic, type Diagnostic } from '../manifests/diagnostics.js';

/** `Kind namespace/name` at a message's start: the object a copy's warning names. */
const OBJECT = /^([A-Z][A-Za-z]*) ([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(\S+?)(?=[\s:(,]|$)/;

/** What a copy fold reads of a warning, error or finding: its severity, code, place and words. */
export interface CopyTold {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly ref: { readonly file: string; readonly line: number };
}

/** What copies' warnings share: the message without the object's namespace and without parenthesized details. */
function copyKey(d: CopyTold): string {
  const masked = d.message.replace(OBJECT, '$1 */$4').replace(/\([^()]*\)/g, '()');
  return `${d.severity}\0${d.code}\0${d.ref.file}\0${d.ref.line}\0${masked}`;
}

/** Items that differ only as copies' do, told as one: the `first` (in order), every member, and the message telling them all. */
export interface CopyGroup<T extends CopyTold> {
  readonly first: T;
  readonly all: readonly T[];
  /** The first's message, and, for several different messages, how many copies it stands for and their namespaces. */
  readonly message: string;
}

/**
 * `items` grouped as copies (`copyKey`), each group in the place of its first item: one whose members say
 * different things (copies in other namespaces) gets a message ending `; the same holds for the 11 other copies read
 * at this line (12 in all, in namespaces database, flux-system, home-automation, media, network and 3 more)`, put
 * before a closing period (a finding's sentence); members saying the very same thing are one, its message as it is.
 */
export function copyGroups<T extends CopyTold>(items: readonly T[]): CopyGroup<T>[] {
  return [...groupBy(items, copyKey).values()].map((group) => {
    const first = group[0];
    const messages = new Set(group.map((d) => d.message));
    if (messages.size === 1) return { first, all: group, message: first.message };
    const namespaces = [...new Set(group.map((d) => OBJECT.exec(d.message)?.[2]).filter((n): n is string => n !== undefined))].sort();
    const where = namespaces.length > 1 ? `, in namespaces ${firstAndMore(namespaces, 5)}` : '';
    const more = `; the same holds for the ${messages.size - 1} other ${messages.size === 2 ? 'copy' : 'copies'} read at this line (${messages.size} in all${where})`;
    const message = first.message.endsWith('.') ? `${first.message.slice(0, -1)}${more}.` : `${first.message}${more}`;
    return { first, all: group, message };
  });
}

/**
 * `warnings` with the warnings of each line that differ only as copies' do folded into the first, which
 * says how many copies it stands for and their namespaces (`copyGroups`). Order kept (each group where its
 * first warning was); a warning said once is returned as it is.
 */
export function foldCopyWarnings<T extends CopyTold>(warnings: readonly T[]): T[] {
  const groups = copyGroups(warnings);
  if (groups.length === warnings.length) return [...warnings];
  return groups.map((g) => (g.message === g.first.message ? g.first : { ...g.first, message: g.message }));
}

/**
 * `findings` with the loader's errors among them (MANIFEST_REJECTED: one per error, so one per copy of the object
 * rejected) folded as copies are (`copyGroups`), each in the place of its first; the first's subject and object
 * are kept, so SARIF's fingerprint (findingKey) stays the first copy's. Other findings' copies are folded where
 * they are made (findings/same-line-copies.ts).
 */
export function foldRejectedCopies<F extends CopyTold>(findings: readonly F[]): F[] {
  const rejected = findings.filter((f) => f.code === 'MANIFEST_REJECTED');
  const groups = copyGroups(rejected);
  if (groups.length === rejected.length) return [...findings];
  const told = new Map<F, F | undefined>(groups.flatMap((g) => g.all.map((f): [F, F | undefined] => [f, f === g.first ? { ...g.first, message: g.message } : undefined])));
  return findings.flatMap((f) => (told.has(f) ? (told.get(f) === undefined ? [] : [told.get(f)!]) : [f]));
}

/**
 * The text outputs' lines of `diagnostics` (stderr of list and lint): `file:line: severity: message [CODE]`, one
 * per line, the copies of one object at one line told once (`foldCopyWarnings`); '' for none.
 */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string {
  return foldCopyWarnings(diagnostics).map((d) => formatDiagnostic(d) + '\n').join('');
}
