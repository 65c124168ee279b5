/**
 * A policy that head still holds but could not read (its document does not parse, in a file base did not
 * hold it in: a broken file base holds, or one the API server would reject, leaves base's version in the
 * cluster instead, rejected-objects.ts) is missing from head's cluster: the paths it
 * closed in base open, and their reasons would say only "no policy isolates …". The cause is the error,
 * so each such pair is told first that the policy could not be read, at the error's position, and a
 * "was removed" reason for it (it was not removed) gives way to that.
 */
import type { Reason } from '../engine/index.js';
import type { Cluster } from '../engine/model.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { DocumentChange, ExplainedPair } from './types.js';

/** Why head could not read a policy it still holds (a `policy-unreadable` reason). */
export type UnreadablePolicy = Reason & { kind: 'policy-unreadable' };

/**
 * `pairs` with a `policy-unreadable` reason first in each list that names a policy head could not read.
 * `changes`: the document changes (a broken document is an edit of the removed one, unparsed-edits.ts);
 * `head`: head's cluster (a policy it holds was read); `diagnostics`: head's loader diagnostics.
 */
export function withUnreadablePolicies(pairs: readonly ExplainedPair[], changes: readonly DocumentChange[], head: Cluster, diagnostics: readonly Diagnostic[]): readonly ExplainedPair[] {
  const unreadable = unreadablePolicies(changes, head, diagnostics);
  if (unreadable.size === 0) return pairs;
  const mark = (reasons: readonly Reason[]): Reason[] => {
    const causes = [...new Set(reasons.flatMap((r) => ('policy' in r && unreadable.has(r.policy) ? [r.policy] : [])))].map((p) => unreadable.get(p)!);
    if (causes.length === 0) return [...reasons];
    return [...causes, ...reasons.filter((r) => !(r.kind === 'policy-absent' && unreadable.has(r.policy)))];
  };
  return pairs.map((p) => ({ ...p, whyOpened: mark(p.whyOpened), whyClosed: mark(p.whyClosed) }));
}

/**
 * Policy id (`ns/name`, or `Kind/name` for the cluster-wide kinds) → why head could not read it, for the
 * edited documents of `changes` that lost a policy in head and hold an error of `diagnostics` (head's).
 */
export function unreadablePolicies(changes: readonly DocumentChange[], head: Cluster, diagnostics: readonly Diagnostic[]): Map<string, UnreadablePolicy> {
  const out = new Map<string, UnreadablePolicy>();
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return out;
  const held = new Set([...head.policies.map((p) => p.id), ...(head.clusterPolicies ?? []).map((p) => p.id)]);
  for (const c of changes) {
    if (c.change !== 'edited' || !c.head) continue;
    const doc = c.head;
    // The error may sit on the line after the document (the end of the stream).
    const inDoc = errors.filter((d) => d.ref.file === doc.file && d.ref.line >= doc.startLine && d.ref.line <= doc.endLine + 1);
    if (inDoc.length === 0) continue;
    // The error that says what is wrong, rather than the line that says the object is not applied.
    const cause = inDoc.find((d) => d.ref.line !== doc.startLine) ?? inDoc[0];
    for (const key of c.objects) {
      const id = policyId(key);
      if (id !== undefined && !held.has(id)) out.set(id, { kind: 'policy-unreadable', side: 'head', policy: id, ref: cause.ref, error: cause.message });
    }
  }
  return out;
}

/** The engine's policy id of a document object key (`NetworkPolicy/ns/name` → `ns/name`; cluster-wide kinds keep `Kind/name`). */
function policyId(key: string): string | undefined {
  const parts = key.split('/');
  const kind = parts[0];
  const name = parts[parts.length - 1];
  if (kind === 'NetworkPolicy' && parts.length === 3) return `${parts[1]}/${name}`;
  if (kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy' || kind === 'ClusterNetworkPolicy') return `${kind}/${name}`;
  return undefined;
}
