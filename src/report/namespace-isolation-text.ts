/**
 * A namespace's pods starting (ending) isolation under several policies at once (IsolationCause.namespaceIsolation,
 * analysis/namespace-isolation.ts), told in the policies' own terms: `starts ingress isolation in tools with 5
 * new NetworkPolicies (netpol/…): no policy isolated its pods for ingress in base; a pod they select now
 * admits only what the rules of those selecting it admit: tools/[all pods] from tools/[all pods] on any port
 * (netpol/same.yaml:8), tools/[pod with {app=cache}] from every source on TCP 8443 (netpol/cache.yaml:8) and
 * 3 more policies; 33 paths over 9 label combinations`. Each policy's clause is its podSelector and its
 * rules as written (peers, ports, line); the sentence holds of every pod of the namespace a listed policy
 * selects, since no other policy isolates them that way on either side (test/property/diff-claims-hold.test.ts).
 * A lapse says the same of base's policies, and that the pods they selected now admit every source.
 */
import type { IsolationCause } from '../analysis/isolation-causes.js';
import { plural } from '../util/plural.js';
import type { ClusterScope } from '../analysis/namespace-isolation.js';
import type { Direction, LabelSelector, NetworkPolicy, PortSpec, Rule, Side } from '../engine/index.js';
import { ALL_PORTS, abstractPeer, isEmptySelector, peerOfRule } from '../engine/index.js';
import { causeCount, type CauseWorkloads } from './cause-text.js';
import type { PeerLabel } from './peer-label.js';
import type { RefFormatter } from './reason-text.js';
import { plainRef } from './reason-text.js';
import { andList, namedCount } from '../util/and-list.js';

/** How many policies the headline and the summary name before counting the rest. */
export const NAMESPACE_ISOLATION_NAMED = 3;

/**
 * The sentence, lower-case first: its policies' clauses up to `named` of them, then `and N more policies`;
 * `named` 0: `…, per policy below` (the section lists them: `namespaceIsolationPolicyLines`). A lapse: `ends
 * ingress isolation in tools with 5 NetworkPolicies removed (base:netpol/…): no policy isolates its pods for
 * ingress in head; a pod they selected now admits every source on any port that source's egress allows, where it
 * admitted only what the rules of those selecting it admitted: …`.
 */
export function namespaceIsolationText(c: IsolationCause, label: PeerLabel, fmt: RefFormatter = plainRef, named = NAMESPACE_ISOLATION_NAMED, extra?: CauseWorkloads): string {
  const s = c.namespaceIsolation!;
  const d = s.direction;
  const starts = s.change === 'closed';
  const side = starts ? 'head' : 'base';
  const whole = c.policies.filter((p) => p.how === (starts ? 'added' : 'removed')).length;
  const typed = c.policies.length - whole;
  // Cilium and Calico policies isolate in the NetworkPolicy tier too: then the plain word, or their one kind.
  const kinds = new Set(s.policies.map((p) => p.kind));
  const [only] = kinds;
  const kind = kinds.size === 1 && only ? only.slice(0, -1) : s.policies.some((p) => p.kind) ? 'polic' : 'NetworkPolic';
  const noun = (n: number) => `${kind}${n === 1 ? 'y' : 'ies'}`;
  const byTypes = `${typed} ${starts ? 'now isolating' : 'no longer isolating'} ${d} by ${typed === 1 ? 'its' : 'their'} policyTypes`;
  const which = starts
    ? typed === 0 ? `${whole} new ${noun(whole)}` : `${c.policies.length} ${noun(c.policies.length)} (${whole} new, ${byTypes})`
    : typed === 0 ? `${whole} ${noun(whole)} removed` : `${c.policies.length} ${noun(c.policies.length)} (${whole} removed, ${byTypes})`;
  const at = where(s.policies);
  const ingress = d === 'ingress';
  // Cluster-scoped parts: their pods in every namespace they cover, none named by the internal name of a part of the others.
  const pods = s.scope ? 'the pods they select' : 'its pods';
  const effect = starts
    ? `no policy isolated ${pods} for ${d} in base; ${ingress ? 'a pod they select now admits only what the rules of those selecting it admit' : 'a pod they select may now reach only what the rules of those selecting it allow'}`
    : `no policy isolates ${s.scope ? 'the pods they selected' : pods} for ${d} in head; ${ingress ? 'a pod they selected now admits every source on any port that source\'s egress allows, where it admitted only what the rules of those selecting it admitted' : 'a pod they selected may now reach every destination on any port that destination\'s ingress allows, where it reached only what the rules of those selecting it allowed'}`;
  const clauses = ordered(s.policies).map((p) => policyClause(p, d, side, label, fmt, s.scope?.namespaces));
  const listed = named === 0 ? ', per policy below' : `: ${andList(namedCount(clauses.length, named) < clauses.length ? [...clauses.slice(0, named), plural(clauses.length - named, 'more policy', 'more policies')] : clauses)}`;
  return `${starts ? 'starts' : 'ends'} ${d} isolation ${s.scope ? scopeText(s.scope) : `in ${s.namespace}`} with ${which}${at ? ` (${side === 'base' ? 'base:' : ''}${at})` : ''}: ${effect}${listed}; ${causeCount(c, label, extra)}`;
}

/**
 * One line per policy of the namespace's start (lapse), as the sentence names them (`tools/[pod with {app=cache}]
 * from every source on TCP 8443 (netpol/cache.yaml:8)`); the first `limit` of them (default all), in the sentence's order.
 */
export function namespaceIsolationPolicyLines(c: IsolationCause, label: PeerLabel, fmt: RefFormatter = plainRef, limit = Infinity): string[] {
  const s = c.namespaceIsolation!;
  return ordered(s.policies).slice(0, limit).map((p) => policyClause(p, s.direction, s.change === 'closed' ? 'head' : 'base', label, fmt, s.scope?.namespaces));
}

/** Where cluster-scoped parts' start (lapse) holds: `in every namespace`, `in every namespace but kube-system`, `in the namespaces they select but a`. */
function scopeText(scope: ClusterScope): string {
  const but = scope.except.length > 0 ? ` but ${andList(scope.except)}` : '';
  return `${scope.everyNamespace ? 'in every namespace' : 'in the namespaces they select'}${but}`;
}

/** What a namespace's start (lapse) section leaves out: `its 12 lines, one per label combination and peers, not listed: --format json has every pair`. */
export function namespaceIsolationLeftOut(lines: number, code: (text: string) => string = (t) => t): string {
  return `${lines === 1 ? 'its line' : `its ${lines} lines, one per label combination and peers,`} not listed: ${code('--format json')} has every pair`;
}

/** Those selecting every pod of the namespace first, then by id. */
const ordered = (ps: readonly NetworkPolicy[]) => [...ps].sort((a, b) => Number(!isEmptySelector(a.podSelector)) - Number(!isEmptySelector(b.podSelector)) || (a.id < b.id ? -1 : 1));

/**
 * `S from A and B on TCP 80 (f.yaml:8) and from C on any port (f.yaml:12)`; `S from nothing (f.yaml:1)` for a
 * policy without rules that way. `namespaces`: a cluster-scoped part's pods are those of these namespaces.
 */
function policyClause(p: NetworkPolicy, d: Direction, side: Side, label: PeerLabel, fmt: RefFormatter, namespaces?: LabelSelector): string {
  const subject = label({ type: 'pods', peer: abstractPeer(namespaces ?? p.namespace, p.podSelector) });
  const word = d === 'ingress' ? 'from' : 'to';
  const rules = p[d];
  if (rules.length === 0) return `${subject} ${word} nothing (${fmt(p.ref, side)})`;
  return `${subject} ${andList(rules.map((r) => `${word} ${peersText(p, r, d, label)} on ${rulePortsText(r)} (${fmt(r.ref, side)})`))}`;
}

function peersText(p: NetworkPolicy, r: Rule, d: Direction, label: PeerLabel): string {
  if (r.peers === 'any') return d === 'ingress' ? 'every source' : 'every destination';
  // Only peers the engine cannot know (a Cilium kube-apiserver entity, toFQDNs: the loader warned): it matches nothing here.
  if (r.peers.length === 0) return 'peers reachdiff does not model';
  // A peer the engine cannot know (a Cilium kube-apiserver entity, toFQDNs) is an empty range: named as written.
  return andList(r.peers.map((x) => (x.kind === 'pods' ? label({ type: 'pods', peer: peerOfRule(p, x) }) : label({ type: 'external', addresses: x.block }) || `${x.written ?? 'an address range'} (not analysed)`)));
}

/** A rule's ports as written: `any port`, `TCP 8443,9443`, `TCP 8000-8080 and UDP 53`, `TCP http`, `any TCP port`. */
export function rulePortsText(r: Pick<Rule, 'ports'>): string {
  if (r.ports === 'any') return 'any port';
  const byProtocol = new Map<string, PortSpec[]>();
  for (const s of r.ports) byProtocol.set(s.protocol, [...(byProtocol.get(s.protocol) ?? []), s]);
  return andList(
    [...byProtocol].map(([protocol, specs]) =>
      specs.some((s) => s.port === ALL_PORTS) ? `any ${protocol} port` : `${protocol} ${specs.map((s) => (s.endPort !== undefined && typeof s.port === 'number' ? `${s.port}-${s.endPort}` : String(s.port))).join(',')}`,
    ),
  );
}

/** The policies' files: one file, or their common folder (`netpol/…`); empty when none is common. */
function where(ps: readonly NetworkPolicy[]): string {
  const files = [...new Set(ps.map((p) => p.ref.file))];
  if (files.length <= 1) return files[0] ?? '';
  const dirs = files.map((f) => f.split('/').slice(0, -1));
  const common: string[] = [];
  for (let i = 0; dirs.every((x) => i < x.length && x[i] === dirs[0][i]); i++) common.push(dirs[0][i]);
  return common.length ? `${common.join('/')}/…` : '';
}

/** `a`, `a and b`, `a, b and c`. */
