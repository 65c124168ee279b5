/**
 * Why one NetworkPolicy rule does or does not admit one peer on some ports: the failing selector
 * requirements of each `from`/`to` entry, the ipBlock that does not cover the addresses, and the ports
 * the rule leaves out. Explain's near misses are built from these facts; nothing here is approximate:
 * a rule with no mismatch admits the peer on the asked ports, and each mismatch is a fact of the model.
 */
import type { AddressSet } from './address-set.js';
import type { CompiledRule } from './compile.js';
import { isNamedPort } from './compile.js';
import type { ConnectionSet } from './connection-set.js';
import type { IpBlockPeer, Labels, LabelSelector, PodPeer, Requirement, SourceRef } from './model.js';
import type { PodClass } from './peer-classes.js';
import { isEmptySelector, requirementMatches, selectsEveryNamespace } from './selectors.js';
import { nameConns, ruleNames } from './region-port-names.js';
import { labelText } from './label-text.js';

/** The far end as a rule sees it: a pod class, addresses outside the cluster, or the ingress controller. */
export type RulePeer =
  | { readonly kind: 'pod'; readonly cls: PodClass; readonly workload: string }
  | { readonly kind: 'addresses'; readonly addresses: AddressSet }
  | { readonly kind: 'ingress-controller' };

/**
 * One reason a rule does not admit the peer on the asked traffic. `entry` is the index in `from`/`to`;
 * `written`, for a kind that writes its peers in other fields, the field and index (Cilium: `fromEndpoints[0]`).
 */
export type Mismatch =
  /** A `from`/`to` entry without namespaceSelector selects pods of the policy's own namespace only. */
  | { readonly kind: 'namespace'; readonly entry: number; readonly ref: SourceRef; readonly written?: string; readonly required: string; readonly actual: string }
  | { readonly kind: 'namespace-selector'; readonly entry: number; readonly ref: SourceRef; readonly written?: string; readonly requirement: Requirement; readonly namespace: string; readonly actual: string | null }
  | { readonly kind: 'pod-selector'; readonly entry: number; readonly ref: SourceRef; readonly written?: string; readonly requirement: Requirement; readonly workload: string; readonly actual: string | null }
  /** ipBlock selects addresses outside the pod network, never pods. */
  | { readonly kind: 'ip-block-for-pod'; readonly entry: number; readonly ref: SourceRef; readonly written?: string; readonly cidr: string }
  /** Pod selectors never select addresses outside the cluster. */
  | { readonly kind: 'pods-for-address'; readonly entry: number; readonly ref: SourceRef; readonly written?: string }
  /** The ipBlock (cidr minus except) leaves out `outside` of the asked addresses. */
  | { readonly kind: 'ip-block'; readonly entry: number; readonly ref: SourceRef; readonly written?: string; readonly cidr: string; readonly outside: AddressSet }
  /** The ingress controller's pods are unknown: only an entry selecting every pod of every namespace admits it. */
  | { readonly kind: 'not-every-pod'; readonly entry: number; readonly ref: SourceRef; readonly written?: string }
  /**
   * The rule's ports (named ports resolved on the destination) leave out `missing`. Toward a region of
   * label space (pods the manifests do not hold, container ports unknown) the rule's port names stay
   * names: `regionNames` (`name/PROTOCOL`, as written) instead of `unresolved`; asked by a port name
   * (`portName`), `missing` is the numbers that port would need to carry, `ruleNumbers` the numbers the
   * rule lists (so a rule listing 8080 admits the port only if it is numbered 8080).
   */
  | {
      readonly kind: 'ports';
      readonly ref: SourceRef;
      readonly missing: ConnectionSet;
      readonly ruleConns: ConnectionSet;
      readonly unresolved: readonly string[];
      readonly regionNames?: readonly string[];
      readonly portName?: string;
      readonly ruleNumbers?: ConnectionSet;
    };

export interface RuleMatch {
  /** The rule admits the peer through at least one `from`/`to` entry (or has none). */
  readonly peerMatches: boolean;
  /**
   * The rule has no peer that could match: each it writes is one the manifests cannot resolve, read as
   * matching nothing (a Cilium entity such as `kube-apiserver`, a DNS name, a node). Such a rule is no near
   * miss, whatever its ports: adding the asked port would not admit the peer. (A peer of the other kind, a
   * pod selector asked for an address, stays one: adding the peer is its edit.)
   */
  readonly cannotMatch: boolean;
  /** What the rule allows toward the destination, whatever the peer. */
  readonly conns: ConnectionSet;
  /** Per failing entry, its mismatches (empty when `peerMatches`), then a `ports` mismatch if any. */
  readonly mismatches: readonly Mismatch[];
}

/**
 * `dst` is the class whose container ports resolve named ports (null: an address outside the cluster).
 * `wanted` is the traffic asked about; `ports` is reported for the part of it the rule leaves out.
 */
export function matchRule(rule: CompiledRule, peer: RulePeer, dst: PodClass | null, wanted: ConnectionSet, portName: string | null = null): RuleMatch {
  // `portName`: the destination's port of that name (a region: its number unknown); a rule naming it gives every number.
  const conns = rule.conns(dst).union(nameConns(ruleNames(rule), portName));
  const peerMisses = rule.rule.peers === 'any' ? [] : entryMisses(rule, rule.rule.peers, peer);
  // Addresses: the entries together (their union) must cover every asked address.
  const peerMatches =
    rule.rule.peers === 'any' || (peer.kind === 'addresses' ? peer.addresses.isSubsetOf(rule.peerAddresses) : peerMisses.some((m) => m.length === 0));
  // No entry (each read as matching nothing): no edit of its fields makes the rule admit the peer.
  const cannotMatch = !peerMatches && peerMisses.length === 0;
  const mismatches: Mismatch[] = peerMatches || cannotMatch ? [] : closestMisses(peerMisses);
  const missing = wanted.subtract(conns);
  if (!missing.isEmpty() && !cannotMatch) mismatches.push(portsMismatch(rule, dst, missing, conns, portName));
  return { peerMatches, cannotMatch, conns, mismatches };
}


/** The entries that fail by the fewest requirements (the nearest misses), all of them when tied. */
export function closestMisses(perEntry: Mismatch[][]): Mismatch[] {
  const fewest = Math.min(...perEntry.map((m) => m.length));
  return perEntry.filter((m) => m.length === fewest).flat();
}

function entryMisses(rule: CompiledRule, entries: readonly (PodPeer | IpBlockPeer)[], peer: RulePeer): Mismatch[][] {
  return entries.map((entry, i) => {
    const misses = entryMiss(rule, entry, i, peer);
    return entry.written === undefined ? misses : misses.map((m) => ({ ...m, written: entry.written }));
  });
}

function entryMiss(rule: CompiledRule, entry: PodPeer | IpBlockPeer, i: number, peer: RulePeer): Mismatch[] {
  if (entry.kind === 'ipBlock') {
    if (peer.kind !== 'addresses') return [{ kind: 'ip-block-for-pod', entry: i, ref: entry.ref, cidr: entry.cidr }];
    const outside = peer.addresses.subtract(entry.block);
    return outside.isEmpty() ? [] : [{ kind: 'ip-block', entry: i, ref: entry.ref, cidr: entry.cidr, outside }];
  }
  switch (peer.kind) {
    case 'addresses':
      return [{ kind: 'pods-for-address', entry: i, ref: entry.ref }];
    case 'ingress-controller': {
      const everyPod = entry.namespaces !== 'own' && selectsEveryNamespace(entry.namespaces) && isEmptySelector(entry.pods);
      return everyPod ? [] : [{ kind: 'not-every-pod', entry: i, ref: entry.ref }];
    }
    case 'pod':
      return podMisses(rule, entry, i, peer);
  }
}

function podMisses(rule: CompiledRule, entry: PodPeer, i: number, peer: RulePeer & { kind: 'pod' }): Mismatch[] {
  const out: Mismatch[] = [];
  const ns = peerNamespaceText(peer.cls);
  if (entry.namespaces === 'own') {
    if (peer.cls.namespace !== rule.policy.namespace) out.push({ kind: 'namespace', entry: i, ref: entry.ref, required: rule.policy.namespace, actual: ns });
  } else {
    const labels: Labels = peer.cls.nsLabels;
    for (const requirement of failing(entry.namespaces, labels)) {
      out.push({ kind: 'namespace-selector', entry: i, ref: entry.ref, requirement, namespace: ns, actual: labels[requirement.key] ?? null });
    }
  }
  for (const requirement of failing(entry.pods, peer.cls.podLabels)) {
    out.push({ kind: 'pod-selector', entry: i, ref: entry.ref, requirement, workload: peer.workload, actual: peer.cls.podLabels[requirement.key] ?? null });
  }
  return out;
}

/** The namespace of a peer class as a near miss names it: a region of namespaces the manifests do not know has an internal name, so it is shown by its labels. */
export function peerNamespaceText(cls: PodClass): string {
  return cls.region && !cls.region.known ? `[namespace with ${labelsText(cls.nsLabels)}]` : cls.namespace;
}

function labelsText(labels: Labels): string {
  return `{${Object.keys(labels).sort().map((k) => labelText(k, labels[k])).join(',')}}`;
}

/** The requirements of a selector (matchLabels entries read as `k In (v)`) that these labels fail. */
export function failing(selector: LabelSelector, labels: Labels): Requirement[] {
  const reqs: Requirement[] = [
    ...Object.entries(selector.matchLabels).map(([key, v]): Requirement => ({ key, op: 'In', values: [v] })),
    ...selector.expressions,
  ];
  return reqs.filter((r) => !requirementMatches(r, labels));
}

function portsMismatch(rule: CompiledRule, dst: PodClass | null, missing: ConnectionSet, ruleConns: ConnectionSet, portName: string | null): Mismatch {
  const at = { kind: 'ports' as const, ref: rule.rule.ref, missing, ruleConns };
  if (dst?.region === undefined) return { ...at, unresolved: unresolvedNames(rule, dst, portName) };
  // A region's container ports are unknown: its names are neither resolved nor missing.
  const names = ruleNames(rule).map((n) => `${n.name}/${n.protocol}`);
  return { ...at, unresolved: [], ...(names.length ? { regionNames: names } : {}), ...(portName === null ? {} : { portName, ruleNumbers: rule.conns(dst) }) };
}

function unresolvedNames(rule: CompiledRule, dst: PodClass | null, portName: string | null): string[] {
  if (rule.rule.ports === 'any') return [];
  return rule.rule.ports
    .filter(isNamedPort)
    .filter((s) => s.port !== portName && (!dst || !dst.namedPorts.some((p) => p.name === s.port && p.protocol === s.protocol)))
    .map((s) => `${s.port}/${s.protocol}`);
}
