/**
 * One warning per file:line for the copies of one object: a document read several times (a Kustomize
 * Component's OCIRepository that every app's namespace includes, a file several targets or clusters read)
 * gets the same warning once per copy, differing only in the copy's namespace and in parenthesized details
 * (tholinka/home-ops 6f6950b8: 12 lines for `kubernetes/components/repos/app-template/ocirepository.yaml:13`).
 * The reader needs it once, with how many copies and where. Warnings at one line that say different
 * things (two fields of a flow mapping) stay apart. Pure; the JSON output keeps every copy.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { groupBy } from '../engine/group-by.js';
import { firstAndMore } from '../util/and-list.js';

/** `Kind namespace/name` at a message's start: the object a copy's warning names. */
const OBJECT = /^([A-Z][A-Za-z]*) ([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(\S+?)(?=[\s:(,]|$)/;

/** What copies' warnings share: the message without the object's namespace and without parenthesized details. */
function copyKey(d: Diagnostic): string {
  const masked = d.message.replace(OBJECT, '$1 */$4').replace(/\([^()]*\)/g, '()');
  return `${d.severity}\0${d.code}\0${d.ref.file}\0${d.ref.line}\0${masked}`;
}

/**
 * `warnings` with the warnings of each line that differ only as copies' do folded into the first, which
 * says how many copies it stands for and their namespaces: `…; the same holds for the 11 other copies read
 * at this line (12 in all, in namespaces database, flux-system, home-automation, media, network and 3 more)`. Order kept (each group
 * where its first warning was); a warning said once is returned as it is.
 */
export function foldCopyWarnings(warnings: readonly Diagnostic[]): Diagnostic[] {
  const groups = groupBy(warnings, copyKey);
  if (groups.size === warnings.length) return [...warnings];
  return [...groups.values()].map((group) => {
    const messages = new Set(group.map((d) => d.message));
    if (messages.size === 1) return group[0];
    const namespaces = [...new Set(group.map((d) => OBJECT.exec(d.message)?.[2]).filter((n): n is string => n !== undefined))].sort();
    const where = namespaces.length > 1 ? `, in namespaces ${firstAndMore(namespaces, 5)}` : '';
    return { ...group[0], message: `${group[0].message}; the same holds for the ${messages.size - 1} other ${messages.size === 2 ? 'copy' : 'copies'} read at this line (${messages.size} in all${where})` };
  });
}
