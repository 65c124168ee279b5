/**
 * Half-open rules: a connection needs the source's egress and the destination's ingress to allow it
 * (NetworkPolicy: "both the egress policy on the source pod and the ingress policy on the destination pod
 * need to allow the connection"), so an allow on one side is useless while the other side refuses it.
 * - HALF_OPEN_EGRESS: an egress entry toward pods whose ingress admits none of it from the rule's own pods.
 * - HALF_OPEN_INGRESS: an ingress entry from pods whose egress allows none of it toward the rule's own pods.
 * Judged per `to` / `from` entry, over the peers the manifests hold: an entry is half-open only when every
 * peer it reaches on its ports is isolated in the other direction and that side (all tiers of it) allows
 * none of those ports with any of the rule's pods. Nor when that side would admit them through addresses that
 * may hold pod IPs (a NetworkPolicy's ipBlock, a Calico policy's `nets` in any tier, an AdminNetworkPolicy's
 * `networks`) reached before what refused them: reachdiff reads those as addresses outside the cluster (README,
 * Limitations), but Calico and other CNIs match pod IPs against them, so "allows none of it" would often be false
 * there. Which rules count is the unproven quiet change's test (analysis/pod-address-rules.ts), so a finding never
 * states as a fact what a quiet change says is not proven. Cilium's CIDR rules never select its own endpoints
 * (identities decide), so a Cilium policy's are not counted.
 */
import type { CompiledRule } from '../engine/compile.js';
import type { ConnectionSet } from '../engine/connection-set.js';
import type { Connectivity } from '../engine/connectivity.js';
import { isFree } from '../engine/connectivity.js';
import type { Direction, PodPeer, SourceRef } from '../engine/model.js';
import type { PodClass } from '../engine/peer-classes.js';
import { inBuildOrder, indexParts, selectInNamespace, selectNamespaces } from '../engine/peer-classes.js';
import { matchesPodsByAddress, podAddresses } from '../engine/pod-addresses.js';
import type { AddressSet } from '../engine/address-set.js';
import { explainPair } from '../engine/explain-pair.js';
import type { PeerRef } from '../engine/peers.js';
import { podAddressRules, tierRulesOf } from '../analysis/pod-address-rules.js';
import { selectorText } from '../engine/selectors.js';
import { policyName, policyTerms } from '../engine/policy-terms.js';
import type { FindingInput } from './context.js';
import { finding, podPeerText } from './context.js';
import { baseRecord, reachesChanged, recordOf } from './unchanged-from.js';
import type { Finding } from './types.js';

export function halfOpenEgressFindings(input: FindingInput): Finding[] {
  return halfOpenFindings(input, 'egress');
}

export function halfOpenIngressFindings(input: FindingInput): Finding[] {
  return halfOpenFindings(input, 'ingress');
}

const OTHER: Record<Direction, Direction> = { egress: 'ingress', ingress: 'egress' };

/**
 * The findings of every `direction` rule entry that selects pods and whose every reached peer refuses it on its
 * own other side. A rule of an unchanged namespace whose peers reach no changed namespace has base's findings
 * (unchanged-from.ts): it reads only its own pods and the workloads its peers reach, with their policies.
 */
function halfOpenFindings(input: FindingInput, direction: Direction): Finding[] {
  const { conn, unchangedFrom: from } = input;
  const kept = baseRecord(from)?.halfOpen[direction];
  const own = recordOf(conn).halfOpen[direction];
  const out: Finding[] = [];
  for (const rule of conn.compiled.rules) {
    if (rule.direction !== direction || rule.rule.peers === 'any' || rule.fromAnyPod) continue;
    const known = kept && from && !from.changed.has(rule.policy.namespace) ? kept.get(rule.policy)?.get(rule.index) : undefined;
    const found = known && !rule.rule.peers.some((p) => p.kind === 'pods' && reachesChanged(p, conn, from!)) ? known : ruleFindings(conn, rule);
    let byRule = own.get(rule.policy);
    if (!byRule) own.set(rule.policy, (byRule = new Map()));
    byRule.set(rule.index, found);
    for (let i = 0; i < found.length; i++) out.push(found[i]);
  }
  return out;
}

const NONE: readonly Finding[] = [];

/** The findings of one rule's pod peers, in their order. */
function ruleFindings(conn: Connectivity, rule: CompiledRule): readonly Finding[] {
  const subjects = ownPods(conn, rule);
  if (subjects.length === 0 || rule.rule.peers === 'any') return NONE;
  let out: Finding[] | undefined;
  for (const peer of rule.rule.peers) {
    if (peer.kind !== 'pods') continue;
    const refused = refusingPeers(conn, rule, peer, subjects);
    if (refused.length === 0) continue;
    (out ??= []).push(halfOpenFinding(rule, peer, shownWorkloads(refused), ends(conn, rule, subjects, refused), otherSideParts(conn, rule, subjects, refused)));
  }
  return out ?? NONE;
}

/** The finding's ends (Finding `ends`): the rule's own workloads and the refusing peers', by direction. */
function ends(conn: Connectivity, rule: CompiledRule, subjects: readonly number[], refused: readonly PodClass[]): Finding['ends'] {
  // Loops, not flatMap over maps: one array per end instead of one per class (~2,900 findings a side at 10k).
  const own: string[] = [];
  for (const c of subjects) for (const w of conn.index.classes[c].workloads) own.push(w.id);
  const peers: string[] = [];
  for (const c of refused) for (const w of c.workloads) peers.push(w.id);
  return rule.direction === 'egress' ? { sources: own, destinations: peers } : { sources: peers, destinations: own };
}

/**
 * The lines of the refusing side whose edit can make the finding (Finding `parts`, after the rule's own ports): the
 * `other`-direction rules of the refusing peers' policies, those whose peers select some of the rule's own pods first
 * (their ports, peers, then the rule's first line, whose block is the rule: a port entry deleted), then the peers of
 * the others (a peer edited away from those pods). So a finding the other side's edit made new (web's egress moved
 * from 6379 to 6380, data's ingress from web left alone) is cited at that edit, not at a line the change leaves alone.
 */
function otherSideParts(conn: Connectivity, rule: CompiledRule, subjects: readonly number[], refused: readonly PodClass[]): SourceRef[] {
  const other = OTHER[rule.direction];
  const own = new Set(subjects);
  const seen = new Set<CompiledRule>();
  const [selecting, rest]: SourceRef[][] = [[], []];
  for (const p of refused) {
    for (const r of conn.compiled.rulesOf[other][p.index]) {
      if (seen.has(r)) continue;
      seen.add(r);
      const peers = r.rule.peers === 'any' ? [] : r.rule.peers.map((x) => x.ref);
      if (r.peerClasses.some((c) => own.has(c))) selecting.push(...(r.rule.ports === 'any' ? [] : r.rule.ports.map((x) => x.ref)), ...peers, r.rule.ref);
      else rest.push(...peers);
    }
  }
  return [...selecting, ...rest];
}

function halfOpenFinding(rule: CompiledRule, peer: PodPeer, shown: string, ends: Finding['ends'], otherSide: readonly SourceRef[]): Finding {
  const peerText = podPeerText(peer, policyTerms(rule.policy));
  // The rule's own pods are the policy's podSelector in its namespace (the policy's name is no workload's).
  const selector = selectorText(rule.policy.podSelector);
  const own = selector === '{}' ? `every pod of namespace ${rule.policy.namespace}` : `${selector} in namespace ${rule.policy.namespace}`;
  const ownPods = selector === '{}' ? `every pod of namespace ${rule.policy.namespace}` : `the pods with ${selector} of namespace ${rule.policy.namespace}`;
  const where = `${policyName(rule.policy.id)} ${rule.direction} rule ${rule.index + 1}`;
  // The rule's ports decide with the peer what the allow is: an edit of them alone is an edit of the finding (Finding `parts`).
  // So do the refusing side's rules toward the rule's pods: an edit of theirs alone can make it too (otherSideParts).
  const parts = [...(rule.rule.ports === 'any' ? [] : rule.rule.ports.map((p) => p.ref)), ...otherSide];
  const common = { ref: peer.ref, subject: rule.policy.id, object: `${rule.direction}:${peerText}`, ends, ...(parts.length ? { parts } : {}) };
  if (rule.direction === 'egress') {
    return finding('HALF_OPEN_EGRESS', {
      ...common,
      message: `${where} allows traffic to ${peerText}, but the ingress of ${shown} admits none of it from the pods it selects (${own}), so this allow is useless.`,
      fix: `Add an ingress rule on the destination admitting ${ownPods} on those ports, or remove this egress entry.`,
    });
  }
  return finding('HALF_OPEN_INGRESS', {
    ...common,
    message: `${where} admits traffic from ${peerText}, but the egress of ${shown} allows none of it to the pods it selects (${own}), so this allow is useless.`,
    fix: `Add an egress rule on the source allowing traffic to ${ownPods} on those ports, or remove this ingress entry.`,
  });
}

/**
 * The refusing peers' workloads as the message names them: two, then how many more (a rule over a
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

/**
 * The peers the entry reaches on its ports, when every one of them refuses every subject on its own side
 * (its ingress for an egress rule, its egress for an ingress rule); else none. The ports are the rule's
 * toward the destination: the peer for an egress rule, each subject for an ingress rule (named ports are
 * the destination pod's).
 */
function refusingPeers(conn: Connectivity, rule: CompiledRule, peer: PodPeer, subjects: readonly number[]): PodClass[] {
  // Regions are not judged: the workloads' own index (an index with regions extends it, numbered alike)
  // selects the same workload classes in the same order without the regions'.
  const index = indexParts(conn.index)?.plain ?? conn.index;
  const namespaces = peer.namespaces === 'own' ? [rule.policy.namespace] : selectNamespaces(index, peer.namespaces);
  const other = OTHER[rule.direction];
  const reached: PodClass[] = [];
  // An ingress rule's ports toward each subject do not depend on the peer: resolved at the first peer, then reused.
  let subjectPorts: readonly ConnectionSet[] | undefined;
  for (const ns of namespaces) {
    // In the order a fresh index numbers them (the first two are named): an index extended by added workloads numbers theirs last.
    for (const p of inBuildOrder(index, selectInNamespace(index, ns, peer.pods))) {
      if (p.region) continue;
      if (rule.direction === 'egress') {
        // The rule's ports toward the peer (its named ports), one set for every subject.
        const ports = rule.conns(p);
        if (ports.isEmpty()) continue;
        if (isFree(conn, other, p.index)) return [];
        // The peer's own side only: what its policies (every tier) allow with each subject.
        for (let k = 0; k < subjects.length; k++) if (!conn.pairs.oneSided(other, p.index, subjects[k]).intersect(ports).isEmpty()) return [];
        for (let k = 0; k < subjects.length; k++) if (throughPodAddresses(conn, other, p, conn.index.classes[subjects[k]], ports)) return [];
      } else {
        // The rule's ports with each subject: the subject's named ports.
        const ports = (subjectPorts ??= subjects.map((s) => rule.conns(conn.index.classes[s])));
        if (ports.every((c) => c.isEmpty())) continue;
        if (isFree(conn, other, p.index)) return [];
        for (let k = 0; k < subjects.length; k++) if (!conn.pairs.oneSided(other, p.index, subjects[k]).intersect(ports[k]).isEmpty()) return [];
        for (let k = 0; k < subjects.length; k++) if (throughPodAddresses(conn, other, p, conn.index.classes[subjects[k]], ports[k])) return [];
      }
      reached.push(p);
    }
  }
  return reached;
}

/**
 * Whether `end`'s side in `direction` (its policies toward `other`, the rule's own pods) would allow some of `ports`
 * through addresses that may hold pod IPs, reached before what refused it. NetworkPolicies alone (no cluster-wide rule
 * selects the end there): an ipBlock of a rule with those ports, their allow-list deciding. With cluster-wide rules (a
 * Calico tier's `nets`, an AdminNetworkPolicy's `networks`, a Deny first) the order decides: asked of the pair's
 * explanation by the quiet changes' test (analysis/pod-address-rules.ts), only where some rule may admit by address.
 */
function throughPodAddresses(conn: Connectivity, direction: Direction, end: PodClass, other: PodClass, ports: ConnectionSet): boolean {
  if (ports.isEmpty()) return false;
  // Addresses that may be pod IPs: the pod network when configured, else the ranges pod networks are drawn from.
  const pods = podAddresses(conn.cluster.podNetwork);
  const dst = direction === 'ingress' ? end : other;
  const byAddress = (kind: Parameters<typeof matchesPodsByAddress>[0], addresses: AddressSet, c: ConnectionSet) => matchesPodsByAddress(kind) && !addresses.intersect(pods).isEmpty() && !c.intersect(ports).isEmpty();
  const npRules = conn.compiled.rulesOf[direction][end.index];
  const tierRules = tierRulesOf(conn, direction, end.index);
  if (tierRules.length === 0) return npRules.some((r) => byAddress(r.policy.kind, r.peerAddresses, r.conns(dst)));
  const mayAdmit = npRules.some((r) => byAddress(r.policy.kind, r.peerAddresses, r.conns(dst))) || tierRules.some((r) => r.action !== 'Deny' && byAddress(r.policy.kind, r.peerAddresses, r.conns(dst)));
  if (!mayAdmit) return false;
  const [e, o]: PeerRef[] = [{ type: 'workload', workload: end.workloads[0] }, { type: 'workload', workload: other.workloads[0] }];
  const explained = explainPair(conn, direction === 'egress' ? { src: e, dst: o, ports } : { src: o, dst: e, ports }).directions.find((d) => d.direction === direction);
  return explained !== undefined && podAddressRules(conn, explained, e, o, ports).mayHold.length > 0;
}
