/**
 * Where a new finding about a workload the change adds is cited when the finding stands at a line the change
 * leaves alone. Such findings (DNS_EGRESS_MISSING, DNS_TCP_MISSING …) stand at the policy that isolates the
 * workload (findings/dns-egress.ts), which was there before: the check run annotated a line outside the pull
 * request's diff, while what made the finding new is the workload added (new-user trial 50, finding c). Here it
 * moves to the workload's own line, or where the change adds it (a kustomization's `resources` entry:
 * edited-objects.ts), as the path reason `workload … is new` cites it. A finding at a line the change edits
 * (the isolating policy added or edited too) stays there.
 */
import type { Cluster, SourceRef } from '../engine/model.js';
import type { DiffFinding } from '../findings/types.js';
import type { EditedCite } from './edited-objects.js';

/**
 * `findings` with each new one whose `subject` is a workload `head` holds and `base` does not, at a position no
 * changed document of head holds (`touched`), cited at that workload (`cite`: where the change adds its document,
 * else its own line); the others as they are. Findings of other subjects are never moved.
 */
export function addedWorkloadFindings<F extends DiffFinding>(findings: readonly F[], base: Cluster, head: Cluster, edits: { readonly cite: EditedCite; readonly touched: (ref: SourceRef) => boolean }): F[] {
  if (!findings.some((f) => f.new)) return [...findings];
  const before = new Set(base.workloads.map((w) => w.id));
  const added = new Map(head.workloads.filter((w) => !before.has(w.id)).map((w) => [w.id, w]));
  if (added.size === 0) return [...findings];
  return findings.map((f) => {
    const w = f.new ? added.get(f.subject) : undefined;
    if (!w || edits.touched(f.ref)) return f;
    return { ...f, ref: edits.cite('head', w.ref) ?? w.ref };
  });
}
