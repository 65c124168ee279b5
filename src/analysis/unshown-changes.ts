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
 * (engine/touched.ts `same`). A copy in a namespace only one side has is left out of the comparison: the
 * namespace came or went, not the policy (real-eval 30, mitchross/talos-argocd-proxmox 36cfc31c renamed
 * namespace k8sgpt to holmesgpt, and its untouched LAN-blocking CiliumClusterwideNetworkPolicy read as
 * "changed", with ten lines of rules it "now admits" and "no longer admits"). A pair shows a policy when one of its reasons (why opened or closed) names it.
 */
import type { Cluster, ClusterPolicy, NetworkPolicy, Rule, SourceRef, TierRule } from '../engine/model.js';
import { DIRECTIONS } from '../engine/model.js';
import { same } from '../engine/touched.js';
import { scopedPolicyId, shownPolicy } from '../engine/policy-terms.js';
import type { Reason } from '../engine/explain.js';

/** A changed policy no reported pair cites: its name as people read it, how it changed, and where it is written (head's, else base's). */
export interface UnshownChange {
  readonly policy: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly ref: SourceRef;
  /**
   * The rules the change adds, edits or removes (head's, a removed one base's), where they are written: what
   * the reader should look at. Empty when only the subject or isolation changed (then `ref` says where).
   */
  readonly rules: readonly { readonly side: 'base' | 'head'; readonly ref: SourceRef }[];
  /**
   * Set on `removed` (`added`) when a `$patch: delete` the change adds (removes) takes the policy out of head's
   * build (no longer takes it out): `ref` is then that deletion's line, head's (base's) (analysis/edited-objects.ts).
   */
  readonly deletion?: true;
}

/**
 * The object a policy part comes from: a copy or a part (`#k`) of one object is that object, and a Calico
 * NetworkPolicy's isolation (`ns/name[CalicoNetworkPolicy]`) is the object its tier parts are (`CalicoNetworkPolicy/ns/name`),
 * its tier's end-of-tier deny (`…/end-of-tier`) too (it was told apart, the policy named twice).
 */
function objectKey(id: string): string {
  return scopedPolicyId(id).replace(/^([^/~][^/]*)\/([^/[]+)\[CalicoNetworkPolicy\]/, 'CalicoNetworkPolicy/$1/$2').replace(/\/end-of-tier$/, '').replace(/#[^/]*$/, '');
}

type Part = NetworkPolicy | ClusterPolicy;

/** The namespace of a clusterwide policy's copy (`ns/name[CiliumClusterwideNetworkPolicy]`), undefined for any other part. */
function copyNamespace(id: string): string | undefined {
  return /^([^/]*)\/[^/[]+\[(?:CiliumClusterwideNetworkPolicy|CalicoGlobalNetworkPolicy)\]/.exec(id)?.[1];
}

/**
 * A part as compared: a Calico part without its `priority`, which numbers it among every policy of the model, so a
 * policy added before it in its tier renumbers it (the policy, untouched, was told "changed"); its own `order`
 * and tier are in `calico`, and compared.
 */
function placed(p: Part): unknown {
  if (!('calico' in p) || !p.calico) return p;
  const { priority: _priority, ...rest } = p;
  return rest;
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
export function unshownChanges(
  base: Cluster,
  head: Cluster,
  pairs: readonly { readonly whyOpened: readonly Reason[]; readonly whyClosed: readonly Reason[] }[],
  reaches?: (part: Part) => boolean,
): UnshownChange[] {
  const b = byObject(base);
  const h = byObject(head);
  const changed: UnshownChange[] = [];
  // A clusterwide policy's copy in a namespace only one side has came or went with that namespace, not with the policy.
  const [baseNs, headNs] = [base, head].map((c) => new Set(c.namespaces.map((n) => n.name)));
  const withNamespaces = (parts: readonly Part[], mine: ReadonlySet<string>, theirs: ReadonlySet<string>) =>
    parts.filter((p) => {
      const ns = copyNamespace(p.id);
      return ns === undefined || !mine.has(ns) || theirs.has(ns);
    });
  const differs = (x0: readonly Part[], y0: readonly Part[]) => {
    const [x, y] = [withNamespaces(x0, baseNs, headNs), withNamespaces(y0, headNs, baseNs)];
    return x.length !== y.length || x.some((p, i) => !same(placed(p), placed(y[i])));
  };
  // `reaches`: only the changes some version of which reaches pods whose analysis was cut short (uncut-scope.ts).
  const kept = (x: readonly Part[], y: readonly Part[]) => !reaches || [...x, ...y].some(reaches);
  for (const [k, parts] of b) {
    const other = h.get(k);
    if (!other) {
      if (kept(parts, [])) changed.push({ policy: k, change: 'removed', ref: parts[0].ref, rules: changedRules(parts, []) });
    } else if (differs(parts, other) && kept(parts, other)) changed.push({ policy: k, change: 'changed', ref: other[0].ref, rules: changedRules(parts, other) });
  }
  for (const [k, parts] of h) if (!b.has(k) && kept([], parts)) changed.push({ policy: k, change: 'added', ref: parts[0].ref, rules: changedRules([], parts) });
  if (changed.length === 0) return [];
  const cited = new Set<string>();
  for (const p of pairs) {
    for (const r of [...p.whyOpened, ...p.whyClosed]) if ('policy' in r && typeof r.policy === 'string') cited.add(objectKey(r.policy));
  }
  return changed.filter((c) => !cited.has(c.policy)).map((c) => ({ ...c, policy: shownPolicy(c.policy) }));
}

/** The rules of `head` that no rule of `base` equals (head's positions), then those of `base` head lost (base's) at a position head's do not take, once per position. */
function changedRules(base: readonly Part[], head: readonly Part[]): UnshownChange['rules'] {
  const rules = (parts: readonly Part[]) => parts.flatMap((p) => DIRECTIONS.flatMap((d): readonly (Rule | TierRule)[] => p[d]));
  const [b, h] = [rules(base), rules(head)];
  const out = new Map<string, UnshownChange['rules'][number]>();
  for (const r of h) if (!b.some((x) => same(x, r))) out.set(`head:${r.ref.file}:${r.ref.line}`, { side: 'head', ref: r.ref });
  // A rule edited in place is told once, at head's line.
  for (const r of b) if (!h.some((x) => same(x, r)) && !out.has(`head:${r.ref.file}:${r.ref.line}`)) out.set(`base:${r.ref.file}:${r.ref.line}`, { side: 'base', ref: r.ref });
  return [...out.values()];
}
