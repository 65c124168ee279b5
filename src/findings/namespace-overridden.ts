/**
 * NAMESPACE_OVERRIDDEN: a Kustomize `namespace:` (the overlay's or a base's) replaced the namespace a
 * NetworkPolicy document writes, so the policy applies to another namespace's pods than its author named
 * (kubeflow/manifests 253043e9c: policies written for auth, cert-manager … all deployed in kubeflow). The
 * renderer reports the move (KUSTOMIZE_NAMESPACE_REPLACED, kustomize/namespace-moves.ts); this judges it
 * on the built cluster. A notice; a warning when, moved, the policy selects no workload of a namespace
 * whose workloads the manifests hold, or a rule still names the written namespace by its
 * `kubernetes.io/metadata.name` label (written to mean "my namespace", it now admits another one).
 * In a diff it is new when base lacked it or the change adds or edits the policy's document (index.ts).
 */
import type { Direction, LabelSelector, NetworkPolicy, PodPeer } from '../engine/model.js';
import { plural } from '../util/plural.js';
import { DIRECTIONS, NAMESPACE_NAME_LABEL } from '../engine/model.js';
import { bracedSelectorText, matches } from '../engine/selectors.js';
import { policyName, policyTerms } from '../engine/policy-terms.js';
import type { NamespaceMove } from '../manifests/diagnostics.js';
import { replacementText } from '../manifests/diagnostics.js';
import type { FindingInput } from './context.js';
import { finding, real } from './context.js';
import type { Finding } from './types.js';
import { findingKey } from './types.js';

export function namespaceOverriddenFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const byId = new Map(conn.cluster.policies.map((p) => [p.id, p]));
  const out = new Map<string, Finding>();
  for (const d of input.diagnostics) {
    const move = d.code === 'KUSTOMIZE_NAMESPACE_REPLACED' ? d.namespaceMove : undefined;
    if (!move) continue;
    const policy = byId.get(move.policy);
    const harm = policy ? [selectsNothing(input, policy, move), namesWritten(policy, move.written)].filter((s) => s !== undefined) : [];
    const f = finding('NAMESPACE_OVERRIDDEN', {
      message: `${policyName(move.policy)} is written for namespace ${move.written} (metadata.namespace), but ${replacementText(move)}, so it applies to the pods of ${move.namespace}, not of ${move.written}${harm.length ? `; ${harm.join('; ')}` : ''}.`,
      ref: d.ref,
      subject: move.policy,
      object: `${move.written} -> ${move.namespace} (${move.by.file})`,
      fix: `If the policy is for ${move.written}, ${move.field === 'targetNamespace' ? `deploy it with a Flux Kustomization whose targetNamespace: is ${move.written} (or that sets none)` : `list it in a kustomization whose namespace: is ${move.written} (or that sets none)`}; if it is for ${move.namespace}, write metadata.namespace: ${move.namespace} or leave it out.`,
    });
    const key = findingKey(f);
    if (!out.has(key)) out.set(key, harm.length ? { ...f, severity: 'warning' } : f);
  }
  return [...out.values()];
}

/** Moved, the policy selects no workload of a namespace whose workloads the manifests hold. */
function selectsNothing(input: FindingInput, policy: NetworkPolicy, move: NamespaceMove): string | undefined {
  const { conn } = input;
  if ((conn.compiled.subjectsOf.get(policy.id) ?? []).some((c) => !conn.index.classes[c].region)) return undefined;
  const local = real(conn.index.byNamespace.get(policy.namespace) ?? []);
  if (local.length === 0) return undefined;
  const count = local.reduce((n, c) => n + c.workloads.length, 0);
  const there = real(conn.index.byNamespace.get(move.written) ?? []).filter((c) => matches(policy.podSelector, c.podLabels));
  const wouldHave = there.reduce((n, c) => n + c.workloads.length, 0);
  const inWritten = wouldHave ? ` (it would select ${wouldHave} in ${move.written})` : '';
  return `there its ${policyTerms(policy).subject} ${bracedSelectorText(policy.podSelector)} selects none of the ${plural(count, 'workload')} of ${policy.namespace}${inWritten}`;
}

/** The first `from`/`to` entry whose namespaceSelector names the written namespace by its name label. */
function namesWritten(policy: NetworkPolicy, written: string): string | undefined {
  for (const direction of DIRECTIONS) {
    if (!policy.affects[direction]) continue;
    for (const rule of policy[direction]) {
      if (rule.peers === 'any') continue;
      const peer = rule.peers.find((p): p is PodPeer => p.kind === 'pods' && p.namespaces !== 'own' && namesNamespace(p.namespaces, written));
      if (peer) return `its ${ENTRY[direction]} entry at ${peer.ref.file}:${peer.ref.line} still selects namespace ${written} by name, now another namespace than its own`;
    }
  }
  return undefined;
}

const ENTRY: Readonly<Record<Direction, string>> = { ingress: 'ingress `from`', egress: 'egress `to`' };

/** `kubernetes.io/metadata.name: ns` in matchLabels, or that label `In` a list holding `ns`. */
function namesNamespace(s: LabelSelector, ns: string): boolean {
  return s.matchLabels[NAMESPACE_NAME_LABEL] === ns || s.expressions.some((r) => r.key === NAMESPACE_NAME_LABEL && r.op === 'In' && r.values.includes(ns));
}
