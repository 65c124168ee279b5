/**
 * Pairs with pods the manifests do not hold (abstract peers), one line per rule peer for people: e.g.
 * `ledger-dev/[all pods] now admits ledger-civil/[all pods] on all ports, policies/ledger-dev/allow-civil.yaml:9`.
 * A pair's line is decided by the rules that allow the traffic on the side that allows it (head for
 * opened, base for closed): an ingress rule reads from the destination's side ("now admits", "no
 * longer admits"), an egress rule from the source's ("may now send to", "may no longer send to").
 * Pairs with the same rules, the same other end and the same traffic share one line, their subjects
 * listed together; then lines with the same subjects fold their other ends into one (a rule admitting
 * a namespace's pods and each of its workloads is one line), so each line names only true pairs. Text and Markdown only: the JSON keeps every pair (OUTPUT-CONTRACT).
 */
import type { DiffReport, ExplainedPair, WiderPair } from '../analysis/types.js';
import { plural } from '../util/plural.js';
import { renamedEnds, standsForAbstract, workloadPairIds } from '../analysis/wider-pair.js';
import { decidingReasons } from '../analysis/isolation-causes.js';
import type { ConnectionSet, NamedConns, PeerRef, Reason } from '../engine/index.js';
import { DEFAULT_MAX_BOXES, endForChange, pairConns, peerComparator, peerId, policyName } from '../engine/index.js';
import { todayList } from './headline.js';
import { foldCoveredEnds } from './covered-ends.js';
import { foldHeldWorkloads } from './held-workloads.js';
import type { LinePart } from './line-parts.js';
import { lineParts, narrowerText, partsKey, subjectParts, uniteParts } from './line-parts.js';
import { connText } from './mismatch-text.js';
import { portsText } from './ports-text.js';
import type { PeerLabel } from './peer-label.js';
import { withAddressesMerged } from './merged-addresses.js';
import type { RefFormatter } from './reason-text.js';
import { idText } from './pods-text.js';
import { plainRef, reasonText } from './reason-text.js';
import { andListOfPhrases, firstAndMore, namedItems } from '../util/and-list.js';
import type { UnshownChange } from '../analysis/unshown-changes.js';

export interface AbstractGroup {
  readonly change: 'opened' | 'closed';
  /** The direction of the rules that decide it: `ingress` reads from the destination's side, `egress` from the source's. */
  readonly direction: 'ingress' | 'egress';
  /** The ends the rules apply to (destinations for ingress, sources for egress), sorted. */
  readonly subjects: readonly PeerRef[];
  /** The ends the rules name as their peer: pods the manifests do not hold first, then workloads. */
  readonly others: readonly PeerRef[];
  /** Port names included (toward pods whose container ports are unknown). */
  readonly conn: NamedConns;
  /** The rules that allow the traffic on the allowing side (file:line), else every reason given. */
  readonly rules: readonly Reason[];
  /**
   * For closed lines: what changed in head (the rule edited, the policy removed, a new isolation); for
   * both: the cluster-wide rules that decided part of the pair, on either side, when `rules` are not them.
   */
  readonly changes: readonly Reason[];
  /**
   * The pairs with an abstract end the line stands for (workload pairs between workloads that it reads
   * through a wider region are counted among the workloads'; a workload's pair with an abstract end, read
   * so, is counted here: it is listed nowhere else).
   */
  readonly pairs: number;
  /** Ends that are regions wider than a workload of the manifests (`DiffReport.widerRegions`): region id → the workload ids of this line's pairs. */
  readonly today: ReadonlyMap<string, readonly string[]>;
  /** Whether some of `today`'s pairs are between workloads (listed among the workloads' paths too). */
  readonly todayListed: boolean;
  /** Of `conn`, what some pods of its abstract ends had on both sides, by other policies (`ExplainedPair.unchangedForSome`). */
  readonly unchangedForSome?: ConnectionSet;
  /** What some region pairs of the line got instead of `conn` (`ExplainedPair.narrowerForSome`, this change's): `conn` null for nothing. */
  readonly narrowerForSome?: readonly LinePart[];
}

/** Does the pair have an end that is an abstract peer (pods the manifests do not hold)? */
export function isAbstractPair(p: ExplainedPair): boolean {
  return p.src.type === 'pods' || p.dst.type === 'pods';
}

/** The abstract pairs among `pairs` with `change`, grouped per rule peer; sorted by subject, then peer. */
export function abstractGroups(pairs: readonly ExplainedPair[], change: 'opened' | 'closed'): AbstractGroup[] {
  const allowing = change === 'opened' ? 'head' : 'base';
  // One comparator for every sort here: an end's id is computed once, not per comparison (a huge report's
  // hundred thousand lines are sorted by their first ends, ids of regions with exceptions among them).
  const byPeer = peerComparator();
  // Reasons named in keys by number, not by their JSON (reasonsNumbered).
  const reasonsKey = reasonsNumbered();
  const groups = new Map<string, { group: Omit<AbstractGroup, 'others' | 'pairs' | 'today' | 'todayListed'> & { readonly other: PeerRef }; subjects: Map<string, PeerRef>; pairs: number; today: Map<string, Set<string>>; todayListed: boolean }>();
  for (const p of pairs) {
    const conn = pairConns(p, change);
    if (!conn || !isAbstractPair(p)) continue;
    // A pair each of two isolation starts closes is told as the source's (isolation-causes.ts decidingReasons).
    const reasons = decidingReasons(change, change === 'opened' ? p.whyOpened : p.whyClosed);
    const ruling = reasons.filter((r) => (r.kind === 'allowed-by-rule' || (r.kind === 'tier-rule' && r.action === 'Allow')) && r.side === allowing);
    const rules = sorted(ruling.length ? ruling : reasons);
    // A cluster-wide rule that decided part of the pair on either side is always named (Deny, Pass, Allow),
    // beside what changed in head for a closed line.
    const headChanges = change === 'closed' && ruling.length ? reasons.filter((r) => 'side' in r && r.side === 'head' && r.kind !== 'not-isolated') : [];
    const tierRules = ruling.length ? reasons.filter((r) => r.kind === 'tier-rule' && !ruling.includes(r) && !headChanges.includes(r)) : [];
    const changes = sorted([...headChanges, ...tierRules]);
    const direction = ruleDirection(rules);
    // An end with exceptions is told with this change's (a pair that opens and closes: peers.ts endForChange).
    const [src, dst] = [endForChange(p.src, change), endForChange(p.dst, change)];
    const [subject, other] = direction === 'ingress' ? [dst, src] : [src, dst];
    const unchanged = p.unchangedForSome?.intersect(conn.conn);
    const masked = unchanged && !unchanged.isEmpty() ? { unchangedForSome: unchanged } : {};
    const parts = lineParts(p, change, conn);
    const narrower = parts.length > 0 ? { narrowerForSome: parts } : {};
    // Lines that differ only in what some pods had already are one: "some pods may have had" holds of their union.
    const key = [direction, peerId(other), conn.key, reasonsKey(rules), reasonsKey(changes), partsKey(parts)].join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: { change, direction, other, subjects: [], conn, rules, changes, ...masked, ...narrower }, subjects: new Map(), pairs: 0, today: new Map(), todayListed: false }));
    else if (masked.unchangedForSome) g.group = { ...g.group, unchangedForSome: unitedMasked(g.group.unchangedForSome, masked.unchangedForSome) };
    g.subjects.set(peerId(subject), subject);
    // A pair between workloads read through a wider region is counted where it is listed, among the
    // workloads' pairs; a workload's pair with an abstract end is listed only here (reportAbstractGroups).
    if (isWider(p)) for (const { end, workload } of renamedEnds(p)) addToday(g.today, peerId(endForChange(p[end], change)), [workload]);
    if (isWider(p) && !standsForAbstract(p)) g.todayListed = true;
    else g.pairs++;
  }
  // Lines with the same subjects, rules and traffic: one line naming every other end.
  const folded = new Map<string, { group: Omit<AbstractGroup, 'others' | 'pairs' | 'today' | 'todayListed'>; others: PeerRef[]; pairs: number; today: Map<string, Set<string>>; todayListed: boolean }>();
  for (const g of groups.values()) {
    // A workload beside pods of the line that hold it is told as held by them today (held-workloads.ts).
    // A set beside its own subset, or told in parts beside them, is that set (covered-ends.ts).
    const subjects = foldHeldWorkloads(foldEnds([...g.subjects.values()].sort(byPeer), g.today), g.today);
    const { other, ...rest } = g.group;
    const key = [g.group.direction, g.group.conn.key, reasonsKey(g.group.rules), reasonsKey(g.group.changes), subjects.map(peerId).join('\u0000'), partsKey(subjectParts(g.group))].join('\u0001');
    const f = folded.get(key);
    if (f) {
      if (g.group.unchangedForSome) f.group = { ...f.group, unchangedForSome: unitedMasked(f.group.unchangedForSome, g.group.unchangedForSome) };
      // Parts that name other ends only stay true of the line that names every other end.
      const parts = uniteParts(f.group.narrowerForSome ?? [], g.group.narrowerForSome ?? []);
      if (parts.length > 0) f.group = { ...f.group, narrowerForSome: parts };
      f.others.push(other);
      f.pairs += g.pairs;
      f.todayListed ||= g.todayListed;
      for (const [id, ids] of g.today) addToday(f.today, id, ids);
    } else folded.set(key, { group: { ...rest, subjects }, others: [other], pairs: g.pairs, today: g.today, todayListed: g.todayListed });
  }
  const abstractFirst = (a: PeerRef, b: PeerRef) => Number(b.type === 'pods') - Number(a.type === 'pods') || byPeer(a, b);
  return [...folded.values()]
    .map((f) => ({ ...f.group, others: foldHeldWorkloads(foldEnds(f.others, f.today), f.today).sort(abstractFirst), pairs: f.pairs, today: new Map([...f.today].map(([id, ids]) => [id, [...ids].sort()])), todayListed: f.todayListed }))
    .sort((a, b) => byPeer(a.subjects[0], b.subjects[0]) || abstractFirst(a.others[0], b.others[0]) || (a.conn.key < b.conn.key ? -1 : a.conn.key > b.conn.key ? 1 : 0));
}

/**
 * A report's abstract groups: its abstract pairs, and its workloads' pairs whose workload sits in a wider
 * region (`DiffReport.widerRegions`), read as the rule peer that admits the region. A workload's pair
 * whose other end is abstract is itself an abstract pair: it is told once, as the wider region
 * (`apps/[pod with {component=registry}] now admits mesh/[all pods] (mesh/gateway today)`), not also as
 * the workload, which would read as if the rule admitted that workload only.
 */
export function reportAbstractGroups(report: Pick<DiffReport, 'pairs' | 'widerRegions'>, change: 'opened' | 'closed'): AbstractGroup[] {
  const wider = report.widerRegions ?? [];
  const key = (src: string, dst: string) => `${src}\u0000${dst}`;
  const told = new Set(wider.filter(standsForAbstract).map((w) => key(...workloadPairIds(w))));
  const pairs = told.size === 0 ? report.pairs : report.pairs.filter((p) => !told.has(key(peerId(p.src), peerId(p.dst))));
  return abstractGroups([...pairs, ...wider], change);
}

const isWider = (p: ExplainedPair): p is WiderPair => 'today' in p;

/** The direction a line reads from: egress when every deciding rule is an egress rule (there is one at least), else ingress. */
function ruleDirection(rules: readonly Reason[]): 'ingress' | 'egress' {
  return rules.length > 0 && rules.every((r) => 'direction' in r && r.direction === 'egress') ? 'egress' : 'ingress';
}

/**
 * `ends` less those another end of the list holds (covered-ends.ts), what `today` kept of them added to that
 * end (and left under theirs: the other side of the line may name the same end).
 */
function foldEnds(ends: readonly PeerRef[], today: Map<string, Set<string>>): PeerRef[] {
  const folded = foldCoveredEnds(ends);
  for (const [from, to] of folded.into) {
    const held = today.get(from);
    if (held) addToday(today, to, held);
  }
  return folded.ends;
}

/** What some pods of two lines had already, together. */
const unitedMasked = (a: ConnectionSet | undefined, b: ConnectionSet): ConnectionSet => (a ? a.union(b) : b);

function addToday(into: Map<string, Set<string>>, region: string, ids: Iterable<string>): void {
  const known = into.get(region) ?? into.set(region, new Set()).get(region)!;
  for (const id of ids) known.add(id);
}

/** `label`, naming after a region the workloads of the line's pairs it holds today: `ops/[all pods] (ops/tool today)`. */
function todayLabel(g: AbstractGroup, label: PeerLabel): PeerLabel {
  if (g.today.size === 0) return label;
  return (p) => {
    const ids = g.today.get(peerId(p));
    return ids?.length ? `${label(p)} (${todayList(ids)} today)` : label(p);
  };
}

/** Reasons in one order, so pairs with the same reasons share a key. */
function sorted(reasons: readonly Reason[]): Reason[] {
  if (reasons.length < 2) return [...reasons];
  return reasons.map((r) => [reasonKey(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * A reason's content as a key (its JSON), per reason object: pairs of one line share their explanations'
 * reasons, and a large report's lines asked it of each pair again (150,000 region pairs: seconds).
 */
const reasonKeys = new WeakMap<Reason, string>();

function reasonKey(r: Reason): string {
  let key = reasonKeys.get(r);
  if (key === undefined) reasonKeys.set(r, (key = JSON.stringify(r)));
  return key;
}

/**
 * A list of reasons as a key: its reasons in order, each as a number that stands for its key (one number per
 * distinct key, for the grouping that made the function). Equal lists get equal keys, as with the JSON
 * joined, but a few characters each: 150,000 region pairs' line keys were 2 GB of strings to collect.
 */
function reasonsNumbered(): (reasons: readonly Reason[]) => string {
  const numbers = new Map<string, number>();
  const numberOf = (r: Reason): number => {
    const key = reasonKey(r);
    let n = numbers.get(key);
    if (n === undefined) numbers.set(key, (n = numbers.size));
    return n;
  };
  return (reasons) => (reasons.length === 1 ? String(numberOf(reasons[0])) : reasons.map(numberOf).join(','));
}

/** `a`, `a and b`, `a, b, c`, `a, b, c and 4 more` (`named`: how many are named before the rest is counted). */
function some(pieces: readonly PeerRef[], label: PeerLabel, named: number): string {
  // Addresses of the same change as one peer, as the rule wrote them (merged-addresses.ts).
  const peers = withAddressesMerged(pieces);
  const shown = namedItems(peers, named).named.map(label);
  const more = peers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.length === 2 ? shown.join(' and ') : shown.join(', ');
}

/** How many pairs with an abstract end the groups stand for (so that a section's count and the workloads' add up to the verdict's). */
export function abstractPathCount(groups: readonly AbstractGroup[]): number {
  return groups.reduce((n, g) => n + g.pairs, 0);
}

/**
 * The count in a section's title: `5 paths`, and, when some lines also read workload pairs through a wider
 * region ("… (ops/tool today)"), that those pairs are the workloads' own, listed and counted above. With
 * `report` and `change`, when pairs of that change are also listed one by one above (`Opened (1)`), the part of
 * the verdict's count they are: `5 of the 6 opened paths` (fresh-user 27, problem 5: "6 paths opened" over
 * "Opened (1)" and "… by rule (5 paths)" read as counts that do not match; new-user 49 #4: `5 paths; with the 1
 * above, the 6 opened` read awkwardly).
 */
export function abstractSectionCount(groups: readonly AbstractGroup[], report?: Pick<DiffReport, 'pairs' | 'counts'>, change?: 'opened' | 'closed'): string {
  const count = abstractPathCount(groups);
  // Lines may only widen workloads' paths listed above (every abstract pair dropped): no count of 0 paths then.
  const listed = report && change ? report.pairs.filter((p) => p[change] && !isAbstractPair(p)).length : 0;
  const part = count > 0 && listed > 0 && report && change && listed + count === report.counts[change];
  const n =
    count === 0 ? 'no paths beyond those listed above'
    : part ? `${count.toLocaleString('en-US')} of the ${report.counts[change].toLocaleString('en-US')} ${change} paths`
    : `${plural(count, 'path')}`;
  return groups.some((g) => g.todayListed) ? `${n}; "today" marks workloads whose paths are listed above` : n;
}

/** How many subjects a line names before it counts the rest. */
const SUBJECTS_NAMED = 3;

/**
 * One group as a sentence: `ledger-dev/[all pods] now admits ledger-civil/[all pods] on all ports,
 * policies/ledger-dev/allow-civil.yaml:9`. `label` names peers (Markdown wraps them in backticks),
 * `fmt` the lines (base lines prefixed `base:`). `named`: how many subjects and peers are named before the
 * rest is counted (`… and 83 more`); the text format names every one (it keeps every path), Markdown three.
 * `ids`: how the reasons' peer ids read (the report's names, pods-text.ts `idText` with its Telling).
 */
export function abstractGroupLine(g: AbstractGroup, plain: PeerLabel, fmt: RefFormatter, named = SUBJECTS_NAMED, ids: (id: string) => string = idText): string {
  const { who, what, cite } = groupParts(g, plain, fmt, named, ids);
  return `${who} ${what}${cite}`;
}

/**
 * The groups as lines, one per rule: groups of the same rules and changes (a rule whose named port resolves on a
 * workload of the manifests, `payments/ledger[Deployment] … on TCP 8080`, and stays a name for the pods they do
 * not hold, `payments/[pod with {app=ledger}] … on TCP http`) are one line, their clauses set apart by
 * semicolons and the rule cited once at its end (new-user 49 #4: two lines for one rule under a title of
 * "one line per rule"). Each line where its first group is in `groups`' order.
 */
export function abstractRuleLines(groups: readonly AbstractGroup[], plain: PeerLabel, fmt: RefFormatter, named = SUBJECTS_NAMED, ids: (id: string) => string = idText): string[] {
  const reasons = reasonsNumbered();
  const byRule = new Map<string, AbstractGroup[]>();
  for (const g of groups) {
    const k = [g.change, g.direction, reasons(g.rules), reasons(g.changes)].join('\u0000');
    (byRule.get(k) ?? byRule.set(k, []).get(k)!).push(g);
  }
  return [...byRule.values()].map((same) => {
    const parts = same.map((g) => groupParts(g, plain, fmt, named, ids));
    // Clauses of one subject (adjacent: groups are sorted by subject) name it once: `A now admits X on P and Y on Q`.
    // A long other end a clause before already names is said once: `…; B now admits the same peers on TCP grpc`
    // (words50: `entire-cluster (except data/[all pods], …) (… today)` written twice on one line).
    const runs: { who: string; what: string[] }[] = [];
    const told = new Set<string>();
    for (const p of parts) {
      const what = told.has(p.others) ? `the same peers${p.what.slice(p.others.length)}` : p.what;
      if (p.others.length > SAID_ONCE) told.add(p.others);
      const last = runs[runs.length - 1];
      if (last?.who === p.who) last.what.push(what);
      else runs.push({ who: p.who, what: [what] });
    }
    return `${runs.map((r) => `${r.who} ${clauses(r.what)}`).join('; ')}${parts[0].cite}`;
  });
}

/**
 * What one subject admits (may reach), several items: `X on P and Y on Q`; set apart by semicolons when an item
 * lists with commas of its own (`0.0.0.0/0, ::/0 on TCP 53; Y on Q`), so no comma reads as the list's.
 */
function clauses(items: readonly string[]): string {
  return items.some((i) => i.replace(/\([^()]*\)/g, '').includes(', ')) ? items.join('; ') : andListOfPhrases(items);
}

/**
 * A group's line in parts: its subjects and verb (`X now admits`), what they admit or may reach (`Y on TCP 80 …`,
 * which starts with the other end, `others`: `Y`), and the rules and changes that cite it (`, a.yaml:9; …`).
 */
function groupParts(g: AbstractGroup, plain: PeerLabel, fmt: RefFormatter, named: number, ids: (id: string) => string): { readonly who: string; readonly others: string; readonly what: string; readonly cite: string } {
  const label = todayLabel(g, plain);
  const who = some(g.subjects, label, named);
  const many = g.subjects.length > 1;
  const verb =
    g.direction === 'ingress'
      ? g.change === 'opened'
        ? many ? 'now admit' : 'now admits'
        : many ? 'no longer admit' : 'no longer admits'
      : g.change === 'opened'
        ? 'may now send to'
        : 'may no longer send to';
  const ports = g.conn.conn.isAll() && g.conn.names.length === 0 ? 'all ports' : portsText(g.conn);
  // A NetworkPolicy rule that admits is its line; a cluster-wide rule is named with its tier and action.
  const refs = g.rules.map((r) => (r.kind === 'allowed-by-rule' ? { text: fmt(r.ref, r.side), line: true } : { text: reasonText(r, fmt, ids), line: false }));
  const changed = g.changes.map((r) => `; ${reasonText(r, fmt, ids)}`).join('');
  const others = some(g.others, label, named);
  return { who: `${who} ${verb}`, others, what: `${others} on ${ports}${maskedText(g)}${narrowerText(g, label)}`, cite: `${refsText(refs)}${changed}` };
}

/** How long (characters) an other end must be for a joined line to name it once (short ones read better repeated). */
const SAID_ONCE = 40;

/**
 * The line's rules: lines set apart by commas, a reason in words by a semicolon from what comes before it, so
 * a clause with its own commas (`in base, no policy isolates …`) is not spliced onto the one before (new-user
 * trial 46b, finding 5). The first follows the ports after a comma.
 */
function refsText(refs: readonly { text: string; line: boolean }[]): string {
  return refs.map((r, i) => `${i === 0 ? ', ' : r.line && refs[i - 1].line ? ', ' : '; '}${r.text}`).join('');
}

/**
 * ` (some of these pods may have had TCP 8443 already)` (opened; closed: `may keep`) when
 * some pods of the line's abstract ends had part of its change on both sides; else empty.
 */
function maskedText(g: AbstractGroup): string {
  const u = g.unchangedForSome;
  if (!u) return '';
  const ports = u.isAll() ? 'all ports' : connText(u);
  return g.change === 'opened' ? ` (some of these pods may have had ${ports} already)` : ` (some of these pods may keep ${ports})`;
}

/**
 * Said in every format when a changed rule names ports that may apply to pods the manifests do not hold
 * (their container ports are unknown, so the paths carry the names, engine/region-port-names.ts):
 * `NetworkPolicy shop/api ingress rule 2 (TCP port named metrics, k8s/api.yaml:14)`; or when a Service
 * routes the ingress controller to such pods by a target port name:
 * `Service shop/api port 80 (targetPort: TCP port named http, k8s/svc.yaml:9)`.
 */
export function unresolvedNamedPortsNote(report: Pick<DiffReport, 'abstractPeers'>, fmt: RefFormatter = plainRef): string | undefined {
  const list = report.abstractPeers?.unresolvedNamedPorts ?? [];
  if (list.length === 0) return undefined;
  const named = (p: string) => {
    const [protocol, name] = [p.slice(0, p.indexOf('/')), p.slice(p.indexOf('/') + 1)];
    return `${protocol} port named ${name}`;
  };
  const rules = list.flatMap((u) => (u.kind === undefined ? [`${policyName(u.policy)} ${u.direction} rule ${u.rule + 1} (${u.ports.map(named).join(', ')}, ${fmt(u.ref, u.side)})`] : []));
  const services = list.flatMap((u) => (u.kind === 'service' ? [`Service ${u.service} port ${u.servicePort} (targetPort: ${u.ports.map(named).join(', ')}, ${fmt(u.ref, u.side)})`] : []));
  const parts = [
    ...(rules.length ? [`changed rules naming them: ${rules.join('; ')}`] : []),
    ...(services.length ? [`Services routing the ingress controller to them by a target port name: ${services.join('; ')}`] : []),
  ];
  return (
    `Named ports toward pods the manifests do not hold cannot be resolved to numbers (their container ports are unknown), so the paths carry them by name (e.g. TCP http), whatever number such a pod gives them; ${parts.join('; ')}.`
  );
}

/**
 * Said in every format when the region bound cut the analysis of pods the manifests do not hold short
 * (DiffReport.abstractPeers.incomplete): some abstract paths may be missing; workloads' paths are complete.
 */
export function incompleteNote(report: Pick<DiffReport, 'abstractPeers'>): string | undefined {
  if (!report.abstractPeers?.incomplete) return undefined;
  const cut = report.abstractPeers.regionPairsCut;
  if (cut !== undefined) {
    return (
      `Incomplete for pods the manifests do not hold: their regions of label space (${report.abstractPeers.regions.toLocaleString('en-US')}) make more pairs to compare than the bound allows ` +
      `(${cut.toLocaleString('en-US')} pairs with such pods), so paths to or from such pods may be missing. ` +
      unshownText(report.abstractPeers.unshownChanges ?? []) +
      `Paths between workloads of the manifests are complete.`
    );
  }
  return (
    `Incomplete for pods the manifests do not hold: the policies' selectors cut label space into more parts than the bound allows ` +
    `(${DEFAULT_MAX_BOXES.toLocaleString('en-US')} per namespace; ${report.abstractPeers.regions.toLocaleString('en-US')} regions analysed), so paths to or from such pods may be missing. ` +
    unshownText(report.abstractPeers.unshownChanges ?? []) +
    `Paths between workloads of the manifests are complete.`
  );
}

/**
 * The changed policies no reported path cites (analysis/unshown-changes.ts), said in the incomplete note: which
 * changes the verdict may not weigh at all (real-eval 24, zhorvath83/home-ops e74436765: a label renamed in a
 * removed policy's subject, whose closures were all past the bound, under "66 paths opened"). Four named, then a count.
 */
function unshownText(unshown: readonly UnshownChange[]): string {
  if (unshown.length === 0) return '';
  const names = unshown.map((u) => `${u.policy} (${u.change}, ${u.ref.file}:${u.ref.line})`);
  const one = unshown.length === 1;
  return `No reported path shows the change of ${firstAndMore(names, 4)}: what ${one ? 'it opens or closes' : 'they open or close'} for such pods may be among the missing. `;
}
