/**
 * For a connection a direction denies: the smallest edits to one policy that would allow it, so a
 * developer can fix their own policy. Candidates, per isolating direction: add the missing ports to a
 * rule that already admits the peer; add the peer to a rule that already has the ports; add one new
 * rule (exactly this peer, exactly the missing ports) to an isolating policy. Each candidate is applied
 * to the model and verified by recomputing the connectivity, and ranked: edits that open exactly the
 * asked traffic first, then the subject's own policy before others and another client's policy last
 * (edit-purpose.ts), then by how many other paths they would also open and how many other ports of the
 * asked pair (a peer added to a rule without `ports` admits it on every port): an edit that is not
 * verified is never suggested, nor one in another client's policy or in one named for something else
 * (`default-deny`) when an edit elsewhere opens as little.
 */
import { AddressSet, toCidrs } from './address-set.js';
import { ConnectionSet, PROTOCOLS } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { computeConnectivity } from './connectivity.js';
import { diffConnectivity, type PairDiff } from './diff.js';
import type { DirectionExplanation, PairExplanation } from './explain-pair.js';
import { explainDirection } from './explain-pair.js';
import type { CiliumPolicyKind, Cluster, Direction, LabelSelector, Labels, NetworkPolicy, Peer, PortSpec, Rule, SourceRef } from './model.js';
import type { RegionSet } from './regions.js';
import { ALL_PORTS, NAMESPACE_NAME_LABEL } from './model.js';
import type { PeerRef } from './peers.js';
import { parseCidr } from './cidr.js';
import { selectInNamespace } from './peer-classes.js';
import { abstractPeerMatches } from './abstract-peers.js';
import type { RulePeer } from './rule-match.js';
import type { PolicyPurpose } from './edit-purpose.js';
import { policyPurpose } from './edit-purpose.js';

/** A `from`/`to` entry to add: pods by namespace and labels, addresses by CIDR, or every pod (the ingress controller). */
export type PeerSpec =
  | { readonly kind: 'pods'; readonly namespace: string; readonly sameNamespace: boolean; readonly podLabels: Labels }
  | { readonly kind: 'ipBlock'; readonly cidrs: readonly string[] }
  | { readonly kind: 'every-pod' }
  /** An abstract peer's selectors as written (namespace by name, or a namespaceSelector). */
  | { readonly kind: 'selectors'; readonly namespace?: string; readonly sameNamespace: boolean; readonly namespaceSelector?: LabelSelector; readonly podSelector: LabelSelector };

/** Ports to add; `any` is every port of every protocol (no `ports` list); a string port is a container port name. */
export type PortsSpec = 'any' | readonly { readonly protocol: string; readonly port: number | string; readonly endPort?: number }[];

export type EditChange =
  | { readonly kind: 'add-ports'; readonly ports: PortsSpec }
  | { readonly kind: 'add-peer'; readonly peer: PeerSpec }
  | { readonly kind: 'add-rule'; readonly peer: PeerSpec; readonly ports: PortsSpec };

export interface Edit {
  readonly direction: Direction;
  readonly policy: string;
  /** The edited policy's kind when it is not a NetworkPolicy (a CiliumNetworkPolicy): its YAML is written in that kind's fields. */
  readonly policyKind?: CiliumPolicyKind;
  /** The rule changed (0-based), absent for `add-rule`. */
  readonly rule?: number;
  /** The rule's line, or the policy's for `add-rule`. */
  readonly ref: SourceRef;
  readonly change: EditChange;
  /** Ordered pairs other than the asked one that the edit would open traffic on, and a few of them. */
  readonly alsoOpens: number;
  readonly alsoOpensSample: readonly PairDiff[];
  /**
   * Ports of the asked pair beyond the asked ones that the edit would let through its direction (a peer
   * added to a rule without `ports` admits it on every port); absent when none. Asked by a port name toward
   * pods whose port numbers are unknown, every number counts (the name is what was asked).
   */
  readonly alsoOpensPorts?: ConnectionSet;
  /**
   * Set when other targets (cluster models) also build the edited file (a kustomize base shared by
   * overlays): `own` is the target the edit was verified in, `targets` what it opens in each other one
   * (analysis/explain-elsewhere.ts). Absent with one target.
   */
  readonly elsewhere?: EditElsewhere;
}

/** What an edit does beyond its own target: per other target that builds the edited file, the paths it opens there. */
export interface EditElsewhere {
  readonly own: string;
  readonly targets: readonly { readonly target: string; readonly file: string; readonly alsoOpens: number; readonly sample: readonly string[] }[];
  /** Targets building the file that were not evaluated (a bound on cost: at most `limit` are), by name. */
  readonly notEvaluated: readonly string[];
  readonly limit: number;
}

export interface EditBudget {
  /** Candidates verified per direction (each costs one connectivity computation). Default 8. */
  readonly maxCandidates?: number;
  /** Edits kept per direction, best first. Default 3. */
  readonly keep?: number;
  /** The regions of label space `conn` was computed with (abstract ends), to recompute the same way. */
  readonly regions?: RegionSet;
  /**
   * Labels the build adds to every pod selector of a rule peer written in a file (Kustomize `commonLabels`,
   * or `labels` with `includeSelectors`: analysis/peer-labels-added.ts); undefined: none. A peer an edit
   * writes there gains them once built, so it is verified with them, and an edit they defeat is not suggested.
   */
  readonly peerLabels?: (file: string) => Labels | undefined;
}

const KIND_ORDER = { 'add-ports': 0, 'add-peer': 1, 'add-rule': 2 } as const;

/** Per direction of `ex` that denies part of the asked traffic, its verified edits, best first. */
export function smallestEdits(conn: Connectivity, ex: PairExplanation, budget: EditBudget = {}): Map<Direction, Edit[]> {
  const out = new Map<Direction, Edit[]>();
  if (ex.route && ex.route.conn.intersect(ex.query.ports).isEmpty()) return out; // no Ingress leads there: no policy edit helps
  for (const d of ex.directions) {
    // Only what the NetworkPolicy tier denies can be fixed in a NetworkPolicy; Admin and Baseline denials are
    // named in the explanation (a NetworkPolicy cannot override an Admin Deny).
    const missing = routedOnly(ex, d.parts.find((p) => p.tier === 'NetworkPolicy' && p.verdict === 'denied')?.conn);
    if (!missing || missing.isEmpty()) continue;
    // Asked about every port of a direction that allows some: "allow everything else" is not an edit anyone wants
    // (from the ingress controller, the route's ports are a port list of their own).
    if (ex.query.ports.isAll() && !d.allowed.isEmpty() && !routesNumbers(ex)) continue;
    const candidates = candidatesFor(conn, ex, d, missing).slice(0, budget.maxCandidates ?? 8);
    const verified = candidates.map((c) => verify(conn, ex, d, missing, c, budget)).filter((e): e is Edit => e !== null);
    const narrowness = policyNarrowness(conn, d);
    const rank = editRanking(conn, ex, d);
    verified.sort((a, b) => rank.compare(a, b) || KIND_ORDER[a.change.kind] - KIND_ORDER[b.change.kind] || narrowness(a) - narrowness(b));
    out.set(d.direction, rank.placed(verified).slice(0, budget.keep ?? 3));
  }
  return out;
}

/** What the ranking of edits reads: the policy an edit changes and what else it opens. */
export interface RankedEdit {
  /** `namespace/name`. */
  readonly policy: string;
  /** Ordered pairs other than the asked one the edit opens. */
  readonly alsoOpens: number;
  /** Ports of the asked pair beyond the asked ones it opens; absent when none. */
  readonly alsoOpensPorts?: ConnectionSet;
}

/** The ranking of edits to policies for direction `d` of `ex`, as `smallestEdits` applies it (explain's values-file edits too). */
export interface EditRanking {
  /**
   * Edits that open exactly the asked traffic first; then the subject's own policy, a neutral one, another client's
   * (edit-purpose.ts); then a policy named for something else last; then fewer other paths, fewer other ports. 0 for
   * edits it does not tell apart.
   */
  readonly compare: (a: RankedEdit, b: RankedEdit) => number;
  /**
   * `edits` (in order) less those in another client's policy or one named for something else when an edit of
   * `edits` or of `others` to another policy opens as little: such an edit stays when it is the only one, or the
   * only one that opens exactly the asked traffic.
   */
  readonly placed: <E extends RankedEdit>(edits: readonly E[], others?: readonly RankedEdit[]) => E[];
}

/** The ranking of edits for direction `d` of `ex` in `conn` (the side explained). */
export function editRanking(conn: Connectivity, ex: PairExplanation, d: DirectionExplanation): EditRanking {
  // The subject's own policy first; another client's (data/allow-prometheus for cart's access to redis) last
  // (new-user trial 45, finding 9).
  const purposes = purposeOf(conn, ex, d);
  const purpose = (e: RankedEdit) => PURPOSE_ORDER[purposes(e.policy)];
  // A policy whose name says it is for something else (default-deny, allow-dns, allow-prometheus-scrape) comes last:
  // an app's allow put there works but misleads later readers (fresh-user trial 27, P8).
  const generic = (e: RankedEdit) => (namedForElse(e.policy) ? 1 : 0);
  // An edit that opens exactly what was asked comes before one that opens more, whatever the policy's name:
  // a reviewer pastes the first one (new-user trial 44, F2: a peer added to a rule without ports came first).
  const exact = (e: RankedEdit) => (e.alsoOpens === 0 && !e.alsoOpensPorts ? 0 : 1);
  const extraPorts = (e: RankedEdit) => (e.alsoOpensPorts ? portCount(e.alsoOpensPorts) : 0);
  // Another client's policy, or one named for something else, is left out when an edit elsewhere opens as little.
  const misplaced = (e: RankedEdit) => purposes(e.policy) === 'other-client' || namedForElse(e.policy);
  return {
    compare: (a, b) => exact(a) - exact(b) || purpose(a) - purpose(b) || generic(a) - generic(b) || a.alsoOpens - b.alsoOpens || extraPorts(a) - extraPorts(b),
    placed: (edits, others = []) => edits.filter((e) => !misplaced(e) || ![...edits, ...others].some((o) => !misplaced(o) && exact(o) <= exact(e))),
  };
}

/**
 * From the ingress controller, the part of `missing` the Ingress route carries: the controller reaches
 * the destination only on the route's target ports (ingress-controller.ts), so an edit that admits it
 * elsewhere (every port, when asked without `--port`) opens nothing the controller could use and more
 * for every other pod. A route known only by port names (pods the manifests do not hold: their numbers
 * are unknown) leaves `missing` as asked.
 */
function routedOnly(ex: PairExplanation, missing: ConnectionSet | undefined): ConnectionSet | undefined {
  return missing && routesNumbers(ex) ? missing.intersect(ex.route!.conn) : missing;
}

const PURPOSE_ORDER: Record<PolicyPurpose, number> = { own: 0, neutral: 1, 'other-client': 2 };

/** Each edited policy's purpose for direction `d` (edit-purpose.ts), by policy id. */
function purposeOf(conn: Connectivity, ex: PairExplanation, d: DirectionExplanation): (policy: string) => PolicyPurpose {
  const policies = new Map(conn.policies.map((p) => [p.id, p]));
  const [subject, far] = d.direction === 'egress' ? [ex.query.src, ex.query.dst] : [ex.query.dst, ex.query.src];
  const memo = new Map<string, PolicyPurpose>();
  return (id) => {
    let found = memo.get(id);
    // A policy this side does not hold (an edit verified on another rendering of it) has no purpose to tell.
    const policy = policies.get(id);
    if (found === undefined) memo.set(id, (found = policy ? policyPurpose(conn, policy, d, subject, far) : 'neutral'));
    return found;
  };
}

/** Words in a policy's name that say it is for something other than one app's traffic. */
const GENERIC_WORDS = new Set(['default', 'deny', 'dns', 'prometheus', 'scrape', 'monitoring', 'metrics', 'baseline']);

/** Whether the policy (`namespace/name`) is named for something else, by a word of its name: `default-deny`, `allow-dns`, `allow-prometheus-scrape`. */
export function namedForElse(policyId: string): boolean {
  const name = policyId.slice(policyId.indexOf('/') + 1);
  return name.split(/[-_.]/).some((w) => GENERIC_WORDS.has(w.toLowerCase()));
}

/** How many ports a set holds, over its protocols. */
function portCount(c: ConnectionSet): number {
  return PROTOCOLS.reduce((n, p) => n + c.ports(p).intervals.reduce((m, [a, b]) => m + b - a + 1, 0), 0);
}

/** Whether `ex` is from the ingress controller over a route whose ports are all numbers. */
function routesNumbers(ex: PairExplanation): boolean {
  return ex.route !== undefined && !ex.route.names?.length && !ex.route.conn.isEmpty();
}

/**
 * Among edits that open the same, prefer the policy most about this workload: one that already has
 * rules in the direction (not a bare default-deny), then the one selecting the fewest pod classes.
 */
function policyNarrowness(conn: Connectivity, d: DirectionExplanation): (e: Edit) => number {
  const policies = new Map(conn.policies.map((p) => [p.id, p]));
  const nearest = new Map<string, number>();
  for (const m of d.nearMisses) nearest.set(m.policy, Math.min(nearest.get(m.policy) ?? Infinity, m.mismatches.length));
  return (e) => {
    const p = policies.get(e.policy)!;
    const bare = p[d.direction].length === 0 ? 1e9 : 0;
    return bare + (nearest.get(p.id) ?? 1000) * 1000 + (conn.compiled.subjectsOf.get(p.id)?.length ?? 0);
  };
}

interface Candidate {
  readonly direction: Direction;
  readonly policy: NetworkPolicy;
  readonly rule?: number;
  readonly ref: SourceRef;
  readonly change: EditChange;
}

function candidatesFor(conn: Connectivity, ex: PairExplanation, d: DirectionExplanation, missing: ConnectionSet): Candidate[] {
  const policies = new Map(conn.policies.map((p) => [p.id, p]));
  const far = d.direction === 'egress' ? ex.query.dst : ex.query.src;
  const { direction } = d;
  const out: Candidate[] = [];
  // A CiliumClusterwideNetworkPolicy is one copy per namespace in the model: an edit verified on one copy does
  // not say what editing the file opens in every other namespace, so none is suggested there. A Calico
  // policy's rules are ordered with its Deny and Pass rules: an added Allow may come after one; none either.
  // A policy a controller installs (`installedBy`: a FluxInstance's, an operator's) is written nowhere in the repository.
  const editable = (p: NetworkPolicy) => (p.kind === undefined || p.kind === 'CiliumNetworkPolicy') && p.installedBy === undefined;
  for (const miss of d.nearMisses) {
    const policy = policies.get(miss.policy)!;
    if (!editable(policy)) continue;
    const at = { direction, policy, rule: miss.rule, ref: miss.ref };
    // A ports mismatch over what was asked may not be one over `missing` (narrowed to an Ingress route's ports): the rule may hold them.
    const mismatches = miss.mismatches.filter((m) => m.kind !== 'ports' || m.portName !== undefined || m.regionNames !== undefined || !missing.isSubsetOf(m.ruleConns));
    if (mismatches.length === 0) continue;
    if (mismatches.every((m) => m.kind === 'ports')) out.push({ ...at, change: { kind: 'add-ports', ports: portsSpec(missing, ex.query.portName) } });
    else if (mismatches.every((m) => m.kind !== 'ports')) out.push({ ...at, change: { kind: 'add-peer', peer: peerSpec(conn, far, policy.namespace) } });
  }
  for (const iso of d.isolating) {
    const policy = policies.get(iso.policy)!;
    if (!editable(policy)) continue;
    out.push({ direction, policy, ref: iso.ref, change: { kind: 'add-rule', peer: peerSpec(conn, far, policy.namespace), ports: portsSpec(missing, ex.query.portName) } });
  }
  return out;
}

/** The narrowest entry selecting `far`, written for a policy in `namespace`. */
function peerSpec(conn: Connectivity, far: PeerRef, namespace: string): PeerSpec {
  switch (far.type) {
    case 'external':
      return { kind: 'ipBlock', cidrs: toCidrs(far.addresses) };
    case 'ingress-controller':
      return { kind: 'every-pod' };
    case 'domain':
      // A NetworkPolicy cannot name a domain: only an ipBlock of every address reaches its unknown IPs.
      return { kind: 'ipBlock', cidrs: ['0.0.0.0/0', '::/0'] };
    case 'pods':
      // An abstract peer: exactly its own selectors.
      return { kind: 'selectors', namespace: far.peer.namespace, sameNamespace: far.peer.namespace === namespace, namespaceSelector: far.peer.namespaceSelector, podSelector: far.peer.podSelector };
    case 'workload': {
      const w = far.workload;
      return { kind: 'pods', namespace: w.namespace, sameNamespace: w.namespace === namespace, podLabels: identifyingLabels(conn, w.namespace, w.podLabels) };
    }
  }
}

/** One label that selects only this workload's pods in its namespace when there is one; else all its labels. */
function identifyingLabels(conn: Connectivity, namespace: string, labels: Labels): Labels {
  const target = selectInNamespace(conn.index, namespace, { matchLabels: labels, expressions: [] });
  for (const key of Object.keys(labels).sort()) {
    const picked = selectInNamespace(conn.index, namespace, { matchLabels: { [key]: labels[key] }, expressions: [] });
    if (picked.length === target.length && picked.every((c) => target.includes(c))) return { [key]: labels[key] };
  }
  return labels;
}

/** The missing ports as a rule's `ports`; asked by port name (an abstract destination), that name per protocol missing. */
function portsSpec(missing: ConnectionSet, portName?: string): PortsSpec {
  if (portName !== undefined) return PROTOCOLS.filter((protocol) => !missing.ports(protocol).isEmpty()).map((protocol) => ({ protocol, port: portName }));
  if (missing.isAll()) return 'any';
  const out: { protocol: string; port: number | string; endPort?: number }[] = [];
  for (const protocol of PROTOCOLS) {
    const ports = missing.ports(protocol);
    if (ports.isAll()) out.push({ protocol, port: ALL_PORTS });
    else for (const [a, b] of ports.intervals) out.push(b > a ? { protocol, port: a, endPort: b } : { protocol, port: a });
  }
  return out;
}

/** Applies the candidate, recomputes, and keeps it only if the direction now allows all that was missing. */
function verify(conn: Connectivity, ex: PairExplanation, d: DirectionExplanation, missing: ConnectionSet, c: Candidate, budget: EditBudget): Edit | null {
  const { regions } = budget;
  const edited = applyEdit(conn.cluster, c, budget.peerLabels?.(c.ref.file));
  const after = computeConnectivity(edited, regions);
  const [subject, far] = d.direction === 'egress' ? [ex.query.src, ex.query.dst] : [ex.query.dst, ex.query.src];
  const classOf = (at: Connectivity, p: PeerRef) =>
    p.type === 'workload' ? at.index.classes[at.index.classOf.get(p.workload.id)!] : p.type === 'pods' && p.region !== undefined ? at.index.regionClasses[p.region] : null;
  const cls = classOf(after, subject);
  if (!cls) return null;
  const re = explainDirection(after, d.direction, cls, subject, rulePeerOf(after, far), classOf(after, ex.query.dst), ex.query.ports, ex.query.portName);
  if (!missing.isSubsetOf(re.allowed)) return null;
  // With regions (an abstract end was asked), pods the manifests do not hold are other paths too.
  const pairs = diffConnectivity(conn, after, regions ? { regions } : {}).pairs.filter((p) => p.opened);
  const others = pairs.filter((p) => !isAsked(after, p, ex));
  // The asked pair's other ports: what the direction lets through on every port, before and after (the pair's
  // other direction may still deny them, so the pair's own diff alone would not show them), and what the
  // asked pairs of an abstract end open beyond the asked ports.
  const asked = askedNumbers(ex.query);
  const everyPort = (at: Connectivity) => {
    const subjectClass = classOf(at, subject);
    return subjectClass ? explainDirection(at, d.direction, subjectClass, subject, rulePeerOf(at, far), classOf(at, ex.query.dst), ConnectionSet.ALL).allowed : ConnectionSet.NONE;
  };
  const extra = pairs
    .filter((p) => isAsked(after, p, ex))
    .reduce((acc, p) => acc.union(p.opened!), everyPort(after).subtract(everyPort(conn)))
    .subtract(asked);
  return {
    direction: d.direction,
    policy: c.policy.id,
    ...(c.policy.kind === 'CiliumNetworkPolicy' ? { policyKind: c.policy.kind } : {}),
    ...(c.rule === undefined ? {} : { rule: c.rule }),
    ref: c.ref,
    change: c.change,
    alsoOpens: others.length,
    alsoOpensSample: others.slice(0, 3),
    ...(extra.isEmpty() ? {} : { alsoOpensPorts: extra }),
  };
}

/**
 * The port numbers the query asks: its ports, or none when it asks a port name toward pods whose numbers are
 * unknown (its `ports` are then the numbers the name may carry, and any number an edit opens is more than the name).
 */
export function askedNumbers(query: PairExplanation['query']): ConnectionSet {
  return query.portName !== undefined ? ConnectionSet.NONE : query.ports;
}

/**
 * Of the pairs a change opens, the ports the asked pair (each pair within the asked ends) gains beyond the asked
 * ones: for an edit verified outside this module (a Helm values file line, analysis/values-edits.ts).
 */
export function askedPairExtraPorts(after: Connectivity, opened: readonly PairDiff[], ex: PairExplanation): ConnectionSet {
  return opened
    .filter((p) => p.opened && isAsked(after, p, ex))
    .reduce((acc, p) => acc.union(p.opened!), ConnectionSet.NONE)
    .subtract(askedNumbers(ex.query));
}

function rulePeerOf(conn: Connectivity, p: PeerRef): RulePeer {
  if (p.type === 'workload') return { kind: 'pod', cls: conn.index.classes[conn.index.classOf.get(p.workload.id)!], workload: p.workload.id };
  if (p.type === 'pods') return { kind: 'pod', cls: conn.index.regionClasses[p.region!], workload: p.peer.id };
  return p.type === 'external' ? { kind: 'addresses', addresses: p.addresses } : { kind: 'ingress-controller' };
}

function isAsked(conn: Connectivity, p: PairDiff, ex: PairExplanation): boolean {
  return samePeer(conn, p.src, ex.query.src) && samePeer(conn, p.dst, ex.query.dst);
}

/**
 * Whether the pair end `a` is within the asked end `b`. A region, or a workload, is in an asked abstract
 * peer when the peer's selectors match its labels (the regions were cut by the asked selectors: each is
 * wholly in or out); another region of label space is another path (a rule added to a policy over every
 * pod of the namespace also opens its other pods).
 */
function samePeer(conn: Connectivity, a: PeerRef, b: PeerRef): boolean {
  if (a.type === 'workload' && b.type === 'workload') return a.workload.id === b.workload.id;
  if (a.type === 'external' && b.type === 'external') return !a.addresses.intersect(b.addresses).isEmpty();
  if (b.type === 'pods' && (a.type === 'pods' || a.type === 'workload')) {
    const at = a.type === 'pods' ? a.region : conn.index.classOf.get(a.workload.id);
    const cls = at === undefined ? undefined : a.type === 'pods' ? conn.index.regionClasses[at] : conn.index.classes[at];
    return cls === undefined || abstractPeerMatches(b.peer, cls.nsLabels, cls.podLabels);
  }
  return a.type === b.type;
}

/**
 * The pairs `edits` open in another cluster model that builds the same files: each edit is applied to
 * the policy there written at the same place (the rule's line, or the policy's for `add-rule`), as
 * re-rendering with the edited file would give; an edit whose place that model does not hold is left
 * out. `null` when the first edit's place is not there. The edits of the pair's other direction go along
 * (the asked traffic needs both), so the counterpart pair there shows as opened. `peerLabels`: that model's
 * build's, as `EditBudget.peerLabels`.
 */
export function editsOpenIn(conn: Connectivity, edits: readonly Edit[], regions?: RegionSet, peerLabels?: EditBudget['peerLabels']): PairDiff[] | null {
  let cluster = conn.cluster;
  let first = true;
  for (const e of edits) {
    const policy = cluster.policies.find((p) => sameRef(e.rule === undefined ? p.ref : p[e.direction][e.rule]?.ref, e.ref));
    if (!policy) {
      if (first) return null;
      continue;
    }
    first = false;
    cluster = applyEdit(cluster, { direction: e.direction, policy, ...(e.rule === undefined ? {} : { rule: e.rule }), ref: e.ref, change: e.change }, peerLabels?.(e.ref.file));
  }
  const after = computeConnectivity(cluster, regions);
  return diffConnectivity(conn, after, regions ? { regions } : {}).pairs.filter((p) => p.opened);
}

function sameRef(a: SourceRef | undefined, b: SourceRef): boolean {
  return a !== undefined && a.file === b.file && a.line === b.line;
}

/** The cluster with the candidate's one policy changed; `built`: labels the build adds to a pod peer written there. */
function applyEdit(cluster: Cluster, c: Candidate, built?: Labels): Cluster {
  const rules = c.policy[c.direction];
  const { change, ref } = c;
  let next: readonly Rule[];
  switch (change.kind) {
    case 'add-ports':
      next = rules.map((x, i) => (i === c.rule ? { ...x, ports: withPorts(x.ports, change.ports, ref) } : x));
      break;
    case 'add-peer':
      next = rules.map((x, i) => (i === c.rule && x.peers !== 'any' ? { ...x, peers: [...x.peers, peerModel(change.peer, ref, built)] } : x));
      break;
    case 'add-rule':
      next = [...rules, { peers: [peerModel(change.peer, ref, built)], ports: withPorts([], change.ports, ref), ref }];
      break;
  }
  const policy: NetworkPolicy = { ...c.policy, [c.direction]: next };
  return { ...cluster, policies: cluster.policies.map((p) => (p.id === policy.id ? policy : p)) };
}

function withPorts(current: Rule['ports'], add: PortsSpec, ref: SourceRef): Rule['ports'] {
  if (current === 'any' || add === 'any') return 'any';
  return [...current, ...add.map((p): PortSpec => ({ protocol: p.protocol as PortSpec['protocol'], port: p.port, ...(p.endPort ? { endPort: p.endPort } : {}), ref }))];
}

/**
 * The peer an edit writes, as the build gives it: `built` labels join a written `matchLabels` (Kustomize's
 * field specs reach `podSelector.matchLabels` and never make one: an empty or expressions-only selector keeps none).
 */
function peerModel(spec: PeerSpec, ref: SourceRef, built?: Labels): Peer {
  const selector = (labels: Labels) => ({ matchLabels: labels, expressions: [] });
  const gains = (s: LabelSelector): LabelSelector => (built && Object.keys(s.matchLabels).length > 0 ? { ...s, matchLabels: { ...s.matchLabels, ...built } } : s);
  switch (spec.kind) {
    case 'ipBlock': {
      const block = spec.cidrs.map((c) => parseCidr(c)).reduce((acc, r) => (r.ok ? acc.union(r.set) : acc), AddressSet.NONE);
      return { kind: 'ipBlock', block, cidr: spec.cidrs.join(','), ref };
    }
    case 'every-pod':
      return { kind: 'pods', namespaces: selector({}), pods: selector({}), ref };
    case 'pods':
      return { kind: 'pods', namespaces: spec.sameNamespace ? 'own' : selector({ [NAMESPACE_NAME_LABEL]: spec.namespace }), pods: gains(selector(spec.podLabels)), ref };
    case 'selectors': {
      const namespaces = spec.sameNamespace ? 'own' : spec.namespace !== undefined ? selector({ [NAMESPACE_NAME_LABEL]: spec.namespace }) : (spec.namespaceSelector ?? selector({}));
      return { kind: 'pods', namespaces, pods: gains(spec.podSelector), ref };
    }
  }
}
