/**
 * Which warnings a pull request brings and which it ends: a head warning is new when base had no warning
 * of the same file, code and message (line numbers left out, `lineFree`), so a warning whose object moved
 * down its file is the one base had; matched one for one, so a second copy of a warning is new. A
 * warning's message names what it is about (a hostNetwork workload and the policies that select it), so
 * a policy the change adds or edits makes the warnings that name it new wherever they are written.
 *
 * A warning about a rule names it by its place in its list (`spec.egress[3].toEntities`), which a rule the
 * change inserts or removes above it moves (`spec.egress[4]`): head's warnings that no base warning matches so,
 * and base's that none matched, are matched again with those indexes left out (`indexFree`), in the order they
 * are written, one for one. Real-eval 29 (gi8lino/k8s-gitops 90e3a2c29, 386a642fd, faf255059): a rule added or
 * removed above an unchanged `toEntities: [host]` or `toFQDNs` rule made its warning "new", listed under "New
 * warnings" and cited as "a rule this change brings" under the verdict. A rule the change brings beside a moved
 * one of the same warning stays new (one for one); what a change of such peers' content does is said apart
 * (targets/l7-icmp-changes.ts compares them by content). Then once more without what a warning says in passing
 * (`subjectKey`).
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { lineFree } from '../util/line-free.js';
import { groupBy } from '../engine/group-by.js';

export interface SidedWarnings {
  readonly base: readonly Diagnostic[];
  readonly head: readonly Diagnostic[];
}

export interface WarningMatch {
  /** Head warnings base did not have. */
  readonly fresh: ReadonlySet<Diagnostic>;
  /** Base warnings head no longer has. */
  readonly gone: ReadonlySet<Diagnostic>;
}

/** The identity of a warning across base and head. */
export function warningKey(d: Diagnostic): string {
  return `${d.ref.file}\u0000${d.code}\u0000${lineFree(d.message)}`;
}

/** `warningKey` with the list indexes of field paths left out (`spec.egress[3]` → `spec.egress[]`). */
export function indexFree(key: string): string {
  return key.replace(/\[\d+\]/g, '[]');
}

export function matchWarnings(warnings: SidedWarnings): WarningMatch {
  const unmatched = groupBy(warnings.base, warningKey);
  const headLeft: Diagnostic[] = [];
  for (const d of warnings.head) {
    const twin = unmatched.get(warningKey(d))?.shift();
    if (!twin) headLeft.push(d);
  }
  // The second pass: what is left on both sides, matched with list indexes left out.
  const baseLeft = groupBy([...unmatched.values()].flat(), (d) => indexFree(warningKey(d)));
  const headLeft2: Diagnostic[] = [];
  for (const d of headLeft) {
    const twin = baseLeft.get(indexFree(warningKey(d)))?.shift();
    if (!twin) headLeft2.push(d);
  }
  // The third pass: what a warning says in passing of its subject (an ignored copy's labels) left out.
  const baseLeft2 = groupBy([...baseLeft.values()].flat(), (d) => subjectKey(d));
  const fresh = new Set<Diagnostic>();
  for (const d of headLeft2) {
    const twin = baseLeft2.get(subjectKey(d))?.shift();
    if (!twin) fresh.add(d);
  }
  return { fresh, gone: new Set([...baseLeft2.values()].flat()) };
}

/**
 * `indexFree(warningKey)` without what the message tells of its subject in passing: of a DUPLICATE_OBJECT
 * warning, what the ignored earlier copy had (last-copy.ts: `, which had the labels {…},`). The object and the
 * places of its copies are the warning; the ignored copy's content is not. Real repositories 33 (edgard/home-ops,
 * each Flux upgrade): the flux-system Namespace written in gotk-components.yaml and again in the repository's
 * namespace.yaml read as a new warning at every upgrade, the ignored copy's `app.kubernetes.io/version` label
 * being the new version.
 */
function subjectKey(d: Diagnostic): string {
  const key = indexFree(warningKey(d));
  return d.code === 'DUPLICATE_OBJECT' ? key.replace(/, which .*, is ignored$/s, ' is ignored') : key;
}
