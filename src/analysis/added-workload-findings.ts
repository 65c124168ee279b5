/**
 * Where a new finding about a workload the change adds is cited when the finding stands at a line the change
 * leaves alone. Such findings (DNS_EGRESS_MISSING, DNS_TCP_MISSING …) stand at the policy that isolates the
 * workload (findings/dns-egress.ts), which was there before: the check run annotated a line outside the pull
 * request's diff, while what made the finding new is the workload added (new-user trial 50, finding c). Here it
 * moves to the workload's own line, or where the change adds it (a kustomization's `resources` entry:
 * edited-objects.ts), as the path reason `workload … is new` cites it. A finding at a line the change edits
 * (the isolating policy added or edited too) stays there.
 *
 * Findings about paths the change opens (CROSS_NAMESPACE_PATH, whose `sources` and `destinations` list the
 * paths' ends) stand at the rule that opens them, grouped by it: when the rule's lines are ones the change leaves
 * alone and every path has an added workload at the same end (every destination added, else every source), the
 * added workloads are what opened them, and the finding moves to the first of them (cite51: a rule admitting a
 * namespace, two workloads added there, cited at the rule). The paths of one added workload alone were already so
 * (their subject is that workload); a path into one added workload too. HALF_OPEN_* findings (a rule's allow the
 * other side refuses) have ends the same way (`ends`: the rule's own workloads, the refusing peers): a rule that
 * reached no pods before, or selected none, is made half-open by the workloads added at that end alone, and is
 * cited at the first of them by the same test. The rule's lines are those of the finding's own line and its
 * `parts` (HALF_OPEN_*'s: the rule's ports): a change that edits only the ports of a rule whose peer reaches an
 * added workload made the allow what it is, and the finding stays at the edited port (finding-parts.ts).
 */
import type { Cluster, SourceRef, Workload } from '../engine/model.js';
import type { DiffFinding } from '../findings/types.js';
import type { EditedCite } from './edited-objects.js';

/**
 * `findings` with each new one whose `subject` is a workload `head` holds and `base` does not, at a position no
 * changed document of head holds (`touched`), cited at that workload (`cite`: where the change adds its document,
 * else its own line); each new one with path ends (`sources`/`destinations`, or `ends`) whose every destination
 * (else every source) is such a workload,
 * at a line the change does not edit (`edited`: the line or the block it opens; nor any of its `parts`), cited at the first of them; the
 * others as they are.
 */
export function addedWorkloadFindings<F extends DiffFinding>(
  findings: readonly F[],
  base: Cluster,
  head: Cluster,
  edits: { readonly cite: EditedCite; readonly touched: (ref: SourceRef) => boolean; readonly edited: (ref: SourceRef) => boolean },
): F[] {
  if (!findings.some((f) => f.new)) return [...findings];
  const before = new Set(base.workloads.map((w) => w.id));
  const added = new Map(head.workloads.filter((w) => !before.has(w.id)).map((w) => [w.id, w]));
  if (added.size === 0) return [...findings];
  const at = (w: Workload): SourceRef => edits.cite('head', w.ref) ?? w.ref;
  return findings.map((f) => {
    if (!f.new) return f;
    const ends = pathEnds(f);
    if (ends) {
      const end = addedEnd(ends.destinations, added) ?? addedEnd(ends.sources, added);
      return end && !edits.edited(f.ref) && !f.parts?.some(edits.edited) ? { ...f, ref: at(end) } : f;
    }
    const w = added.get(f.subject);
    return w && !edits.touched(f.ref) ? { ...f, ref: at(w) } : f;
  });
}

/**
 * The workloads at the ends of what `f` is about, when it has some: CROSS_NAMESPACE_PATH's rendered `sources` and
 * `destinations`, HALF_OPEN_*'s `ends` (unless it tells copies in other namespaces too: those have their own ends).
 */
function pathEnds(f: DiffFinding): { readonly sources?: readonly string[]; readonly destinations?: readonly string[] } | undefined {
  if (f.sources || f.destinations) return f;
  return f.ends && !f.alsoFor ? f.ends : undefined;
}

/** The first of `ids` when every one is an added workload; else undefined. */
function addedEnd(ids: readonly string[] | undefined, added: ReadonlyMap<string, Workload>): Workload | undefined {
  return ids?.length && ids.every((id) => added.has(id)) ? added.get(ids[0]) : undefined;
}
