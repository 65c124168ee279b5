/**
 * The rules that would admit a pair the model denies, were their addresses read as the pods they may hold: for one
 * end's direction (its explanation, engine/explain-pair.ts), the rules applying to that end that name the other end
 * by address only — a NetworkPolicy's `ipBlock`, a Calico rule's `nets` (a NetworkPolicy-tier rule, or an ordered
 * rule of any Calico tier), an AdminNetworkPolicy's `networks` — which the model reads as addresses outside the
 * cluster, never pods. A plugin that matches pod IPs by address (Calico) admits the pair through them when the
 * addresses may hold pod IPs (engine/pod-addresses.ts: overlapping the configured pod network, else the assumed
 * ranges), so a "no path" resting on that reading is not proven (analysis/quiet-changes.ts `ipBlocks`), and a
 * half-open rule is no fact (findings/half-open.ts: the same rules, so the two never disagree).
 *
 * A rule counts when it may decide the pair before what denied it: it does not deny (Allow; Pass, which hands the
 * traffic on to tiers that may allow it), its policy's kind matches pods by address (not Cilium's:
 * engine/pod-addresses.ts `matchesPodsByAddress`), it does not already match the other end by identity, it shares
 * some of the asked ports, and a denial of those ports comes after it: a Deny rule later in evaluation order, or the
 * NetworkPolicy tier's isolation (after every Admin-tier rule, the NetworkPolicies' allow-list and that tier's own
 * ordered rules). Rules after a Pass of their own tier are counted too (the Pass may not take the pod's address):
 * more said, never less. With no pod network configured, the rules whose addresses lie outside the assumed ranges
 * only are returned apart (`assumed`), so the report can say that it took their addresses to hold no pod. Pure.
 */
import type { AddressSet, Connectivity, DecidingTier, DirectionExplanation, PeerRef, SourceRef, Tier } from '../engine/index.js';
import type { PodClass } from '../engine/peer-classes.js';
import type { CompiledRule } from '../engine/compile.js';
import type { CompiledTierRule } from '../engine/tiers.js';
import type { Direction } from '../engine/model.js';
import { ConnectionSet, matchesPodsByAddress, podAddresses, policyName } from '../engine/index.js';
import { isCaptured } from '../engine/compile.js';
import type { AlsoPicking } from '../engine/egress-toward-pod.js';
import { egressTowardPod, npRulePicksPod, tierRulePicksPod } from '../engine/egress-toward-pod.js';

/** A rule's addresses that may hold pod IPs: the policy as people read it, the addresses as written, and where. */
export interface PodAddressRule {
  readonly policy: string;
  /** The CIDRs as written (`0.0.0.0/0`, `10.0.0.0/8, 172.16.0.0/12`), an ipBlock's with its excepts. */
  readonly cidr: string;
  /** The field that names them: absent for a NetworkPolicy's `ipBlock`; `nets` (Calico), `networks` (AdminNetworkPolicy). */
  readonly field?: 'nets' | 'networks';
  readonly ref: SourceRef;
}

export interface PodAddressRules {
  /** Rules whose addresses may hold pod IPs. */
  readonly mayHold: readonly PodAddressRule[];
  /** No pod network configured: rules that would count but for their addresses lying outside the assumed ranges. */
  readonly assumed: readonly PodAddressRule[];
}

const NONE: PodAddressRules = { mayHold: [], assumed: [] };

/** Some of the asked ports a Deny rule denied: the rule's tier and evaluation order. */
interface Denial {
  readonly tier: Tier;
  readonly order: number;
  readonly conn: ConnectionSet;
}

/**
 * `explained` is `subject`'s direction toward `peer` on `conn`, asked on `ports`, with nothing of it allowed (the
 * caller's). Both ends must be ones `conn` evaluates; an end outside the cluster (addresses) gives none.
 */
export function podAddressRules(conn: Connectivity, explained: DirectionExplanation, subject: PeerRef, peer: PeerRef, ports: ConnectionSet): PodAddressRules {
  const ends = pairEnds(conn, explained, subject, peer);
  if (ends === undefined) return NONE;
  const { s, p, direction, dst, tierRules } = ends;
  // Deny rules that decided some of the pair, at their evaluation order; the NetworkPolicy tier's isolation after every rule but the Baseline tier's.
  const denials = decided(explained, tierRules, 'Deny', ports, Infinity);
  const npDenied = explained.parts.filter((x) => x.tier === 'NetworkPolicy' && x.verdict === 'denied').reduce((acc, x) => acc.union(x.conn), ConnectionSet.NONE).intersect(ports);
  const meets = (a: ConnectionSet, c: ConnectionSet) => !a.intersect(c).isEmpty();
  const out = collector(conn.cluster.podNetwork);
  for (const r of tierRules) {
    if (r.action === 'Deny' || !matchesPodsByAddress(r.policy.kind) || r.allPods || r.peerClasses.includes(p)) continue;
    const c = r.conns(dst).intersect(ports);
    // Reached: before the NetworkPolicy tier's isolation (any rule but the Baseline tier's), or before a later Deny.
    if (c.isEmpty() || !((r.policy.tier !== 'Baseline' && meets(npDenied, c)) || denials.some((d) => d.order > r.order && meets(d.conn, c)))) continue;
    out.addNetworks(r);
  }
  // The NetworkPolicies' allow-list: after the Admin tier, before the NetworkPolicy tier's ordered rules and isolation and the Baseline tier.
  for (const r of conn.compiled.rulesOf[direction][s]) {
    if (!matchesPodsByAddress(r.policy.kind) || r.rule.peers === 'any' || r.peerClasses.includes(p)) continue;
    const c = r.conns(dst).intersect(ports);
    if (c.isEmpty() || !(meets(npDenied, c) || denials.some((d) => d.tier !== 'Admin' && meets(d.conn, c)))) continue;
    out.addIpBlocks(r);
  }
  return out.result();
}

/**
 * The mirror for a pair the model allows: the Deny rules applying to `subject` in `explained`'s direction that name
 * `peer` by addresses that may hold pod IPs (a Calico rule's `nets`, an AdminNetworkPolicy's `networks`; an ipBlock
 * never denies) and may decide it before what allowed it. The model reads them as matching no pod, so it allows
 * through them what Calico may deny: "what the model allows the plugin allows too" is not so there. A Deny counts
 * when it shares some of the allowed asked ports and comes before what allowed them: an Allow rule later in evaluation
 * order, the NetworkPolicies' allow-list (after every Admin-tier rule), or no policy deciding (the default: allow).
 * `assumed` as for podAddressRules. Both ends must be ones `conn` evaluates. Pure.
 */
export function podAddressDenials(conn: Connectivity, explained: DirectionExplanation, subject: PeerRef, peer: PeerRef, ports: ConnectionSet): PodAddressRules {
  const ends = pairEnds(conn, explained, subject, peer);
  if (ends === undefined) return NONE;
  const { p, dst, tierRules } = ends;
  // What allowed the pair, by where it was decided: Allow rules at their order; the NetworkPolicies' allow-list; the default.
  const allows = decided(explained, tierRules, 'Allow', ports, -Infinity);
  const allowedIn = (tier: DecidingTier) => explained.parts.filter((x) => x.tier === tier && x.verdict === 'allowed').reduce((acc, x) => acc.union(x.conn), ConnectionSet.NONE).intersect(ports);
  const ruled = allows.filter((a) => a.tier === 'NetworkPolicy').reduce((acc, a) => acc.union(a.conn), ConnectionSet.NONE);
  const allowList = allowedIn('NetworkPolicy').subtract(ruled);
  const byDefault = allowedIn('default');
  const meets = (a: ConnectionSet, c: ConnectionSet) => !a.intersect(c).isEmpty();
  const out = collector(conn.cluster.podNetwork);
  for (const r of tierRules) {
    if (r.action !== 'Deny' || !matchesPodsByAddress(r.policy.kind) || r.allPods || r.peerClasses.includes(p)) continue;
    const c = r.conns(dst).intersect(ports);
    if (c.isEmpty() || !(meets(byDefault, c) || (r.policy.tier === 'Admin' && meets(allowList, c)) || allows.some((a) => a.order > r.order && meets(a.conn, c)))) continue;
    out.addNetworks(r);
  }
  return out.result();
}

/**
 * A Calico `notSelector` alone matches every address but the endpoints its selector names (calico-entity.ts): those
 * are left out by identity, whatever their address, so its addresses never admit a pod the rule does not match.
 */
function byIdentity(written: string | undefined): boolean {
  return written?.endsWith('.notSelector') === true;
}

/**
 * The Admin- and Baseline-tier rules of class `s`'s `direction` that apply to it, in evaluation order: those of its
 * lists (engine/tiers.ts `rulesOf`) whose compiled form is for it (`subjects`). Shared by every reader of one end's
 * tier rules here and in findings/half-open.ts, so they read the same rules.
 */
export function tierRulesOf(conn: Connectivity, direction: Direction, s: number): CompiledTierRule[] {
  return [...conn.tiers.rulesOf.Admin[direction][s], ...conn.tiers.rulesOf.Baseline[direction][s]].filter((r) => !r.subjects || r.subjects.includes(s));
}

/** The classes of an explained pair's ends (`s` the explained end, `p` the other), the destination's class and `s`'s tier rules; undefined when an end is no class. */
function pairEnds(conn: Connectivity, explained: DirectionExplanation, subject: PeerRef, peer: PeerRef) {
  const s = classIndex(conn, subject);
  const p = classIndex(conn, peer);
  if (s === undefined || p === undefined) return undefined;
  const direction = explained.direction;
  return { s, p, direction, dst: conn.index.classes[direction === 'ingress' ? s : p], tierRules: tierRulesOf(conn, direction, s) };
}

/** The tier decisions of `action` in `explained` on `ports`, each at its rule's evaluation order (`unordered` when no tier rule made it). */
function decided(explained: DirectionExplanation, tierRules: readonly CompiledTierRule[], action: 'Allow' | 'Deny', ports: ConnectionSet, unordered: number): Denial[] {
  return explained.decisions
    .filter((d) => d.action === action)
    .map((d) => ({ tier: d.tier, order: tierRules.find((r) => r.policy.id === d.policy && r.index === d.rule)?.order ?? unordered, conn: d.conn.intersect(ports) }));
}

/** The rules found, each address peer once (by its line and CIDRs), apart by whether the addresses may hold pod IPs. */
function collector(podNetwork: AddressSet | undefined) {
  const pods = podAddresses(podNetwork);
  const configured = podNetwork !== undefined && !podNetwork.isEmpty();
  const mayHold: PodAddressRule[] = [];
  const assumed: PodAddressRule[] = [];
  const seen = new Set<string>();
  return {
    add(policy: string, block: AddressSet, cidr: string, ref: SourceRef, field: PodAddressRule['field']) {
      const key = `${ref.file}:${ref.line} ${cidr}`;
      if (block.isEmpty() || seen.has(key)) return;
      seen.add(key);
      const rule = { policy: policyName(policy), cidr, ...(field ? { field } : {}), ref };
      if (!block.intersect(pods).isEmpty()) mayHold.push(rule);
      else if (!configured) assumed.push(rule);
    },
    /** A tier rule's `networks` peers (Calico `nets`, AdminNetworkPolicy `networks`), but those naming endpoints by identity. */
    addNetworks(r: CompiledTierRule) {
      for (const x of r.rule.peers) if (x.kind === 'networks' && !byIdentity(x.written)) this.add(r.policy.id, x.block, x.cidrs.join(', '), x.ref, r.policy.kind.startsWith('Calico') ? 'nets' : 'networks');
    },
    /** An allow-list rule's `ipBlock` peers (a Calico NetworkPolicy-tier rule's `nets` among them). */
    addIpBlocks(r: CompiledRule) {
      if (r.rule.peers === 'any') return;
      for (const x of r.rule.peers) if (x.kind === 'ipBlock' && !byIdentity(x.written)) this.add(r.policy.id, x.block, x.cidr, x.ref, r.policy.kind?.startsWith('Calico') ? 'nets' : undefined);
    },
    result: (): PodAddressRules => ({ mayHold, assumed }),
  };
}

/** The class a side evaluates an end as (a workload's, a region's); undefined for addresses and the controller. */
function classIndex(conn: Connectivity, end: PeerRef): number | undefined {
  if (end.type === 'workload') return conn.index.classOf.get(end.workload.id);
  if (end.type === 'pods') return end.region === undefined ? undefined : conn.index.regionClasses[end.region]?.index;
  return undefined;
}

/**
 * The rules of `src`'s egress that may admit any of `dsts` by address on some of `ports`, with no explanation to order
 * them by: for destinations the manifests need not hold (findings/dns-egress.ts, the DNS pods or an abstract DNS pod).
 * The same rules as podAddressRules counts (non-Deny, of a kind matching pods by address, not already naming the
 * destination by identity, sharing some of the ports), reached in evaluation order: read as picking the destination,
 * the evaluator's chain (engine/egress-toward-pod.ts) must then admit some of `ports` it does not admit now, so a Deny
 * before the rule (an AdminNetworkPolicy's, a Calico tier's of lower order) that takes that traffic first leaves it
 * out. Each rule is read alone, and again with the Passes among those rules whose addresses may hold pod IPs (a Pass
 * of `nets` may hand the traffic on past such a Deny toward it): more said, never less. Each address peer once over
 * all `dsts`. `assumed` as for podAddressRules. Pure.
 */
export function podAddressAllows(conn: Connectivity, src: PodClass, dsts: readonly PodClass[], ports: ConnectionSet): PodAddressRules {
  const s = src.index;
  const pods = podAddresses(conn.cluster.podNetwork);
  const meets = (c: ConnectionSet) => !c.intersect(ports).isEmpty();
  const out = collector(conn.cluster.podNetwork);
  const tierRules = tierRulesOf(conn, 'egress', s);
  const np = isCaptured(conn.compiled, 'egress', s) ? conn.compiled.rulesOf.egress[s] : undefined;
  for (const dst of dsts) {
    const tier = tierRules.filter((r) => r.action !== 'Deny' && matchesPodsByAddress(r.policy.kind) && !tierRulePicksPod(r, dst) && meets(r.conns(dst)));
    const allowList = (np ?? []).filter((r) => matchesPodsByAddress(r.policy.kind) && r.rule.peers !== 'any' && !npRulePicksPod(r, dst) && meets(r.conns(dst)));
    if (tier.length === 0 && allowList.length === 0) continue;
    const passes = tier.filter((r) => r.action === 'Pass' && holdsPodAddresses(r, pods));
    const now = egressTowardPod(tierRules, np, dst);
    // Some of `ports` the chain admits with `also` picking dst (alone, or with those Passes) that it does not admit now.
    const admits = (also: AlsoPicking) => meets(egressTowardPod(tierRules, np, dst, also).subtract(now));
    const reached = (also: AlsoPicking) => admits(also) || (passes.length > 0 && admits({ ...also, tier: [...(also.tier ?? []), ...passes] }));
    for (const r of tier) if (reached({ tier: [r] })) out.addNetworks(r);
    for (const r of allowList) if (reached({ np: r })) out.addIpBlocks(r);
  }
  return out.result();
}

/** podAddressDenies's rules, and whether they take the destinations away only when read together. */
export interface PodAddressDenies extends PodAddressRules {
  /** No one rule alone loses what matters, these together do (every one needed); false when each one alone does. */
  readonly together: boolean;
}

/**
 * The mirror of podAddressAllows for destinations the model reaches (findings/dns-egress.ts: the DNS pods, held or
 * abstract): the rules of `src`'s egress that are no Allow (a Deny; a Pass, which may hand the traffic past the Allow
 * of its tier), of a kind matching pods by address, whose addresses may hold pod IPs, not already naming a destination
 * by identity, sharing some of `ports`, and that take the destinations away when read as picking them: `lost` is given
 * what the evaluator's chain (engine/egress-toward-pod.ts) then admits toward each destination and says whether that
 * loses what matters (the caller's: DNS on UDP, on TCP). The model reads their addresses as outside the cluster, so it
 * reaches through them what a plugin matching pods by address (Calico) may deny. The rules that lose it each alone;
 * when none does, the rules that lose it read together (`together`: partial Denies of UDP 53 and of UDP 5353, a Pass
 * handing the lookups on to a Deny of a later tier), as found by `jointly`. `assumed` as for podAddressRules. Pure.
 */
export function podAddressDenies(conn: Connectivity, src: PodClass, dsts: readonly PodClass[], ports: ConnectionSet, lost: (egress: (dst: PodClass) => ConnectionSet) => boolean): PodAddressDenies {
  const pods = podAddresses(conn.cluster.podNetwork);
  const tierRules = tierRulesOf(conn, 'egress', src.index);
  const candidates = tierRules.filter((r) => r.action !== 'Allow' && matchesPodsByAddress(r.policy.kind) && holdsPodAddresses(r, pods) && dsts.some((d) => !tierRulePicksPod(r, d) && !r.conns(d).intersect(ports).isEmpty()));
  if (candidates.length === 0) return { ...NONE, together: false };
  const np = isCaptured(conn.compiled, 'egress', src.index) ? conn.compiled.rulesOf.egress[src.index] : undefined;
  const loses = (rules: readonly CompiledTierRule[]) => lost((dst) => egressTowardPod(tierRules, np, dst, { tier: rules }));
  const alone = candidates.filter((r) => loses([r]));
  const found = alone.length ? alone : candidates.length > 1 ? jointly(candidates, loses) : [];
  const out = collector(conn.cluster.podNetwork);
  for (const r of found) out.addNetworks(r);
  return { ...out.result(), together: alone.length === 0 && found.length > 0 };
}

/**
 * Rules of `rules` (in evaluation order) that `loses` read together, none of them to spare: all of them, else their
 * Denies alone (a Pass read as picking the destination may hand the traffic on past a later Deny of its tier, so
 * reading more rules does not always lose more), then less each rule the others still lose without, in order. Empty
 * when neither loses. At most one `loses` call per rule beyond the first two.
 */
function jointly(rules: readonly CompiledTierRule[], loses: (rules: readonly CompiledTierRule[]) => boolean): CompiledTierRule[] {
  const denies = rules.filter((r) => r.action === 'Deny');
  let set = loses(rules) ? [...rules] : denies.length > 1 && denies.length < rules.length && loses(denies) ? denies : [];
  for (const r of [...set]) {
    const less = set.filter((x) => x !== r);
    if (less.length > 0 && loses(less)) set = less;
  }
  return set;
}

/** Whether some of a tier rule's `networks` peers (Calico `nets`, AdminNetworkPolicy `networks`) may hold pod IPs (`pods`), but those naming endpoints by identity. */
function holdsPodAddresses(r: CompiledTierRule, pods: AddressSet): boolean {
  return r.rule.peers.some((x) => x.kind === 'networks' && !byIdentity(x.written) && !x.block.intersect(pods).isEmpty());
}
