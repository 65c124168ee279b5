/**
 * PERMISSIVE_RULE: a rule that admits every namespace (`namespaceSelector: {}`), every address
 * (`0.0.0.0/0`, `::/0`, or no `from`/`to` at all), or every port of a sensitive workload. In a diff it is
 * new when the pull request adds or widens such a rule (its identity is the policy, direction and peer).
 */
import type { CompiledRule } from '../engine/compile.js';
import type { Connectivity } from '../engine/connectivity.js';
import type { Direction, Workload } from '../engine/model.js';
import { isEmptySelector, matches, selectorText } from '../engine/selectors.js';
import { CILIUM_PEER_FIELDS, policyTerms, shownPolicy } from '../engine/policy-terms.js';
import type { WorkloadMatch } from './config.js';
import type { FindingInput } from './context.js';
import { calicoBroadPeers } from './calico-permissive.js';
import { finding, podPeerText } from './context.js';
import type { Finding } from './types.js';

const WHO: Record<Direction, { peers: string; verb: string }> = {
  ingress: { peers: 'from', verb: 'admits' },
  egress: { peers: 'to', verb: 'allows traffic to' },
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
  return out;
}

function broadPeers(rule: CompiledRule): Finding[] {
  const { policy, direction, index } = rule;
  if (policy.kind === 'CalicoNetworkPolicy' || policy.kind === 'CalicoGlobalNetworkPolicy') return calicoBroadPeers(rule);
  const at = `${shownPolicy(policy.id)} ${direction} rule ${index + 1}`;
  const { peers, verb } = WHO[direction];
  // A Cilium policy's rule is said in its own fields (fromEndpoints, toPorts, toEntities …), not a NetworkPolicy's.
  const words = policy.kind === 'CiliumNetworkPolicy' || policy.kind === 'CiliumClusterwideNetworkPolicy' ? ciliumWords(direction) : undefined;
  if (rule.rule.peers === 'any') {
    const allPorts = rule.rule.ports === 'any';
    return [
      finding('PERMISSIVE_RULE', {
        message: words
          ? `${at} has no ${words.peerFields} (only \`toPorts\`): it ${verb} every pod of every namespace and every address on its ports.`
          : allPorts
            ? `${at} has no \`${peers}\` and no \`ports\`: it ${verb} every pod and every address on every port (allow-all).`
            : `${at} has no \`${peers}\`: it ${verb} every pod of every namespace and every address on its ports.`,
        ref: rule.rule.ref,
        subject: policy.id,
        object: `${direction}:${allPorts ? 'allow-all' : 'any-peer'}`,
        fix: words
          ? `List the ${direction === 'ingress' ? 'sources' : 'destinations'} that need it under ${words.peerFields}.`
          : `List the ${direction === 'ingress' ? 'sources' : 'destinations'} that need it under \`${peers}\` (podSelector, namespaceSelector or ipBlock).`,
      }),
    ];
  }
  const out: Finding[] = [];
  for (const peer of rule.rule.peers) {
    if (peer.kind === 'pods' && peer.namespaces !== 'own' && isEmptySelector(peer.namespaces)) {
      const pods = isEmptySelector(peer.pods) ? 'every pod' : `pods with {${selectorText(peer.pods)}}`;
      out.push(
        finding('PERMISSIVE_RULE', {
          message: words
            ? `${at} selects ${pods} of every namespace (\`${words.fields.entities}: [cluster]\`, or a selector with no \`io.kubernetes.pod.namespace\`${policy.kind === 'CiliumClusterwideNetworkPolicy' ? ' in a CiliumClusterwideNetworkPolicy' : ' constraint'}), including ones created later.`
            : `${at} uses \`namespaceSelector: {}\`: it ${verb} ${pods} of every namespace, including ones created later.`,
          ref: peer.ref,
          subject: policy.id,
          object: `${direction}:every-namespace:${podPeerText(peer)}`,
          fix: words
            ? 'Name the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.'
            : 'Name the namespaces that need it with a namespaceSelector on their labels (e.g. kubernetes.io/metadata.name).',
        }),
      );
    } else if (peer.kind === 'ipBlock' && /\/0$/.test(peer.cidr.trim())) {
      out.push(
        finding('PERMISSIVE_RULE', {
          message: words
            ? `${at} selects every address outside the cluster (${peer.cidr}: \`${words.fields.entities}: [world]\` or a /0 CIDR): it ${verb} all of them.`
            : `${at} uses ipBlock ${peer.cidr}: it ${verb} every address outside the cluster.`,
          ref: peer.ref,
          subject: policy.id,
          object: `${direction}:every-address:${peer.cidr.trim()}`,
          fix: words
            ? `Narrow it to the ranges that need it (\`${words.fields.cidrSet}\` with \`except\` for private ranges${direction === 'egress' ? ', or `toFQDNs`' : ''}).`
            : 'Narrow the ipBlock to the address ranges that need it, or add `except` for private ranges.',
        }),
      );
    }
  }
  return out;
}

/** The fields a Cilium rule names its peers in, for the messages above. */
function ciliumWords(direction: Direction): { fields: (typeof CILIUM_PEER_FIELDS)[Direction]; peerFields: string } {
  const fields = CILIUM_PEER_FIELDS[direction];
  return { fields, peerFields: `\`${fields.endpoints}\`, \`${fields.cidr}\` or \`${fields.entities}\`` };
}

/** A rule without `ports` that reaches a sensitive workload: ingress on it, or egress toward it. */
function everyPortOnSensitive(conn: Connectivity, rule: CompiledRule, sensitive: ReadonlyMap<number, Workload[]>): Finding[] {
  const classes = rule.direction === 'ingress' ? (rule.rule.peers === 'any' || rule.peerClasses.length > 0 || !rule.peerAddresses.isEmpty() ? conn.compiled.subjectsOf.get(rule.policy.id) ?? [] : []) : rule.peerClasses;
  const out: Finding[] = [];
  for (const c of classes) {
    for (const w of sensitive.get(c) ?? []) {
      out.push(
        finding('PERMISSIVE_RULE', {
          message: `${shownPolicy(rule.policy.id)} ${rule.direction} rule ${rule.index + 1} has no \`${policyTerms(rule.policy).ports}\`: it ${rule.direction === 'ingress' ? 'opens every port of' : 'allows every port toward'} the sensitive workload ${w.id}.`,
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
