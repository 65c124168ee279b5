/**
 * Where a new UNPROTECTED_WORKLOAD finding is cited when the change leaves the workload alone and takes away
 * the policy that isolated it. The finding stands at the workload's document (findings/unprotected-workload.ts),
 * a file such a pull request does not touch: the check run annotated an untouched line, and the reader looked
 * for the edit in the wrong file (cite49, left over). Here it moves to what the change edits of the first policy
 * that isolated the workload that way on base and no longer does on head: a `$patch: delete` that now takes it
 * out of the build, a rendering-time edit of it (edited-objects.ts), the first line of its head document the
 * change edits, else the head line where the change deleted it or base's edit of it (change-lines.ts). A finding
 * whose workload the change adds or edits (its line in a changed document of head) stays where it is.
 *
 * Every tier the engine models protects (engine/connectivity.ts `isFree`): NetworkPolicies and the parts of that
 * tier (Cilium rules, Calico default-tier policies), then cluster-wide policies of the Admin and Baseline tiers
 * (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy, Calico tiers, Cilium deny rules), which
 * protect the workloads their subject selects in a direction they have rules for.
 */
import type { Cluster, ClusterPolicy, Direction, Labels, NetworkPolicy, SourceRef, Workload } from '../engine/model.js';
import { matches } from '../engine/index.js';
import { policyById } from '../engine/policy-lookup.js';
import type { DiffFinding } from '../findings/types.js';
import type { EditedCite } from './edited-objects.js';

/** How the change's lines are found for a policy: see `unprotectedWhereEdited`. */
export interface PolicyEdits {
  /** Rendering-time edits and deletions (edited-objects.ts `editedObjectCite`). */
  readonly cite: EditedCite;
  /** The first line of head's document at `ref` that the change edits, undefined when none (an untouched document). */
  readonly firstEdited: (ref: SourceRef) => SourceRef | undefined;
  /** The head line of the change at a base position: where a removed document was deleted (change-lines.ts). */
  readonly headLine: (ref: SourceRef) => SourceRef | undefined;
  /** Whether a head position lies in a document the change adds or edits. */
  readonly touched: (ref: SourceRef) => boolean;
}

/**
 * `findings` with each new UNPROTECTED_WORKLOAD of a workload base also holds, at a position no changed document
 * of head holds, cited at the change of the policy that stopped isolating it (`ingress` or `egress`, its `object`);
 * the others as they are. `base`, `head`: the clusters as loaded.
 */
export function unprotectedWhereEdited<F extends DiffFinding>(findings: readonly F[], base: Cluster, head: Cluster, edits: PolicyEdits): F[] {
  return findings.map((f) => {
    if (f.code !== 'UNPROTECTED_WORKLOAD' || !f.new || edits.touched(f.ref)) return f;
    const direction = f.object === 'ingress' || f.object === 'egress' ? f.object : undefined;
    const before = direction && base.workloads.find((w) => w.id === f.subject);
    const after = head.workloads.find((w) => w.id === f.subject);
    if (!direction || !before || !after) return f;
    for (const p of base.policies) {
      if (!isolates(p, before, direction)) continue;
      const now = policyById(head, p.id);
      if (now && isolates(now, after, direction)) continue;
      const at = now ? edited(p, now, edits) : removed(p, edits);
      if (at) return { ...f, ref: at };
    }
    for (const p of base.clusterPolicies ?? []) {
      if (!protects(p, base, before, direction)) continue;
      const now = head.clusterPolicies?.find((x) => x.id === p.id);
      if (now && protects(now, head, after, direction)) continue;
      const at = now ? edited(p, now, edits) : removed(p, edits);
      if (at) return { ...f, ref: at };
    }
    return f;
  });
}

/** Whether `p` isolates `w`'s pods in `direction` (its rules do not only join others': Cilium `enableDefaultDeny: false`). */
function isolates(p: NetworkPolicy, w: Workload, direction: Direction): boolean {
  return p.affects[direction] && !p.joinsOnly?.[direction] && p.namespace === w.namespace && matches(p.podSelector, w.podLabels);
}

/** Whether cluster-wide policy `p` has rules for `w`'s pods in `direction` on its side (`c`: the namespaces' labels). */
function protects(p: ClusterPolicy, c: Cluster, w: Workload, direction: Direction): boolean {
  return p[direction].length > 0 && matches(p.subject.namespaces, namespaceLabels(c, w.namespace)) && matches(p.subject.pods, w.podLabels);
}

/** A namespace's labels on a side (the name label only, for a namespace no manifest defines). */
function namespaceLabels(c: Cluster, namespace: string): Labels {
  return c.namespaces.find((n) => n.name === namespace)?.labels ?? { 'kubernetes.io/metadata.name': namespace };
}

/**
 * A policy head still has (`now`), no longer isolating: its rendering-time edit on head, else the first line of it
 * the change edits, else the head line of base's edit the change removes (an overlay's patch deleted).
 */
function edited(before: NetworkPolicy | ClusterPolicy, now: NetworkPolicy | ClusterPolicy, edits: PolicyEdits): SourceRef | undefined {
  return edits.cite('head', now.ref, now.name, ['spec', 'podSelector' in now ? 'podSelector' : 'subject']) ?? edits.firstEdited(now.ref) ?? edits.headLine(before.ref);
}

/** A policy head lacks: a `$patch: delete` that takes it out of head's build, else where its document was deleted. */
function removed(p: NetworkPolicy | ClusterPolicy, edits: PolicyEdits): SourceRef | undefined {
  return edits.cite.deletion('head', p.ref, p.name) ?? edits.headLine(p.ref);
}
