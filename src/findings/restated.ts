/**
 * Which of head's findings base already had. A finding is the same when its code, subject and object are
 * (types.ts `findingKey`). A policy restated in another kind or under another name (a NetworkPolicy
 * rewritten as a CiliumNetworkPolicy of the same namespace and pod selector: joryirving/home-ops 132ef64d0,
 * real-eval 20) has new ids, so its old debt read as 2 new PERMISSIVE_RULE findings. So, second, a finding
 * about a policy matches one about a policy of the same meaning, the namespace and the pods it selects
 * (`subjectMeaning`), with the same code and object: the object already says what is wrong in words
 * every kind shares (`egress:every-address:0.0.0.0/0`).
 * Only a base finding that head no longer has under its own key can vouch for a restated one, and each
 * vouches for one: a second policy added beside the first, with the same permissive rule, is new.
 */
import type { Cluster } from '../engine/model.js';
import { selectorId } from '../engine/abstract-peers.js';
import { lineFree } from '../util/line-free.js';
import type { Finding } from './types.js';
import { findingKey } from './types.js';

/** A finding's subject → what it stands for, independent of its kind and name; undefined: only its own key. */
export type SubjectMeaning = (subject: string) => string | undefined;

/** Base's and head's subject meanings (`subjectMeaning` of each side's cluster). */
export interface SubjectMeanings {
  readonly base: SubjectMeaning;
  readonly head: SubjectMeaning;
}

/**
 * A NetworkPolicy-tier policy (NetworkPolicy, CiliumNetworkPolicy, a Calico NetworkPolicy's part) by its
 * namespace and pod selector: `vpn {app.kubernetes.io/name=pod-gateway,…}`. Other subjects (workloads,
 * cluster-wide policies) keep their own key, but for workloads renamed with the same pods
 * (analysis/renamed-workloads.ts `withRenamedSubjects`).
 */
export function subjectMeaning(cluster: Pick<Cluster, 'policies'>): SubjectMeaning {
  const byId = new Map(cluster.policies.map((p) => [p.id, `policy\u0000${p.namespace}\u0000${selectorId(p.podSelector)}`]));
  return (subject) => byId.get(subject);
}

/** For each of `head`'s findings, whether base had it (by its key, else restated: see above). */
export function baseHad(base: readonly Finding[], head: readonly Finding[], meanings?: SubjectMeanings): boolean[] {
  const baseKeys = new Set(base.map(findingKey));
  const had = head.map((f) => baseKeys.has(findingKey(f)));
  if (!meanings) return had;
  const headKeys = new Set(head.map(findingKey));
  // Base findings gone under their own key, counted by their restated key.
  const vouchers = new Map<string, number>();
  for (const f of base) {
    const k = !headKeys.has(findingKey(f)) && restatedKey(f, meanings.base);
    if (k) vouchers.set(k, (vouchers.get(k) ?? 0) + 1);
  }
  return head.map((f, i) => {
    if (had[i]) return true;
    const k = restatedKey(f, meanings.head);
    const n = k ? (vouchers.get(k) ?? 0) : 0;
    if (!k || n === 0) return false;
    vouchers.set(k, n - 1);
    return true;
  });
}

function restatedKey(f: Finding, meaning: SubjectMeaning): string | undefined {
  const subject = meaning(f.subject);
  return subject === undefined ? undefined : `${f.code}\u0000${subject}\u0000${lineFree(f.object)}`;
}
