/**
 * POLICY_SELECTS_NOTHING: the policy's podSelector picks no workload. Fires when the selector contradicts
 * itself (it selects no pod at all: the policy has no effect), or when its namespace has workloads in the
 * manifests and none matches (often a typo; but pods the manifests do not hold — made by an operator from a
 * custom resource, a chart or another repository — may carry the labels, and the policy decides their
 * traffic, which the diff reports as the abstract peer `ns/[pod with {…}]`: it has no effect on the
 * manifests' workloads only; real-eval 8, kube-prometheus ea158da2 said "so it has no effect" beside 5
 * closed paths of Alertmanager pods). A namespace with no workloads here is not judged, nor one where a Helm
 * release not read installs pods (a chart not rendered: real-eval 24, the app-template releases read beside an
 * unrendered kube-prometheus-stack made every Prometheus selector of observability "select nothing"), nor a
 * selector that may mean the pods an operator makes from a custom resource of the namespace (a CloudNativePG
 * Cluster's `cnpg.io/cluster: orders`: real-eval 26, findings/operator-pods.ts), nor a selector whose
 * pods a Service of the namespace fronts (service-backed.ts: they are meant to exist).
 */
import { abstractPeer } from '../engine/abstract-peers.js';
import { bracedSelectorText, selectorText } from '../engine/selectors.js';
import { policyTerms, publicPolicyId, scopedPolicyId, policyName } from '../engine/policy-terms.js';
import type { FindingInput } from './context.js';
import { finding, real } from './context.js';
import { contradiction, neverTogether, sameValueOtherKey } from './selector-hints.js';
import { serviceExpecting } from './service-backed.js';
import { operatorMayMake } from './operator-pods.js';
import type { Finding } from './types.js';
import type { NetworkPolicy } from '../engine/model.js';

/** Whether a policy id is a cluster-scoped policy's copy in one namespace (`ns/name[CalicoGlobalNetworkPolicy]`). */
const isCopy = (id: string): boolean => scopedPolicyId(id) !== publicPolicyId(id);

export function policySelectsNothingFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const out: Finding[] = [];
  const selects = (policy: NetworkPolicy) => (conn.compiled.subjectsOf.get(policy.id) ?? []).some((c) => !conn.index.classes[c].region);
  // A CiliumClusterwideNetworkPolicy's or Calico GlobalNetworkPolicy's copies (one per namespace, engine/cluster-scope.ts)
  // are one object: it selects something when any copy does, and selecting nothing it is told once, at its first copy.
  const copies = new Map<string, NetworkPolicy[]>();
  for (const policy of conn.cluster.policies) {
    if (!isCopy(policy.id)) continue;
    const part = scopedPolicyId(policy.id);
    copies.set(part, [...(copies.get(part) ?? []), policy]);
  }
  const judged = new Set<string>();
  for (const policy of conn.cluster.policies) {
    const group = isCopy(policy.id) ? copies.get(scopedPolicyId(policy.id))! : [policy];
    if (group.some(selects) || judged.has(scopedPolicyId(policy.id))) continue;
    const local = real(group.flatMap((p) => conn.index.byNamespace.get(p.namespace) ?? []));
    const contradicts = contradiction(policy.podSelector);
    // Nor one where a Helm release not read installs pods (Cluster.unreadReleaseNamespaces): they may be the policy's.
    if (!contradicts && (local.length === 0 || group.some((p) => conn.cluster.unreadReleaseNamespaces?.includes(p.namespace)))) continue;
    // Nor a selector that may mean the pods an operator makes from a custom resource of the namespace (operator-pods.ts).
    if (!contradicts && group.some((p) => operatorMayMake(conn, p.namespace, p.podSelector))) continue;
    // Pods a Service of the namespace fronts are meant to exist, made elsewhere (service-backed.ts): the policy is for them.
    if (!contradicts && group.some((p) => serviceExpecting(conn, p.namespace, p.podSelector))) continue;
    // Or a label the namespace's workloads carry under another key (`app=api` for a chart's `app.kubernetes.io/name=api`).
    const cause = contradicts ?? neverTogether(policy.podSelector, local.map((c) => c.podLabels)) ?? sameValueOtherKey(policy.podSelector, local, (c) => c.podLabels, (c) => c.workloads[0].id);
    const count = local.reduce((n, c) => n + c.workloads.length, 0);
    judged.add(scopedPolicyId(policy.id));
    const where = [...new Set(local.map((c) => c.workloads[0].namespace))].sort().join(', ');
    const name = policyName(policy.id);
    const field = policyTerms(policy).subject;
    out.push(
      finding('POLICY_SELECTS_NOTHING', {
        message: contradicts
          ? `${name} selects no pod (${field} ${bracedSelectorText(policy.podSelector)}: ${contradicts}), so it has no effect.`
          : `${name} selects no workload of the manifests (${field} ${bracedSelectorText(policy.podSelector)}${cause ? `: ${cause}` : ` matches none of the ${count} in ${where}`}), so it applies only to pods they do not hold (made by an operator, a chart or another repository: ${abstractPeer(policy.namespace, policy.podSelector).id} in diff).`,
        ref: policy.ref,
        subject: policy.id,
        object: selectorText(policy.podSelector),
        fix: contradicts
          ? `Correct spec.${field} to the labels the intended pods carry (a selector requires every label it lists).`
          : `Correct spec.${field} to the labels the intended pods carry (a selector requires every label it lists), unless pods from elsewhere carry them.`,
      }),
    );
  }
  return out;
}
