/**
 * Why port names toward pods the manifests do not hold opened or closed (PairDiff `namedPorts`): the rules
 * that name them on the side that allows (region-port-names.ts decides which names pass), and on the other
 * side the same rule edited, its policy absent, or the policies that isolate without naming them; tier
 * rules naming them (Allow / Pass on the allowing side, Deny / Pass on the other). A name's set can also
 * grow or shrink by numbers: a port called `http` passes an egress rule on TCP 443 when the pod numbers it
 * 443, so an egress rule widened to TCP 443 opens `http` toward pods whose ingress admits it by name. Each
 * direction is explained only where the other side held back part of what the name gained (or lost),
 * and its numeric rules over that part, as explain.ts explains numbers. The numbers of the pair are
 * explained by explain.ts; these reasons are added to its.
 */
import type { CompiledRule } from './compile.js';
import type { Connectivity } from './connectivity.js';
import type { PairDiff } from './diff.js';
import type { Reason, Side } from './explain.js';
import { binaryHas, classOfPeer, contrast, dedupe, directionFacts } from './explain.js';
import { ConnectionSet } from './connection-set.js';
import { isExceptName, protocolConns, unconditionalName } from './named-conns.js';
import type { NameProtocol } from './named-conns.js';
import { tierRulePicks } from './explain-tiers.js';
import { policyById } from './policy-lookup.js';
import type { PeerRef } from './peers.js';
import type { Direction, SourceRef } from './model.js';
import { controllerParts } from './ingress-controller-names.js';
import { oneSidedConns, regionPairConns, ruleNames, tierRuleNames } from './region-port-names.js';
import type { PortName } from './region-port-names.js';

const key = (n: PortName) => `${n.protocol}/${n.name}`;

/** Does a rule's name give one of `wanted` (an ANY name gives every protocol's, and an ANY name is met by any)? */
function gives(names: readonly PortName[], wanted: ReadonlySet<string>): boolean {
  return names.some((n) => wanted.has(key(n)) || [...wanted].some((w) => w.endsWith(`/${n.name}`) && (n.protocol === 'ANY' || w.startsWith('ANY/'))));
}

/**
 * Reasons for the names `pair.namedPorts[what]` lists (`PROTOCOL/name`), on the side that allows them
 * (head for opened) and its counterpart on the other. Empty when the pair lists no names.
 */
export function explainNames(base: Connectivity, head: Connectivity, pair: PairDiff, what: 'opened' | 'closed'): Reason[] {
  // Most pairs list no names: no set is made for them.
  // Exceptions (`-TCP/http`: ports of that name the change leaves out) are not explained by name: the numbers' reasons tell the rest.
  const listed = pair.namedPorts?.[what]?.filter((n) => !isExceptName(n));
  if (!listed || listed.length === 0) return [];
  // A conditional name (`TCP/metrics@53`) is told by the rules that name it, as one allowed whatever its number.
  const wanted = new Set(listed.map(unconditionalName));
  const [allowing, blocking] = what === 'opened' ? [head, base] : [base, head];
  const [allowName, blockName]: [Side, Side] = what === 'opened' ? ['head', 'base'] : ['base', 'head'];
  const controller = pair.src.type === 'ingress-controller';
  const held = controller ? controllerHeldBack(allowing, blocking, pair, wanted) : heldBack(allowing, blocking, pair, wanted);
  const out: Reason[] = [];
  for (const [side, name] of [[allowing, allowName], [blocking, blockName]] as const) {
    const sc = classOfPeer(side, pair.src);
    const dc = classOfPeer(side, pair.dst);
    if (dc === undefined || (sc === undefined && pair.src.type !== 'external' && !controller)) continue;
    // From addresses (an ipBlock / networks source) or the ingress controller only the destination's ingress takes part.
    const directions: [Direction, number, PeerRef, PeerRef, number | undefined][] =
      sc === undefined ? [['ingress', dc, pair.dst, pair.src, undefined]] : [['egress', sc, pair.src, pair.dst, dc], ['ingress', dc, pair.dst, pair.src, sc]];
    for (const [direction, subject, subjectPeer, peer, peerClass] of directions) {
      const part = held?.[direction];
      // The other side let through all this direction's share of what the names gained: nothing here changed it.
      if (part?.names.size === 0) continue;
      // Only the names this direction held back are told by the rules naming them.
      const here = part?.names ?? wanted;
      if (side === allowing) {
        const rules = side.compiled.rulesOf[direction][subject].filter((r) => r.hasNamedPorts && rulePicks(r, peer, peerClass) && gives(ruleNames(r), here));
        for (const r of rules) {
          out.push({ kind: 'allowed-by-rule', side: name, direction, policy: r.policy.id, rule: r.index, ref: r.rule.ref });
          out.push(...counterpart(blocking, blockName, direction, classOfPeer(blocking, direction === 'egress' ? pair.src : pair.dst), r.policy.id, r.index, r.policy.ref));
        }
        if (part) out.push(...numericReasons(allowing, allowName, blocking, blockName, pair, direction, subject, subjectPeer, peer, peerClass, part.conns));
      }
      // Tier rules naming the port: Allow and Pass let it through on the allowing side, Deny and Pass held it back on the other.
      const keep = (action: string) => (side === allowing ? action !== 'Deny' : action !== 'Allow');
      for (const tier of ['Admin', 'Baseline'] as const) {
        for (const r of side.tiers.rulesOf[tier][direction][subject]) {
          if (!keep(r.action) || !tierRulePicks(r, peer, peerClass) || !gives(tierRuleNames(r), here)) continue;
          out.push({ kind: 'tier-rule', side: name, direction, tier, action: r.action, policy: r.policy.id, rule: r.index, ...(r.rule.name ? { name: r.rule.name } : {}), ref: r.rule.ref, ...(r.policy.calico ? { calico: r.policy.calico } : {}) });
        }
      }
    }
  }
  return dedupe(out);
}

/** What one direction held back on the blocking side: its numbers (over every wanted name) and the names (`PROTOCOL/name`) it held back. */
interface Held {
  readonly conns: ConnectionSet;
  readonly names: ReadonlySet<string>;
}

/** Each wanted name (`PROTOCOL/name`) as its protocol and name. */
function splitNames(wanted: ReadonlySet<string>): { key: string; protocol: NameProtocol; name: string }[] {
  return [...wanted].map((w) => ({ key: w, protocol: w.slice(0, w.indexOf('/')) as NameProtocol, name: w.slice(w.indexOf('/') + 1) }));
}

/**
 * heldBack for the ingress controller toward a region: what the names gained (lost) that the region's
 * ingress held back on the other side from an arbitrary in-cluster pod. What the other side's Ingress
 * chain did not lead to is told by the Ingress backends (explain.ts cites them for every controller
 * pair), not by the rules naming the port; the controller has no egress of its own.
 */
function controllerHeldBack(allowing: Connectivity, blocking: Connectivity, pair: PairDiff, wanted: ReadonlySet<string>): Record<Direction, Held> | undefined {
  const [ad, bd] = [classOfPeer(allowing, pair.dst), classOfPeer(blocking, pair.dst)];
  if (ad === undefined || bd === undefined) return undefined;
  const [a, b] = [controllerParts(allowing, ad), controllerParts(blocking, bd)];
  const ingress = { conns: ConnectionSet.NONE, names: new Set<string>() };
  for (const { key: w, protocol, name } of splitNames(wanted)) {
    const gained = a.reach.forName(name).subtract(b.reach.forName(name)).intersect(protocolConns(protocol));
    const part = gained.subtract(b.admitted.forName(name));
    if (part.isEmpty()) continue;
    ingress.conns = ingress.conns.union(part);
    ingress.names.add(w);
  }
  return { egress: { conns: ConnectionSet.NONE, names: new Set() }, ingress };
}

/**
 * Per direction, the numbers under which the wanted names pass the pair on the allowing side but not on
 * the other, less what the other side's rules of that direction let through for those names: the part
 * that direction held back, and which names it held back. Undefined where it cannot be told (an end
 * missing on the other side, or an address source): every direction is then explained by the rules
 * naming the port, as before.
 */
function heldBack(allowing: Connectivity, blocking: Connectivity, pair: PairDiff, wanted: ReadonlySet<string>): Record<Direction, Held> | undefined {
  const [as, ad, bs, bd] = [classOfPeer(allowing, pair.src), classOfPeer(allowing, pair.dst), classOfPeer(blocking, pair.src), classOfPeer(blocking, pair.dst)];
  if (as === undefined || ad === undefined || bs === undefined || bd === undefined) return undefined;
  const allowed = regionPairConns(allowing, as, ad);
  const before = regionPairConns(blocking, bs, bd);
  const bEgress = oneSidedConns(blocking, 'egress', bs, bd);
  const bIngress = oneSidedConns(blocking, 'ingress', bd, bs);
  const egress = { conns: ConnectionSet.NONE, names: new Set<string>() };
  const ingress = { conns: ConnectionSet.NONE, names: new Set<string>() };
  for (const { key: w, protocol, name } of splitNames(wanted)) {
    const gained = allowed.forName(name).subtract(before.forName(name)).intersect(protocolConns(protocol));
    for (const [held, other] of [[egress, bEgress], [ingress, bIngress]] as const) {
      const part = gained.subtract(other.forName(name));
      if (part.isEmpty()) continue;
      held.conns = held.conns.union(part);
      held.names.add(w);
    }
  }
  return { egress, ingress };
}

/** The allowing side's own facts over the numbers `part` (rules by number, or no isolation), and what held them back on the other side. */
function numericReasons(
  allowing: Connectivity,
  allowName: Side,
  blocking: Connectivity,
  blockName: Side,
  pair: PairDiff,
  direction: Direction,
  subject: number,
  subjectPeer: PeerRef,
  peer: PeerRef,
  peerClass: number | undefined,
  part: ConnectionSet,
): Reason[] {
  const a = directionFacts(allowing, allowName, direction, subject, subjectPeer, peer, peerClass, part);
  // Nothing lets these numbers through by number: the rules naming the port (said by the caller) are the story.
  if (a.reasons.length === 0) return [];
  const reasons = [...a.reasons];
  const bSubject = classOfPeer(blocking, direction === 'egress' ? pair.src : pair.dst);
  const bPeer = classOfPeer(blocking, direction === 'egress' ? pair.dst : pair.src);
  if (bSubject === undefined) return reasons;
  const b = directionFacts(blocking, blockName, direction, bSubject, subjectPeer, peer, bPeer, part);
  return [...reasons, ...contrast(reasons, blocking, blockName, b, allowing)];
}

/** Does a NetworkPolicy rule match this peer: a pod class by its peers, addresses by its ipBlocks, the ingress controller by a rule over every pod? */
function rulePicks(rule: CompiledRule, peer: PeerRef, peerClass: number | undefined): boolean {
  if (peerClass !== undefined) return binaryHas(rule.peerClasses, peerClass);
  if (peer.type === 'ingress-controller') return rule.fromAnyPod;
  return peer.type === 'external' && !rule.peerAddresses.intersect(peer.addresses).isEmpty();
}

/** On the blocking side: the same rule (edited), else its policy's absence, else what isolates the subject there. */
function counterpart(blocking: Connectivity, name: Side, direction: Direction, subject: number | undefined, policy: string, rule: number, ref: SourceRef): Reason[] {
  const defined = policyById(blocking, policy);
  if (!defined) return [{ kind: 'policy-absent', side: name, policy, ref }];
  const same = defined[direction][rule];
  if (same) return [{ kind: 'rule-differs', side: name, direction, policy, rule, ref: same.ref }];
  if (subject === undefined) return [];
  return blocking.compiled.capturedBy[direction][subject].map((p) => ({ kind: 'isolated-by', side: name, direction, policy: p.id, ref: p.ref }));
}
