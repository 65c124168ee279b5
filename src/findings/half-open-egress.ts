/**
 * HALF_OPEN_EGRESS: an egress entry toward pods whose ingress admits none of it from the rule's own pods.
 * Both sides must allow a connection, so the egress allow is useless until the destination admits it.
 * Judged per `to` entry, over the destinations the manifests hold; an entry is half-open only when every
 * destination it reaches on its ports is isolated for ingress and admits nothing from any of the subjects.
 */
import type { CompiledRule } from '../engine/compile.js';
import type { Connectivity } from '../engine/connectivity.js';
import { classConn, isFree } from '../engine/connectivity.js';
import type { PodPeer } from '../engine/model.js';
import type { PodClass } from '../engine/peer-classes.js';
import { inBuildOrder, indexParts, selectInNamespace, selectNamespaces } from '../engine/peer-classes.js';
import { selectorText } from '../engine/selectors.js';
import { policyName, policyTerms } from '../engine/policy-terms.js';
import type { FindingInput } from './context.js';
import { finding, podPeerText } from './context.js';
import type { Finding } from './types.js';

export function halfOpenEgressFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const out: Finding[] = [];
  for (const rule of conn.compiled.rules) {
    if (rule.direction !== 'egress' || rule.rule.peers === 'any' || rule.fromAnyPod) continue;
    const subjects = ownPods(conn, rule);
    if (subjects.length === 0) continue;
    for (const peer of rule.rule.peers) {
      if (peer.kind !== 'pods') continue;
      const refused = refusingDestinations(conn, rule, peer, subjects);
      if (refused.length === 0) continue;
      const peerText = podPeerText(peer, policyTerms(rule.policy));
      const shown = shownWorkloads(refused);
      // The rule's own pods are the policy's podSelector in its namespace (the policy's name is no workload's).
      const selector = selectorText(rule.policy.podSelector);
      const own = selector === '{}' ? `every pod of namespace ${rule.policy.namespace}` : `${selector} in namespace ${rule.policy.namespace}`;
      const ownPods = selector === '{}' ? `every pod of namespace ${rule.policy.namespace}` : `the pods with ${selector} of namespace ${rule.policy.namespace}`;
      out.push(
        finding('HALF_OPEN_EGRESS', {
          message: `${policyName(rule.policy.id)} egress rule ${rule.index + 1} allows traffic to ${peerText}, but the ingress of ${shown} admits none of it from the pods it selects (${own}), so this allow is useless.`,
          ref: peer.ref,
          subject: rule.policy.id,
          object: `egress:${peerText}`,
          fix: `Add an ingress rule on the destination admitting ${ownPods} on those ports, or remove this egress entry.`,
        }),
      );
    }
  }
  return out;
}

/**
 * The refusing destinations' workloads as the message names them: two, then how many more (a rule over a
 * namespace reaches thousands of workloads; only the first two ids are read).
 */
function shownWorkloads(refused: readonly PodClass[]): string {
  const first: string[] = [];
  let count = 0;
  for (const c of refused) {
    for (let i = 0; i < c.workloads.length && first.length < 2; i++) first.push(c.workloads[i].id);
    count += c.workloads.length;
  }
  return count <= 2 ? first.join(' and ') : `${first.join(', ')} and ${count - 2} more`;
}

/**
 * The classes of the rule's own pods the finding judges: the workloads the policy selects. Label-space
 * regions standing for pods defined elsewhere are cut finely only where a diff's change reaches
 * (engine/regions.ts), so judging them would make a finding come and go with unrelated edits.
 */
function ownPods(conn: Connectivity, rule: CompiledRule): readonly number[] {
  return (conn.compiled.subjectsOf.get(rule.policy.id) ?? []).filter((c) => !conn.index.classes[c].region);
}

/** The destinations the entry reaches on its ports, when every one of them refuses every subject; else none. */
function refusingDestinations(conn: Connectivity, rule: CompiledRule, peer: PodPeer, subjects: readonly number[]): PodClass[] {
  // Regions are not judged: the workloads' own index (an index with regions extends it, numbered alike)
  // selects the same workload classes in the same order without the regions'.
  const index = indexParts(conn.index)?.plain ?? conn.index;
  const namespaces = peer.namespaces === 'own' ? [rule.policy.namespace] : selectNamespaces(index, peer.namespaces);
  const reached: PodClass[] = [];
  for (const ns of namespaces) {
    // In the order a fresh index numbers them (the first two are named): an index extended by added workloads numbers theirs last.
    for (const dst of inBuildOrder(index, selectInNamespace(index, ns, peer.pods))) {
      if (dst.region) continue;
      const ports = rule.conns(dst);
      if (ports.isEmpty()) continue;
      if (isFree(conn, 'ingress', dst.index)) return [];
      for (const s of subjects) if (!classConn(conn, s, dst.index).intersect(ports).isEmpty()) return [];
      reached.push(dst);
    }
  }
  return reached;
}
