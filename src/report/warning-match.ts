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
 * (`subjectKey`), and once more without its file (`movedKey`).
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
  // Each pass matches, one for one, what the passes before it left on both sides, by a looser key.
  let baseLeft: Diagnostic[] = [...warnings.base];
  let headLeft: Diagnostic[] = [...warnings.head];
  for (const key of PASSES) {
    const unmatched = groupBy(baseLeft, key);
    headLeft = headLeft.filter((d) => unmatched.get(key(d))?.shift() === undefined);
    baseLeft = [...unmatched.values()].flat();
  }
  return { fresh: new Set(headLeft), gone: new Set(baseLeft) };
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

/**
 * `subjectKey` without the file: a file moved or renamed (a tree restructured, `apps/` to `kubernetes/apps/`)
 * keeps its warnings, which name their objects (real repositories 33: allenporter/k8s-gitops 6beb7af4 listed
 * an Ingress's and a hostNetwork DaemonSet's warnings as new, and base's as "base:", after a move). A warning
 * that names its file in its message stays new.
 */
function movedKey(d: Diagnostic): string {
  return subjectKey(d).slice(d.ref.file.length + 1);
}

/** The keys of the passes, strictest first (`warningKey`, then list indexes, then what is said in passing, then the file). */
const PASSES: readonly ((d: Diagnostic) => string)[] = [warningKey, (d) => indexFree(warningKey(d)), subjectKey, movedKey];
