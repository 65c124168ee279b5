/**
 * A policy removed where the other side has one of the same namespace and name in another kind (a
 * NetworkPolicy replaced in place by a CiliumNetworkPolicy): its `policy-absent` reasons name that policy
 * (`replacedBy`), so a path reads "NetworkPolicy talos-backup/allow-talos-api was removed, replaced by
 * CiliumNetworkPolicy talos-backup/allow-talos-api (talos-backup.yaml:27)" rather than as a removal alone;
 * and a new one, what it replaces (new-user trial 41, finding 12: re25-james 89b6937). Pure.
 */
import type { Cluster, Reason, SourceRef } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/** `namespace/name` of a NetworkPolicy-tier part's id (`ns/name`, `ns/name[Kind]`, `ns/name[Kind]/specs[0]`, `#k` parts); undefined for a copy in namespaces the manifests do not hold. */
function objectName(id: string): string | undefined {
  if (id.startsWith('~')) return undefined;
  const m = /^([^/[]+\/[^/[#]+)/.exec(id);
  return m?.[1];
}

/** The kind part of an id (`[CiliumNetworkPolicy]`), empty for a NetworkPolicy. */
function kindOf(id: string): string {
  return /\[([A-Za-z]+)\]/.exec(id)?.[1] ?? '';
}

/** `pairs` with each `policy-absent` reason of a policy the other side holds under the same name in another kind marked with it. */
export function withReplacements(pairs: readonly ExplainedPair[], base: Cluster, head: Cluster): ExplainedPair[] {
  const byName = (c: Cluster) => {
    const out = new Map<string, { policy: string; ref: SourceRef }[]>();
    for (const p of c.policies) {
      const n = objectName(p.id);
      if (n === undefined) continue;
      const list = out.get(n) ?? out.set(n, []).get(n)!;
      if (!list.some((x) => kindOf(x.policy) === kindOf(p.id))) list.push({ policy: p.id, ref: p.ref });
    }
    return out;
  };
  let names: { base: Map<string, { policy: string; ref: SourceRef }[]>; head: Map<string, { policy: string; ref: SourceRef }[]> } | undefined;
  const mark = (r: Reason): Reason => {
    if (r.kind !== 'policy-absent') return r;
    const n = objectName(r.policy);
    if (n === undefined) return r;
    names ??= { base: byName(base), head: byName(head) };
    // Removed in head (`side: head`): what head has of that name; new in head (`side: base`): what base had.
    const other = (r.side === 'head' ? names.head : names.base).get(n)?.find((x) => kindOf(x.policy) !== kindOf(r.policy));
    return other ? { ...r, replacedBy: other } : r;
  };
  const any = pairs.some((p) => [...p.whyOpened, ...p.whyClosed].some((r) => r.kind === 'policy-absent'));
  if (!any) return [...pairs];
  return pairs.map((p) => ({ ...p, whyOpened: p.whyOpened.map(mark), whyClosed: p.whyClosed.map(mark) }));
}
