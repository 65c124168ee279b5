/**
 * Port names toward pods the manifests do not hold. A region of label space (regions.ts) stands for pods
 * whose container ports are unknown, so a rule's `port: http` cannot become a number there; the numeric
 * evaluation gives such a name nothing. Here the names are carried instead (OUTPUT-CONTRACT "Abstract
 * peers": `namedPorts`): what a pod-class pair allows toward a region class is its numeric set plus the
 * names that may let traffic through, as a NamedConns.
 *
 * A name stands for "that container port of the destination pod, whatever its number". The pair needs
 * the source's egress and the destination's ingress (both resolve names on the destination), so a name
 * passes when the other direction allows it too: it names it, or it allows some port of the name's
 * protocol (the name's number may be among them; kept as the name, since the number is unknown), or
 * nothing selects the pod that way. Over-approximated on purpose, so a path is never passed in silence:
 * under cluster-wide tiers a name counts from Admin Allow and Pass rules, from the NetworkPolicy tier when it
 * selects the pod, and from Baseline Allow rules when it does not; a Deny of a name is not subtracted
 * (its number is unknown).
 */
import type { CompiledRule } from './compile.js';
import { isCaptured, isNamedPort } from './compile.js';
import type { Connectivity } from './connectivity.js';
import { isFree } from './connectivity.js';
import { binaryHas } from './explain.js';
import { ConnectionSet } from './connection-set.js';
import type { Direction } from './model.js';
import type { NameProtocol } from './named-conns.js';
import { NamedConns } from './named-conns.js';
import type { CompiledTierRule } from './tiers.js';

export interface PortName {
  readonly protocol: NameProtocol;
  readonly name: string;
}

/** One direction's part of a pair: everything (nothing selects the pod that way), or numbers plus names. */
type SidePorts = 'all' | { readonly numeric: ConnectionSet; readonly names: readonly PortName[] };

/** Is class `cls` a region (its container ports unknown)? */
function isRegionClass(conn: Connectivity, cls: number): boolean {
  return conn.index.classes[cls]?.region !== undefined;
}

/** Names a NetworkPolicy rule gives, as written (protocol from the rule). */
export function ruleNames(rule: CompiledRule): PortName[] {
  return rule.rule.ports === 'any' ? [] : rule.rule.ports.filter(isNamedPort).map((s) => ({ protocol: s.protocol, name: s.port }));
}

/** Names a tier rule gives: ANP `namedPort` and CNP `destinationNamedPort` carry no protocol (`ANY`). */
export function tierRuleNames(rule: CompiledTierRule): PortName[] {
  if (rule.rule.ports === 'any') return [];
  return rule.rule.ports.filter((p) => typeof p.port === 'string').map((p) => ({ protocol: p.protocol === 'any' ? 'ANY' : p.protocol, name: p.port as string }));
}

/**
 * What class `subject`'s own `direction` rules allow with class `peer` (its egress toward it, or its
 * ingress from it): numbers as the evaluation gives them, plus the names that resolve on a region
 * destination (ingress: the subject; egress: the peer).
 */
function sidePorts(conn: Connectivity, direction: Direction, subject: number, peer: number): SidePorts {
  if (isFree(conn, direction, subject)) return 'all';
  const numeric = conn.pairs.oneSided(direction, subject, peer);
  const destination = direction === 'ingress' ? subject : peer;
  if (!isRegionClass(conn, destination)) return { numeric, names: [] };
  const names: PortName[] = [];
  const captured = isCaptured(conn.compiled, direction, subject);
  if (captured) {
    for (const rule of conn.compiled.rulesOf[direction][subject]) {
      if (rule.hasNamedPorts && binaryHas(rule.peerClasses, peer)) names.push(...ruleNames(rule));
    }
  }
  const tierRules = [...conn.tiers.rulesOf.Admin[direction][subject], ...(captured ? [] : conn.tiers.rulesOf.Baseline[direction][subject])];
  for (const rule of tierRules) {
    if (rule.action === 'Deny' || !(rule.allPods || binaryHas(rule.peerClasses, peer))) continue;
    names.push(...tierRuleNames(rule));
  }
  return { numeric, names };
}

/**
 * What class `subject`'s own `direction` rules allow with class `peer`, whatever the peer's own policies
 * say (exposure): numbers, plus the names that resolve on a region destination.
 */
export function oneSidedConns(conn: Connectivity, direction: Direction, subject: number, peer: number): NamedConns {
  const side = sidePorts(conn, direction, subject, peer);
  return side === 'all' ? NamedConns.ALL : NamedConns.of(side.numeric, side.names);
}

/**
 * What class `subject` allows in `direction` with a pod no rule singles out (`Connectivity.defaults`), plus
 * the egress names of its rules over every pod (such a pod's container ports are unknown).
 */
export function defaultConns(conn: Connectivity, direction: Direction, subject: number): NamedConns {
  const numeric = conn.defaults[direction][subject];
  if (direction === 'ingress' || isFree(conn, direction, subject)) return NamedConns.of(numeric);
  const captured = isCaptured(conn.compiled, direction, subject);
  const names: PortName[] = captured ? conn.compiled.rulesOf[direction][subject].filter((r) => r.fromAnyPod).flatMap(ruleNames) : [];
  const tierRules = [...conn.tiers.rulesOf.Admin[direction][subject], ...(captured ? [] : conn.tiers.rulesOf.Baseline[direction][subject])];
  names.push(...tierRules.filter((r) => r.action !== 'Deny' && r.allPods).flatMap(tierRuleNames));
  return NamedConns.of(numeric, names);
}

/** A name of one side that the other side lets through, as the names of their intersection. */
function passing(n: PortName, other: SidePorts): PortName[] {
  if (other === 'all') return [n];
  const covers = n.protocol === 'ANY' ? !other.numeric.isEmpty() : !other.numeric.ports(n.protocol).isEmpty();
  if (covers) return [n];
  const same = other.names.filter((m) => m.name === n.name && (m.protocol === n.protocol || m.protocol === 'ANY' || n.protocol === 'ANY'));
  // ANY meets TCP: the TCP name; equal protocols: the name itself.
  return same.map((m) => (m.protocol === 'ANY' ? n : m));
}

/**
 * What class `src` may send to class `dst` when `dst` is a region: the pair's numeric set plus the port
 * names that may let traffic through (none when `dst` holds workloads: their names are numbers already).
 */
export function regionPairConns(conn: Connectivity, src: number, dst: number): NamedConns {
  const numeric = conn.pairs.conn(src, dst);
  if (!isRegionClass(conn, dst)) return NamedConns.of(numeric);
  const egress = sidePorts(conn, 'egress', src, dst);
  const ingress = sidePorts(conn, 'ingress', dst, src);
  const names: PortName[] = [];
  if (egress !== 'all') for (const n of egress.names) names.push(...passing(n, ingress));
  if (ingress !== 'all') for (const n of ingress.names) names.push(...passing(n, egress));
  return NamedConns.of(numeric, names);
}

/**
 * Per region class `d` of one side, the classes `s` such that the pair (s, d) may hold names: peers of
 * `d`'s ingress rules with named ports, subjects of egress rules with named ports whose peers hold `d`
 * (NetworkPolicy and tier rules). `inScope(c)`: when given, only pairs with an end it accepts, and
 * `scoped` lists the classes it accepts. One region at a time, so memory follows one region's sources.
 */
export function* namedRegionPairs(conn: Connectivity, inScope?: (cls: number) => boolean, scoped: readonly number[] = []): Generator<[number, number]> {
  const allClasses = conn.index.classes.map((c) => c.index);
  // Egress rules with names, per region class their peers hold: what each region's sources come from.
  const egressTo = new Map<number, (readonly number[])[]>();
  const ingressFrom = new Map<number, (readonly number[])[]>();
  const note = (subjects: readonly number[], peers: readonly number[], direction: Direction) => {
    if (direction === 'egress') for (const d of peers) if (isRegionClass(conn, d)) (egressTo.get(d) ?? egressTo.set(d, []).get(d)!).push(subjects);
    if (direction === 'ingress') for (const d of subjects) if (isRegionClass(conn, d)) (ingressFrom.get(d) ?? ingressFrom.set(d, []).get(d)!).push(peers);
  };
  // Lists ascending, for `binaryHas` (subject lists come in selection order).
  const ascending = (list: readonly number[]) => [...list].sort((a, b) => a - b);
  for (const rule of conn.compiled.rules) {
    if (rule.hasNamedPorts) note(ascending(conn.compiled.subjectsOf.get(rule.policy.id) ?? []), rule.peerClasses, rule.direction);
  }
  for (const rule of conn.tiers.rules) {
    if (tierRuleNames(rule).length > 0) note(ascending(rule.subjects ?? conn.tiers.subjectsOf.get(rule.policy.id) ?? []), rule.allPods ? allClasses : rule.peerClasses, rule.direction);
  }
  for (const d of new Set([...egressTo.keys(), ...ingressFrom.keys()])) {
    const lists = [...(egressTo.get(d) ?? []), ...(ingressFrom.get(d) ?? [])];
    const sources = new Set<number>();
    if (!inScope || inScope(d)) for (const list of lists) for (const s of list) sources.add(s);
    else for (const s of scoped) if (lists.some((list) => binaryHas(list, s))) sources.add(s);
    for (const s of sources) yield [s, d];
  }
}
