/**
 * A change one cluster-wide rule decided (analysis/tier-change.ts) in that rule's terms, for the headline:
 * `opens [namespace with {pci=true}]/[all pods] (payments/api, payments/postgres today) to entire-cluster on
 * any port (AdminNetworkPolicy vendor-scanner ingress rule 1 "allow-scanner", platform/anp.yaml:56)`; a rule
 * that no longer applies: `opens egress from … to 0.0.0.0/0 on any port: AdminNetworkPolicy eu-deny egress rule
 * 1 no longer denies them (base:clusters/eu/gdpr.yaml:11)`. The subject is the policy's (`subject`), the
 * workloads of the pairs on its side named as what it holds today; the peers are the rule's as written.
 */
import type { Highlight } from '../analysis/highlights.js';
import type { TierChange } from '../analysis/tier-change.js';
import type { PeerRef, TierPeer } from '../engine/index.js';
import { abstractPeer, tierRuleName } from '../engine/index.js';
import { andList, firstAndMore } from '../util/and-list.js';
import type { PeerLabel } from './peer-label.js';
import { portsText } from './ports-text.js';

/** How many workloads the subject's brackets name before counting the rest. */
const TODAY_NAMED = 3;

/** The sentence, lower-case first; `tags`: the destinations' sensitivity tags as the headline writes them (` (PCI)`). */
export function tierChangeText(h: Pick<Highlight, 'srcs' | 'dsts' | 'conn'>, t: TierChange, label: PeerLabel, tags = ''): string {
  const { what, name, at } = tierChangeParts(h, t, label, tags);
  if (t.form === 'allows' || t.form === 'denies') return `${what} (${name}, ${at})`;
  return `${what}: ${name} ${t.form} them (${at})`;
}

/**
 * The grouped summary's line, the rule first as a cause's line names its policy: `AdminNetworkPolicy
 * vendor-scanner ingress rule 1 "allow-scanner" (anp.yaml:56): opens … on any port (77 paths)`; a rule that
 * no longer applies: `… (base:banp.yaml:10) no longer applies: opens …`.
 */
export function tierSummaryText(h: Pick<Highlight, 'srcs' | 'dsts' | 'conn'>, t: TierChange, label: PeerLabel, paths: number): string {
  const { what, name, at } = tierChangeParts(h, t, label);
  return `${name} (${at})${t.form === 'allows' || t.form === 'denies' ? '' : ' no longer applies'}: ${what} (${paths.toLocaleString('en-US')} path${paths === 1 ? '' : 's'})`;
}

/** What changed (`opens S to P on ports`), the rule's name and its line. */
function tierChangeParts(h: Pick<Highlight, 'srcs' | 'dsts' | 'conn'>, t: TierChange, label: PeerLabel, tags = ''): { what: string; name: string; at: string } {
  const ingress = t.direction === 'ingress';
  const ends = ingress ? h.dsts : h.srcs;
  const held = [...new Set(ends.filter((e) => e.type === 'workload').map(label))].sort();
  const subject = `${label({ type: 'pods', peer: t.subject })}${held.length ? ` (${firstAndMore(held, TODAY_NAMED)} today)` : ''}${ingress ? tags : ''}`;
  const rule = t.policy[t.direction][t.rule];
  const peers = andList(rule.peers.map((x) => peerText(x, label)));
  const name = tierRuleName({ kind: t.policy.kind, policy: t.policy.id, rule: t.rule, ...(rule.name ? { name: rule.name } : {}), ...(t.policy.calico ? { calico: t.policy.calico } : {}) }, t.direction);
  const at = `${t.side === 'base' ? 'base:' : ''}${t.ref.file}:${t.ref.line}`;
  const opens = t.form === 'allows' || t.form === 'no longer denies';
  const verb = opens ? (ingress ? 'opens' : 'opens egress from') : ingress ? 'closes' : 'closes egress from';
  return { what: `${verb} ${subject} to ${peers} on ${portsText(h.conn)}`, name, at };
}

/**
 * A rule peer as written: the pods or addresses it names, in the peer notation the report's lines use (every pod
 * of every namespace is `entire-cluster` there and here: new-user 49 #4, two terms for one set of pods).
 */
function peerText(x: TierPeer, label: PeerLabel): string {
  switch (x.kind) {
    case 'pods':
      return label({ type: 'pods', peer: abstractPeer(x.namespaces, x.pods) });
    case 'networks':
      return label({ type: 'external', addresses: x.block } as PeerRef) || x.cidrs.join(', ');
    case 'domains':
      return x.names.join(', ');
    case 'nodes':
      return 'nodes';
    case 'sameLabels':
    case 'notSameLabels':
      return `namespaces with ${x.kind === 'sameLabels' ? 'the same' : 'other'} ${x.keys.join(', ')} as theirs`;
  }
}

