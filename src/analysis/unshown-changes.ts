/**
 * Changed policies whose change no reported pair shows, when the region pair bound (engine/region-pair-budget.ts)
 * cut the diff's pairs with pods the manifests do not hold. Past the bound the diff keeps the pairs it met
 * first (or the most direct regions'), so the paths of one changed policy may all be left out while another's
 * are kept: real-eval 24, zhorvath83/home-ops e74436765 renamed an app's pod label in a policy's subject and in
 * another policy's rule peer, in a cluster cut into 3,872 regions; the diff reported the 66 paths the new
 * label opens and none of those the old one closes, under a note that said only "may be missing". Naming
 * those policies says which changes the verdict did not weigh. A change that opens and closes nothing is
 * named too (it shows in no pair either): the note says its paths "may be" past the bound, not that they are.
 *
 * Policies are compared as objects: NetworkPolicy-tier parts and cluster-wide parts by id, a clusterwide
 * policy's copies (one per namespace) and a Calico policy's parts as their one object, positions left out
 * (engine/touched.ts `same`). A pair shows a policy when one of its reasons (why opened or closed) names it.
 */
import type { Cluster, SourceRef } from '../engine/model.js';
import { same } from '../engine/touched.js';
import { scopedPolicyId, shownPolicy } from '../engine/policy-terms.js';
import type { Reason } from '../engine/explain.js';

/** A changed policy no reported pair cites: its name as people read it, how it changed, and where it is written (head's, else base's). */
export interface UnshownChange {
  readonly policy: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly ref: SourceRef;
}

/** The object a policy part comes from: a copy or a part (`#k`) of one object is that object. */
function objectKey(id: string): string {
  return scopedPolicyId(id).replace(/#[^/]*$/, '');
}

interface Part {
  readonly id: string;
  readonly ref: SourceRef;
}

/** Parts of `cluster` by object key, in order. */
function byObject(cluster: Cluster): Map<string, Part[]> {
  const out = new Map<string, Part[]>();
  for (const p of [...cluster.policies, ...(cluster.clusterPolicies ?? [])]) {
    const k = objectKey(p.id);
    const list = out.get(k);
    if (list) list.push(p);
    else out.set(k, [p]);
  }
  return out;
}

/**
 * The changed policies of `base` → `head` that no reason of `pairs` names, in base's order then head's; empty
 * when every changed policy is cited. Only worth asking when the region pair bound cut the diff.
 */
export function unshownChanges(base: Cluster, head: Cluster, pairs: readonly { readonly whyOpened: readonly Reason[]; readonly whyClosed: readonly Reason[] }[]): UnshownChange[] {
  const b = byObject(base);
  const h = byObject(head);
  const changed: UnshownChange[] = [];
  const differs = (x: readonly Part[], y: readonly Part[]) => x.length !== y.length || x.some((p, i) => !same(p, y[i]));
  for (const [k, parts] of b) {
    const other = h.get(k);
    if (!other) changed.push({ policy: k, change: 'removed', ref: parts[0].ref });
    else if (differs(parts, other)) changed.push({ policy: k, change: 'changed', ref: other[0].ref });
  }
  for (const [k, parts] of h) if (!b.has(k)) changed.push({ policy: k, change: 'added', ref: parts[0].ref });
  if (changed.length === 0) return [];
  const cited = new Set<string>();
  for (const p of pairs) {
    for (const r of [...p.whyOpened, ...p.whyClosed]) if ('policy' in r && typeof r.policy === 'string') cited.add(objectKey(r.policy));
  }
  return changed.filter((c) => !cited.has(c.policy)).map((c) => ({ ...c, policy: shownPolicy(c.policy) }));
}
