/**
 * PERMISSIVE_RULE for the Allow rules of the Admin and Baseline tiers: AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, ClusterNetworkPolicy (`Accept`), and Calico policies their tier and order place
 * there (a GlobalNetworkPolicy of order 100 decides before every NetworkPolicy). A peer of every namespace,
 * a network of every address, or (Calico) a rule naming no peer: the broad shapes permissive-rule.ts finds in
 * NetworkPolicy-tier rules. An Admin-tier Allow is final before any NetworkPolicy, so such a rule is broader
 * than the same peer in a NetworkPolicy, which the namespace's owner can still narrow. Cilium's tier rules
 * are its deny rules, never permissive. Semantics: network-policy-api v1alpha1 / v1alpha2 (docs/cluster-policies.md),
 * docs.tigera.io EntityRule (docs/calico.md).
 */
import type { ClusterPolicy, Direction, SourceRef, TierPeer, TierRule } from '../engine/model.js';
import { AddressSet } from '../engine/index.js';
import { bracedSelectorText, isEmptySelector, selectorText } from '../engine/selectors.js';
import { tierRuleName } from '../engine/policy-terms.js';
import { permissiveWords } from './permissive-words.js';
import { everyAddressOf } from './every-address.js';
import type { RuleWords, Said } from './permissive-words.js';
import { finding } from './context.js';
import type { Finding } from './types.js';

const WHO: Record<Direction, { verb: string; who: string }> = {
  ingress: { verb: 'admits', who: 'sources' },
  egress: { verb: 'allows traffic to', who: 'destinations' },
};

/**
 * One finding per broad peer of each Allow rule of `policies` (the model's cluster policies, every kind);
 * a Calico policy split into several parts (one per subject term) is said once per rule. Subject: the
 * policy as its kind and name (`AdminNetworkPolicy/wide`, a Calico part's id without its `#k`); object:
 * `direction:every-namespace:{pods}`, `direction:every-address:CIDRs` or `direction:allow-all` / `any-peer`.
 */
export function tierPermissiveFindings(policies: readonly ClusterPolicy[]): Finding[] {
  const out = new Map<string, Finding>();
  for (const p of policies) {
    if (p.kind.startsWith('Cilium') || p.calico?.endOfTier) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      p[direction].forEach((rule, index) => {
        if (rule.action !== 'Allow' || (rule.ports !== 'any' && rule.ports.length === 0)) return;
        for (const f of broadPeers(p, direction, rule, index)) out.set(`${f.subject}\0${f.object}\0${f.ref.file}:${f.ref.line}`, f);
      });
    }
  }
  return [...out.values()];
}

function broadPeers(p: ClusterPolicy, direction: Direction, rule: TierRule, index: number): Finding[] {
  const at = tierRuleName({ kind: p.kind, policy: p.id, rule: index, name: rule.name, calico: p.calico }, direction);
  const r: RuleWords = { at, direction, ...WHO[direction] };
  const calico = p.kind === 'CalicoNetworkPolicy' || p.kind === 'CalicoGlobalNetworkPolicy';
  const words = calico ? permissiveWords(p.kind) : clusterWideWords(p.tier);
  const subject = p.id.replace(/#\d+$/, '');
  const say = (said: Said, ref: SourceRef, object: string): Finding => finding('PERMISSIVE_RULE', { message: said.message, ref, subject, object: `${direction}:${object}`, fix: said.fix });
  if (calico && namesNoPeer(rule)) {
    const allPorts = rule.ports === 'any';
    return [say(words.anyPeer(r, allPorts), rule.ref, allPorts ? 'allow-all' : 'any-peer')];
  }
  const out: Finding[] = [];
  for (const peer of rule.peers) {
    if (peer.kind === 'pods' && isEmptySelector(peer.namespaces)) {
      const pods = isEmptySelector(peer.pods) ? 'every pod' : `pods with {${selectorText(peer.pods)}}`;
      out.push(say(words.everyNamespace(r, pods), peer.ref, `every-namespace:${bracedSelectorText(peer.pods)}`));
    } else if (peer.kind === 'networks' && peer.cidrs.some((c) => /\/0$/.test(c.trim()))) {
      const cidrs = peer.cidrs.map((c) => c.trim()).join(', ');
      // A Calico rule's `notNets` may leave out the private ranges (every-address.ts); the cluster-wide kinds have no exceptions.
      const reach = everyAddressOf(peer.block);
      if (reach.kind === 'public') continue;
      out.push(say(words.everyAddress(r, cidrs, reach.kind === 'most' ? reach.privateLeft : undefined), peer.ref, `every-address:${cidrs}`));
    }
  }
  return out;
}

/**
 * A Calico rule without `source` (ingress) or `destination` (egress) peers is read as every pod and every
 * address (manifests/kinds/calico-tiers.ts `EVERY_PEER`: both at the rule's own line).
 */
function namesNoPeer(rule: TierRule): boolean {
  const atRule = (x: TierPeer) => x.ref.file === rule.ref.file && x.ref.line === rule.ref.line;
  return (
    rule.peers.length === 2 &&
    rule.peers.some((x) => x.kind === 'pods' && atRule(x) && isEmptySelector(x.namespaces) && isEmptySelector(x.pods)) &&
    rule.peers.some((x) => x.kind === 'networks' && atRule(x) && x.block.equals(AddressSet.ALL))
  );
}

/** What the rule's tier means for its reach, said after the message. */
const TIER_NOTE: Record<ClusterPolicy['tier'], string> = {
  Admin: ' It is an Admin-tier Allow: final before every NetworkPolicy, which cannot narrow it.',
  NetworkPolicy: ' It is an Allow after the NetworkPolicies: it adds to what they allow.',
  Baseline: ' It is a Baseline-tier Allow: it applies where no NetworkPolicy selects the pod.',
};

/** The words of AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy peers (`namespaces`, `pods`, `networks`). */
function clusterWideWords(tier: ClusterPolicy['tier']): ReturnType<typeof permissiveWords> {
  return {
    // The CRDs require at least one peer: a rule never names none.
    anyPeer: ({ at, verb }) => ({ message: `${at} ${verb} every pod and every address.${TIER_NOTE[tier]}`, fix: 'Name the peers that need it.' }),
    everyNamespace: ({ at, verb }, pods) => ({
      message: `${at} ${verb} ${pods} of every namespace (an empty namespace selector), including ones created later.${TIER_NOTE[tier]}`,
      fix: 'Name the namespaces that need it with a namespace selector on their labels (e.g. kubernetes.io/metadata.name).',
    }),
    everyAddress: ({ at, verb }, cidrs) => ({
      message: `${at} ${verb} every address (networks ${cidrs}), pods included: a network of a whole address family covers every pod.${TIER_NOTE[tier]}`,
      fix: 'Narrow `networks` to the address ranges that need it.',
    }),
  };
}
