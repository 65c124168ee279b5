/**
 * PERMISSIVE_RULE on a Calico policy's Allow rule, said in Calico's fields (projectcalico.org/v3 Rule and
 * EntityRule: `source` / `destination`, `selector`, `namespaceSelector`, `nets`): a rule naming no peer, a
 * peer of every namespace, or `nets` of a whole address family. Same identities as permissive-rule.ts.
 */
import type { CompiledRule } from '../engine/compile.js';
import { isEmptySelector, selectorText } from '../engine/selectors.js';
import { shownPolicy } from '../engine/policy-terms.js';
import { finding, podPeerText } from './context.js';
import type { Finding } from './types.js';

export function calicoBroadPeers(rule: CompiledRule): Finding[] {
  const { policy, direction, index } = rule;
  const at = `${shownPolicy(policy.id)} ${direction} rule ${index + 1}`;
  const field = direction === 'ingress' ? 'source' : 'destination';
  const verb = direction === 'ingress' ? 'admits' : 'allows traffic to';
  const who = direction === 'ingress' ? 'sources' : 'destinations';
  if (rule.rule.peers === 'any') {
    const allPorts = rule.rule.ports === 'any';
    return [
      finding('PERMISSIVE_RULE', {
        message: `${at} names no peer in \`${field}\` (no selector, namespaceSelector or nets): it ${verb} every pod and every address${allPorts ? ' on every port (allow-all)' : ' on its ports'}.`,
        ref: rule.rule.ref,
        subject: policy.id,
        object: `${direction}:${allPorts ? 'allow-all' : 'any-peer'}`,
        fix: `List the ${who} that need it under \`${field}\` (selector, namespaceSelector or nets).`,
      }),
    ];
  }
  const out: Finding[] = [];
  for (const peer of rule.rule.peers) {
    if (peer.kind === 'pods' && peer.namespaces !== 'own' && isEmptySelector(peer.namespaces)) {
      const pods = isEmptySelector(peer.pods) ? 'every pod' : `pods with {${selectorText(peer.pods)}}`;
      out.push(
        finding('PERMISSIVE_RULE', {
          message: `${at} selects ${pods} of every namespace (\`namespaceSelector: all()\`, or a GlobalNetworkPolicy selector without namespaceSelector), including ones created later.`,
          ref: peer.ref,
          subject: policy.id,
          object: `${direction}:every-namespace:${podPeerText(peer)}`,
          fix: `Name the namespaces that need it with a namespaceSelector (e.g. projectcalico.org/name == 'web').`,
        }),
      );
    } else if (peer.kind === 'ipBlock' && /\/0(,|$)/.test(peer.cidr.trim())) {
      out.push(
        finding('PERMISSIVE_RULE', {
          message: `${at} matches every address outside the cluster (nets ${peer.cidr}): it ${verb} all of them.`,
          ref: peer.ref,
          subject: policy.id,
          object: `${direction}:every-address:${peer.cidr.trim()}`,
          fix: 'Narrow `nets` to the ranges that need it, or add `notNets` for private ranges.',
        }),
      );
    }
  }
  return out;
}
