/**
 * PERMISSIVE_RULE: a rule that admits every namespace (`namespaceSelector: {}`), every address
 * (`0.0.0.0/0`, `::/0`, or no `from`/`to` at all; not once its `except` leaves out the private ranges:
 * every-address.ts), or every port of a sensitive workload. In a diff it is
 * new when the pull request adds or widens such a rule (its identity is the policy, direction and peer).
 */
import type { CompiledRule } from '../engine/compile.js';
import type { Connectivity } from '../engine/connectivity.js';
import type { Direction, SourceRef, Workload } from '../engine/model.js';
import { isEmptySelector, matches, selectorText } from '../engine/selectors.js';
import { policyTerms, policyName } from '../engine/policy-terms.js';
import type { WorkloadMatch } from './config.js';
import type { FindingInput } from './context.js';
import type { RuleWords, Said } from './permissive-words.js';
import { permissiveWords } from './permissive-words.js';
import { everyAddressOf } from './every-address.js';
import { finding, podPeerText } from './context.js';
import { tierPermissiveFindings } from './permissive-tier-rule.js';
import type { Finding } from './types.js';

const WHO: Record<Direction, { verb: string; who: string }> = {
  ingress: { verb: 'admits', who: 'sources' },
  egress: { verb: 'allows traffic to', who: 'destinations' },
};

export function permissiveRuleFindings(input: FindingInput): Finding[] {
  const { conn, config } = input;
  const sensitive = sensitiveWorkloads(conn, config.sensitive);
  const out: Finding[] = [];
  for (const rule of conn.compiled.rules) {
    // A rule that lists no port (a Cilium toPorts whose entries list none, ICMP only) allows nothing: not broad.
    if (rule.rule.ports !== 'any' && rule.rule.ports.length === 0) continue;
    out.push(...broadPeers(rule));
    if (rule.rule.ports === 'any' && sensitive.size > 0) out.push(...everyPortOnSensitive(conn, rule, sensitive));
  }
  // The Admin and Baseline tiers' Allow rules (AdminNetworkPolicy, Calico policies ordered before the NetworkPolicies …).
  out.push(...tierPermissiveFindings(conn.cluster.clusterPolicies ?? []));
  return out;
}

/**
 * A rule naming no peer, a pod peer of every namespace, or an address peer of a whole address family
 * (`/0` among its CIDRs), said in its kind's fields (permissive-words.ts).
 */
function broadPeers(rule: CompiledRule): Finding[] {
  const { policy, direction, index } = rule;
  const words = permissiveWords(policy.kind);
  // The rule's words when it has a finding: most rules have none, and naming a policy reads its id with expressions.
  let ruleWords: RuleWords | undefined;
  const r = (): RuleWords => (ruleWords ??= { at: `${policyName(policy.id)} ${direction} rule ${index + 1}`, direction, ...WHO[direction] });
  const at = (said: Said, ref: SourceRef, object: string): Finding => finding('PERMISSIVE_RULE', { message: said.message, ref, subject: policy.id, object: `${direction}:${object}`, fix: said.fix });
  if (rule.rule.peers === 'any') {
    const allPorts = rule.rule.ports === 'any';
    return [at(words.anyPeer(r(), allPorts), rule.rule.ref, allPorts ? 'allow-all' : 'any-peer')];
  }
  const out: Finding[] = [];
  for (const peer of rule.rule.peers) {
    if (peer.kind === 'pods' && peer.namespaces !== 'own' && isEmptySelector(peer.namespaces)) {
      const pods = isEmptySelector(peer.pods) ? 'every pod' : `pods with {${selectorText(peer.pods)}}`;
      out.push(at(words.everyNamespace(r(), pods, peer.namespaceSelectorWritten), peer.ref, `every-namespace:${podPeerText(peer)}`));
    } else if (peer.kind === 'ipBlock' && /\/0(,|$)/.test(peer.cidr.trim())) {
      // A peer may write several CIDRs (`0.0.0.0/0, ::/0` for Cilium's `world`, Calico's `nets`): any /0 among them.
      // Its exceptions may leave out the private ranges (internet only): then it is narrowed as the fix asks.
      const reach = everyAddressOf(peer.block);
      if (reach.kind === 'public') continue;
      out.push(at(words.everyAddress(r(), peer.cidr, reach.kind === 'most' ? reach.privateLeft : undefined), peer.ref, `every-address:${peer.cidr.trim()}`));
    }
  }
  return out;
}

/** A rule without `ports` that reaches a sensitive workload: ingress on it, or egress toward it. */
function everyPortOnSensitive(conn: Connectivity, rule: CompiledRule, sensitive: ReadonlyMap<number, Workload[]>): Finding[] {
  const classes = rule.direction === 'ingress' ? (rule.rule.peers === 'any' || rule.peerClasses.length > 0 || !rule.peerAddresses.isEmpty() ? conn.compiled.subjectsOf.get(rule.policy.id) ?? [] : []) : rule.peerClasses;
  const out: Finding[] = [];
  for (const c of classes) {
    for (const w of sensitive.get(c) ?? []) {
      out.push(
        finding('PERMISSIVE_RULE', {
          message: `${policyName(rule.policy.id)} ${rule.direction} rule ${rule.index + 1} has no \`${policyTerms(rule.policy).ports}\`: it ${rule.direction === 'ingress' ? 'opens every port of' : 'allows every port toward'} the sensitive workload ${w.id}.`,
          ref: rule.rule.ref,
          subject: rule.policy.id,
          object: `${rule.direction}:every-port:${w.id}`,
          fix: `List the ports ${w.id} serves under \`${policyTerms(rule.policy).ports}\`.`,
        }),
      );
    }
  }
  return out;
}

/** Classes holding a workload that a `sensitive` entry matches, with those workloads. */
function sensitiveWorkloads(conn: Connectivity, entries: readonly WorkloadMatch[]): Map<number, Workload[]> {
  const out = new Map<number, Workload[]>();
  if (entries.length === 0) return out;
  for (const c of conn.index.classes) {
    const hit = entries.some((e) => (e.namespace === undefined || e.namespace === c.namespace) && (e.podLabels === undefined || matches({ matchLabels: e.podLabels, expressions: [] }, c.podLabels)));
    if (hit) out.set(c.index, c.workloads);
  }
  return out;
}
