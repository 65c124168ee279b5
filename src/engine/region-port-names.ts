/**
 * Port names toward pods the manifests do not hold. A region of label space (regions.ts) stands for pods
 * whose container ports are unknown, so a rule's `port: http` cannot become a number there; the numeric
 * evaluation gives such a name nothing. Here the names are carried instead (OUTPUT-CONTRACT "Abstract
 * peers": `namedPorts`), exactly: for each name a rule of the pair gives, the whole evaluation (the
 * NetworkPolicy tier and the cluster-wide tiers, tier-verdict.ts) is run again supposing the destination
 * port carries that name, where a rule's name matches every port of its protocol (AdminNetworkPolicy
 * `namedPort`, ClusterNetworkPolicy `destinationNamedPort`: every protocol). So an Admin Deny of a name
 * takes it away as an Allow gives it, a Pass hands it to the tiers below, and a number matched before the
 * name decides first (NamedConns keeps one set per name).
 */
import type { CompiledRule } from './compile.js';
import { isNamedPort } from './compile.js';
import type { Connectivity } from './connectivity.js';
import { isFree } from './connectivity.js';
import { tierVerdict } from './direction-rows.js';
import { binaryHas } from './explain.js';
import { ConnectionSet } from './connection-set.js';
import type { Direction } from './model.js';
import { OPPOSITE } from './model.js';
import type { NameProtocol } from './named-conns.js';
import { NamedConns, protocolConns } from './named-conns.js';
import type { MatchedRules, Peer } from './own-rules.js';
import { matchKey, matchedRules, ownRules } from './own-rules.js';
import type { PodClass } from './peer-classes.js';
import type { CompiledTierRule } from './tiers.js';

export interface PortName {
  readonly protocol: NameProtocol;
  readonly name: string;
}

/** Is class `cls` a region (its container ports unknown)? */
function isRegionClass(conn: Connectivity, cls: number): boolean {
  return conn.index.classes[cls]?.region !== undefined;
}

const npNames = new WeakMap<CompiledRule, readonly PortName[]>();
const tierNames = new WeakMap<CompiledTierRule, readonly PortName[]>();

/** Names a NetworkPolicy rule gives, as written (protocol from the rule); worked out once per rule. */
export function ruleNames(rule: CompiledRule): readonly PortName[] {
  let n = npNames.get(rule);
  if (!n) npNames.set(rule, (n = !rule.hasNamedPorts || rule.rule.ports === 'any' ? [] : rule.rule.ports.filter(isNamedPort).map((s) => ({ protocol: s.protocol, name: s.port }))));
  return n;
}

/** Names a tier rule gives: ANP `namedPort` and CNP `destinationNamedPort` carry no protocol (`ANY`); once per rule. */
export function tierRuleNames(rule: CompiledTierRule): readonly PortName[] {
  let n = tierNames.get(rule);
  if (!n) {
    const ports = rule.rule.ports;
    n = ports === 'any' ? [] : ports.filter((p) => typeof p.port === 'string').map((p) => ({ protocol: p.protocol === 'any' ? 'ANY' : p.protocol, name: p.port as string }));
    tierNames.set(rule, n);
  }
  return n;
}

/** What `names` match on a port called `name` (every port of the name's protocol), else nothing. */
export function nameConns(names: readonly PortName[], name: string | null): ConnectionSet {
  let c = ConnectionSet.NONE;
  if (name !== null) for (const n of names) if (n.name === name) c = c.union(protocolConns(n.protocol));
  return c;
}

/** Does some rule of the list give a port name? Per list (lists are shared by the classes with the same rules). */
const listHasNames = new WeakMap<readonly (CompiledRule | CompiledTierRule)[], boolean>();
function anyNames(list: readonly (CompiledRule | CompiledTierRule)[]): boolean {
  let v = listHasNames.get(list);
  if (v === undefined) listHasNames.set(list, (v = list.some((r) => ('hasNamedPorts' in r ? ruleNames(r) : tierRuleNames(r)).length > 0)));
  return v;
}

/** Do class `cls`'s own `direction` rules (NetworkPolicy, Admin, Baseline) give any port name? */
function givesNames(conn: Connectivity, direction: Direction, cls: number): boolean {
  return anyNames(conn.compiled.rulesOf[direction][cls]) || anyNames(conn.tiers.rulesOf.Admin[direction][cls]) || anyNames(conn.tiers.rulesOf.Baseline[direction][cls]);
}

/**
 * When only `subject`'s own `direction` rules give names and the peer's side allows `other` (numbers, no
 * name), can a name change the pair's set? Not when `other` is empty; nor when `other` ⊆ the subject's
 * numbers and no tier rule of the subject gives a name: NetworkPolicy names only widen the subject's set
 * (a tier Deny or Pass of a name can narrow it), so every name's set meets `other` in `other`. Asked per
 * class pair a region's named rules list (~260k in a 10k diff): plain arguments, no closure per call.
 */
function nameCanCount(conn: Connectivity, direction: Direction, subject: number, peer: number): boolean {
  const other = conn.pairs.oneSided(OPPOSITE[direction], peer, subject);
  if (other.isEmpty()) return false;
  return anyNames(conn.tiers.rulesOf.Admin[direction][subject]) || anyNames(conn.tiers.rulesOf.Baseline[direction][subject]) || !other.isSubsetOf(conn.pairs.oneSided(direction, subject, peer));
}

/**
 * One direction's set for a port called `name` of destination `dst` (`null`: an unnamed port, or a name
 * no rule gives): the tier chain with each rule matching its numbers on `dst` plus, when it gives `name`,
 * every port of the name's protocol.
 */
function sideSet(rules: MatchedRules, dst: PodClass | null, name: string | null): ConnectionSet {
  const np = rules.np === null ? 'notCaptured' : rules.np.reduce((acc, r) => acc.union(r.conns(dst)).union(nameConns(ruleNames(r), name)), ConnectionSet.NONE);
  return tierVerdict(rules.tier, np, (r) => r.conns(dst).union(nameConns(tierRuleNames(r), name)));
}

/**
 * What class `subject`'s own `direction` rules allow with `peer` (its egress toward it, or its ingress
 * from it), `numeric` being the engine's set for it: when the destination (ingress: the subject; egress:
 * the peer) is a region or an unlisted pod, with the set of each port name the rules give.
 */
function sideConns(conn: Connectivity, direction: Direction, subject: number, peer: Peer, numeric: ConnectionSet): NamedConns {
  const own = ownRules(conn, direction, subject);
  if (own.free) return NamedConns.ALL;
  const destination = direction === 'ingress' ? subject : peer;
  if (destination !== 'unlisted' && !isRegionClass(conn, destination)) return NamedConns.of(numeric);
  if (!(own.givesNames ??= givesNames(conn, direction, subject))) return NamedConns.of(numeric);
  // The set depends only on the rules that match, the numbers and whether the destination is known to be
  // a region (no container ports: a rule's names resolve to nothing there): the many peers of a subject
  // that its rules pick alike share one answer.
  const match = matchKey(own, peer);
  const unlisted = destination === 'unlisted';
  const key = typeof match === 'number' ? match + (unlisted ? 1 : 0) : `${match}|${unlisted ? 'u' : 'r'}`;
  let byNumbers = own.answers.get(key);
  if (!byNumbers) own.answers.set(key, (byNumbers = new Map()));
  let out = byNumbers.get(numeric.key);
  if (!out) byNumbers.set(numeric.key, (out = namedSideConns(conn, matchedRules(own, peer), destination, numeric)));
  return out;
}

function namedSideConns(conn: Connectivity, rules: MatchedRules, destination: Peer, numeric: ConnectionSet): NamedConns {
  const names = new Set<string>();
  for (const r of rules.np ?? []) for (const n of ruleNames(r)) names.add(n.name);
  for (const r of rules.tier) for (const n of tierRuleNames(r)) names.add(n.name);
  if (names.size === 0) return NamedConns.of(numeric);
  const dst = destination === 'unlisted' ? null : conn.index.classes[destination];
  const byName = new Map<string, ConnectionSet>();
  for (const name of names) byName.set(name, sideSet(rules, dst, name));
  return NamedConns.exact(numeric, byName);
}

/**
 * What class `subject`'s own `direction` rules allow with class `peer`, whatever the peer's own policies
 * say (exposure): numbers, plus the names that resolve on a region destination.
 */
export function oneSidedConns(conn: Connectivity, direction: Direction, subject: number, peer: number): NamedConns {
  return sideConns(conn, direction, subject, peer, conn.pairs.oneSided(direction, subject, peer));
}

/**
 * What class `subject` allows in `direction` with a pod no rule singles out (`Connectivity.defaults`), plus
 * the names its rules over every pod give where the destination's container ports are unknown: egress
 * toward such a pod, and ingress when `subject` is a region (what it admits from the ingress controller).
 */
export function defaultConns(conn: Connectivity, direction: Direction, subject: number): NamedConns {
  return sideConns(conn, direction, subject, 'unlisted', conn.defaults[direction][subject]);
}

/**
 * What class `src` may send to class `dst` when `dst` is a region: the pair's numeric set plus, per port
 * name a rule of either direction gives, what a port of that name allows (none when `dst` holds
 * workloads: their names are numbers already).
 */
export function regionPairConns(conn: Connectivity, src: number, dst: number): NamedConns {
  const numeric = conn.pairs.conn(src, dst);
  if (!isRegionClass(conn, dst)) return NamedConns.of(numeric);
  const egress = sideConns(conn, 'egress', src, dst, conn.pairs.oneSided('egress', src, dst));
  const ingress = sideConns(conn, 'ingress', dst, src, conn.pairs.oneSided('ingress', dst, src));
  // Neither side gives a name: the pair's numbers say it all.
  if (!egress.hasPortNames() && !ingress.hasPortNames()) return NamedConns.of(numeric);
  // Both sides are mostly shared answers (sideConns, NamedConns.of): their meeting recurs across region pairs.
  let withEgress = meetings.get(egress);
  if (!withEgress) meetings.set(egress, (withEgress = new WeakMap()));
  let out = withEgress.get(ingress);
  if (!out) withEgress.set(ingress, (out = egress.intersect(ingress)));
  return out;
}

/** `egress.intersect(ingress)` of regionPairConns, by the two sets (held weakly). */
const meetings = new WeakMap<NamedConns, WeakMap<NamedConns, NamedConns>>();

/**
 * Per region class `d` of one side, the classes `s` such that the pair (s, d) may hold names: peers of
 * `d`'s ingress rules with named ports, subjects of egress rules with named ports whose peers hold `d`
 * (NetworkPolicy and tier rules), leaving out pairs whose other side lets nothing through and gives no
 * name (regionPairConns is then empty there: most sources of a region that a default-deny isolates).
 * `visit(s, d)` is called once per such pair, region by region (so memory follows one region's sources).
 * `inScope[c]` (1: in scope): when given, only pairs with an end it accepts, and `scoped` lists those classes ascending.
 */
export function namedRegionPairs(conn: Connectivity, visit: (s: number, d: number) => void, inScope: Uint8Array | null = null, scoped: readonly number[] = []): void {
  const { regions, opens } = namedRuleIndex(conn);
  // d's sources in the order first met; `sourceStamp[s] === stamp`: s is one already (no Set per region).
  const sources: number[] = [];
  const sourceStamp = new Int32Array(conn.index.classes.length);
  let stamp = 0;
  for (const { region: d, egressLists, ingressLists, listed } of regions) {
    // Out of scope with nothing in scope: no source of d is accepted either.
    if (inScope && scoped.length === 0 && !inScope[d]) continue;
    // A name of s's egress rules can change the pair only where d's ingress (giving no name itself) lets s in.
    const ingressOpen = opens('ingress', d);
    const egressNameCounts = (s: number) => ingressOpen || nameCanCount(conn, 'egress', s, d);
    // A name of d's ingress rules, only where s's egress (giving no name itself) lets something out toward d.
    const ingressNameCounts = (s: number) => opens('egress', s) || nameCanCount(conn, 'ingress', d, s);
    // Out of scope, d pairs only with scoped sources: walk its lists or the scoped classes, whichever is shorter.
    const any = !inScope || inScope[d] === 1;
    sources.length = 0;
    stamp++;
    const take = (s: number) => {
      sourceStamp[s] = stamp;
      sources.push(s);
    };
    if (any || listed <= scoped.length * (egressLists.length + ingressLists.length)) {
      for (const list of egressLists) {
        for (let i = 0; i < list.length; i++) {
          const s = list[i];
          if (sourceStamp[s] !== stamp && (any || inScope![s] === 1) && egressNameCounts(s)) take(s);
        }
      }
      for (const list of ingressLists) {
        for (let i = 0; i < list.length; i++) {
          const s = list[i];
          if (sourceStamp[s] !== stamp && (any || inScope![s] === 1) && ingressNameCounts(s)) take(s);
        }
      }
    } else {
      for (const s of scoped) {
        if ((egressLists.some((list) => binaryHas(list, s)) && egressNameCounts(s)) || (ingressLists.some((list) => binaryHas(list, s)) && ingressNameCounts(s))) take(s);
      }
    }
    for (let i = 0; i < sources.length; i++) visit(sources[i], d);
  }
}

/** What namedRegionPairs walks, per side: it depends on the side alone, which the diff and each rollback evaluation (base) ask about again. */
interface NamedRuleIndex {
  /** The region classes some rule with names reaches, in the order first noted. */
  readonly regions: readonly NamedRuleLists[];
  /** Is class `c` free in `direction`, or giving names itself (then no pair of it is left out)? Worked out once per class. */
  readonly opens: (direction: Direction, c: number) => boolean;
}

/** One region class's rules with names. */
interface NamedRuleLists {
  readonly region: number;
  /** The subject lists (ascending) of the egress rules with names whose peers hold the region. */
  readonly egressLists: readonly (readonly number[])[];
  /** The peer lists of the ingress rules with names that select the region. */
  readonly ingressLists: readonly (readonly number[])[];
  /** How many classes the lists hold in all (repeats counted). */
  readonly listed: number;
}

const namedRuleIndexes = new WeakMap<Connectivity, NamedRuleIndex>();

function namedRuleIndex(conn: Connectivity): NamedRuleIndex {
  const known = namedRuleIndexes.get(conn);
  if (known) return known;
  const allClasses = conn.index.classes.map((c) => c.index);
  const egressTo = new Map<number, (readonly number[])[]>();
  const ingressFrom = new Map<number, (readonly number[])[]>();
  const note = (subjects: readonly number[], peers: readonly number[], direction: Direction) => {
    if (direction === 'egress') for (const d of peers) if (isRegionClass(conn, d)) (egressTo.get(d) ?? egressTo.set(d, []).get(d)!).push(subjects);
    if (direction === 'ingress') for (const d of subjects) if (isRegionClass(conn, d)) (ingressFrom.get(d) ?? ingressFrom.set(d, []).get(d)!).push(peers);
  };
  // Lists ascending, for `binaryHas` (subject lists come in selection order); once per list (a policy's rules share theirs).
  const sorted = new Map<readonly number[], readonly number[]>();
  const ascending = (list: readonly number[]) => sorted.get(list) ?? sorted.set(list, [...list].sort((a, b) => a - b)).get(list)!;
  for (const rule of conn.compiled.everyRule) {
    if (rule.hasNamedPorts) note(ascending(conn.compiled.subjectsOf.get(rule.policy.id) ?? []), rule.peerClasses, rule.direction);
  }
  for (const rule of conn.tiers.rules) {
    if (tierRuleNames(rule).length > 0) note(ascending(rule.subjects ?? conn.tiers.subjectsOf.get(rule.policy.id) ?? []), rule.allPods ? allClasses : rule.peerClasses, rule.direction);
  }
  const states = { ingress: new Int8Array(allClasses.length), egress: new Int8Array(allClasses.length) };
  const opens = (direction: Direction, c: number): boolean => {
    if (states[direction][c] === 0) states[direction][c] = isFree(conn, direction, c) || givesNames(conn, direction, c) ? 1 : 2;
    return states[direction][c] === 1;
  };
  const regions = [...new Set([...egressTo.keys(), ...ingressFrom.keys()])].map((region): NamedRuleLists => {
    const egressLists = egressTo.get(region) ?? [];
    const ingressLists = ingressFrom.get(region) ?? [];
    let listed = 0;
    for (const list of egressLists) listed += list.length;
    for (const list of ingressLists) listed += list.length;
    return { region, egressLists, ingressLists, listed };
  });
  const index = { regions, opens };
  namedRuleIndexes.set(conn, index);
  return index;
}
