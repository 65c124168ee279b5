/**
 * Paths with pods the manifests do not hold that changed because isolation lapsed or started: a policy
 * removed (added), its podSelector narrowed (widened), or its policyTypes losing (gaining) the direction.
 * Such a change reaches every label combination the other policies cut its pods into, and each
 * combination differs in what other policies allow it, so it reads as many lines of the same cause
 * (longhorn/longhorn 6663b975: one removed policy, 7,728 paths over 11 label combinations). This module
 * finds the cause of each such pair from its reasons (`causeKey`) and resolves it against the clusters
 * (`isolationCauses`), so that the headline and the grouped sections say it once, in the policy's terms.
 *
 * A pair's change is a lapse when its reasons are only that its subject (the destination for ingress,
 * the source for egress) is not isolated that way in head (`not-isolated`) and that one policy isolated it
 * in base (`isolated-by`); a start is the same with base and head swapped. What is then true of every pod
 * of the policy's selector (base's for a lapse, head's for a start) in its namespace that no other policy
 * isolates that way on the side without isolation: the policy isolated it on the other side, so it now
 * admits every source (may reach every destination) the other end's policies allow, on any port (a lapse),
 * or admits (may reach) only what head's policies allow (a start). Not resolved when a side has cluster-wide
 * policies (they decide before and after NetworkPolicies, for pods no pair shows).
 *
 * Pods that several changed policies select at once read as the change of all of them (longhorn/longhorn
 * 7e5b8047e moved three policies' podSelectors onto three new labels: a pod carrying two of them is isolated
 * by both, or gains both's rules). A lapse (start) may be of several policies' isolation at once, their
 * selectors' intersection the subject; and pods other policies isolate on both sides gain (lose) what the
 * rules of the policies that now (no longer) select them allow: `isolatedByOthers`, opened when the policies
 * were added, their podSelector widened onto those pods or their policyTypes gained the direction, closed when
 * removed, narrowed or lost. A cause key names its policies sorted, joined by `+`.
 */
import type { AbstractPeer, Cluster, Direction, NamedConns, NetworkPolicy, PeerRef, Reason, Requirement, Side, SourceRef } from '../engine/index.js';
import { EVERYTHING, abstractPeer, pairConns, peerId, policyById, same, scopedPolicyId } from '../engine/index.js';
import type { CopiesAcross } from './copies-across.js';
import { copiesAcross } from './copies-across.js';
import type { LabelSelector } from '../engine/model.js';
import { causeConns } from './cause-ports.js';
import type { NamespaceIsolation } from './namespace-isolation.js';
import { namespaceIsolations, scopedPart } from './namespace-isolation.js';
import type { ExplainedPair } from './types.js';

/** How the policy's isolation lapsed or started. */
/**
 * `namespace-labels`: a cluster-scoped part's copy (a CiliumClusterwideNetworkPolicy's, a NetworkPolicy Kyverno
 * generates per Namespace) that the namespace's changed labels brought in or took out, the part itself unchanged;
 * its `ref` is the Namespace's.
 */
export type IsolationChange = 'removed' | 'added' | 'policy-types' | 'pod-selector' | 'namespace-labels';

/** One policy of a cause and how its isolation lapsed or started (for `isolatedByOthers`: how it came to select the pods or left them). */
export interface CausePolicy {
  /** The policy id (`namespace/name`). */
  readonly policy: string;
  readonly how: IsolationChange;
  /** The policy's document: base's when removed, else head's. */
  readonly ref: SourceRef;
  readonly side: Side;
  /** `namespace-labels`: how the labels changed, base to head (`team=a added, tier removed, env=prod (was dev)`). */
  readonly labels?: string;
  /**
   * Set on `removed` (`added`) when a `$patch: delete` the change adds (removes) is what takes the policy out of
   * head's build (no longer takes it out): `ref` and `side` are then the deletion's line (analysis/edited-objects.ts).
   */
  readonly deletion?: true;
}

export interface IsolationCause {
  /** `causeKey` of its pairs. */
  readonly key: string;
  /** `opened`: isolation lapsed; `closed`: isolation started. */
  readonly change: 'opened' | 'closed';
  /** The direction isolated: ingress tells of destinations, egress of sources. */
  readonly direction: Direction;
  /** The first of `policies` (by id): its id, how, document and side. */
  readonly policy: string;
  readonly how: IsolationChange;
  readonly ref: SourceRef;
  readonly side: Side;
  /** Every policy whose change it is, by id: one, or several whose change together made its pairs'. */
  readonly policies: readonly CausePolicy[];
  /**
   * Set for paths to or from pods other policies isolate that way on both sides: they lose (`closed`) what
   * the rules of the policies that no longer isolate them (removed, narrowed, policyTypes lost) allowed that
   * no other policy allows, or gain (`opened`) what the rules of those that now do (added, widened onto them,
   * policyTypes gained) allow.
   */
  readonly isolatedByOthers?: true;
  /**
   * With `isolatedByOthers` and `opened`: every rule of the policies that allows the pairs has no peers
   * (`from`/`to` absent or empty), so the pods admit every source (may reach every destination) on `conn`.
   */
  readonly everyPeer?: true;
  /**
   * The pods every policy selects in their namespace (their podSelectors' requirements together): base's
   * for a lapse and for what isolatedByOthers closes, head's for a start and for what it opens.
   */
  readonly subject: AbstractPeer;
  /** Pairs with an end that is pods the manifests do not hold whose change it is. */
  readonly paths: number;
  /**
   * With `isolatedByOthers` and `opened`: the allowing rules (`rulesSignature`) of report lines whose every
   * pair is this cause's. Such a line's reasons are its rules only (report/abstract-groups.ts), which do not
   * tell it from a rule edited in place; a signature some other pair shares is left out.
   */
  readonly lines?: ReadonlySet<string>;
  /** Their distinct subjects (label combinations of the policy's pods). */
  readonly combinations: number;
  /**
   * Of `paths` and `combinations`, those whose subject is a workload the manifests hold, which a region of the
   * subject's pods holds (`[namespace with {team=partners}]/[all pods] → shop/api[Deployment]` beside
   * `… → shop/[pod with {app=api}]`): the report names them by the workload, not as a label combination
   * (report/cause-text.ts causeCount). Absent when none.
   */
  readonly workloads?: { readonly paths: number; readonly subjects: readonly PeerRef[] };
  /**
   * What those pairs opened (closed), united; with `isolatedByOthers`, each pair's as said of every pod of the
   * subject (cause-ports.ts: numbers a workload gave a rule's port name are told by the name).
   */
  readonly conn: NamedConns;
  /**
   * With `isolatedByOthers`: the policies whose rules allow its pairs, as the allowing side has them (head's
   * for opened, base's for closed), by id; pair-cause.ts reads a workload pair's ports through them.
   */
  readonly allowing?: ReadonlyMap<string, NetworkPolicy>;
  /**
   * A namespace's pods starting (ending) isolation that way under several policies, none isolating that way on
   * the other side (namespace-isolation.ts): `policies` are every policy of the namespace isolating that way on
   * the isolating side, `subject` the namespace's pods (`ns/[all pods]`; the sentence names those the policies
   * select), and the cause stands for the starts (lapses) of `namespaceIsolation.keys` (`causesByKey`); told
   * per policy (report/namespace-isolation-text.ts). Its key is `closed|ingress|ns|namespace`.
   */
  readonly namespaceIsolation?: NamespaceIsolation;
  /**
   * A cluster-scoped part's copies in several namespaces, each namespace's cause said alike (copies-across.ts):
   * `policies` are the parts (`CiliumClusterwideNetworkPolicy/name`), `subject` the pods of all those
   * namespaces, and the cause stands for the causes of `copies.keys` (`causesByKey`). Its key has `*` and
   * the parts where a policy's id is: `opened|egress|*CiliumClusterwideNetworkPolicy/name|others`.
   */
  readonly copies?: CopiesAcross;
}

/** `causes` by every key whose pairs they tell: their own, and for a namespace's start (lapse) those of the causes it stands for. */
export function causesByKey(causes: readonly IsolationCause[]): Map<string, IsolationCause> {
  const out = new Map<string, IsolationCause>();
  for (const c of causes) {
    out.set(c.key, c);
    for (const k of c.namespaceIsolation?.keys ?? c.copies?.keys ?? []) out.set(k, c);
  }
  return out;
}

/** Fewer subjects than this are told as they are (the cause would only lengthen one line). */
export const CAUSE_MIN_COMBINATIONS = 2;

/**
 * The cause of a pair's `change` when its reasons are only a lapse (start) of the isolation of one or more
 * policies in one direction (the ingress controller's backends aside, which only say how it routes), or
 * only rules of policies that did not (no longer) isolate its subject while other policies did (do), else
 * undefined: `opened|ingress|ns/a+ns/b`, `closed|ingress|ns/a|others`.
 */
export function causeKey(change: 'opened' | 'closed', all: readonly Reason[]): string | undefined {
  // A workload's label or port change (label-changes.ts, port-name-changes.ts) says why a cited policy's hold changed: no cause of its own.
  const reasons = all.some((r) => r.kind === 'labels-changed' || r.kind === 'ports-changed') ? all.filter((r) => r.kind !== 'labels-changed' && r.kind !== 'ports-changed') : all;
  const deciding = decidingReasons(change, reasons);
  return isolationKey(change, deciding) ?? otherRulesKey(change, deciding) ?? bothKey(change, reasons);
}

/**
 * The reasons a pair's change is told by. A closed pair whose source's egress isolation and destination's
 * ingress isolation both started (its reasons only `not-isolated` in base and `isolated-by` in head, in
 * both directions) is closed by each start alone: it is told as the source's (its egress reasons), so it
 * reads under that start's cause with the source's other paths instead of as a line of its own per
 * destination policy (theepicsaxguy/homelab a3d38d19: thirty namespaces isolated both ways at once, 25,000
 * such lines). An opened pair needs both lapses (each alone opens nothing), and any other pair is told by
 * every reason: `reasons` as they are. The JSON keeps every reason of every pair.
 */
export function decidingReasons(change: 'opened' | 'closed', reasons: readonly Reason[]): readonly Reason[] {
  if (change !== 'closed') return reasons;
  const directions = new Set<Direction>();
  for (const r of reasons) {
    if (r.kind === 'ingress-backend') continue;
    if (!((r.kind === 'not-isolated' && r.side === 'base') || (r.kind === 'isolated-by' && r.side === 'head'))) return reasons;
    directions.add(r.direction);
  }
  return directions.size === 2 ? reasons.filter((r) => r.kind === 'ingress-backend' || ('direction' in r && r.direction === 'egress')) : reasons;
}

/** Joins a pair's two lapses (starts) in `bothKey`. */
const BOTH = '&';

/**
 * A pair whose source's egress and destination's ingress both lapsed (`isolationKey` of each direction's
 * reasons; a closed pair both starts close is told as the source's, `decidingReasons`):
 * `opened|egress|~ns0/a&opened|ingress|~ns0/b`. It is told under the start (lapse) of a
 * namespace or of cluster-scoped parts that one of its keys belongs to (`bothKeys`; the source's first), whose
 * sentence holds of it: the subject may now reach (admit) every peer the other end allows, and the other end,
 * lapsed too, allows it. Such a key is no cause of its own.
 */
function bothKey(change: 'opened' | 'closed', reasons: readonly Reason[]): string | undefined {
  if (!reasons.every((r) => r.kind === 'ingress-backend' || r.kind === 'not-isolated' || r.kind === 'isolated-by')) return undefined;
  const of = (d: Direction) => isolationKey(change, reasons.filter((r) => r.kind === 'ingress-backend' || r.direction === d));
  const [egress, ingress] = [of('egress'), of('ingress')];
  return egress && ingress ? `${egress}${BOTH}${ingress}` : undefined;
}

/** A `bothKey`'s two keys, source's (egress) first; undefined for another key. */
export function bothKeys(key: string): readonly [string, string] | undefined {
  const at = key.indexOf(BOTH);
  return at < 0 ? undefined : [key.slice(0, at), key.slice(at + 1)];
}

const policiesKey = (policies: ReadonlySet<string>) => [...policies].sort().join('+');

/** The `allowed-by-rule` reasons of `side` among `reasons` as one string (`ns/a#0 ns/b#1`, sorted); empty when none. */
export function rulesSignature(reasons: readonly Reason[], side: Side): string {
  const rules = reasons.flatMap((r) => (r.kind === 'allowed-by-rule' && r.side === side ? [`${r.direction} ${r.policy}#${r.rule}`] : []));
  return [...new Set(rules)].sort().join(' ');
}

/**
 * A pair whose reasons are only rules of some policies on the allowing side (`allowed-by-rule` of one
 * direction: head's for `opened`, base's for `closed`) and, on the other side, those policies' absence
 * (`policy-absent`) or the isolation of its subject by other policies (`isolated-by` none of them): they
 * did not (no longer) select the subject, which others isolate. `closed|ingress|ns/a+ns/b|others`.
 */
function otherRulesKey(change: 'opened' | 'closed', reasons: readonly Reason[]): string | undefined {
  const [allowing, blocking]: [Side, Side] = change === 'opened' ? ['head', 'base'] : ['base', 'head'];
  let direction: Direction | undefined;
  const policies = new Set<string>();
  const isolating = new Set<string>();
  for (const r of reasons) {
    if (r.kind === 'ingress-backend') continue;
    if (r.kind === 'allowed-by-rule' && r.side === allowing) {
      if ((direction ??= r.direction) !== r.direction) return undefined;
      policies.add(r.policy);
    } else if (r.kind === 'isolated-by' && r.side === blocking) {
      if ((direction ??= r.direction) !== r.direction) return undefined;
      isolating.add(r.policy);
    } else if (r.kind !== 'policy-absent' || r.side !== blocking) return undefined;
  }
  for (const r of reasons) if (r.kind === 'policy-absent' && !policies.has(r.policy)) return undefined;
  for (const p of isolating) if (policies.has(p)) return undefined;
  const blocked = isolating.size > 0 || reasons.some((r) => r.kind === 'policy-absent');
  return direction !== undefined && policies.size > 0 && blocked ? `${change}|${direction}|${policiesKey(policies)}|others` : undefined;
}

function isolationKey(change: 'opened' | 'closed', reasons: readonly Reason[]): string | undefined {
  const [open, isolated]: [Side, Side] = change === 'opened' ? ['head', 'base'] : ['base', 'head'];
  let direction: Direction | undefined;
  const policies = new Set<string>();
  let unisolated = false;
  for (const r of reasons) {
    if (r.kind === 'ingress-backend') continue;
    if (r.kind !== 'not-isolated' && r.kind !== 'isolated-by') return undefined;
    if ((direction ??= r.direction) !== r.direction) return undefined;
    if (r.kind === 'not-isolated') {
      if (r.side !== open) return undefined;
      unisolated = true;
    } else {
      if (r.side !== isolated) return undefined;
      policies.add(r.policy);
    }
  }
  return unisolated && policies.size > 0 ? `${change}|${direction}|${policiesKey(policies)}` : undefined;
}

/** The end a cause's direction tells of: the destination for ingress, the source for egress. */
export function causeSubject(p: Pick<ExplainedPair, 'src' | 'dst'>, direction: Direction): PeerRef {
  return direction === 'ingress' ? p.dst : p.src;
}

const isAbstract = (p: ExplainedPair) => p.src.type === 'pods' || p.dst.type === 'pods';

/**
 * The causes of `pairs`' abstract changes with at least CAUSE_MIN_COMBINATIONS subjects, resolved against
 * the clusters; opened first, then by key. A cause is left out when one of its policies is not what it says
 * on either side (its selector and policyTypes the same on both: a namespace relabelled, say), when its
 * policies' selectors cannot all hold one pod, or a side has cluster-wide policies.
 */
export function isolationCauses(pairs: readonly ExplainedPair[], base: Cluster, head: Cluster): IsolationCause[] {
  if ((base.clusterPolicies ?? []).length > 0 || (head.clusterPolicies ?? []).length > 0) return [];
  const found = new Map<string, Found>();
  // Pairs whose both ends' isolation lapsed (started), by `bothKey`: counted from each end (its direction's subject).
  const both = new Map<string, Record<Direction, Found>>();
  // Per opened pairs' head rules, the cause keys of every pair with those rules ('' for none).
  const byRules = new Map<string, Set<string>>();
  const entry = (into: Map<string, Found>, key: string, change: 'opened' | 'closed', direction: Direction, policies: string, conn: NamedConns) =>
    into.get(key) ?? into.set(key, { change, direction, policies: policies.split('+'), paths: 0, subjects: new Set(), conn, rules: new Set(), held: { paths: 0, subjects: new Map() } }).get(key)!;
  for (const p of pairs) {
    for (const change of ['opened', 'closed'] as const) {
      const whole = pairConns(p, change);
      if (!whole) continue;
      const reasons = change === 'opened' ? p.whyOpened : p.whyClosed;
      const abstract = isAbstract(p);
      const key = abstract || change === 'opened' ? causeKey(change, reasons) : undefined;
      if (change === 'opened') {
        const sig = rulesSignature(reasons, 'head');
        if (sig) (byRules.get(sig) ?? byRules.set(sig, new Set()).get(sig)!).add(key ?? '');
      }
      if (!key || !abstract) continue;
      const pairOf = bothKeys(key);
      if (pairOf) {
        // Both ends' isolation lapsed (started): counted with the grouped start (lapse) that tells it, if any (withBothKeys).
        const ends = both.get(key) ?? both.set(key, {} as Record<Direction, Found>).get(key)!;
        for (const k of pairOf) {
          const [, direction, policies] = k.split('|') as [string, Direction, string];
          record((ends[direction] ??= entry(new Map(), k, change, direction, policies, whole)), p, whole, reasons);
        }
        continue;
      }
      const [, direction, policies] = key.split('|') as [string, Direction, string, string?];
      // Rules given (taken): their ports as every pod of the subject gets them (a workload's port name by its name).
      const allowing = change === 'opened' ? 'head' : 'base';
      const conn = key.endsWith('|others') ? causeConns(p.dst, whole, reasons, allowing, (id) => policyById(allowing === 'head' ? head : base, id)) : whole;
      record(entry(found, key, change, direction, policies, conn), p, conn, reasons);
    }
  }
  const out: IsolationCause[] = [];
  // A namespace's starts (lapses) under several policies, none isolating that way on the other side: one cause, its causes' keys left to it.
  const namespaces = withBothKeys(namespaceIsolations(found, base, head), both, found);
  const inNamespace = new Set(namespaces.flatMap((s) => [...s.keys]));
  // A cluster-scoped part's copies' causes, said alike per namespace: one cause across their namespaces (copies-across.ts).
  const across = new Map(copiesAcross(found, base, head, inNamespace).flatMap((g) => g.keys.map((k) => [k, g] as const)));
  const told = new Set<CopiesAcross>();
  // Per opened pairs' head rules, the signatures whose pairs are all of these causes' keys.
  const linesOf = (keys: ReadonlySet<string>) => new Set([...byRules].flatMap(([sig, ks]) => ([...ks].every((k) => keys.has(k)) ? [sig] : [])));
  const resolve = (key: string, f: Found) => keyCause(key, f, base, head, linesOf);
  // Opened first, as the report tells them.
  const order = ([a, x]: [string, { change: string }], [b, y]: [string, { change: string }]) => Number(x.change === 'closed') - Number(y.change === 'closed') || (a < b ? -1 : 1);
  for (const [key, f] of [...found].sort(order)) {
    if (inNamespace.has(key)) continue;
    const group = across.get(key);
    if (group) {
      if (told.has(group)) continue;
      told.add(group);
      const cause = acrossCause(group, group.keys.map((k) => ({ f: found.get(k)!, cause: resolve(k, found.get(k)!) })), linesOf);
      if (cause) {
        out.push(cause);
        continue;
      }
      // Not said alike after all: each namespace's cause as it is.
      for (const k of group.keys) {
        const one = found.get(k)!.subjects.size >= CAUSE_MIN_COMBINATIONS ? resolve(k, found.get(k)!) : undefined;
        if (one) out.push(one);
      }
      continue;
    }
    if (f.subjects.size < CAUSE_MIN_COMBINATIONS) continue;
    const cause = resolve(key, f);
    if (cause) out.push(cause);
  }
  // After the others of their change: opened first.
  for (const s of namespaces) {
    const at = s.change === 'opened' ? out.findIndex((c) => c.change === 'closed') : -1;
    out.splice(at < 0 ? out.length : at, 0, namespaceCause(s, [...s.keys].map((k) => found.get(k)!), base, head));
  }
  return out;
}

/**
 * The cause of one key's pairs (`f`), resolved against the clusters (see `isolationCauses`), whatever its
 * number of subjects; undefined when a policy is not what the key says on either side or the policies'
 * selectors cannot all hold one pod. `linesOf`: the allowing rules of report lines whose every pair is of the keys.
 */
function keyCause(key: string, f: Found, base: Cluster, head: Cluster, linesOf: (keys: ReadonlySet<string>) => ReadonlySet<string>): IsolationCause | undefined {
  const others = key.endsWith('|others');
  // Others' isolation on both sides: the policies now isolating the subject are those that started to (a start), or lapsed.
  const starts = (f.change === 'closed') !== others;
  const policies: CausePolicy[] = [];
  const selectors: NetworkPolicy[] = [];
  for (const id of f.policies) {
    const [b, h] = [policyById(base, id), policyById(head, id)];
    const how = labelledCopy(base, head, b, h) ?? isolationChange(starts ? 'closed' : 'opened', f.direction, b, h);
    if (!how) return undefined;
    policies.push({ policy: id, ...how });
    selectors.push((starts ? h : b)!);
  }
  const subject = jointSubject(selectors, f.hidden);
  if (!subject) return undefined;
  const everyPeer = others && f.change === 'opened' && [...f.rules].every((r) => peerless(head, r, f.direction));
  const lines = others && f.change === 'opened' ? linesOf(new Set([key])) : undefined;
  // Rules given (taken): the policies whose rules a workload pair told under it is read through (pair-cause.ts).
  const allowingSide = f.change === 'opened' ? head : base;
  const allowing = others ? new Map(f.policies.flatMap((id) => policiesOf(allowingSide, id))) : undefined;
  return {
    key,
    change: f.change,
    direction: f.direction,
    ...policies[0],
    policies,
    ...(others ? { isolatedByOthers: true as const } : {}),
    ...(everyPeer ? { everyPeer: true as const } : {}),
    ...(lines?.size ? { lines } : {}),
    subject,
    paths: f.paths,
    combinations: f.subjects.size,
    ...heldWorkloads([f.held]),
    conn: f.conn,
    ...(allowing ? { allowing } : {}),
  };
}

/**
 * The causes of a cluster-scoped part's copies in several namespaces (copies-across.ts) as one: each policy by
 * the part (`CiliumClusterwideNetworkPolicy/x`, changed as every copy was), the pods those of its namespaces,
 * the counts, ports, lines and allowing policies of all. Undefined when a namespace's cause is not resolved,
 * or when the copies were not changed alike or select other pods, or all of them make fewer than
 * CAUSE_MIN_COMBINATIONS subjects: each is then told as it is.
 */
function acrossCause(g: CopiesAcross, each: readonly { f: Found; cause: IsolationCause | undefined }[], linesOf: (keys: ReadonlySet<string>) => ReadonlySet<string>): IsolationCause | undefined {
  const causes = each.map((e) => e.cause);
  if (!causes.every((c): c is IsolationCause => c !== undefined)) return undefined;
  const [first] = causes;
  // The copies of each part changed alike (added, removed, …), their pods chosen alike in every namespace.
  const hows = (c: IsolationCause) => c.policies.map((p) => `${scopedPolicyId(p.policy)} ${p.how}`).sort().join(' ');
  if (!causes.every((c) => hows(c) === hows(first) && same(c.subject.podSelector, first.subject.podSelector))) return undefined;
  const combinations = each.reduce((n, e) => n + e.f.subjects.size, 0);
  if (combinations < CAUSE_MIN_COMBINATIONS) return undefined;
  const byPart = new Map(first.policies.map((p) => [scopedPolicyId(p.policy), p]));
  const policies = [...byPart].sort(([a], [b]) => (a < b ? -1 : 1)).map(([policy, p]) => ({ ...p, policy }));
  const lines = g.others && g.change === 'opened' ? linesOf(new Set(g.keys)) : undefined;
  const allowing = g.others ? new Map(causes.flatMap((c) => [...(c.allowing ?? [])])) : undefined;
  return {
    key: `${g.change}|${g.direction}|*${g.parts.join('+')}${g.others ? '|others' : ''}`,
    change: g.change,
    direction: g.direction,
    ...policies[0],
    policies,
    ...(g.others ? { isolatedByOthers: true as const } : {}),
    ...(causes.every((c) => c.everyPeer) ? { everyPeer: true as const } : {}),
    ...(lines?.size ? { lines } : {}),
    subject: abstractPeer(g.namespaceSelector, first.subject.podSelector),
    paths: each.reduce((n, e) => n + e.f.paths, 0),
    combinations,
    ...heldWorkloads(each.map((e) => e.f.held)),
    conn: causes.slice(1).reduce((c, x) => c.union(x.conn), first.conn),
    ...(allowing ? { allowing } : {}),
    copies: g,
  };
}

/**
 * `groups` with each `bothKey` of `both` among the keys of the group that has its source's key, else of the one
 * that has its destination's, and its pairs in `found` as counted from that end (with the group's).
 */
function withBothKeys(groups: readonly NamespaceIsolation[], both: ReadonlyMap<string, Record<Direction, Found>>, found: Map<string, Found>): NamespaceIsolation[] {
  if (both.size === 0 || groups.length === 0) return [...groups];
  const keys = new Map(groups.map((g) => [g, new Set(g.keys)]));
  const groupOf = (k: string) => groups.find((g) => g.keys.has(k));
  for (const [key, ends] of both) {
    const [egress, ingress] = bothKeys(key)!;
    const at = groupOf(egress) ? ends.egress : groupOf(ingress) ? ends.ingress : undefined;
    if (!at) continue;
    keys.get(groupOf(egress) ?? groupOf(ingress)!)!.add(key);
    found.set(key, at);
  }
  return groups.map((g) => ({ ...g, keys: keys.get(g)! }));
}

/** What one cause key's pairs make. `hidden`: the namespace part its subjects share when they are pods of namespaces the manifests do not hold (null: they differ). */
interface Found {
  change: 'opened' | 'closed';
  direction: Direction;
  policies: string[];
  paths: number;
  subjects: Set<string>;
  conn: NamedConns;
  rules: Set<string>;
  held: Held;
  hidden?: LabelSelector | null;
}

/** Counts pair `p`, whose change is `conn` (its reasons `reasons`), in `f`. */
function record(f: Found, p: ExplainedPair, conn: NamedConns, reasons: readonly Reason[]): void {
  if (f.paths > 0) f.conn = f.conn.union(conn);
  f.paths++;
  const subject = causeSubject(p, f.direction);
  f.subjects.add(peerId(subject));
  if (subject.type === 'pods' && subject.peer.namespaceSelector) {
    const ns = subject.peer.namespaceSelector;
    f.hidden = f.hidden === undefined || (f.hidden && same(f.hidden, ns)) ? ns : null;
  }
  if (subject.type === 'workload') {
    f.held.paths++;
    f.held.subjects.set(peerId(subject), subject);
  }
  for (const r of reasons) if (r.kind === 'allowed-by-rule') f.rules.add(`${r.policy}#${r.rule}`);
}

/** Pairs of a cause whose subject is a workload: how many, and the workloads by id. */
interface Held {
  paths: number;
  readonly subjects: Map<string, PeerRef>;
}

/** `IsolationCause.workloads` of causes' held workloads together (each workload once), or nothing when none. */
function heldWorkloads(held: readonly Held[]): Pick<IsolationCause, 'workloads'> {
  const paths = held.reduce((n, h) => n + h.paths, 0);
  if (paths === 0) return {};
  const subjects = new Map(held.flatMap((h) => [...h.subjects]));
  return { workloads: { paths, subjects: [...subjects.values()] } };
}

/** A namespace's start (lapse) as a cause: its policies' changes (added or removed, or policyTypes gaining or losing the direction), its causes' counts united. */
function namespaceCause(s: NamespaceIsolation, causes: readonly { paths: number; subjects: ReadonlySet<string>; conn: NamedConns; held: Held }[], base: Cluster, head: Cluster): IsolationCause {
  // A cluster-scoped part as written (namespace-isolation.ts `scope`), else the namespace's own policy.
  const find = (c: Cluster, id: string) => (s.scope ? scopedPart(c, id)?.policy : policyById(c, id));
  const policies: CausePolicy[] = s.policies.map((p) => {
    const [b, h] = [find(base, p.id), find(head, p.id)];
    return { policy: p.id, ...((s.scope ? undefined : labelledCopy(base, head, b, h)) ?? isolationChange(s.change, s.direction, b, h)!) };
  });
  const subjects = new Set(causes.flatMap((f) => [...f.subjects]));
  return {
    key: `${s.change}|${s.direction}|${s.namespace}|namespace`,
    change: s.change,
    direction: s.direction,
    ...policies[0],
    policies,
    subject: abstractPeer(s.scope ? s.scope.namespaces : s.namespace, EVERYTHING),
    paths: causes.reduce((n, f) => n + f.paths, 0),
    combinations: subjects.size,
    ...heldWorkloads(causes.map((f) => f.held)),
    conn: causes.slice(1).reduce((c, f) => c.union(f.conn), causes[0].conn),
    namespaceIsolation: s,
  };
}

/** The policy `id` of `c` as a map entry (none when `c` lacks it). */
const policiesOf = (c: Cluster, id: string): [string, NetworkPolicy][] => {
  const p = policyById(c, id);
  return p ? [[id, p]] : [];
};

/** Whether the rule `policy#index` (0-based) of `direction` in `c` has no peers (`from`/`to` absent or empty: every source or destination). */
function peerless(c: Cluster, at: string, direction: Direction): boolean {
  const [id, index] = at.split('#') as [string, string];
  return policyById(c, id)?.[direction][Number(index)]?.peers === 'any';
}

/**
 * The pods every one of `policies` selects, as one abstract peer of their namespace (their podSelectors'
 * labels and expressions together); undefined when they are in different namespaces or require different
 * values of one label. Copies of a clusterwide part in a part of the namespaces the manifests do not hold
 * (`~ns<k>`, engine/cluster-scope.ts) are in `hidden`, the namespace part their pairs' subjects share (its
 * internal name is no namespace): undefined without one.
 */
function jointSubject(policies: readonly NetworkPolicy[], hidden: LabelSelector | null | undefined): AbstractPeer | undefined {
  const [first, ...rest] = policies;
  if (!first) return undefined;
  const inHidden = first.namespace.startsWith('~');
  if (inHidden && !hidden) return undefined;
  const namespace = inHidden ? hidden! : first.namespace;
  if (rest.length === 0) return abstractPeer(namespace, first.podSelector);
  const matchLabels: Record<string, string> = {};
  const expressions: Requirement[] = [];
  const seen = new Set<string>();
  for (const p of policies) {
    if (p.namespace !== first.namespace) return undefined;
    for (const [k, v] of Object.entries(p.podSelector.matchLabels)) {
      if (k in matchLabels && matchLabels[k] !== v) return undefined;
      matchLabels[k] = v;
    }
    for (const e of p.podSelector.expressions) {
      const k = JSON.stringify(e);
      if (!seen.has(k)) expressions.push(e);
      seen.add(k);
    }
  }
  return abstractPeer(namespace, { matchLabels, expressions });
}
/**
 * A copy of a cluster-scoped part on one side only (model.ts `ScopedPolicy`: its id is the namespace's name and
 * the part's), the part the same on both and the namespace on both with other labels: the namespace's labels
 * moved it into or out of the part's selector. Its `ref` is the Namespace's on the side holding the copy.
 */
function labelledCopy(base: Cluster, head: Cluster, b: NetworkPolicy | undefined, h: NetworkPolicy | undefined): Omit<CausePolicy, 'policy'> | undefined {
  const copy = b ?? h;
  if (!copy || (b && h)) return undefined;
  const [holder, other] = b ? [base, head] : [head, base];
  const part = (holder.scopedPolicies ?? []).find((s) => copy.namespace + s.policy.id === copy.id);
  if (!part || !(other.scopedPolicies ?? []).some((s) => s.policy.id === part.policy.id && same(s, part))) return undefined;
  const ns = holder.namespaces.find((n) => n.name === copy.namespace);
  const was = other.namespaces.find((n) => n.name === copy.namespace);
  if (!ns?.ref || !was || same(ns.labels, was.labels)) return undefined;
  return { how: 'namespace-labels', ref: ns.ref, side: b ? 'base' : 'head', labels: b ? labelChanges(ns.labels, was.labels) : labelChanges(was.labels, ns.labels) };
}

/** Base's labels to head's, in words: `k=v added`, `k removed`, `k=v (was w)`, in key order. */
function labelChanges(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .flatMap((k) => (before[k] === after[k] ? [] : after[k] === undefined ? [`${k} removed`] : before[k] === undefined ? [`${k}=${after[k]} added`] : [`${k}=${after[k]} (was ${before[k]})`]))
    .join(', ');
}

/**
 * How `direction`'s isolation by the policy lapsed (`opened`: it isolated in base) or started (`closed`: in
 * head); undefined when the isolating side's policy does not isolate that way, or nothing of it changed.
 */
function isolationChange(
  change: 'opened' | 'closed',
  direction: Direction,
  base: NetworkPolicy | undefined,
  head: NetworkPolicy | undefined,
): Omit<CausePolicy, 'policy'> | undefined {
  const [isolating, other] = change === 'opened' ? [base, head] : [head, base];
  if (!isolating || !isolating.affects[direction]) return undefined;
  if (!other) return change === 'opened' ? { how: 'removed', ref: isolating.ref, side: 'base' } : { how: 'added', ref: isolating.ref, side: 'head' };
  const ref = (head ?? isolating).ref;
  if (!other.affects[direction]) return { how: 'policy-types', ref, side: 'head' };
  if (JSON.stringify(other.podSelector) !== JSON.stringify(isolating.podSelector)) return { how: 'pod-selector', ref, side: 'head' };
  return undefined;
}
